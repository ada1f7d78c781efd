"""Format directives (``%s``, ``%(name)s``, ``{0}``) that msgcat never breaks a line inside.

gettext's own parsers from libgettextsrc are called through ctypes where available; C and Python
formats have a port here for when it is not.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from collections.abc import Callable

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
