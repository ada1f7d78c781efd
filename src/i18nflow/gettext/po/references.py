"""The file references of an entry ("#:" lines), read as gettext's reader reads them."""

from __future__ import annotations

import re

from i18nflow.gettext.po.writer import _ISOLATE_END, _ISOLATE_START

# One NAME:NUMBER and blanks around it: a name without blanks, isolates, or a leading colon.
_ONE_REFERENCE = re.compile("[ \t\n]*([^\\s\u2068\u2069:][^\\s\u2068\u2069]*):([0-9]+)[ \t\n]*")


def parse_references(text: str) -> list[tuple[str, str]]:
    """:func:`scan_references`, at once for the one reference most entries have (``post.md:12``)."""
    simple = _ONE_REFERENCE.fullmatch(text)
    if simple is not None:
        return [(simple.group(1), str(int(simple.group(2))))]
    return scan_references(text)


def scan_references(text: str) -> list[tuple[str, str]]:
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
                if candidate.split()[-1:] == [fragment]:  # a name of blanks only has no last word
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
            p, q = _number(s, p + 1, n)
            if q > p:
                add(s[name_start:name_end].replace("\n", " "), str(int(s[p:q])))
                i = q
                continue
        if not isolated:
            # NAME: NUMBER
            if name_end > name_start and s[name_end - 1] == ":":
                p, q = _number(s, i, n)
                if q > p:
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


def _number(s: str, p: int, n: int) -> tuple[int, int]:
    """(start, end) of the line number after blanks at ``p``: ASCII digits followed by a blank
    or the end (gettext's ``NUMBER``); end == start when there is none."""
    while p < n and s[p] in " \t\n":
        p += 1
    q = p
    while q < n and s[q].isdigit() and s[q].isascii():
        q += 1
    return (p, q) if q > p and (q >= n or s[q] in " \t\n") else (p, p)
