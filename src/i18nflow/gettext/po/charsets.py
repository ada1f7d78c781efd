"""Charset names as gettext canonicalizes them, and the Python codec for each."""

from __future__ import annotations

import codecs
import re

# ---------------------------------------------------------------------------
# Charsets
# ---------------------------------------------------------------------------

# po_charset_canonicalize() of gettext 0.21: the standard names it knows (case-insensitively).
_STANDARD_CHARSETS: dict[str, str] = {}
for _group in (
    ("ASCII", "ANSI_X3.4-1968", "US-ASCII"),
    *((f"ISO-8859-{n}", f"ISO_8859-{n}") for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15)),
    ("KOI8-R",),
    ("KOI8-U",),
    ("KOI8-T",),
    ("CP850",),
    ("CP866",),
    ("CP874",),
    ("CP932",),
    ("CP949",),
    ("CP950",),
    *((f"CP125{n}",) for n in range(8)),
    ("GB2312",),
    ("EUC-JP",),
    ("EUC-KR",),
    ("EUC-TW",),
    ("BIG5",),
    ("BIG5-HKSCS",),
    ("GBK",),
    ("GB18030",),
    ("SHIFT_JIS",),
    ("JOHAB",),
    ("TIS-620",),
    ("VISCII",),
    ("GEORGIAN-PS",),
    ("UTF-8",),
):
    for _alias in _group:
        _STANDARD_CHARSETS[_alias.upper()] = _group[0]


def _canonical_charset(name: str) -> str | None:
    return _STANDARD_CHARSETS.get(name.upper())


_CHARSET_IN_HEADER = re.compile(r"charset=([^ \t\n]*)")


def _header_charset(header_msgstr: str | None) -> str:
    """The charset msgdomain_list_print_po() derives from the header, canonicalised.

    Missing header, missing ``charset=``, the ``CHARSET`` placeholder and unknown names
    all mean ASCII to gettext.
    """
    if header_msgstr is None:
        return "ASCII"
    m = _CHARSET_IN_HEADER.search(header_msgstr)
    if m is None or m.group(1) == "CHARSET":
        return "ASCII"
    return _canonical_charset(m.group(1)) or "ASCII"


def _python_codec(charset: str) -> str:
    """Codec used to turn our text into the file's bytes (ASCII means 'not declared': UTF-8)."""
    if charset in ("ASCII", "UTF-8"):
        return "utf-8"
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return "utf-8"
