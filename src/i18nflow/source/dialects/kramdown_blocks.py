"""kramdown's own block syntax, as markdown-it block rules and mask rules.

- ``{::comment}…{:/comment}``, ``{::nomarkdown}…{:/nomarkdown}``, ``{::options … /}``: masked.
- A block attribute list on a line of its own (``{: style="width: 40%"}``) ends the paragraph
  before it and is a block of its own: ``![Net](/a.png)`` / ``{: …}`` / ``*Fig 1.*`` is an
  image paragraph, an IAL and a caption paragraph, as kramdown reads it.
- Definition lists (``Term`` / ``: Definition``): mdit-py-plugins' deflist, the same syntax.
- Tables: kramdown starts a table at any block whose first line starts with ``|`` or holds an
  unescaped ``|``, with or without a delimiter row; ``|----`` lines are rules, ``|====`` a footer
  rule. Each row is a row, each cell an entry.
- Abbreviation definitions (``*[CSS]: Cascading Style Sheets``) are blocks of their own, kept.
- ``<div markdown="1">`` (``"block"``, ``"span"``): the tags are HTML, what is between is Markdown
  (lists, code fences), not the text of one HTML block, also where the tag's line follows other
  HTML (``<details>`` / ``<summary>`` / ``<div markdown="1">``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.ruler import RuleOptionsType
from markdown_it.rules_block import StateBlock, html_block
from markdown_it.token import Token

from i18nflow.source.dialects.masking import Span

_EXTENSION = re.compile(
    r"\{::(comment|nomarkdown)\b[^}]*?(?:/\}|\}.*?\{:/(?:\1)?\})|\{::options\b[^}]*\}", re.S
)
IAL_LINE = re.compile(r"^[ \t]{0,3}\{:?[:#.][^{}\n]*\}[ \t]*$")


def extensions(text: str, code: list[Span]) -> Iterator[Span]:
    """``{::comment}…{:/comment}`` and the like; ``\\{::comment}`` is escaped, plain text."""
    pos = 0
    while (match := _EXTENSION.search(text, pos)) is not None:
        start = match.start()
        backslashes = start - len(text[:start].rstrip("\\"))
        if backslashes % 2 or any(s <= start < e for s, e in code):
            pos = start + 1  # not an extension: one may still open inside what it matched
            continue
        yield start, match.end()
        pos = match.end()


def ial_line_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A block IAL line: a block of its own, which also ends a paragraph."""
    line = state.src[state.bMarks[start] + state.tShift[start] - min(state.tShift[start], 3) : state.eMarks[start]]
    if state.sCount[start] - state.blkIndent >= 4 or not IAL_LINE.match(line):
        return False
    if silent:
        return True
    token = state.push("kramdown_ial", "", 0)
    token.map = [start, start + 1]
    token.content = line.strip()
    state.line = start + 1
    return True


def end_of_block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """kramdown's end-of-block marker: ``^`` alone on a line ends the block before it."""
    if state.sCount[start] - state.blkIndent >= 4 or _line(state, start).strip() != "^":
        return False
    if not silent:
        state.push("kramdown_eob", "", 0).map = [start, start + 1]
        state.line = start + 1
    return True


def ial_lines(md: MarkdownIt) -> None:
    """Block IAL lines and ``^`` markers: blocks of their own, which end a paragraph."""
    alt: RuleOptionsType = {"alt": ["paragraph", "reference", "blockquote", "list"]}
    md.block.ruler.before("table", "kramdown_ial", ial_line_rule, alt)
    md.block.ruler.before("table", "kramdown_eob", end_of_block_rule, alt)
    md.block.ruler.before("table", "kramdown_abbreviation", abbreviation_rule, alt)


_TABLE_LINE = re.compile(r"^[ \t]{0,3}(?:\||.*?[^\\\n]\|)")
_CODE_SPAN = re.compile(r"(`+)(?:.*?[^`])?\1(?!`)")


def _is_table_line(line: str) -> bool:
    r"""A pipe outside code spans (kramdown's GFM parser reads ``\`a|b\``` as code, not a row)."""
    return "|" in line and bool(_TABLE_LINE.match(_CODE_SPAN.sub("", line)))


_RULE_LINE = re.compile(r"^[ \t]{0,3}[|+][ \t]*:?[-=]+[-=:|+ \t]*$")


def table_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """kramdown's table: consecutive lines that start with, or contain, an unescaped pipe,
    after a block boundary."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    line = _line(state, start)
    if not _is_table_line(line) or not _after_block_boundary(state, start):
        return False
    if silent:
        return True
    last = start
    while last + 1 < end and not state.isEmpty(last + 1) and state.sCount[last + 1] - state.blkIndent < 4:
        if not _is_table_line(_line(state, last + 1)):
            break
        last += 1
    table = state.push("table_open", "table", 1)
    table.map = [start, last + 1]
    body = state.push("tbody_open", "tbody", 1)
    body.map = [start, last + 1]
    for number in range(start, last + 1):
        row = _line(state, number)
        if _RULE_LINE.match(row):
            rule = state.push("kramdown_table_rule", "", 0)
            rule.map = [number, number + 1]
            continue
        state.push("tr_open", "tr", 1).map = [number, number + 1]
        for cell in _cells(row):
            state.push("td_open", "td", 1).map = [number, number + 1]
            inline = state.push("inline", "", 0)
            inline.content = cell
            inline.map = [number, number + 1]
            inline.children = []
            state.push("td_close", "td", -1)
        state.push("tr_close", "tr", -1)
    state.push("tbody_close", "tbody", -1)
    state.push("table_close", "table", -1)
    state.line = last + 1
    return True


def _after_block_boundary(state: StateBlock, start: int) -> bool:
    """kramdown's ``after_block_boundary?``: a table starts only after a blank line, at the
    start of its container, or after a block IAL or ``^``; right under a heading, a rule or a
    fence the line is a paragraph (``### T`` / ``a **|b**`` has no table in Jekyll's output)."""
    if start == 0 or state.isEmpty(start - 1) or not state.tokens:
        return True
    last = state.tokens[-1]
    if last.nesting == 1 or last.type in ("kramdown_ial", "kramdown_eob"):
        return True
    return last.type == "html_block" and bool(_MARKDOWN_HTML.match(last.content.strip()))


def _line(state: StateBlock, number: int) -> str:
    return state.src[state.bMarks[number] + state.tShift[number] : state.eMarks[number]]


def _cells(row: str) -> list[str]:
    """A row's cells, split on unescaped pipes (the outer ones optional)."""
    text = row.strip()
    if text.startswith("|"):
        text = text[1:]
    cells = re.split(r"(?<!\\)\|", text)
    if cells and not cells[-1].strip():
        cells.pop()
    return [cell.strip() for cell in cells]


def tables(md: MarkdownIt) -> None:
    """After headings (``# a | b`` is a heading) and lists (``- a | b`` is a table in an item)."""
    md.block.ruler.before("paragraph", "kramdown_table", table_rule)


def definition_lists(md: MarkdownIt) -> None:
    from mdit_py_plugins.deflist import deflist_plugin

    md.use(deflist_plugin)


_MARKDOWN_HTML = re.compile(
    r"""^<(?P<tag>[A-Za-z][\w-]*)\b[^>]*?\smarkdown\s*=\s*["']?(?:1|block|span)["']?[^>]*>[ \t]*$""", re.I
)


def markdown_html_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``<div markdown="1">`` … ``</div>``: the tags are HTML, what is between them Markdown."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    line = _line(state, start)
    opened = _MARKDOWN_HTML.match(line)
    if opened is None:
        return False
    tag = opened.group("tag")
    opener = re.compile(rf"<{tag}\b", re.I)
    closer = re.compile(rf"</{tag}\s*>", re.I)
    depth, close = 1, None
    for number in range(start + 1, end):
        text = _line(state, number)
        depth += len(opener.findall(text)) - len(closer.findall(text))
        if depth <= 0:
            close = number
            break
    if close is None or not closer.fullmatch(_line(state, close).strip()):
        return False
    if silent:
        return True
    token = state.push("html_block", "", 0)
    token.map = [start, start + 1]
    token.content = line + "\n"
    line_max = state.lineMax
    state.lineMax = close
    state.md.block.tokenize(state, start + 1, close)
    state.lineMax = line_max
    token = state.push("html_block", "", 0)
    token.map = [close, close + 1]
    token.content = _line(state, close) + "\n"
    state.line = close + 1
    return True


_RAW_HTML_START = re.compile(r"<(?:!|\?|(?:script|pre|style|textarea)\b)", re.I)


def html_block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's HTML block, which stops before a line opening a ``markdown="1"`` element:
    ``<details>`` / ``<summary>…`` / ``<div markdown="1">`` is HTML, then Markdown (kramdown
    parses the HTML block's elements and honours the attribute on any of them)."""
    if not silent and not _RAW_HTML_START.match(_line(state, start)):
        for number in range(start + 1, end):
            if state.isEmpty(number):
                break
            if state.sCount[number] - state.blkIndent < 4 and _MARKDOWN_HTML.match(_line(state, number)):
                end = number
                break
    return html_block(state, start, end, silent)


def markdown_html(md: MarkdownIt) -> None:
    alt: RuleOptionsType = {"alt": ["paragraph", "reference", "blockquote"]}
    md.block.ruler.at("html_block", html_block_rule, alt)
    md.block.ruler.before("html_block", "kramdown_markdown_html", markdown_html_rule, alt)


_ABBREVIATION = re.compile(r"^[ \t]{0,3}\*\[[^\]\n]+\]:")


def abbreviation_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``*[CSS]: Cascading Style Sheets``: an abbreviation definition, a block of its own whose
    expansion shows only as a tooltip; kept as the source has it (it is not offered)."""
    if state.sCount[start] - state.blkIndent >= 4 or not _ABBREVIATION.match(_line(state, start)):
        return False
    if not silent:
        state.push("kramdown_abbreviation", "", 0).map = [start, start + 1]
        state.line = start + 1
    return True


_TOC_IAL = re.compile(r"\{:\s*(?:[^{}]*\s)?toc(?:\s[^{}]*)?\}")


def toc_list_end(tokens: list[Token], start: int) -> int:
    """Where the list opened at ``start`` ends when kramdown replaces it by the table of contents
    (an attribute list naming ``toc`` right after it: ``* TOC`` / ``{:toc}``), else -1. Its items
    are placeholders the page never shows, so they are not offered."""
    level, index = tokens[start].level, start + 1
    while index < len(tokens) and not (tokens[index].level == level and tokens[index].type.endswith("_list_close")):
        index += 1
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if after is not None and after.type == "kramdown_ial" and _TOC_IAL.fullmatch(after.content):
        return index
    return -1
