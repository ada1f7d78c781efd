"""Liquid (Jekyll): tags and output are markup; raw/highlight/comment bodies are code.

Liquid runs before kramdown, on every line, but a block tag opens a code body only where a
post author writes it as a block: at the start of a line. ``\\`{% highlight %}\\``` inside a
code span in a blockquote is a code span about the tag, not a block that hides the rest of
the post. ``{% capture %}`` bodies are text (they are printed later) and stay Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from i18nflow.source.dialects.masking import Span, code_blind

CODE_BODIES = ("raw", "highlight", "comment", "codeblock")
_OPENER = re.compile(
    r"^(?:[ \t]*>)*[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?\{%-?\s*(" + "|".join(CODE_BODIES) + r")\b.*?-?%\}",
    re.M,
)
_NO_BLANK = r"(?:(?!\n[ \t]*\r?\n).)"
_TAG = re.compile(rf"\{{%{_NO_BLANK}*?%\}}|\{{\{{{_NO_BLANK}*?\}}\}}", re.S)


@code_blind
def code_bodies(text: str, code: list[Span]) -> Iterator[Span]:
    """``{% raw %}…{% endraw %}`` and the like, opened at the start of a line."""
    pos = 0
    while True:
        opener = _OPENER.search(text, pos)
        if opener is None:
            return
        name = opener.group(1)
        closer = re.compile(rf"\{{%-?\s*end{name}\s*-?%\}}").search(text, opener.end())
        start = text.rfind("{%", 0, opener.start(1))
        end = closer.end() if closer else len(text)
        yield start, end
        pos = end


@code_blind
def tags(text: str, code: list[Span]) -> Iterator[Span]:
    """Every ``{% … %}`` and ``{{ … }}``: Liquid reads them in code spans and fences too."""
    for match in _TAG.finditer(text):
        yield match.start(), match.end()
