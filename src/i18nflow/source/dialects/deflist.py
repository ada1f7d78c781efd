"""Definition lists as kramdown reads them: every line of the paragraph before ``:`` is a term.

mdit-py-plugins' deflist (pandoc's syntax) takes one line as the term and wants the marker on
the very next line; kramdown ("each line of the preceding paragraph is assumed to be a term")
makes ``Term one`` / ``Term two`` / ``: Definition`` two ``<dt>`` and one ``<dd>``. With the
plugin such a list was one paragraph: its ``:`` line went into the paragraph's msgid, render
escaped it as a translated line that would open a definition, and the page lost its list.

Inside a list item the ``:`` line may be lazy (not indented), as kramdown's list items take any
line that continues a paragraph. The definition's own content is parsed as the plugin parses
it (indented or lazy lines, several ``:`` definitions for one set of terms).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.ruler import RuleOptionsType
from markdown_it.rules_block import StateBlock


def _marker(state: StateBlock, line: int) -> int:
    """After ``:`` and a space or tab (kramdown's definition marker), or -1."""
    if state.sCount[line] - state.blkIndent >= 4 and state.sCount[line] >= state.blkIndent:
        return -1
    start = state.bMarks[line] + state.tShift[line]
    end = state.eMarks[line]
    if start + 1 >= end or state.src[start] != ":" or state.src[start + 1] not in " \t":
        return -1
    pos = state.skipSpaces(start + 1)
    return start + 1 if pos < end else -1  # no empty definitions


def _terms_end(state: StateBlock, start: int, end: int) -> tuple[int, int] | None:
    """``(first line after the terms, the marker line)`` when the paragraph starting at ``start``
    is followed by a definition (a blank line may stand between), else None."""
    if state.isEmpty(start) or _marker(state, start) >= 0:
        return None
    terminators = state.md.block.ruler.getRules("paragraph")
    line = start + 1
    while line < end:
        if state.isEmpty(line):
            following = line + 1
            if following < end and not state.isEmpty(following) and _marker(state, following) >= 0:
                return line, following
            return None
        if _marker(state, line) >= 0:
            if state.sCount[line] < state.blkIndent and state.ddIndent >= 0:
                return None  # a lazy marker inside a definition is that list's next definition
            return line, line
        if 0 <= state.sCount[line] and state.sCount[line] - state.blkIndent <= 3:
            old = state.parentType
            state.parentType = "paragraph"
            stops = any(rule(state, line, end, True) for rule in terminators)
            state.parentType = old
            if stops:
                return None  # the paragraph ends before any marker: no definition list
        line += 1
    return None


def definition_list_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    if silent:
        # another definition interrupting a definition's paragraph (the plugin's own quirk)
        return state.ddIndent >= 0 and _marker(state, start) >= 0
    found = _terms_end(state, start, state.lineMax)
    if found is None:
        return False
    terms_end, dd_line = found
    dl = state.push("dl_open", "dl", 1)
    dl.map = lines = [start, 0]
    tight = True
    index = len(state.tokens) - 1
    while True:
        for term in range(start, terms_end):
            state.push("dt_open", "dt", 1).map = [term, term + 1]
            inline = state.push("inline", "", 0)
            inline.map = [term, term + 1]
            inline.content = state.getLines(term, term + 1, state.blkIndent, False).strip()
            inline.children = []
            state.push("dt_close", "dt", -1)
        next_line, loose = _definitions(state, dd_line, state.lineMax)
        tight = tight and not loose and terms_end == dd_line
        if next_line >= state.lineMax or state.sCount[next_line] < state.blkIndent:
            break
        following = next_line + 1 if state.isEmpty(next_line) else next_line
        if following >= state.lineMax or state.sCount[following] < state.blkIndent:
            break
        found = _terms_end(state, following, state.lineMax)
        if found is None:
            break
        start = following
        terms_end, dd_line = found
    state.push("dl_close", "dl", -1)
    lines[1] = state.line = next_line
    if tight:
        _mark_tight(state, index)
    return True


def _definitions(state: StateBlock, dd_line: int, end: int) -> tuple[int, bool]:
    """The ``:`` definitions from ``dd_line`` on; the line after them, and whether one ended
    with a blank line (a loose list)."""
    loose = False
    content = _marker(state, dd_line)
    while True:
        dd = state.push("dd_open", "dd", 1)
        dd.map = item = [dd_line, 0]
        pos = content
        offset = max(state.sCount[dd_line], 0) + content - (state.bMarks[dd_line] + state.tShift[dd_line])
        while pos < state.eMarks[dd_line] and state.src[pos] in " \t":
            offset += 4 - offset % 4 if state.src[pos] == "\t" else 1
            pos += 1
        saved = (state.tight, state.ddIndent, state.blkIndent, state.tShift[dd_line], state.sCount[dd_line],
                 state.parentType)
        # kramdown: the definition's content starts at its text, however far after the ":"
        # (":     text" is text, where the plugin's indent of 2 made it an indented code block)
        state.blkIndent = state.ddIndent = offset
        state.tShift[dd_line] = pos - state.bMarks[dd_line]
        state.sCount[dd_line] = offset
        state.tight = True
        state.parentType = "deflist"
        state.md.block.tokenize(state, dd_line, end)
        loose = loose or not state.tight or ((state.line - dd_line) > 1 and state.isEmpty(state.line - 1))
        (state.tight, state.ddIndent, state.blkIndent, state.tShift[dd_line], state.sCount[dd_line],
         state.parentType) = saved
        state.push("dd_close", "dd", -1)
        item[1] = next_line = state.line
        if next_line >= end or state.sCount[next_line] < state.blkIndent:
            return next_line, loose
        content = _marker(state, next_line)
        if content < 0:
            return next_line, loose
        dd_line = next_line


def _mark_tight(state: StateBlock, index: int) -> None:
    level = state.level + 2
    for position in range(index + 2, len(state.tokens) - 2):
        token = state.tokens[position]
        if token.level == level and token.type == "paragraph_open":
            token.hidden = state.tokens[position + 2].hidden = True


def definition_lists(md: MarkdownIt) -> None:
    """kramdown's definition lists, before the paragraph rule (whose lines become the terms)
    and before kramdown's tables: ``A | b`` / ``: def`` is a term with a pipe, not a row."""
    alt: RuleOptionsType = {"alt": ["paragraph", "reference", "blockquote"]}
    names = [rule.name for rule in md.block.ruler.__rules__]
    before = "kramdown_table" if "kramdown_table" in names else "paragraph"
    md.block.ruler.before(before, "kramdown_deflist", definition_list_rule, alt)
