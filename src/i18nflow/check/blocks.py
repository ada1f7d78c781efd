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
        if data.startswith(codecs.BOM_UTF8) or b"\\\n" in data:
            return None
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
        for block in blocks[1:]:
            entry = self._entry(block, line)
            if entry is None or entry_key(entry) in keys:
                return None
            keys.add(entry_key(entry))
            catalog.append(entry)
            line += block.count("\n") + 2
        return catalog

    def _entry(self, block: str, line: int) -> polib.POEntry | None:
        """The one message of a block (not the header); ``line`` is the block's first line."""
        key = block.rstrip("\n")
        if key in self._parsed:
            return self._parsed[key]
        parsed = _parse(block)
        if parsed is None or len(parsed) != 1:
            return None  # the header again, or no message
        entry = parsed[0]
        if key in self._template:
            self._parsed[key] = entry
        elif entry.linenum:
            entry.linenum += line - 1
        return entry


def _parse(block: str) -> polib.POFile | None:
    """The block parsed on its own, when it is exactly one message."""
    if len(_MSGID_LINE.findall(block)) != 1:
        return None
    try:
        return parse_po_text(block)
    except CatalogError:
        return None
