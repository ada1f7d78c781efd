"""Where msgcat may break a line: libunistring's UAX #14 breaker through ctypes, or an approximation.

The very library gettext links gives identical break points; the pure-Python approximation is used
only where libunistring cannot be loaded.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
import unicodedata
from typing import Any

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
