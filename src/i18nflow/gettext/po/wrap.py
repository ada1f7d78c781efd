"""gettext's ``wrap()``: one keyword and its string, split into lines exactly as msgcat does."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from i18nflow.gettext.po.charsets import _python_codec
from i18nflow.gettext.po.directives import _byte_offsets, _prohibited_positions
from i18nflow.gettext.po.linebreaks import (
    _INT_MAX,
    _UC_BREAK_PROHIBITED,
    _UNISTRING,
    _python_breaks,
)

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
_LIMIT = 50_000


def _memoized(w: _Writer, cache: dict[tuple[object, ...], str], key: tuple[object, ...], write: Any) -> None:
    """Append what ``write()`` appends to ``w.out``, computing it only the first time for ``key``."""
    cached = cache.get(key)
    if cached is None:
        start = len(w.out)
        write()
        cached = "".join(w.out[start:])
        del w.out[start:]
        if len(cache) > _LIMIT:
            cache.clear()
        cache[key] = cached
    w.out.append(cached)




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
        """wrap() with a memo: the same msgid is written to the POT and to every locale's PO.

        A one-line value with nothing to escape that fits after its keyword is written at once:
        that is what :meth:`_wrap` gives it (no break, so no directive to protect either), and
        most entries are such (a table cell, a title), for which the memo cost more than the line."""
        if "\n" not in value and not _NEEDS_ESCAPE.search(value):
            room = (self.page_width if do_wrap else _INT_MAX) - 2 - len(prefix) - len(name) - 1
            if len(value) * (1 if value.isascii() else 2) <= room:
                self.out.append(f'{prefix}{name} "{value}"\n')
                return
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
