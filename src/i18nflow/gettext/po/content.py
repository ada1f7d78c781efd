"""What a catalog says, whatever tool laid it out: the test for "would writing change it?".

A catalog is written only when its content changes (see :mod:`.layout`): the messages, their
flags, comments, references and previous strings, the obsolete entries and the header's fields.
Wrapping, entry order, line endings, a BOM and the header's spelling are layout.
"""

from __future__ import annotations

import polib

from i18nflow.gettext.po.layout import NO_WRAP
from i18nflow.gettext.po.writer import format_po


def content_text(catalog: polib.POFile) -> str:
    """The catalog as text with its layout taken out: header from its fields (sorted), entries
    sorted, no wrapping. Two catalogs with the same content text are the same messages, flags,
    comments, references and obsolete entries, whatever tool saved them."""
    copy = polib.POFile(wrapwidth=79)
    copy.metadata = dict(sorted((catalog.metadata or {}).items()))
    copy.metadata_is_fuzzy = catalog.metadata_is_fuzzy
    copy.header = catalog.header
    header_entry = getattr(catalog, "_i18nflow_header_entry", None)
    if header_entry is not None:
        copy._i18nflow_header_entry = header_entry
    for entry in sorted(catalog, key=_order):
        copy.append(entry)
    return format_po(copy, NO_WRAP)


def _order(entry: polib.POEntry) -> tuple[bool, bool, str, str]:
    return (bool(entry.obsolete), entry.msgctxt is not None, entry.msgctxt or "", entry.msgid)


def same_content(a: polib.POFile, b: polib.POFile) -> bool:
    return content_text(a) == content_text(b)
