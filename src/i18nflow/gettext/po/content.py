"""What a catalog says, whatever tool laid it out: the test for "would writing change it?".

A catalog is written only when its content changes (see :mod:`.layout`): the messages, their
flags, comments, references and previous strings, the obsolete entries and the header's fields.
Wrapping, entry order, line endings, a BOM and the header's spelling are layout.
"""

from __future__ import annotations

import polib

from i18nflow.gettext.po.layout import NO_WRAP
from i18nflow.gettext.po.writer import _plural_msgstrs, format_po


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
    """Whether writing ``a`` where ``b`` was read would change what the file says.

    A translation that differs is enough to say no (the cheapest test, first); fields equal one
    by one (in any entry order) is enough to say yes, and the usual answer, since the text is
    made of them; only when they differ are both texts made, which normalise what the
    writer normalises (flag order, unknown flags, ``./`` in references, header spelling)."""
    first, second = _translations(a), _translations(b)
    if first is not None and second is not None and first != second:
        return False  # a translation differs, which no layout explains (a run's fills: 100,000 of them)
    if _fields(a) == _fields(b):
        return True
    return content_text(a) == content_text(b)


def _translations(catalog: polib.POFile) -> dict[tuple[str | None, str], object] | None:
    """Each active message's translation as the writer prints it, by key; None when a key
    repeats (then only the texts can tell). Different tables mean different texts: every
    active message is printed, key and translation verbatim."""
    table: dict[tuple[str | None, str], object] = {}
    count = 0
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        count += 1
        plural = _plural_msgstrs(entry)
        table[(entry.msgctxt, entry.msgid)] = (entry.msgstr or "") if plural is None else tuple(plural)
    return table if len(table) == count else None


def _fields(catalog: polib.POFile) -> tuple[object, ...]:
    header_entry = getattr(catalog, "_i18nflow_header_entry", None)
    header = (
        tuple(sorted((catalog.metadata or {}).items())),
        bool(catalog.metadata_is_fuzzy),
        catalog.header or "",
        bool(getattr(catalog, "_i18nflow_empty_header_comment", False)),
        None if header_entry is None else _entry_fields(header_entry),
    )
    return header, tuple(_entry_fields(e) for e in sorted(catalog, key=_order))


def _entry_fields(entry: polib.POEntry) -> tuple[object, ...]:
    return (
        bool(entry.obsolete),
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural or "",
        entry.msgstr or "",
        tuple(sorted((int(k), v) for k, v in (entry.msgstr_plural or {}).items())),
        tuple(entry.flags or ()),
        entry.tcomment or "",
        entry.comment or "",
        tuple(tuple(o) if isinstance(o, list) else o for o in entry.occurrences or ()),
        getattr(entry, "previous_msgctxt", None),
        getattr(entry, "previous_msgid", None),
        getattr(entry, "previous_msgid_plural", None),
        tuple(sorted(getattr(entry, "_i18nflow_empty_comments", ()) or ())),
    )
