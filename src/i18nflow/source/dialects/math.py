"""Math as the builders pass it to MathJax/KaTeX: ``$$…$$``, ``\\[…\\]``, ``\\(…\\)``, ``$…$``,
and LaTeX environments (``\\begin{equation}…\\end{equation}``), which MathJax finds anywhere.

Never text: masked (a block of math alone is not offered) and kept byte for byte by render.
Inside code it is not math (``\\`$$\\``` is a code span about the delimiter).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from i18nflow.source.dialects.masking import Span, inside, outside

# display math may hold blank lines when its delimiters stand on lines of their own
_DISPLAY_BLOCK = re.compile(r"^[ \t]*\$\$[ \t]*\r?\n.*?\$\$", re.M | re.S)
_NO_BLANK = r"(?:(?!\n[ \t]*\r?\n).)"
_DISPLAY = re.compile(rf"\$\${_NO_BLANK}+?\$\$", re.S)
_BRACKETS = re.compile(rf"\\\\?\[{_NO_BLANK}+?\\\\?\]|\\\\?\({_NO_BLANK}+?\\\\?\)", re.S)
# a LaTeX environment, which MathJax typesets wherever it stands (``processEnvironments``)
_ENVIRONMENT_EDGE = re.compile(r"\\(begin|end)\{([A-Za-z]+\*?)\}")
_DOLLAR = re.compile(r"(?<![\\$\w])\$(?![\s$])[^$\n]+?(?<![\s\\])\$(?![\w$])")


def display_math(text: str, code: list[Span]) -> Iterator[Span]:
    """``$$…$$`` (kramdown's math, inline or block) and ``\\[…\\]``/``\\(…\\)`` (MathJax's)."""
    seen: list[Span] = []
    for span in outside(_DISPLAY_BLOCK.finditer(text), code):
        seen.append(span)
        yield span
    for span in outside(_DISPLAY.finditer(text), code):
        if not any(s <= span[0] < e for s, e in seen):
            yield span
    for span in outside(_BRACKETS.finditer(text), code):
        if looks_like_math(text[span[0] : span[1]]) and not any(s <= span[0] < e for s, e in seen):
            seen.append(span)
            yield span
    if "\\begin{" in text:
        for span in _environments(text, code):
            if not any(s <= span[0] < e for s, e in seen):
                yield span


def _environments(text: str, code: list[Span]) -> Iterator[Span]:
    """The outermost ``\\begin{x}…\\end{x}`` pairs, in one pass (a regex with a backreference
    rescans the rest of the text from every unclosed ``\\begin``)."""
    stack: list[tuple[str, int]] = []
    for edge in _ENVIRONMENT_EDGE.finditer(text):
        if inside(edge.start(), code):
            continue  # `\\begin{x}` in a code span is about the command, not math
        kind, name = edge.groups()
        if kind == "begin":
            stack.append((name, edge.start()))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == name:
                start = stack[depth][1]
                del stack[depth:]
                if not stack:
                    yield start, edge.end()
                break


def dollar_math(text: str, code: list[Span]) -> Iterator[Span]:
    """``$…$`` inline math, on sites that enable it (a price such as ``$5`` is not math)."""
    yield from outside(_DOLLAR.finditer(text), code)


_DELIMITERS = re.compile(r"^\\\\?[\[(]|\\\\?[\])]$")


def looks_like_math(span: str) -> bool:
    """``\\[x\\]`` could be an escaped link text: math has a backslash command, ``^``, ``_`` or ``=``."""
    inner = _DELIMITERS.sub("", span)  # only the delimiters: "\\[\\alpha\\]" keeps "\\alpha"
    return bool(re.search(r"\\[A-Za-z]+|[\^_=+]|^[A-Za-z0-9 ]{1,3}$", inner))
