"""Charset names as gettext canonicalizes them, and the Python codec for each."""

from __future__ import annotations

import codecs
import re
import warnings
from pathlib import Path

from i18nflow.errors import CatalogError

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


_CHARSET_BYTES = re.compile(rb"charset=([^ \t\n\\\"]*)")
_HEADER_BYTES = re.compile(rb'^[ \t]*msgid[ \t]+""[ \t]*\r?\n', re.MULTILINE)


def decode_catalog(data: bytes, path: str | Path) -> tuple[str, str]:
    """Decode file bytes with the header's charset; errors name the header's charset line.

    Two mistakes are refused rather than turned into mojibake that a rewrite would make
    permanent: bytes the declared charset cannot decode, and a single-byte charset (say
    ISO-8859-1) declared over text that is valid UTF-8 with multi-byte sequences (``é`` would
    read as ``Ã©``, and every entry would look changed).
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    m = None
    header = _HEADER_BYTES.search(data)
    if header is not None:
        end = data.find(b"\n\n", header.end())
        m = _CHARSET_BYTES.search(data, header.end(), len(data) if end < 0 else end)
    declared = m.group(1).decode("ascii", "replace") if m else ""
    charset_line = data.count(b"\n", 0, m.start()) + 1 if m else None
    canonical = _canonical_charset(declared) if declared else None
    if not declared or declared == "CHARSET" or canonical in ("ASCII", "UTF-8"):
        codec = "utf-8"
    else:
        try:
            codec = codecs.lookup(canonical or declared).name
        except LookupError:
            raise CatalogError(
                f"unknown charset {declared!r}: cannot decode the file", path=path, line=charset_line
            ) from None
        if canonical is None and not _text_charset(codec):
            raise CatalogError(
                f"charset {declared!r} is not a charset a PO file can be read in (Python's codec of that "
                "name is not an ASCII-compatible text encoding); save the file as UTF-8 and set charset=UTF-8",
                path=path,
                line=charset_line,
            )
    if data.find(b"\0") >= 0:
        line = data.count(b"\n", 0, data.find(b"\0")) + 1
        raise CatalogError("a NUL byte is not allowed in a PO file", path=path, line=line)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        what = "invalid UTF-8" if codec == "utf-8" else f"bytes that are not {declared}"
        raise CatalogError(
            f"the header declares charset={declared or 'UTF-8'}, but line {line} has {what} "
            f"(byte 0x{data[exc.start]:02x}); save the file in that charset or correct the header",
            path=path,
            line=charset_line or line,
        ) from None
    if codec != "utf-8" and _single_byte(codec) and _utf8_multibyte(data):
        line = data.count(b"\n", 0, _first_high_byte(data)) + 1
        raise CatalogError(
            f"the header declares charset={declared}, but the file is UTF-8 (line {line} would "
            f"read as {_mojibake_sample(data)!r}); set charset=UTF-8 in the header",
            path=path,
            line=charset_line,
        )
    return text, codec


# A charset gettext can read decodes every ASCII byte, and these sequences that special codecs
# act on (escapes, IDNA labels, UTF-7 shifts, HZ and ISO-2022 switches), as ASCII does.
_SYNTAX_BYTES = bytes(range(1, 128)) + b' msgid "\\u0041\\x41\\n" .xn--ab-c. +AGE- ~{ \x1b$B\n'


def _text_charset(codec: str) -> bool:
    """A codec a non-standard charset name may select: a text encoding (not zlib, base64 or
    rot13, which Python also looks up by name: a ``charset=zlib`` header would inflate a bomb)
    that reads a PO file's syntax as ASCII (not UTF-16, UTF-7 or unicode_escape)."""
    info = codecs.lookup(codec)
    if not getattr(info, "_is_text_encoding", True):
        return False
    try:
        with warnings.catch_warnings():  # unicode_escape warns of the escapes it is refused for
            warnings.simplefilter("ignore")
            return _SYNTAX_BYTES.decode(codec) == _SYNTAX_BYTES.decode("ascii")
    except (UnicodeError, ValueError, TypeError, LookupError):
        return False


def _single_byte(codec: str) -> bool:
    return codecs.lookup(codec).name.startswith(("iso8859", "cp125", "latin", "koi8", "mac-", "cp8"))


def _utf8_multibyte(data: bytes) -> bool:
    """Valid UTF-8 with at least one multi-byte sequence: what a legacy charset misreads."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _first_high_byte(data: bytes) -> int:
    return next(i for i, byte in enumerate(data) if byte >= 0x80)


def _mojibake_sample(data: bytes) -> str:
    start = _first_high_byte(data)
    line_start = data.rfind(b"\n", 0, start) + 1
    line_end = data.find(b"\n", start)
    line = data[line_start : line_end if line_end >= 0 else len(data)]
    return line.decode("latin-1").strip()[:60]


