"""When ``msgfmt -c`` has nothing to say about a catalog, known without running it on the file.

msgfmt is the gettext toolchain's own verdict, but running it over every catalog costs more
than all the rest of ``check`` (about a millisecond per file). What it looks at is much less
than the file (gettext's ``msgfmt.c`` and ``msgl-check.c``):

- the syntax of the whole file. A catalog ``update`` would leave byte for byte as it is, is
  exactly what our writer writes (msgcat's format), which msgfmt reads without a complaint;
- the header entry: required fields and whether they still hold the template's default value,
  the charset, the plural formula (which it evaluates);
- translated, non-fuzzy entries only (msgfmt drops untranslated and fuzzy ones before checking
  anything): ``\\n`` at the start and at the end of msgid and msgstr alike, format directives of
  entries flagged ``*-format``, the number of plural forms.

So an up-to-date catalog whose translated entries are singular, carry no format flag and agree
on newlines, is clean exactly when its header alone is. :func:`probe` returns that header as a
small catalog of its own (the values that differ from catalog to catalog, and that msgfmt only
compares with the template's defaults, made neutral), so one msgfmt run on each distinct probe
stands for every catalog that has it. A catalog that fails any of these conditions gets no probe
and goes to msgfmt itself; so does every catalog of a probe msgfmt does not pass, and what users
see is always msgfmt's own diagnostics for their file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polib

from i18nflow.gettext.po import header_as_read

# Raw control characters (the writer escapes \t and \r; \n ends lines): anything else could be
# something msgfmt's reader objects to, such as the context separator U+0004.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x0A), *range(0x0B, 0x20), 0x7F])
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}[+-][0-9]{4}"
# Field → (value that may be made neutral, the neutral value). msgfmt reads these fields only to
# compare them with "PACKAGE VERSION" and "YEAR-MO-DA HO:MI+ZONE"; neither pattern can hold one of
# those, a newline, or the "plural=" / "charset=" it searches the whole header for.
_NEUTRAL = {
    "Project-Id-Version": (re.compile(r"[A-Za-z0-9._-]+"), "x"),
    "POT-Creation-Date": (re.compile(_DATE), "2000-01-01 00:00+0000"),
    "PO-Revision-Date": (re.compile(_DATE), "2000-01-01 00:00+0000"),
}


def plain(data: bytes) -> bool:
    """No raw control character but newlines in these bytes of a catalog."""
    return len(data.translate(None, _CONTROL_BYTES)) == len(data)


def probe(header: polib.POFile, entries: Iterable[polib.POEntry]) -> bytes | None:
    """The header probe standing for an up-to-date catalog (``header`` and ``entries`` parsed
    from :func:`plain` bytes), or ``None`` when only msgfmt on the file itself can tell."""
    if any(needs_msgfmt(entry) for entry in entries):
        return None
    return header_probe(header)


def needs_msgfmt(entry: polib.POEntry) -> bool:
    """Whether msgfmt could find something in this entry that a clean header does not settle."""
    if entry.obsolete or not entry.msgid or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural or entry.msgstr_plural:
        return any(entry.msgstr_plural.values())
    msgstr = entry.msgstr
    if not msgstr:
        return False
    if any("format" in flag for flag in entry.flags):
        return True
    msgid = entry.msgid
    return (msgid[0] == "\n") != (msgstr[0] == "\n") or (msgid[-1] == "\n") != (msgstr[-1] == "\n")


def header_probe(header: polib.POFile) -> bytes | None:
    """A catalog of just this header, its per-catalog values made neutral."""
    raw = header_as_read(header)
    if raw is None:
        return None
    lines = raw.split("\n")
    for index, line in enumerate(lines):
        name, sep, value = line.partition(": ")
        neutral = _NEUTRAL.get(name)
        if sep and neutral is not None and neutral[0].fullmatch(value):
            lines[index] = f"{name}: {neutral[1]}"
    msgstr = "\n".join(lines)
    if _CONTROL.search(msgstr.replace("\n", " ")):
        return None
    out = ["#, fuzzy\n" if header.metadata_is_fuzzy else "", 'msgid ""\nmsgstr ""\n']
    pieces = msgstr.split("\n")
    for number, piece in enumerate(pieces, 1):
        escaped = piece.replace("\\", "\\\\").replace('"', '\\"')
        out.append(f'"{escaped}\\n"\n' if number < len(pieces) else f'"{escaped}"\n')
    return "".join(out).encode("utf-8")
