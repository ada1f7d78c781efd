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

from __future__ import annotations

import codecs
import ctypes
import ctypes.util
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any

import polib

from i18nflow.errors import CatalogError
from i18nflow.plural_forms import plural_forms_problem

__all__ = ["format_po", "parse_po_text", "po_bytes", "read_po", "write_po"]

# ---------------------------------------------------------------------------
# libunistring binding
# ---------------------------------------------------------------------------

# enum in <unilbrk.h> (libunistring 1.0)
_UC_BREAK_UNDEFINED = 0
_UC_BREAK_PROHIBITED = 1
_UC_BREAK_POSSIBLE = 2
_UC_BREAK_MANDATORY = 3
_UC_BREAK_HYPHENATION = 4
_UC_BREAK_CR_BEFORE_LF = 5

# format_language[] of gettext 0.21, in NFORMATS order: this order is the order of
# the *-format flags in "#," lines.
_FORMAT_LANGUAGES = (
    "c",
    "objc",
    "python",
    "python-brace",
    "java",
    "java-printf",
    "csharp",
    "javascript",
    "scheme",
    "lisp",
    "elisp",
    "librep",
    "ruby",
    "sh",
    "awk",
    "lua",
    "object-pascal",
    "smalltalk",
    "qt",
    "qt-plural",
    "kde",
    "kde-kuit",
    "boost",
    "tcl",
    "perl",
    "perl-brace",
    "php",
    "gcc-internal",
    "gfc-internal",
    "ycp",
)
_FORMAT_INDEX = {name: i for i, name in enumerate(_FORMAT_LANGUAGES)}

_INT_MAX = 2**31 - 1
_POSSIBLE = b"\x02"


class _Unistring:
    """``u8_width_linebreaks`` from libunistring, with a reusable per-thread result buffer.

    gettext 0.21 as shipped by Debian/Ubuntu links ``ulc_width_linebreaks_v2`` from the
    system libunistring; for UTF-8 input that is ``u8_width_linebreaks_v2`` with the same
    encoding argument (which only selects East Asian ambiguous widths), so calling it on
    the UTF-8 bytes gives the same answers as msgcat.
    """

    def __init__(self, lib: ctypes.CDLL) -> None:
        fn: Any = getattr(lib, "u8_width_linebreaks_v2", None)
        if fn is None:
            fn = lib.u8_width_linebreaks
        fn.argtypes = [
            ctypes.c_char_p,  # const uint8_t *s
            ctypes.c_size_t,  # size_t n
            ctypes.c_int,  # int width
            ctypes.c_int,  # int start_column
            ctypes.c_int,  # int at_end_columns
            ctypes.c_char_p,  # const char *o (overrides, may be NULL)
            ctypes.c_char_p,  # const char *encoding
            ctypes.c_char_p,  # char *p (result)
        ]
        fn.restype = ctypes.c_int
        self._fn = fn
        self._tls = threading.local()

    def breaks(
        self, data: bytes, width: int, start: int, overrides: bytes | None, encoding: bytes
    ) -> list[int]:
        """Byte offsets at which msgcat would start a new line."""
        n = len(data)
        tls = self._tls
        buf = getattr(tls, "buf", None)
        if buf is None or len(buf) < n:
            buf = ctypes.create_string_buffer(max(n, 4096))
            tls.buf = buf
        self._fn(data, n, width, start, 0, overrides, encoding, buf)
        res = ctypes.string_at(buf, n)
        out: list[int] = []
        i = res.find(_POSSIBLE)
        while i >= 0:
            out.append(i)
            i = res.find(_POSSIBLE, i + 1)
        return out


def _load_unistring() -> _Unistring | None:
    for name in ("libunistring.so.2", "libunistring.so.5", "libunistring.so", None):
        if name is None:
            name = ctypes.util.find_library("unistring")
            if name is None:
                return None
        try:
            return _Unistring(ctypes.CDLL(name))
        except (OSError, AttributeError):
            continue
    return None


_UNISTRING = None if os.environ.get("I18NFLOW_NO_LIBUNISTRING") else _load_unistring()


def linebreaks_backend() -> str:
    """Which line breaker is in use: ``"libunistring"`` (exact) or ``"python"`` (approximate)."""
    return "libunistring" if _UNISTRING is not None else "python"


# ---------------------------------------------------------------------------
# libgettextsrc binding: gettext's own format string parsers and charset names
# ---------------------------------------------------------------------------

# enum in gettext's format.h: marks in the "fdi" array filled by a format parser
_FMTDIR_START = 1
_FMTDIR_END = 2
_FMTDIR_ERROR = 4

_PARSE_FN = ctypes.CFUNCTYPE(
    ctypes.c_void_p,  # descr
    ctypes.c_char_p,  # const char *string
    ctypes.c_bool,  # bool translated
    ctypes.c_void_p,  # char *fdi
    ctypes.POINTER(ctypes.c_void_p),  # char **invalid_reason
)
_FREE_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p)


class _FormatstringParser(ctypes.Structure):
    """Leading members of gettext's ``struct formatstring_parser``."""

    _fields_ = [("parse", _PARSE_FN), ("free", _FREE_FN)]


class _Gettext:
    """Format string parsers from libgettextsrc, gettext's own library.

    wrap() never breaks a line inside a format directive; where the directives are is
    decided by gettext's per-language parsers, quirks included (0.21's python-brace
    parser records positions relative to the directive, not to the string).  Calling
    them is the only way to be exact for the 30 languages, so we do when gettext is
    installed, and fall back to approximations for c, python and python-brace.
    """

    def __init__(self, lib: ctypes.CDLL) -> None:
        self._parsers: dict[str, _FormatstringParser] = {}
        for lang in _FORMAT_LANGUAGES:
            symbol = "formatstring_" + ("pascal" if lang == "object-pascal" else lang)
            try:
                self._parsers[lang] = _FormatstringParser.in_dll(lib, symbol.replace("-", "_"))
            except ValueError:
                continue
        try:
            free = ctypes.CDLL(None).free
        except (OSError, AttributeError):
            free = ctypes.CDLL(ctypes.util.find_library("c")).free
        free.argtypes = [ctypes.c_void_p]
        free.restype = None
        self._free = free

    def fmtdir(self, lang: str, data: bytes, translated: bool) -> bytes | None:
        parser = self._parsers.get(lang)
        if parser is None:
            return None
        fdi = ctypes.create_string_buffer(len(data) or 1)
        reason = ctypes.c_void_p()
        descr = parser.parse(data, translated, ctypes.cast(fdi, ctypes.c_void_p), reason)
        if descr:
            parser.free(descr)
        if reason.value:
            self._free(reason.value)
        return fdi.raw[: len(data)]


_GETTEXT: _Gettext | None = None
_GETTEXT_LOADED = False
_GETTEXT_LOCK = threading.Lock()


def _gettext() -> _Gettext | None:
    """libgettextsrc, loaded on first use: only entries with *-format flags need it."""
    global _GETTEXT, _GETTEXT_LOADED
    if not _GETTEXT_LOADED:
        with _GETTEXT_LOCK:
            if not _GETTEXT_LOADED:
                if not os.environ.get("I18NFLOW_NO_LIBGETTEXTSRC"):
                    try:
                        _GETTEXT = _Gettext(ctypes.CDLL("libgettextsrc-0.21.so"))
                    except (OSError, AttributeError):
                        _GETTEXT = None
                _GETTEXT_LOADED = True
    return _GETTEXT


# ---------------------------------------------------------------------------
# Pure-Python approximation of u8_width_linebreaks (used without libunistring)
# ---------------------------------------------------------------------------

_BREAK_AFTER = frozenset("-|\u2010\u2013\u00ad/?!,;:.}\u2026")
_NO_BREAK_BEFORE = frozenset(
    "\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff01\uff1f\u30fb\u300d\u300f\u3011\uff09"
    "\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087\u308e\u30a1\u30a3\u30a5"
    "\u30a7\u30a9\u30c3\u30e3\u30e5\u30e7\u30ee\u30fc)]}.,;:!?\"'-"
)


def _char_width(ch: str) -> int:
    o = ord(ch)
    if o < 0x300:
        return 0 if (o < 0x20 or 0x7F <= o < 0xA0) else 1
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _is_ideographic(ch: str) -> bool:
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xAC00 <= o <= 0xD7A3
        or 0xF900 <= o <= 0xFAFF
        or 0x1F000 <= o <= 0x1FAFF
        or 0x20000 <= o <= 0x3FFFD
    )


def _python_breaks(text: str, width: int, start: int, prohibited: set[int]) -> list[int]:
    """Greedy fill like ``u8_width_linebreaks_internal`` over approximate UAX #14 opportunities.

    Opportunities: after spaces, after hyphens and slashes (not before a digit), and
    around ideographs/emoji.  Exact for plain text whose only break chances are spaces.
    """
    result: list[int] = []
    last_p = -1
    last_column = start
    piece_width = 0
    prev = ""
    for i, ch in enumerate(text):
        possible = False
        if i > 0 and i not in prohibited and ch != " ":
            if prev == " ":
                possible = True
            elif prev in _BREAK_AFTER:
                possible = not ch.isdigit() and ch not in _NO_BREAK_BEFORE
            elif (_is_ideographic(ch) or _is_ideographic(prev)) and ch not in _NO_BREAK_BEFORE:
                possible = True
        if possible:
            if last_p >= 0 and last_column + piece_width > width:
                result.append(last_p)
                last_column = 0
            last_p = i
            last_column += piece_width
            piece_width = 0
        piece_width += _char_width(ch)
        prev = ch
    if last_p >= 0 and last_column + piece_width > width:
        result.append(last_p)
    return result


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


# ---------------------------------------------------------------------------
# Format directives ("Don't break inside format directives" in wrap())
# ---------------------------------------------------------------------------


# enum is_format values we need to tell apart
_FMT_YES = "yes"
_FMT_NO = "no"
_FMT_POSSIBLE = "possible"
_FMT_IMPOSSIBLE = "impossible"

_C_FLAGS = " +-#0'"
_C_SIZE = ("hh", "ll", "h", "l", "L", "q", "j", "z", "Z", "t")
_C_CONV = "diouxXcCsSeEfFgGaApnm%"
_PY_CONV = "diouxXeEfFgGcrsa%"


def _c_directives(s: str, msgstr: bool) -> list[tuple[int, int]]:
    """Spans [start, end] of valid C format directives, stopping at the first invalid one."""
    spans: list[tuple[int, int]] = []
    n = len(s)
    i = 0
    while i < n:
        if s[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        j = i
        while j < n and s[j].isdigit():
            j += 1
        if j > i and j < n and s[j] == "$":
            i = j + 1
        while i < n and (s[i] in _C_FLAGS or (msgstr and s[i] == "I")):
            i += 1
        if i < n and s[i] == "*":
            i += 1
            j = i
            while j < n and s[j].isdigit():
                j += 1
            if j > i and j < n and s[j] == "$":
                i = j + 1
        else:
            while i < n and s[i].isdigit():
                i += 1
        if i < n and s[i] == ".":
            i += 1
            if i < n and s[i] == "*":
                i += 1
                j = i
                while j < n and s[j].isdigit():
                    j += 1
                if j > i and j < n and s[j] == "$":
                    i = j + 1
            else:
                while i < n and s[i].isdigit():
                    i += 1
        if i < n and s[i] == "<":
            close = s.find(">", i)
            if close < 0:
                return spans
            spans.append((start, close))
            i = close + 1
            continue
        for size in _C_SIZE:
            if s.startswith(size, i):
                i += len(size)
                break
        if i < n and s[i] in _C_CONV:
            spans.append((start, i))
            i += 1
            continue
        return spans
    return spans


def _python_directives(s: str, msgstr: bool) -> list[tuple[int, int]]:
    """Spans of valid Python %-directives (``%(name)s``, ``%-5d``, ``%%``)."""
    spans: list[tuple[int, int]] = []
    n = len(s)
    i = 0
    while i < n:
        if s[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        if i < n and s[i] == "(":
            depth = 1
            i += 1
            while i < n and depth > 0:
                if s[i] == "(":
                    depth += 1
                elif s[i] == ")":
                    depth -= 1
                i += 1
            if depth > 0:
                return spans
        while i < n and s[i] in " +-#0":
            i += 1
        if i < n and s[i] == "*":
            i += 1
        else:
            while i < n and s[i].isdigit():
                i += 1
        if i < n and s[i] == ".":
            i += 1
            if i < n and s[i] == "*":
                i += 1
            else:
                while i < n and s[i].isdigit():
                    i += 1
        while i < n and s[i] in "hlL":
            i += 1
        if i < n and s[i] in _PY_CONV:
            spans.append((start, i))
            i += 1
            continue
        return spans
    return spans


def _python_brace_directives(s: str, msgstr: bool) -> list[tuple[int, int]]:
    """Spans of ``{name.attr[key]:spec}`` directives; ``{{`` and ``}}`` are literal braces."""
    spans: list[tuple[int, int]] = []
    n = len(s)
    i = 0
    while i < n:
        c = s[i]
        if c == "}" and i + 1 < n and s[i + 1] == "}":
            i += 2
            continue
        if c != "{":
            i += 1
            continue
        if i + 1 < n and s[i + 1] == "{":
            i += 2
            continue
        start = i
        depth = 1
        i += 1
        while i < n and depth > 0:
            if s[i] == "{":
                depth += 1
            elif s[i] == "}":
                depth -= 1
            i += 1
        if depth > 0:
            return spans
        spans.append((start, i - 1))
    return spans


_FALLBACK_PARSERS: dict[str, Callable[[str, bool], list[tuple[int, int]]]] = {
    "c": _c_directives,
    "objc": _c_directives,
    "python": _python_directives,
    "python-brace": _python_brace_directives,
}


def _fmtdir(lang: str, value: str, data: bytes, translated: bool) -> bytes | None:
    """The FMTDIR_* marks gettext's parser for lang puts on data (value, encoded)."""
    gettext = _gettext()
    if gettext is not None:
        return gettext.fmtdir(lang, data, translated)
    spans = _FALLBACK_PARSERS.get(lang)
    if spans is None:
        return None
    marks = bytearray(len(data))
    offsets = None if value.isascii() else _byte_offsets(value)
    for a, b in spans(value, translated):
        if offsets is not None:
            a, b = offsets[a], offsets[b]
        marks[a] |= _FMTDIR_START
        marks[b] |= _FMTDIR_END
    return bytes(marks)


def _prohibited_positions(lang: str, value: str, translated: bool, codec: str) -> list[int]:
    """Indices of characters of value before which wrap() must not break.

    Port of the fmtdir/fmtdirattr logic of write-po.c: inside a valid directive
    (FMTDIR_START ... FMTDIR_END) every character that does not itself start a directive
    gets UC_BREAK_PROHIBITED; a directive ending in FMTDIR_ERROR is not protected.
    """
    try:
        data = value.encode(codec)
    except UnicodeEncodeError:
        data = value.encode("utf-8")
        codec = "utf-8"
    marks = _fmtdir(lang, value, data, translated)
    if not marks:
        return []
    prohibited: list[int] = []
    n = len(marks)
    i = 0
    while i < n:
        if marks[i] & _FMTDIR_START:
            j = i
            while j < n and not marks[j] & (_FMTDIR_END | _FMTDIR_ERROR):
                j += 1
            if j >= n:
                break
            if not marks[j] & _FMTDIR_ERROR:
                prohibited.extend(k for k in range(i, j + 1) if not marks[k] & _FMTDIR_START)
            i = j + 1
        else:
            i += 1
    if not prohibited or len(data) == len(value):
        return prohibited
    # Byte offsets to character indices; only a character's first byte carries its break.
    starts: dict[int, int] = {}
    pos = 0
    for index, ch in enumerate(value):
        starts[pos] = index
        pos += len(ch.encode(codec))
    return [starts[b] for b in prohibited if b in starts]


# ---------------------------------------------------------------------------
# wrap()
# ---------------------------------------------------------------------------

_ESCAPE_TABLE = {
    0x07: "\\a",
    0x08: "\\b",
    0x0C: "\\f",
    0x0A: "\\n",
    0x0D: "\\r",
    0x09: "\\t",
    0x0B: "\\v",
    0x22: '\\"',
    0x5C: "\\\\",
}
_NEEDS_ESCAPE = re.compile(r'[\x07-\x0d"\\]')


def _escape_match(m: re.Match[str]) -> str:
    return _ESCAPE_TABLE[ord(m.group())]


_WRAP_CACHE: dict[tuple[object, ...], str] = {}


def _memoized(w: _Writer, cache: dict[tuple[object, ...], str], key: tuple[object, ...], write: Any) -> None:
    """Append what ``write()`` appends to ``w.out``, computing it only the first time for ``key``."""
    cached = cache.get(key)
    if cached is None:
        start = len(w.out)
        write()
        cached = "".join(w.out[start:])
        del w.out[start:]
        if len(cache) > 50_000:
            cache.clear()
        cache[key] = cached
    w.out.append(cached)


def clear_caches() -> None:
    """Forget memoized wrapping: a worker calls it between domains to keep its memory flat."""
    _WRAP_CACHE.clear()
    _REFERENCES_CACHE.clear()
    _ENTRY_CACHE.clear()


class _Writer:
    """State shared by all wrap() calls of one catalog: output list, width, encoding."""

    __slots__ = ("out", "page_width", "encoding", "utf8", "codec")

    def __init__(self, page_width: int, charset: str) -> None:
        self.out: list[str] = []
        self.page_width = page_width
        self.encoding = charset.encode("ascii")
        self.utf8 = charset == "UTF-8"
        self.codec = _python_codec(charset)

    def _pieces(
        self, esc: str, startcol: int, width: int, prohibited: set[int] | None
    ) -> list[str]:
        """Split one escaped portion at the break points ulc_width_linebreaks chooses."""
        n = len(esc)
        if esc.isascii():
            # Every ASCII character is at most one column wide: if it all fits, no break.
            if startcol + n <= width:
                return [esc]
            data = esc.encode("ascii")
            ascii_only = True
        else:
            if startcol + 2 * n <= width:
                return [esc]
            data = esc.encode("utf-8")
            ascii_only = False
        if _UNISTRING is None:
            banned = set(prohibited) if prohibited else set()
            i = esc.find("\\")
            while i >= 0:
                banned.add(i + 1)
                i = esc.find("\\", i + 2)
            if esc.endswith("\\n"):
                banned.add(n - 2)
            cuts = _python_breaks(esc, width, startcol, banned)
            if not cuts:
                return [esc]
            bounds = [0, *cuts, n]
            return [esc[a:b] for a, b in pairwise(bounds)]
        overrides: bytes | None = None
        if prohibited or "\\" in esc:
            ov = bytearray(len(data))
            i = data.find(b"\\")
            while i >= 0:
                # The character after the backslash of an escape sequence is glued to it.
                ov[i + 1] = _UC_BREAK_PROHIBITED
                i = data.find(b"\\", i + 2)
            if data.endswith(b"\\n"):
                # Don't break immediately before the "\n" at the end.
                ov[len(data) - 2] = _UC_BREAK_PROHIBITED
            if prohibited:
                if ascii_only:
                    for k in prohibited:
                        ov[k] = _UC_BREAK_PROHIBITED
                else:
                    offsets = _byte_offsets(esc)
                    for k in prohibited:
                        ov[offsets[k]] = _UC_BREAK_PROHIBITED
            overrides = bytes(ov)
        cuts = _UNISTRING.breaks(data, width, startcol, overrides, self.encoding)
        if not cuts:
            return [esc]
        bounds = [0, *cuts, len(data)]
        if ascii_only:
            return [esc[a:b] for a, b in pairwise(bounds)]
        return [data[a:b].decode("utf-8") for a, b in pairwise(bounds)]

    def wrap(
        self,
        prefix: str,
        name: str,
        value: str,
        do_wrap: bool,
        fmt_lang: str | None,
    ) -> None:
        """wrap() with a memo: the same msgid is written to the POT and to every locale's PO."""
        key = (prefix, name, value, do_wrap, fmt_lang, self.page_width, self.encoding)
        _memoized(self, _WRAP_CACHE, key, lambda: self._wrap(prefix, name, value, do_wrap, fmt_lang))

    def _wrap(
        self,
        prefix: str,
        name: str,
        value: str,
        do_wrap: bool,
        fmt_lang: str | None,
    ) -> None:
        """Port of write-po.c wrap() without indentation or styling (msgcat's defaults)."""
        out = self.out
        startcol_after_break = len(prefix) + 1
        width = (self.page_width if do_wrap else _INT_MAX) - 1 - startcol_after_break
        first_line = True

        prohibited_all: list[int] | None = None
        if fmt_lang is not None and value:
            prohibited_all = _prohibited_positions(
                fmt_lang, value, name.startswith("msgstr"), self.codec
            )

        if "\n" in value[:-1]:
            parts = value.split("\n")
            if parts[-1] == "":
                parts.pop()
                portions = [p + "\n" for p in parts]
            else:
                portions = [p + "\n" for p in parts[:-1]]
                portions.append(parts[-1])
        else:
            portions = [value]
        last = len(portions) - 1
        offset = 0  # offset of the portion in value, to place directive positions
        for idx, portion in enumerate(portions):
            esc = _NEEDS_ESCAPE.sub(_escape_match, portion)
            prohibited: set[int] | None = None
            if prohibited_all:
                prohibited = _map_positions(
                    portion, offset, prohibited_all, len(esc) != len(portion)
                )
            offset += len(portion)

            if not first_line or not esc:
                pieces = self._pieces(esc, 0, width, prohibited)
            else:
                # First line: msgcat starts with 'name ""' when the portion is not the
                # last one or would be broken after 'name "'.  Breaking from column 0
                # first saves a call: if that breaks, breaking later in the line would too.
                startcol = len(name) + 1
                if idx == last and startcol + len(esc) * (1 if esc.isascii() else 2) <= width:
                    pieces = [esc]
                    empty_first = False
                elif idx != last or startcol > width:
                    pieces = self._pieces(esc, 0, width, prohibited)
                    empty_first = True
                else:
                    pieces = self._pieces(esc, 0, width, prohibited)
                    empty_first = len(pieces) > 1 or (
                        len(self._pieces(esc, startcol, width, prohibited)) > 1
                    )
                if empty_first:
                    out.append(f'{prefix}{name} ""\n')
                    first_line = False
            if first_line:
                out.append(f'{prefix}{name} "{pieces[0]}"\n')
                first_line = False
            else:
                out.append(f'{prefix}"{pieces[0]}"\n')
            for piece in pieces[1:]:
                out.append(f'{prefix}"{piece}"\n')


def _byte_offsets(text: str) -> list[int]:
    """UTF-8 byte offset of every character of text (and of its end)."""
    offsets = [0] * (len(text) + 1)
    pos = 0
    for i, ch in enumerate(text):
        offsets[i] = pos
        o = ord(ch)
        pos += 1 if o < 0x80 else 2 if o < 0x800 else 3 if o < 0x10000 else 4
    offsets[len(text)] = pos
    return offsets


def _map_positions(
    portion: str, offset: int, positions: list[int], escaped: bool
) -> set[int] | None:
    """Positions in value (inside directives) to positions in the escaped portion."""
    end = offset + len(portion)
    local = [p - offset for p in positions if offset <= p < end]
    if not local:
        return None
    if not escaped:
        return set(local)
    index = []
    k = 0
    for ch in portion:
        index.append(k)
        k += 2 if ord(ch) in _ESCAPE_TABLE else 1
    return {index[p] for p in local}


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
        for index in sorted(self.formats):
            if self.formats[index] in (_FMT_YES, _FMT_POSSIBLE):
                return _FORMAT_LANGUAGES[index]
        return None


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
        flags = _Flags(flags)
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

    for obsolete_pass in (False, True):
        for entry in catalog:
            if bool(entry.obsolete) != obsolete_pass:
                continue
            msgstrs = _plural_msgstrs(entry)
            msgstr = entry.msgstr or ""
            if obsolete_pass and not (msgstrs[0] if msgstrs is not None else msgstr):
                continue
            if blank:
                out.append("\n")
            blank = True
            # The same entry is written to the POT and to each locale's PO (all alike while
            # untranslated): its whole text is memoized on everything it is made of.
            key = (
                entry.tcomment or "",
                _keeps_empty(entry, "tcomment"),
                entry.comment or "",
                _keeps_empty(entry, "comment"),
                tuple(tuple(o) if isinstance(o, list) else o for o in entry.occurrences or ()),
                tuple(entry.flags or ()),
                _previous(entry),
                entry.msgctxt,
                entry.msgid or "",
                entry.msgid_plural,
                tuple(msgstrs) if msgstrs is not None else None,
                msgstr,
                obsolete_pass,
                width,
                charset,
            )
            _memoized(w, _ENTRY_CACHE, key, partial(_print_entry, w, *key[:-2]))
    return "".join(out)


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
# Reading
# ---------------------------------------------------------------------------

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\s*\[\s*(\d+)\s*\])?(?=[\s\"]|$)")
_STRING = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')
_BLANKS = " \t\f\v\r"
_UNESCAPE = re.compile(r"\\(x[0-9A-Fa-f]+|[0-7]{1,3}|.)")
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "b": "\b",
    "r": "\r",
    "f": "\f",
    "v": "\v",
    "a": "\a",
    "\\": "\\",
    '"': '"',
}
_CHARSET_BYTES = re.compile(rb"charset=([^ \t\n\\\"]*)")
_HEADER_BYTES = re.compile(rb'^[ \t]*msgid[ \t]+""[ \t]*\r?\n', re.MULTILINE)


class _SyntaxError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _unescape(body: str, line: int) -> str:
    if "\\" not in body:
        return body
    high_bytes = False

    def repl(m: re.Match[str]) -> str:
        nonlocal high_bytes
        code = m.group(1)
        simple = _SIMPLE_ESCAPES.get(code)
        if simple is not None:
            return simple
        if code[0] == "x":
            value = int(code[1:], 16)
        elif code[0] in "01234567":
            value = int(code, 8)
        else:
            raise _SyntaxError(f"invalid control sequence '\\{code}'", line)
        if value >= 0x80:
            high_bytes = True
            return chr(0xDC00 + (value & 0xFF))
        return chr(value)

    text = _UNESCAPE.sub(repl, body)
    if high_bytes:
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8")
        except UnicodeError as exc:
            raise _SyntaxError("invalid multibyte sequence in escaped string", line) from exc
    return text


def _strings(rest: str, line: int) -> str:
    """Concatenated value of the string tokens making up rest of a line."""
    pos = 0
    n = len(rest)
    parts: list[str] = []
    while True:
        while pos < n and rest[pos] in _BLANKS:
            pos += 1
        if pos >= n:
            break
        m = _STRING.match(rest, pos)
        if m is None:
            if rest[pos] == '"':
                raise _SyntaxError("end-of-line within string", line)
            raise _SyntaxError(f"syntax error near {rest[pos : pos + 40]!r}", line)
        parts.append(_unescape(m.group(1), line))
        pos = m.end()
    if not parts:
        raise _SyntaxError("missing string", line)
    return "".join(parts)


def _keyword_strings(tail: str, line: int) -> str | None:
    """Strings after a keyword on its line; None when they start on the next line.

    gettext's grammar is made of tokens, not lines, so ``msgid`` alone followed by
    ``"text"`` is valid PO (babel writes it for a long ``#| msgid`` at a narrow width).
    """
    if not tail.strip(_BLANKS):
        return None
    return _strings(tail, line)


def _parse_references(text: str) -> list[tuple[str, str]]:
    """po_parse_comment_filepos() of gettext >= 0.22 (isolates), on all "#:" lines joined.

    Lines are joined so that an isolated name which gettext 0.21 wrapped over two lines
    is read back whole.  A word ending in U+2069 without its U+2068 is how gettext 0.21
    (and our writer) shortens a repeated file name with spaces to its last word: it is
    resolved against the names with spaces read before it.
    """
    result: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    spaced: list[str] = []
    s = text
    n = len(s)
    i = 0

    def add(name: str, line: str) -> None:
        if name.startswith(_ISOLATE_START) or not name.endswith(_ISOLATE_END):
            if " " in name or "\t" in name:
                spaced.append(name)
        elif _ISOLATE_START not in name:
            fragment = name[:-1]
            for candidate in reversed(spaced):
                if candidate.split()[-1] == fragment:
                    name = candidate
                    break
        key = (name, line)
        if key not in seen:
            seen.add(key)
            result.append(key)

    while i < n:
        while i < n and s[i] in " \t\n":
            i += 1
        if i >= n:
            break
        isolated = s[i] == _ISOLATE_START
        if isolated:
            i += 1
            end = s.find(_ISOLATE_END, i)
            if end < 0:
                end = n
                after = n
            else:
                after = end + 1
            name_start, name_end = i, end
            i = after
        else:
            name_start = i
            while i < n and s[i] not in " \t\n":
                i += 1
            name_end = i
        # COLON and NUMBER after the name, separated by optional blanks.
        p = i
        while p < n and s[p] in " \t\n":
            p += 1
        if p < n and s[p] == ":":
            p += 1
            while p < n and s[p] in " \t\n":
                p += 1
            q = p
            while q < n and s[q].isdigit() and s[q].isascii():
                q += 1
            if q > p and (q >= n or s[q] in " \t\n"):
                add(s[name_start:name_end].replace("\n", " "), str(int(s[p:q])))
                i = q
                continue
        if not isolated:
            # NAME: NUMBER
            if name_end > name_start and s[name_end - 1] == ":":
                p = i
                while p < n and s[p] in " \t\n":
                    p += 1
                q = p
                while q < n and s[q].isdigit() and s[q].isascii():
                    q += 1
                if q > p and (q >= n or s[q] in " \t\n"):
                    add(s[name_start : name_end - 1], str(int(s[p:q])))
                    i = q
                    continue
            # NAME:NUMBER
            p = name_end
            while p > name_start and s[p - 1].isdigit() and s[p - 1].isascii():
                p -= 1
            if p < name_end and p > name_start + 1 and s[p - 1] == ":":
                add(s[name_start : p - 1], str(int(s[p:name_end])))
                continue
        add(s[name_start:name_end].replace("\n", " "), "")
    return result


def _flag_tokens(text: str) -> list[str]:
    """Tokens of one "#," line, with "range:" kept together with its value."""
    tokens = [t for t in _FLAG_SEPARATORS.split(text) if t]
    result: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "range:" and i + 1 < len(tokens):
            result.append("range: " + tokens[i + 1])
            i += 2
        else:
            result.append(tokens[i])
            i += 1
    return result


class _Pending:
    """The message being assembled while lines are read."""

    __slots__ = (
        "tcomments",
        "ecomments",
        "refs",
        "flags",
        "prev",
        "prev_field",
        "msgctxt",
        "msgid",
        "msgid_plural",
        "msgstr",
        "plural",
        "field",
        "obsolete",
        "line",
        "first_line",
    )

    def __init__(self) -> None:
        self.tcomments: list[str] = []
        self.ecomments: list[str] = []
        self.refs: list[str] = []
        self.flags: list[str] = []
        self.prev: dict[str, str] = {}
        self.prev_field: str | None = None
        self.msgctxt: str | None = None
        self.msgid: str | None = None
        self.msgid_plural: str | None = None
        self.msgstr: str | None = None
        self.plural: dict[int, str] = {}
        self.field: str | None = None
        self.obsolete: bool | None = None
        self.line = 0
        self.first_line = 0

    def complete(self) -> bool:
        return self.msgstr is not None or bool(self.plural)

    def started(self) -> bool:
        return self.msgctxt is not None or self.msgid is not None


def _parse_lines(text: str, catalog: polib.POFile) -> None:
    entries: list[tuple[_Pending, polib.POEntry]] = []
    cur = _Pending()
    seen: dict[tuple[str | None, str], int] = {}
    # (line, is a "#|" line, keyword) of a keyword whose first string is still to come
    awaiting: tuple[int, bool, str] | None = None

    def finish(lineno: int) -> None:
        nonlocal cur
        if not cur.started():
            return
        if cur.msgid is None:
            raise _SyntaxError("missing 'msgid' section", lineno)
        if not cur.complete():
            raise _SyntaxError("missing 'msgstr' section", cur.line)
        key = (cur.msgctxt, cur.msgid)
        if key in seen:
            raise _SyntaxError(
                f"duplicate message definition (first defined at line {seen[key]})", cur.line
            )
        seen[key] = cur.line
        plural = cur.plural
        entry = polib.POEntry(
            msgid=cur.msgid,
            msgstr=cur.msgstr or "",
            msgid_plural=cur.msgid_plural or "",
            msgstr_plural=plural,
            msgctxt=cur.msgctxt,
            obsolete=bool(cur.obsolete),
            comment="\n".join(cur.ecomments),
            tcomment="\n".join(cur.tcomments),
            occurrences=_parse_references(" ".join(cur.refs)) if cur.refs else [],
            flags=list(cur.flags),
            previous_msgctxt=cur.prev.get("msgctxt"),
            previous_msgid=cur.prev.get("msgid"),
            previous_msgid_plural=cur.prev.get("msgid_plural"),
            linenum=cur.line,
        )
        empty = set()
        if cur.tcomments == [""]:
            empty.add("tcomment")
        if cur.ecomments == [""]:
            empty.add("comment")
        if empty:
            entry._i18nflow_empty_comments = empty
        entries.append((cur, entry))
        cur = _Pending()

    def new_comment(lineno: int) -> None:
        if cur.complete():
            finish(lineno)
        elif cur.started():
            raise _SyntaxError("comment inside a message", lineno)
        if not cur.first_line:
            cur.first_line = lineno

    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    numbers = range(1, len(lines) + 1)
    if "\\\n" in text:
        # gettext's lexer drops backslash-newline everywhere (po-lex.c, lex_getc).
        joined: list[str] = []
        joined_numbers: list[int] = []
        pending_start: int | None = None
        for lineno, raw in enumerate(lines, 1):
            if pending_start is not None:
                joined[-1] = joined[-1][:-1] + raw
            else:
                joined.append(raw)
                joined_numbers.append(lineno)
            pending_start = lineno if joined[-1].endswith("\\") else None
        lines = joined
        numbers = joined_numbers  # type: ignore[assignment]
    for lineno, line in zip(numbers, lines, strict=True):
        stripped = line.lstrip(_BLANKS)
        if not stripped:
            continue
        obsolete = False
        previous = False
        rest = stripped
        if stripped.startswith("#~"):
            obsolete = True
            rest = stripped[2:]
            if rest.startswith("|"):
                previous = True
                rest = rest[1:]
            rest = rest.lstrip(_BLANKS)
            if not rest:
                continue
        elif stripped.startswith("#|"):
            previous = True
            rest = stripped[2:].lstrip(_BLANKS)
        if awaiting is not None:
            if not rest.startswith('"') or previous != awaiting[1]:
                raise _SyntaxError(f"missing string after '{awaiting[2]}'", awaiting[0])
            awaiting = None
        if stripped.startswith("#") and not (obsolete or previous):
            body = stripped[1:]
            new_comment(lineno)
            kind = body[:1]
            if kind == ".":
                body = body[1:]
                cur.ecomments.append(body[1:] if body.startswith(" ") else body)
            elif kind == ":":
                cur.refs.append(body[1:])
            elif kind in (",", "!"):
                cur.flags = _flag_tokens(body[1:])
            else:
                cur.tcomments.append(body[1:] if body.startswith(" ") else body)
            continue

        if previous:
            new_comment(lineno)
            m = _KEYWORD.match(rest)
            if m is not None and m.group(2) is None and m.group(1) != "msgstr":
                field = m.group(1)
                prev_value = _keyword_strings(rest[m.end() :], lineno)
                if prev_value is None:
                    awaiting = (lineno, True, field)
                cur.prev[field] = prev_value or ""
                cur.prev_field = field
            elif rest.startswith('"') and cur.prev_field is not None:
                cur.prev[cur.prev_field] += _strings(rest, lineno)
            else:
                raise _SyntaxError(f"syntax error near {rest[:40]!r} in a '#|' line", lineno)
            continue

        m = None if rest.startswith('"') else _KEYWORD.match(rest)
        if m is None:
            if not rest.startswith('"') or cur.field is None:
                raise _SyntaxError(f"syntax error near {rest[:40]!r}", lineno)
            if cur.obsolete != obsolete:
                raise _SyntaxError("inconsistent use of #~", lineno)
            value = _strings(rest, lineno)
            field = cur.field
            if field == "msgctxt":
                cur.msgctxt = (cur.msgctxt or "") + value
            elif field == "msgid":
                cur.msgid = (cur.msgid or "") + value
            elif field == "msgid_plural":
                cur.msgid_plural = (cur.msgid_plural or "") + value
            elif field == "msgstr":
                cur.msgstr = (cur.msgstr or "") + value
            else:
                index = int(field[7:-1])
                cur.plural[index] += value
            continue

        keyword, index_text = m.group(1), m.group(2)
        first = _keyword_strings(rest[m.end() :], lineno)
        if first is None:
            awaiting = (lineno, False, m.group(0))
        value = first or ""
        if keyword == "msgctxt" or (keyword == "msgid" and index_text is None):
            if cur.complete():
                finish(lineno)
            if keyword == "msgctxt":
                if cur.started():
                    raise _SyntaxError("msgctxt inside a message", lineno)
                cur.msgctxt = value
                cur.obsolete = obsolete
            else:
                if cur.msgid is not None:
                    raise _SyntaxError("missing 'msgstr' section", cur.line)
                if cur.msgctxt is not None and cur.obsolete != obsolete:
                    raise _SyntaxError("inconsistent use of #~", lineno)
                cur.msgid = value
                cur.line = lineno
                cur.obsolete = obsolete
            cur.field = keyword
            cur.prev_field = None
            continue
        if index_text is not None and keyword != "msgstr":
            raise _SyntaxError(f"syntax error near {rest[:40]!r}", lineno)
        if cur.msgid is None or cur.obsolete != obsolete:
            raise _SyntaxError(
                "inconsistent use of #~" if cur.msgid is not None else f"{keyword} without msgid",
                lineno,
            )
        if keyword == "msgid_plural":
            if cur.msgid_plural is not None or cur.complete():
                raise _SyntaxError(f"syntax error near {rest[:40]!r}", lineno)
            cur.msgid_plural = value
            cur.field = keyword
        elif index_text is None:
            if cur.msgid_plural is not None:
                raise _SyntaxError("missing 'msgstr[]' section", lineno)
            if cur.complete():
                raise _SyntaxError(f"syntax error near {rest[:40]!r}", lineno)
            cur.msgstr = value
            cur.field = "msgstr"
        else:
            if cur.msgid_plural is None:
                raise _SyntaxError("missing 'msgid_plural' section", cur.line)
            if cur.msgstr is not None:
                raise _SyntaxError(f"syntax error near {rest[:40]!r}", lineno)
            index = int(index_text)
            if index != len(cur.plural):
                raise _SyntaxError(
                    "first plural form has nonzero index"
                    if not cur.plural
                    else "plural form has wrong index",
                    lineno,
                )
            cur.plural[index] = value
            cur.field = f"msgstr[{index}]"
    if awaiting is not None:
        raise _SyntaxError(f"missing string after '{awaiting[2]}'", awaiting[0])
    finish(text.count("\n") + 1)

    header_done = False
    for pending, entry in entries:
        if not header_done and entry.msgid == "" and entry.msgctxt is None and not entry.obsolete:
            header_done = True
            _install_header(catalog, pending, entry)
            problem = _plural_forms_problem(catalog)
            if problem is not None:
                raise _SyntaxError(problem, _field_line(lines, numbers, pending.line, "Plural-Forms:"))
            continue
        catalog.append(entry)


def _plural_forms_problem(catalog: polib.POFile) -> str | None:
    """Why gettext cannot use the header's Plural-Forms; a syntax error of the file for us.

    ``msgfmt -c`` refuses such a catalog and gettext would pick wrong plural forms; a
    pipeline that rewrote the file would only bury the mistake under its own changes.
    """
    value = catalog.metadata.get("Plural-Forms")
    problem = None if value is None else plural_forms_problem(value)
    return None if problem is None else f"invalid Plural-Forms header: {problem}"


def _field_line(lines: Sequence[str], numbers: Sequence[int], start: int, field: str) -> int:
    """Line of a header field's string; the header's own line when it is not found."""
    for lineno, line in zip(numbers, lines, strict=True):
        if lineno < start:
            continue
        if not line.strip(_BLANKS):
            break
        if field in line:
            return lineno
    return start


def _install_header(catalog: polib.POFile, pending: _Pending, entry: polib.POEntry) -> None:
    """Move the header entry into polib's header/metadata fields, remembering the rest."""
    catalog.header = entry.tcomment
    if pending.tcomments == [""]:
        catalog._i18nflow_empty_header_comment = True
    catalog.metadata_is_fuzzy = "fuzzy" in entry.flags
    metadata: dict[str, str] = {}
    key: str | None = None
    for line in entry.msgstr.split("\n"):
        if not line:
            continue
        if ":" in line:
            key, value = line.split(":", 1)
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    catalog.metadata = metadata
    catalog._i18nflow_header_entry = entry
    catalog._i18nflow_header_msgstr = entry.msgstr
    catalog._i18nflow_header_snapshot = list(metadata.items())


def _decode(data: bytes, path: str | Path) -> tuple[str, str]:
    """Decode file bytes with the header's charset; errors name the offending line."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    m = None
    header = _HEADER_BYTES.search(data)
    if header is not None:
        end = data.find(b"\n\n", header.end())
        m = _CHARSET_BYTES.search(data, header.end(), len(data) if end < 0 else end)
    declared = m.group(1).decode("ascii", "replace") if m else ""
    canonical = _canonical_charset(declared) if declared else None
    if not declared or declared == "CHARSET" or canonical in ("ASCII", "UTF-8"):
        codec = "utf-8"
    else:
        try:
            codec = codecs.lookup(canonical or declared).name
        except LookupError:
            line = data.count(b"\n", 0, m.start()) + 1 if m else None
            raise CatalogError(
                f"unknown charset {declared!r}: cannot decode the file", path=path, line=line
            ) from None
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        what = "invalid UTF-8" if codec == "utf-8" else f"invalid {declared} byte sequence"
        raise CatalogError(f"{what} (byte 0x{data[exc.start]:02x})", path=path, line=line) from None


def parse_po_text(text: str, path: str | Path = "<string>") -> polib.POFile:
    """Parse PO/POT text into a polib catalog; syntax errors raise CatalogError with the line.

    The header entry becomes ``catalog.header`` (its translator comment),
    ``catalog.metadata`` (in file order) and ``catalog.metadata_is_fuzzy``.  Like msgcat,
    a later ``#,`` line of an entry replaces the flags of an earlier one.  Duplicate
    msgctxt+msgid pairs (active or obsolete) are an error, as they are for gettext.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    catalog = polib.POFile(encoding="utf-8", wrapwidth=79)
    catalog.fpath = None if str(path) == "<string>" else str(path)
    try:
        _parse_lines(text, catalog)
    except _SyntaxError as exc:
        raise CatalogError(exc.message, path=path, line=exc.line) from None
    return catalog


def read_po(path: str | Path) -> polib.POFile:
    """Parse a PO/POT file; every problem is a CatalogError naming the file and line."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read catalog: {exc.strerror or exc}", path=path) from None
    text, codec = _decode(data, path)
    catalog = parse_po_text(text, path)
    catalog.encoding = codec
    catalog.fpath = str(path)
    return catalog


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
    """The file's bytes: msgcat's text of the catalog in the charset its header declares.

    A translator's editor may save a catalog in a legacy charset such as ISO-8859-1;
    writing it back in that charset keeps the header true (UTF-8 bytes under a Latin-1
    header read back as mojibake and lose their translations).  When the text holds a
    character that charset lacks (a new msgid from a post), the catalog switches to UTF-8,
    header included, as msgmerge does, rather than being refused forever.  No declared
    charset means UTF-8, as for every catalog we create.
    """
    text = format_po(catalog, width)
    try:
        return text.encode(_python_codec(_header_charset(_header_msgstr_or_none(catalog))))
    except UnicodeEncodeError:
        _declare_utf8(catalog)
        return format_po(catalog, width).encode("utf-8")


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


def write_po(catalog: polib.POFile, path: str | Path) -> bool:
    """Write the catalog as msgcat would, only if the bytes differ; True when written.

    Skipping identical content keeps file modification times (and so build tools and
    editors) quiet when nothing changed.  The bytes are :func:`po_bytes`: in the header's
    charset, or UTF-8 (and the header says so) when that charset cannot hold the text.
    """
    target = Path(path)
    data = po_bytes(catalog)
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
