"""Masking: replace a builder's code and markup by a neutral character, offsets unchanged.

The mask character is in Unicode's private use area: not a letter (so nothing masked is ever
offered as text), not punctuation or whitespace (so it opens no block and no inline markup).
Line breaks are kept, so line numbers and the line structure around a mask stay the source's.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

MASK = "\ue000"
# what is masked: a span's lines, less their breaks and the indentation of each line after the
# first (it places those lines in their list item or blockquote, as in the source)
_MASKED = re.compile(r"[^\r\n]+")
_FENCE = re.compile(r"^(?:[ \t]*>)*[ \t]*(?:[-+*]|\d{1,9}[.)])?[ \t]*(`{3,}|~{3,})", re.M)

Span = tuple[int, int]
_Rule = TypeVar("_Rule", bound=Callable[..., object])


def mask(text: str, spans: Iterable[Span]) -> str:
    """``text`` with every character of ``spans`` replaced by :data:`MASK`, except line breaks and
    the indentation of the span's lines after its first."""
    parts: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        parts.append(text[pos:start])
        parts.append(_MASKED.sub(_mask_line, text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _mask_line(match: re.Match[str]) -> str:
    line = match.group()
    if match.start() == 0 or match.string[match.start() - 1] not in "\r\n":
        return MASK * len(line)
    body = line.lstrip(" \t")
    return line[: len(line) - len(body)] + MASK * len(body)


def is_masked_line(line: str) -> bool:
    """A line made only of masked characters (and blanks): markup, never text."""
    stripped = line.strip()
    return bool(stripped) and not stripped.strip(MASK + " \t")


def code_blind(rule: _Rule) -> _Rule:
    """Mark a mask rule that never looks at the code spans it is given (Liquid is read inside
    code too): :meth:`Dialect.mask` need not find them for a dialect whose rules all are."""
    setattr(rule, "code_blind", True)  # noqa: B010 - an attribute of a function
    return rule


def is_code_blind(rule: Callable[..., object]) -> bool:
    return bool(getattr(rule, "code_blind", False))


def code_spans(text: str) -> list[Span]:
    """Fenced code blocks and inline code spans: where math and kramdown syntax mean nothing.

    A light scanner (fences by their opening run, code spans by equal backtick runs on one
    paragraph), enough to keep ``$$`` inside ``\\`$$\\``` or a TeX sample in a fence from
    being read as math.
    """
    spans: list[Span] = []
    pos = 0
    while True:
        fence = _FENCE.search(text, pos)
        if fence is None:
            break
        run = fence.group(1)
        closer = re.compile(rf"^(?:[ \t]*>)*[ \t]*{re.escape(run[0])}{{{len(run)},}}[ \t]*$", re.M)
        line_end = text.find("\n", fence.end())
        if line_end < 0:
            spans.append((fence.start(1), len(text)))
            break
        close = closer.search(text, line_end + 1)
        end = close.end() if close else len(text)
        spans.append((fence.start(1), end))
        pos = end
    spans.extend(_inline_code(text, spans))
    return sorted(spans)


_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")


def _inline_code(text: str, fences: list[Span]) -> Iterator[Span]:
    """Backtick runs paired with the next run of the same length in the same paragraph."""
    runs = [(m.start(), m.end()) for m in re.finditer(r"`+", text)]
    index = 0
    while index < len(runs):
        start, end = runs[index]
        if inside(start, fences) or (start and text[start - 1] == "\\"):
            index += 1
            continue
        for other in range(index + 1, len(runs)):
            close_start, close_end = runs[other]
            if _BLANK_LINE.search(text, end, close_start):
                break
            if close_end - close_start == end - start:
                yield start, close_end
                index = other
                break
        index += 1


def inside(offset: int, spans: list[Span]) -> bool:
    """True when ``offset`` falls in one of ``spans`` (sorted, not overlapping)."""
    at = bisect.bisect_right(spans, (offset, len_max)) - 1
    return at >= 0 and spans[at][0] <= offset < spans[at][1]


len_max = 1 << 62


def outside(matches: Iterable[re.Match[str]], spans: list[Span]) -> Iterator[Span]:
    """Match spans that do not start inside any of ``spans`` (code, usually)."""
    for match in matches:
        if not inside(match.start(), spans):
            yield match.start(), match.end()
