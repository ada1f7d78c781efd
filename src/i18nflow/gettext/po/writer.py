"""Writing a catalog: entries printed in msgcat's order and layout, encoded in the header's charset."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import polib

from i18nflow.errors import CatalogError
from i18nflow.gettext.po.charsets import _CHARSET_IN_HEADER, _header_charset, _python_codec
from i18nflow.gettext.po.directives import (
    _FMT_IMPOSSIBLE,
    _FMT_NO,
    _FMT_POSSIBLE,
    _FMT_YES,
    _FORMAT_INDEX,
    _FORMAT_LANGUAGES,
)
from i18nflow.gettext.po.layout import Layout, apply_layout, layout_of
from i18nflow.gettext.po.linebreaks import _INT_MAX
from i18nflow.gettext.po.wrap import _WRAP_CACHE, _memoized, _Writer

# ---------------------------------------------------------------------------
# Flags
# ---------------------------------------------------------------------------

_FLAG_SEPARATORS = re.compile(r"[\n \t\r\f\v,]+")
_RANGE_VALUE = re.compile(r"(\d+)\.\.(\d+)")


class _Flags:
    """The parsed meaning of an entry's flags, as po_parse_comment_special() sees them."""

    __slots__ = ("fuzzy", "formats", "range", "wrap")

    def __init__(self, flags: Iterable[str]) -> None:
        self.fuzzy = False
        self.formats: dict[int, str] = {}
        self.range: tuple[int, int] | None = None
        self.wrap: str | None = None
        tokens: list[str] = []
        for flag in flags:
            tokens.extend(t for t in _FLAG_SEPARATORS.split(flag) if t)
        i = 0
        while i < len(tokens):
            t = tokens[i]
            i += 1
            if t == "fuzzy":
                self.fuzzy = True
                continue
            if t.endswith("-format"):
                lang = t[:-7]
                value = _FMT_YES
                if lang.startswith("no-"):
                    lang, value = lang[3:], _FMT_NO
                elif lang.startswith("possible-"):
                    lang, value = lang[9:], _FMT_POSSIBLE
                elif lang.startswith("impossible-"):
                    lang, value = lang[11:], _FMT_IMPOSSIBLE
                index = _FORMAT_INDEX.get(lang)
                if index is not None:
                    self.formats[index] = value
                    continue
            if t == "range:":
                if i < len(tokens):
                    m = _RANGE_VALUE.match(tokens[i])
                    i += 1
                    if m is not None:
                        lo, hi = min(int(m.group(1)), _INT_MAX), min(int(m.group(2)), _INT_MAX)
                        if lo <= hi:
                            self.range = (lo, hi)
                continue
            if t == "wrap":
                self.wrap = "yes"
            elif t == "no-wrap":
                self.wrap = "no"

    def significant_formats(self) -> list[str]:
        if not self.formats:
            return []
        result = []
        for index in sorted(self.formats):
            value = self.formats[index]
            if value == _FMT_IMPOSSIBLE:
                continue
            lang = _FORMAT_LANGUAGES[index]
            result.append(f"no-{lang}-format" if value == _FMT_NO else f"{lang}-format")
        return result

    def directive_language(self) -> str | None:
        """First format that may apply (possible_format_p), whose directives wrap() protects."""
        if not self.formats:
            return None
        for index in sorted(self.formats):
            if self.formats[index] in (_FMT_YES, _FMT_POSSIBLE):
                return _FORMAT_LANGUAGES[index]
        return None


_NO_FLAGS = _Flags(())  # read only: most entries have no flag

# ---------------------------------------------------------------------------
# Printing messages
# ---------------------------------------------------------------------------

_ISOLATE_START = "\u2068"
_ISOLATE_END = "\u2069"


def _comment_lines(out: list[str], marker: str, text: str, keep_empty: bool) -> None:
    """One comment line per line of text.

    gettext's lexer joins a line ending in a backslash with the next one, which would
    swallow the following line (possibly the msgid); a space after such a backslash
    keeps the file readable and a msgcat fixed point.
    """
    if not text and not keep_empty:
        return
    for line in text.split("\n"):
        if line.endswith("\\"):
            line += " "
        out.append(f"{marker} {line}\n" if line else f"{marker}\n")


def _line_number(line: Any) -> str:
    if line is None or line == "":
        return ""
    if isinstance(line, int):
        return str(line) if line >= 0 else ""
    text = str(line).strip()
    return str(int(text)) if text.isdigit() else ""


_TOKEN_WITH_LINE = re.compile(r"(.+):([0-9]+)")


def _token_key(token: str) -> tuple[str, str]:
    """How gettext 0.21 reads one blank-separated word of a "#:" line: (file, line)."""
    m = _TOKEN_WITH_LINE.fullmatch(token)
    if m is not None:
        return m.group(1), str(int(m.group(2)))
    return token, ""


def _print_references(w: _Writer, occurrences: Iterable[Any]) -> None:
    """message_print_comment_filepos(): fill "#:" lines, widths counted in bytes.

    File names with spaces or tabs are enclosed in U+2068 ... U+2069, as gettext >= 0.22
    writes and parses them.  gettext 0.21 knows no isolates: it reads such a name as
    several blank-separated words, drops words it has already seen in the entry (as
    duplicate references) and writes the rest joined by single spaces.  The line filling
    is therefore computed on those words, and a file name with spaces that occurs again
    in the same entry is written the way 0.21 writes it, as its last word only
    (``page.md⁩:19``); the reader restores the full name from the earlier occurrence.
    That keeps the output a msgcat 0.21 fixed point without losing the line numbers.
    """
    if isinstance(occurrences, (list, tuple)) and len(occurrences) == 1:
        only = occurrences[0]
        if isinstance(only, (tuple, list)) and len(only) == 2 and isinstance(only[0], str):
            fname, line = only
            if (isinstance(line, str) and line.isascii() and line.isdigit() and line[0] != "0"
                    and " " not in fname and "\t" not in fname and not fname.startswith("./") and fname):
                # one reference (a post's entry that occurs once): one word, never wrapped
                w.out.append(f"#: {fname}:{line}\n")
                return
    occurrences = tuple(tuple(o) if isinstance(o, list) else o for o in occurrences)
    key = (occurrences, w.utf8, w.page_width)
    _memoized(w, _REFERENCES_CACHE, key, lambda: _fill_references(w, occurrences))


_REFERENCES_CACHE: dict[tuple[object, ...], str] = {}


def _fill_references(w: _Writer, occurrences: Iterable[Any]) -> None:
    words: list[str] = []
    seen: set[tuple[str, str]] = set()
    word_keys: set[tuple[str, str]] = set()
    spaced_names: set[str] = set()
    for occurrence in occurrences:
        if isinstance(occurrence, (tuple, list)):
            fname = str(occurrence[0])
            line = _line_number(occurrence[1]) if len(occurrence) > 1 else ""
        else:
            fname, line = str(occurrence), ""
        while fname.startswith("./"):
            fname = fname[2:]
        key = (fname, line)
        if key in seen:
            continue
        seen.add(key)
        if " " in fname or "\t" in fname:
            isolated = _ISOLATE_START + fname + _ISOLATE_END if w.utf8 else fname
            pieces = (isolated + ":" + line if line else isolated).split()
            if fname in spaced_names:
                pieces = [p for p in pieces if _token_key(p) not in word_keys]
            spaced_names.add(fname)
        else:
            pieces = [fname + ":" + line if line else fname]
        for piece in pieces:
            word_keys.add(_token_key(piece))
            words.append(piece)
    if not words:
        return
    out = w.out
    page_width = w.page_width
    parts = ["#:"]
    column = 2
    for word in words:
        size = (len(word) if word.isascii() else len(word.encode("utf-8"))) + 1
        if column > 2 and column + size > page_width:
            parts.append("\n#:")
            column = 2
        parts.append(" ")
        parts.append(word)
        column += size
    parts.append("\n")
    out.append("".join(parts))


def _print_entry(
    w: _Writer,
    tcomment: str,
    keep_empty_tcomment: bool,
    comment: str,
    keep_empty_comment: bool,
    occurrences: Iterable[Any],
    flags: _Flags | tuple[str, ...],
    previous: tuple[str | None, str | None, str | None],
    msgctxt: str | None,
    msgid: str,
    msgid_plural: str | None,
    msgstrs: Sequence[str] | None,
    msgstr: str,
    obsolete: bool,
) -> None:
    """message_print() / message_print_obsolete() for one normalised message."""
    if not isinstance(flags, _Flags):
        flags = _Flags(flags) if flags else _NO_FLAGS
    out = w.out
    first_msgstr = msgstrs[0] if msgstrs is not None else msgstr
    _comment_lines(out, "#", tcomment, keep_empty_tcomment)
    _comment_lines(out, "#.", comment, keep_empty_comment)
    _print_references(w, occurrences)

    formats = flags.significant_formats()
    if obsolete:
        # Obsolete entries keep only fuzzy, the *-format flags and no-wrap.
        shown = (["fuzzy"] if flags.fuzzy else []) + formats
        if flags.wrap == "no":
            shown.append("no-wrap")
    else:
        shown = ["fuzzy"] if flags.fuzzy and first_msgstr else []
        shown += formats
        if flags.range is not None:
            shown.append(f"range: {flags.range[0]}..{flags.range[1]}")
        if flags.wrap == "no":
            shown.append("no-wrap")
    if shown:
        out.append("#, " + ", ".join(shown) + "\n")

    do_wrap = flags.wrap != "no"
    fmt_lang = flags.directive_language()
    prev_prefix = "#~| " if obsolete else "#| "
    prev_ctxt, prev_id, prev_plural = previous
    if prev_id is None:
        # gettext's grammar has no "#| msgctxt" or "#| msgid_plural" without "#| msgid".
        prev_ctxt = prev_plural = None
    if prev_ctxt is not None:
        w.wrap(prev_prefix, "msgctxt", prev_ctxt, do_wrap, fmt_lang)
    if prev_id is not None:
        w.wrap(prev_prefix, "msgid", prev_id, do_wrap, fmt_lang)
    if prev_plural is not None:
        w.wrap(prev_prefix, "msgid_plural", prev_plural, do_wrap, fmt_lang)

    prefix = "#~ " if obsolete else ""
    if msgctxt is not None:
        w.wrap(prefix, "msgctxt", msgctxt, do_wrap, fmt_lang)
    w.wrap(prefix, "msgid", msgid, do_wrap, fmt_lang)
    if msgstrs is None:
        w.wrap(prefix, "msgstr", msgstr, do_wrap, fmt_lang)
    else:
        w.wrap(prefix, "msgid_plural", msgid_plural or "", do_wrap, fmt_lang)
        for i, text in enumerate(msgstrs):
            w.wrap(prefix, f"msgstr[{i}]", text, do_wrap, fmt_lang)


def _plural_msgstrs(entry: polib.POEntry) -> list[str] | None:
    """msgstr[n] values in index order, or None for a singular entry."""
    plural = entry.msgstr_plural or {}
    if not entry.msgid_plural and not plural:
        return None
    if not plural:
        return ["", ""]
    values = []
    for key in sorted(plural, key=lambda k: int(k)):
        values.append(plural[key] or "")
    return values


def header_as_read(catalog: polib.POFile) -> str | None:
    """The header's msgstr exactly as read from the file, or None when the catalog was not read
    by :func:`read_po` or its metadata changed since (then the header is rebuilt from it)."""
    raw = getattr(catalog, "_i18nflow_header_msgstr", None)
    snapshot = getattr(catalog, "_i18nflow_header_snapshot", None)
    if isinstance(raw, str) and snapshot == list((catalog.metadata or {}).items()):
        return raw
    return None


def _header_msgstr(catalog: polib.POFile) -> str:
    """Header msgstr: the text read from the file while the metadata is unchanged."""
    raw = header_as_read(catalog)
    if raw is not None:
        return raw
    return "".join(f"{key}: {value}\n" for key, value in (catalog.metadata or {}).items())


def _header_msgstr_or_none(catalog: polib.POFile) -> str | None:
    """Header msgstr, or None when the catalog has no header entry at all."""
    if (
        catalog.metadata
        or catalog.header
        or catalog.metadata_is_fuzzy
        or getattr(catalog, "_i18nflow_header_entry", None) is not None
    ):
        return _header_msgstr(catalog)
    return None


def format_po(catalog: polib.POFile, width: int = 79) -> str:
    """Text of the catalog exactly as msgcat writes it.

    The header comes first, then the active entries in catalog order, then the
    obsolete ones (msgcat moves obsolete entries to the end).  What msgcat would
    normalise away is normalised here too: unknown flags are dropped and the known ones
    are written in gettext's order, ``fuzzy`` is omitted on untranslated entries,
    obsolete entries without a translation are omitted, duplicate references are
    dropped and leading ``./`` is removed from file names.
    """
    header_entry: polib.POEntry | None = getattr(catalog, "_i18nflow_header_entry", None)
    header_comment = catalog.header or ""
    header_msgstr = _header_msgstr_or_none(catalog)
    has_header = header_msgstr is not None
    charset = _header_charset(header_msgstr)
    w = _Writer(width, charset)
    out = w.out

    blank = False
    if has_header:
        header_flags = list(header_entry.flags) if header_entry is not None else []
        header_flags = [f for f in header_flags if f.strip() != "fuzzy"]
        if catalog.metadata_is_fuzzy:
            header_flags.insert(0, "fuzzy")
        _print_entry(
            w,
            tcomment=header_comment,
            keep_empty_tcomment=bool(getattr(catalog, "_i18nflow_empty_header_comment", False)),
            comment=header_entry.comment if header_entry is not None else "",
            keep_empty_comment=_keeps_empty(header_entry, "comment"),
            occurrences=header_entry.occurrences if header_entry is not None else (),
            flags=_Flags(header_flags),
            previous=_previous(header_entry) if header_entry is not None else (None, None, None),
            msgctxt=None,
            msgid="",
            msgid_plural=None,
            msgstrs=None,
            msgstr=header_msgstr or "",
            obsolete=False,
        )
        blank = True

    keys = _entry_keys(catalog, width, charset)
    body_key = tuple(keys)
    body = _BODY_CACHE.get(body_key)
    if body is None:
        _BODY_CACHE.clear()  # before printing: at 100,000 entries the keys alone are 30 MB
        start = len(out)
        for index, key in enumerate(keys):
            if index:
                out.append("\n")
            _memoized(w, _ENTRY_CACHE, key, partial(_print_entry, w, *key[:-2]))
        body = "".join(out[start:])
        del out[start:]
        _BODY_CACHE[body_key] = body
    if blank and keys:
        out.append("\n")
    out.append(body)
    return "".join(out)


def _entry_keys(catalog: polib.POFile, width: int, charset: str) -> list[tuple[Any, ...]]:
    """Everything each printed entry's text is made of, in the order msgcat prints them.

    The same entry is written to the POT and to each locale's PO (all alike while untranslated):
    its text is memoized on its key, and the text of all of them on the list of keys, so a
    catalog of 100,000 entries written again (the PO made from its POT, the POT compared again
    after machine translation) costs building the keys, not printing."""
    keys: list[tuple[Any, ...]] = []
    append = keys.append
    for obsolete_pass in (False, True):
        for entry in catalog:
            if bool(entry.obsolete) != obsolete_pass:
                continue
            # the same values as _plural_msgstrs, _keeps_empty and _previous give, with fewer
            # calls: this runs for every entry of every catalog written
            msgstrs = _plural_msgstrs(entry) if entry.msgid_plural or entry.msgstr_plural else None
            msgstr = entry.msgstr or ""
            if obsolete_pass and not (msgstrs[0] if msgstrs is not None else msgstr):
                continue
            tcomment = entry.tcomment or ""
            comment = entry.comment or ""
            marks = getattr(entry, "_i18nflow_empty_comments", None)
            occurrences: Sequence[Any] = entry.occurrences or ()
            if len(occurrences) == 1 and type(occurrences[0]) is tuple:
                references: tuple[Any, ...] = (occurrences[0],)
            else:
                references = tuple(tuple(o) if isinstance(o, list) else o for o in occurrences)
            append((
                tcomment,
                marks is not None and "tcomment" in marks and not tcomment,
                comment,
                marks is not None and "comment" in marks and not comment,
                references,
                tuple(entry.flags) if entry.flags else (),
                (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural),
                entry.msgctxt,
                entry.msgid or "",
                entry.msgid_plural,
                tuple(msgstrs) if msgstrs is not None else None,
                msgstr,
                obsolete_pass,
                width,
                charset,
            ))
    return keys


# the text of the last catalog's entries, by their keys (see _entry_keys)
_BODY_CACHE: dict[tuple[tuple[object, ...], ...], str] = {}
_ENTRY_CACHE: dict[tuple[object, ...], str] = {}


def _previous(entry: polib.POEntry) -> tuple[str | None, str | None, str | None]:
    return (
        getattr(entry, "previous_msgctxt", None),
        getattr(entry, "previous_msgid", None),
        getattr(entry, "previous_msgid_plural", None),
    )


def _keeps_empty(entry: polib.POEntry | None, field: str) -> bool:
    """Whether a lone empty comment line ("#" or "#.") was read for this field.

    polib stores comments as one string, so a single empty comment line and no
    comment would both be ''; the reader marks the former so it survives a round trip.
    """
    if entry is None:
        return False
    marks: set[str] | None = getattr(entry, "_i18nflow_empty_comments", None)
    return marks is not None and field in marks and not getattr(entry, field)


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace path by data atomically: temp file in the same directory, fsync, rename.

    Readers see either the old or the new file, never a torn one, even after a crash.
    The temp file is created with mode 0666 minus the umask (like a normal open), and an
    existing file's permission bits are kept.
    """
    directory = path.parent
    tmp = directory / f".{path.name}.{os.urandom(8).hex()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = None
        if mode is not None:
            os.chmod(tmp, mode)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def po_bytes(catalog: polib.POFile, width: int = 79) -> bytes:
    """The file's bytes: msgcat's text of the catalog in the charset its header declares, with
    the line endings and byte order mark of the file it was read from (see :mod:`.layout`).

    A translator's editor may save a catalog in a legacy charset such as ISO-8859-1;
    writing it back in that charset keeps the header true (UTF-8 bytes under a Latin-1
    header read back as mojibake and lose their translations).  When the text holds a
    character that charset lacks (a new msgid from a post), the catalog switches to UTF-8,
    header included, as msgmerge does, rather than being refused forever.  No declared
    charset means UTF-8, as for every catalog we create.
    """
    text = format_po(catalog, width)
    codec = _python_codec(_header_charset(_header_msgstr_or_none(catalog)))
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        _declare_utf8(catalog)
        text = format_po(catalog, width)
        codec = "utf-8"
        data = text.encode("utf-8")
    layout = layout_of(catalog)
    if layout.bom and codec != "utf-8":
        layout = Layout(layout.newline, False)
    return apply_layout(text, data, layout)


def _declare_utf8(catalog: polib.POFile) -> None:
    """Make the header's ``charset=`` say UTF-8; a header kept verbatim stays verbatim."""
    raw = header_as_read(catalog)
    verbatim = raw is not None
    for key, value in catalog.metadata.items():
        if _CHARSET_IN_HEADER.search(value):
            catalog.metadata[key] = _CHARSET_IN_HEADER.sub("charset=UTF-8", value, count=1)
            break
    if verbatim:
        catalog._i18nflow_header_msgstr = _CHARSET_IN_HEADER.sub("charset=UTF-8", str(raw), count=1)
        catalog._i18nflow_header_snapshot = list(catalog.metadata.items())
    catalog.encoding = "utf-8"


def write_po(catalog: polib.POFile, path: str | Path, width: int = 79) -> bool:
    """Write the catalog as msgcat would, only if the bytes differ; True when written.

    Skipping identical content keeps file modification times (and so build tools and
    editors) quiet when nothing changed.  The bytes are :func:`po_bytes`: in the header's
    charset, or UTF-8 (and the header says so) when that charset cannot hold the text.
    """
    target = Path(path)
    data = po_bytes(catalog, width)
    try:
        if target.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise CatalogError(f"cannot read catalog: {exc.strerror or exc}", path=path) from None
    try:
        _atomic_write_bytes(target, data)
    except OSError as exc:
        raise CatalogError(f"cannot write catalog: {exc.strerror or exc}", path=path) from None
    return True


def clear_caches() -> None:
    """Forget memoized wrapping: a worker calls it between domains to keep its memory flat."""
    _WRAP_CACHE.clear()
    _REFERENCES_CACHE.clear()
    _ENTRY_CACHE.clear()
    _BODY_CACHE.clear()
