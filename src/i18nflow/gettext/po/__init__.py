"""Read and write PO/POT files exactly as GNU gettext 0.21 ``msgcat`` writes them.

Why byte-exact: translators, ``msgmerge`` and ``msgcat`` all rewrite PO files in
gettext's canonical layout.  If our writer produced anything else, every run of a
gettext tool (or of i18nflow after one) would reformat whole files and bury the real
changes in noise.  So :func:`format_po` is a port of ``gettext-tools/src/write-po.c``
(0.21): comment order, flag normalisation, the reference line filling and, above
all, the string wrapping of ``wrap()``, which asks libunistring's
``ulc_width_linebreaks`` (UAX #14 line breaking with East Asian column widths) where
a line may be broken.  We call the very same library through :mod:`ctypes`, so the
break points are identical; a pure-Python approximation is used only when
libunistring cannot be loaded.  Where format directives must not be split (entries
flagged ``*-format``), gettext's own parsers from libgettextsrc are used the same way.

The reader (:func:`parse_po_text`) follows gettext's reader where polib's parser
loses information msgcat keeps (``#~|`` previous strings of obsolete entries,
comments and flags of the header, trailing blanks in comments, ``msgstr[10]``), and
it understands file names wrapped in U+2068/U+2069 isolates in ``#:`` lines, so
``format_po(read_po(p))`` reproduces a file msgcat wrote.  A ``Plural-Forms`` header gettext
cannot parse is a syntax error at its line (:mod:`i18nflow.plural_forms`), so a catalog
``msgfmt -c`` refuses is reported and left alone rather than rewritten.

Deliberate differences from msgcat: the header entry is always written first (msgcat
leaves it where it was), and a catalog holding nothing but its header is written with
that header (msgcat writes no output at all for it, which would lose the language and
plural forms).
"""

from i18nflow.gettext.po.content import content_text, same_content
from i18nflow.gettext.po.entry import po_entry
from i18nflow.gettext.po.layout import copy_layout
from i18nflow.gettext.po.linebreaks import linebreaks_backend
from i18nflow.gettext.po.reader import parse_po_text, read_po
from i18nflow.gettext.po.writer import clear_caches, format_po, header_as_read, po_bytes, write_po

__all__ = [
    "clear_caches",
    "content_text",
    "copy_layout",
    "same_content",
    "format_po",
    "header_as_read",
    "linebreaks_backend",
    "parse_po_text",
    "po_entry",
    "po_bytes",
    "read_po",
    "write_po",
]
