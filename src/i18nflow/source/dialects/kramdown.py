"""Jekyll's kramdown (with its GFM parser) and the Liquid that runs before it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from i18nflow.source.dialects import deflist, kramdown_blocks, kramdown_paragraphs, liquid, math
from i18nflow.source.dialects.base import Dialect
from i18nflow.source.dialects.goldmark import goldmark_id
from i18nflow.source.dialects.masking import Span

# a definition, a block IAL or extension, an abbreviation definition
_LINE_STARTS = re.compile(r":[ \t]|\{[:#.]|\*\[")


# what a pipe may stand in without making a table row: code spans, escapes, Liquid, math
_CODE_OR_PIPE = re.compile(r"(`+)(?:.*?[^`])?\1(?!`)|\{\{.*?\}\}|\{%.*?%\}|\$\$.*?\$\$|\\.|\|")


def escape_line(line: str) -> str:
    """A translated line that would open a kramdown block, escaped the way kramdown unescapes;
    its pipes too, in any kind of entry (a footnote's or a heading's line is a table row to
    kramdown when it holds one, at the start of a container)."""
    if line.rstrip() == "^":
        return "&#94;" + line[1:]  # the end-of-block marker; kramdown has no \^ escape
    if "|" in line:
        line = _CODE_OR_PIPE.sub(lambda m: "\\|" if m.group() == "|" else m.group(), line)
    return "\\" + line if _LINE_STARTS.match(line) else line


_MATH_BLOCK = re.compile(r"\$\$[ \t]*\r?\n")


def math_but_pipes(text: str, code: list[Span]) -> Iterator[Span]:
    """Math, masked but for the pipes of math inside a line: kramdown's table parser splits
    ``$$|x|$$`` and ``\\[ |z| \\]`` at them (Jekyll 4.3 makes a one-line paragraph of either a
    table row), so a line that holds one is a table line; a ``$$`` block on lines of its own is
    math to kramdown before it is a table."""
    for start, end in math.display_math(text, code):
        if "|" not in text[start:end] or _MATH_BLOCK.match(text, start):
            yield start, end
            continue
        pos = start
        for index in range(start, end):
            if text[index] == "|":
                if pos < index:
                    yield pos, index
                pos = index + 1
        if pos < end:
            yield pos, end


DIALECT = Dialect(
    name="kramdown",
    masks=(liquid.code_bodies, liquid.tags, kramdown_blocks.extensions, math_but_pipes, kramdown_blocks.code_pipes),
    calls=(liquid.tags, math.display_math),
    blocks=(
        kramdown_paragraphs.paragraphs,
        kramdown_blocks.ial_lines,
        kramdown_blocks.tables,
        deflist.definition_lists,
        kramdown_blocks.markdown_html,
    ),
    # Jekyll reads kramdown with its GFM parser, whose ids are GitHub's (as goldmark's):
    # "Hello, World_1 & Ünïcode" → "hello-world_1--ünïcode"; kramdown's own would drop the Ü
    heading_id=goldmark_id,
    escape_line=escape_line,
)
