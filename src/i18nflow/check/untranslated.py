"""A catalog nobody has translated yet, proved up to date without parsing or merging it.

Most catalogs of a large site are untranslated in most locales (a fresh locale, a new post), and
then every entry of the PO file is byte for byte the same text as in the template: ``update``
wrote the template's entry with an empty msgstr. For such a file, reading it and merging it
again (what :mod:`i18nflow.check.domain` does for a translated one) costs far more than the rest of
``check``; :class:`Untranslated` decides the same question with a byte comparison and the header.

Why that is exact: ``merge`` keeps a catalog's header (with the template's
``POT-Creation-Date``) and builds each entry from the template entry plus the old entry's
translation. An old entry that is the template's own text, untranslated, adds nothing, so every
entry is written exactly as in the template, and nothing becomes obsolete. The file is therefore
up to date when it is the merged header followed by the template's entries (the text after its
own header), and then its entries are the template's entries, all untranslated. Anything else,
a broken header included, gets ``None`` and the caller reads and merges the file in full.
"""

from __future__ import annotations

from functools import cached_property

import polib

from i18nflow.errors import CatalogError
from i18nflow.gettext import catalogs
from i18nflow.gettext.po import format_po, parse_po_text

_UTF8 = "text/plain; charset=UTF-8"


class Untranslated:
    """One domain's template, ready to recognise its untranslated, up-to-date catalogs."""

    def __init__(self, template: polib.POFile, template_text: str, now: str, width: int = 79) -> None:
        self.now = now
        self.width = width
        self.tail = _entries_text(template_text)
        self._header_template = polib.POFile(wrapwidth=79)  # what merge reads for the header
        self._header_template.metadata = dict(template.metadata)

    @cached_property
    def tail_bytes(self) -> bytes | None:
        return self.tail.encode("utf-8") if self.tail is not None else None

    def header(self, data: bytes, locale: str) -> polib.POFile | None:
        """The header of the catalog ``data`` (as an empty catalog) when its entries are exactly
        the template's, untranslated, and ``update`` would not change a byte of it."""
        tail = self.tail_bytes
        if tail is None or not data.endswith(tail):
            return None
        try:
            header_text = data[: len(data) - len(tail)].decode("utf-8")
        except UnicodeDecodeError:
            return None
        if header_text.startswith("\ufeff") or "\r" in header_text or "\\\n" in header_text:
            return None
        try:
            header = parse_po_text(header_text)
        except CatalogError:
            return None
        if len(header) or not header.metadata:
            return None
        merged = catalogs.merge(self._header_template, header, locale, self.now).catalog
        if not _utf8_only(merged.metadata) or format_po(merged, self.width) != header_text:
            return None
        return header


def _entries_text(template_text: str) -> str | None:
    """The template's entries as text: everything after the header entry's blank line."""
    end = template_text.find("\n\n")
    if end < 0:
        return ""
    tail = template_text[end + 1 :]
    # The entries must start a message of their own, or the catalog's header would absorb them.
    return tail if tail[1:2] in ("#", "m") else None


def _utf8_only(metadata: dict[str, str]) -> bool:
    """The writer wraps entries by the header's charset: the template's entries are UTF-8 text,
    so the catalog must declare UTF-8 and nothing else that looks like a charset."""
    if metadata.get("Content-Type") != _UTF8:
        return False
    return not any("charset=" in f"{key}: {value}" for key, value in metadata.items() if key != "Content-Type")
