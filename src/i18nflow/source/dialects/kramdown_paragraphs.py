"""Where kramdown's paragraphs end, where CommonMark's would not (both seen in Jekyll's output).

- A setext heading is one line of text and an underline at the line start right under it
  (kramdown's ``SETEXT_HEADER_START``). ``a`` / ``b`` / ``---`` is one paragraph whose last
  line is a dash, not the heading ``a b``; a translated setext heading is written on one line.
- A thematic break does not end a paragraph (``para`` / ``***`` is one paragraph) unless its
  line also starts a list item (``* * *``), which kramdown's GFM parser checks first.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, hr, lheading

_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*")
_LIST_START = re.compile(r"[-+*][ \t]+\S")


def _text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def one_line_setext(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's setext rule, for a text line directly over an unindented underline."""
    under = start + 1
    if under >= end or state.sCount[under] != state.blkIndent or not _UNDERLINE.fullmatch(_text(state, under)):
        return False
    return lheading(state, start, under + 1, silent)


def rule_in_paragraph(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's thematic break, which ends a paragraph only where a list item would."""
    if silent and state.parentType == "paragraph" and not _LIST_START.match(_text(state, start)):
        return False
    return hr(state, start, end, silent)


def paragraphs(md: MarkdownIt) -> None:
    """Replace markdown-it's setext heading and thematic break rules with kramdown's readings."""
    md.block.ruler.at("lheading", one_line_setext)
    md.block.ruler.at("hr", rule_in_paragraph, {"alt": ["paragraph", "reference", "blockquote", "list"]})
