"""A catalog read entry by entry, the template's untranslated entries parsed once per domain.

In a catalog being translated, many entries are still the template's text with an empty
msgstr, the same bytes in every locale; reading each locale's file in full parses them again and
again. Our writer separates entries by one blank line, so a catalog is a sequence of blocks, and
each block can be parsed on its own: a block that is byte for byte one of the template's is
parsed once for all locales (:class:`TemplateBlocks` keeps it), the others are parsed as they
come. Parsing blocks one at a time is also a little faster than parsing the whole file.

Why the result is what :func:`pofile.read_po` gives: the reader keeps no state from one message
to the next except the message being assembled, which the next comment or keyword finishes, and
the keys seen (for duplicates). So when every block parses on its own into exactly one message
(the first into the header), the file parses into those messages in that order, provided no key
repeats; the line of each is its block's first line plus its line in the block. A file that is
not UTF-8, has a byte order mark or a backslash-newline (which the reader joins across lines), or
any block that is not exactly one message, gets ``None``: the caller reads it with ``read_po``,
whose errors name the line.
"""

from __future__ import annotations

import codecs
import re

import polib

from i18nflow.errors import CatalogError
from i18nflow.gettext.catalogs import Key, entry_key
from i18nflow.gettext.po import parse_po_text

# A line with the msgid keyword (of an active or an obsolete message, not a "#|" previous one), as
# the reader recognises keywords: every message has exactly one.
_MSGID_LINE = re.compile(r'^[ \t\f\v\r]*(?:#~[ \t\f\v\r]*)?msgid(?=[\s"\[]|$)', re.M)


class TemplateBlocks:
    """One domain's template text, to read that domain's catalogs block by block."""

    def __init__(self, template_text: str) -> None:
        self._template = {block.rstrip("\n") for block in template_text.split("\n\n")[1:]}
        self._parsed: dict[str, polib.POEntry] = {}  # template block → its entry (untranslated)

    def read(self, data: bytes) -> polib.POFile | None:
        """The catalog ``data`` as ``read_po`` reads it, or ``None`` when only ``read_po`` can
        tell. The template's entries are shared between locales and their line is not set:
        they are untranslated, and only translated entries are reported at a line."""
        if data.startswith(codecs.BOM_UTF8) or b"\\\n" in data or b"\0" in data:
            return None  # a NUL byte: read_po's error, at its line
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        blocks = text.split("\n\n")
        if blocks[0].count("charset=") != 1 or 'charset=UTF-8\\n"' not in blocks[0]:
            return None  # read_po decodes by the header's charset: it must say UTF-8
        catalog = _parse(blocks[0])
        if catalog is None or len(catalog) or not catalog.metadata:
            return None  # not exactly a header (one message, parsed, and no entry)
        keys: set[Key] = {(None, "")}
        line = blocks[0].count("\n") + 3  # first line of the next block
        run: list[str] = []  # blocks that are not the template's, parsed together (see _run)
        run_line = line
        for block in blocks[1:]:
            key = block.rstrip("\n")
            entry = self._parsed.get(key)
            if entry is None and key in self._template:
                entry = self._entry(block)
                if entry is None:
                    return None
            if entry is None:
                if not run:
                    run_line = line
                run.append(block)
                if len(run) == _RUN:  # a thousand at a time: the lines of a whole file cost 40 MB
                    if not _add(catalog, keys, _run(run, run_line)):
                        return None
                    run = []
            else:
                if run and not _add(catalog, keys, _run(run, run_line)):
                    return None
                run = []
                if not _add(catalog, keys, [entry]):
                    return None
            line += block.count("\n") + 2
        if run and not _add(catalog, keys, _run(run, run_line)):
            return None
        return catalog

    def _entry(self, block: str) -> polib.POEntry | None:
        """The one message of a template block, parsed once for every locale (its line is not
        set: untranslated entries are never reported at a line)."""
        parsed = _parse(block)
        if parsed is None or len(parsed) != 1:
            return None  # the header again, or no message
        self._parsed[block.rstrip("\n")] = parsed[0]
        return parsed[0]


_RUN = 1000


def _run(blocks: list[str], line: int) -> list[polib.POEntry] | None:
    """The messages of consecutive blocks, one each, parsed as one text (a parse per block cost
    more than the messages: 100,000 translated table cells); ``line`` is the first one's line.
    Every block must hold exactly one msgid, so the messages are the blocks'."""
    if any(len(_MSGID_LINE.findall(block)) != 1 for block in blocks):
        return None
    parsed = _parse_text("\n\n".join(blocks))
    if parsed is None or len(parsed) != len(blocks) or parsed.metadata:
        return None  # a block that is a header (msgid "" with no context) is no message here
    for entry in parsed:
        if entry.linenum:
            entry.linenum += line - 1
    return list(parsed)


def _add(catalog: polib.POFile, keys: set[Key], entries: list[polib.POEntry] | None) -> bool:
    """Append ``entries``, unless there are none (a block that is no message) or a key repeats."""
    if entries is None:
        return False
    for entry in entries:
        if entry_key(entry) in keys:
            return False
        keys.add(entry_key(entry))
        catalog.append(entry)
    return True


def _parse(block: str) -> polib.POFile | None:
    """The block parsed on its own, when it is exactly one message."""
    if len(_MSGID_LINE.findall(block)) != 1:
        return None
    return _parse_text(block)


def _parse_text(text: str) -> polib.POFile | None:
    try:
        return parse_po_text(text)
    except CatalogError:
        return None
