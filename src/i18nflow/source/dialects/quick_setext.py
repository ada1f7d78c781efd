"""markdown-it-py's setext heading rule, skipped where no line could underline a heading.

``lheading`` runs before the paragraph rule on every paragraph's first line and walks the
lines under it, asking the paragraph's terminator chain at each one whether it ends the
paragraph, to find an underline (``===`` or ``---``, then only spaces): work the paragraph
rule then does again. It can only succeed where a line under the first one, before a blank
line, ends with ``=`` or ``-`` and spaces; one C-speed search of the text's such line ends
(made once per text) and one search for a blank line tell, and the rule runs only then.

Where it fails, markdown-it's rule leaves ``state.parentType`` set to ``"paragraph"`` (it
returns before putting the old value back) unless the line is indented code; the skipped rule
does the same, so the state is the one markdown-it leaves. The terminator rules it would have
asked are asked silently, which changes nothing.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, lheading

from i18nflow.source.dialects.block_dispatch import same_starts_as

# the end of a line whose last character but spaces and tabs is an underline's
_UNDERLINE_END = re.compile(r"[-=][ \t]*$", re.MULTILINE)
# a blank line (only spaces and tabs): the setext rule stops there, as a paragraph does
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def may_underline(state: StateBlock, start: int, end: int) -> bool:
    """Whether a line after ``start``, before ``end`` and the next blank line, ends as an
    underline would."""
    under = start + 1
    if under >= end or state.isEmpty(under):
        return False  # markdown-it's rule looks at no line (the usual paragraph of one line)
    after, limit = state.eMarks[start], state.eMarks[end - 1]
    blank = _BLANK_LINE.search(state.src, after, limit)
    return _UNDERLINE_END.search(state.src, after, limit if blank is None else blank.start()) is not None


def quick_setext(md: MarkdownIt) -> None:
    """Put :func:`lheading` in place of markdown-it's own (if the parser has it)."""
    found = next((rule for rule in md.block.ruler.__rules__ if rule.name == "lheading"), None)
    if found is None or found.fn is not lheading:
        return
    original = found.fn

    def setext(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if may_underline(state, start, end):
            return bool(original(state, start, end, silent))
        if state.is_code_block(start):
            return False
        state.parentType = "paragraph"  # as markdown-it's rule leaves it when it finds none
        return False

    md.block.ruler.at("lheading", setext, {"alt": list(found.alt)})
    same_starts_as(setext, original)
