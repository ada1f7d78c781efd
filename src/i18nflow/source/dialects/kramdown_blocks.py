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


def code_pipes(text: str, code: list[Span]) -> Iterator[Span]:
    """Pipes inside inline code spans: kramdown's table parser reads a row's code spans first, so
    `` `p | q` `` is one cell (checked with Jekyll 4.3), where GFM, and markdown-it, split it
    (``$$|x|$$`` is split by both). Masked, the pipe splits nothing and the span stays code."""
    if "|" not in text or "`" not in text:
        return
    for start, end in code:
        if text[start] == "`" and "\n" not in text[start:end]:
            yield from ((index, index + 1) for index in range(start, end) if text[index] == "|")


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


def is_table_line(line: str) -> bool:
    r"""A pipe outside code spans (kramdown's GFM parser reads ``\`a|b\``` as code, not a row)."""
    return "|" in line and bool(_TABLE_LINE.match(_CODE_SPAN.sub("", line)))


_RULE_LINE = re.compile(r"^[ \t]{0,3}[|+]?[ \t]*:?[-=]+[-=:|+ \t]*$")  # the caller saw a pipe


def table_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """kramdown's table: consecutive lines that start with, or contain, an unescaped pipe,
    after a block boundary."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    line = _line(state, start)
    if not is_table_line(line) or not _after_block_boundary(state, start):
        return False
    if silent:
        return True
    last = start
    while last + 1 < end and not state.isEmpty(last + 1) and state.sCount[last + 1] - state.blkIndent < 4:
        if not is_table_line(_line(state, last + 1)):
            break
        last += 1
    if not _before_block_boundary(state, last + 1, end):
        return False
    rows = [_line(state, number) for number in range(start, last + 1)]
    rules = [index for index, row in enumerate(rows) if _RULE_LINE.match(row)]
    # rows above the first "-" rule are the head, rows below a "=" rule the foot (kramdown)
    head_end = rules[0] if rules and rules[0] > 0 and "-" in rows[rules[0]] else 0
    foot = next((index for index in rules if "=" in rows[index] and index > head_end), len(rows))
    align = _alignments(rows[head_end]) if head_end else []
    state.push("table_open", "table", 1).map = [start, last + 1]
    section = ""
    for index, row in enumerate(rows):
        wanted = "thead" if index < head_end else "tfoot" if index > foot else "tbody"
        if wanted != section and not _RULE_LINE.match(row):
            if section:
                state.push(f"{section}_close", section, -1)
            state.push(f"{wanted}_open", wanted, 1).map = [start + index, last + 1]
            section = wanted
        if _RULE_LINE.match(row):
            state.push("kramdown_table_rule", "", 0).map = [start + index, start + index + 1]
            continue
        _row(state, start + index, _cells(row), "th" if wanted == "thead" else "td", align)
    if section:
        state.push(f"{section}_close", section, -1)
    state.push("table_close", "table", -1)
    state.line = last + 1
    return True


def _row(state: StateBlock, number: int, cells: list[str], tag: str, align: list[str]) -> None:
    state.push("tr_open", "tr", 1).map = [number, number + 1]
    for column, cell in enumerate(cells):
        opened = state.push(f"{tag}_open", tag, 1)
        opened.map = [number, number + 1]
        if column < len(align) and align[column]:
            opened.attrs = {"style": f"text-align: {align[column]}"}
        inline = state.push("inline", "", 0)
        inline.content = cell
        inline.map = [number, number + 1]
        inline.children = []
        state.push(f"{tag}_close", tag, -1)
    state.push("tr_close", "tr", -1)


def _alignments(rule: str) -> list[str]:
    """Each column's alignment from a ``|:--|--:|:-:|`` rule (as kramdown styles its cells)."""
    found = []
    for cell in _cells(rule.replace("+", "|")):
        left, right = cell.startswith(":"), cell.endswith(":")
        found.append("center" if left and right else "left" if left else "right" if right else "")
    return found


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


def _before_block_boundary(state: StateBlock, line: int, end: int) -> bool:
    """kramdown's ``before_block_boundary?``, which a table must end on: a blank line, the end of
    the text (or of its container), a block IAL or ``^``; ``a | b`` / ``More words.`` is one
    paragraph in Jekyll's output, not a table row and a paragraph."""
    if line >= end or state.isEmpty(line) or state.sCount[line] < state.blkIndent:
        return True
    text = _line(state, line)
    return bool(IAL_LINE.match(text)) and not text.lstrip().startswith("{::") or text.strip() == "^"


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
    """After headings (``# a | b`` is a heading) and lists (``- a | b`` is a table in an item).
    Every table is kramdown's, those with a delimiter row too: GFM's rule would make one right
    under a heading (a paragraph to kramdown) and drop a row's cells beyond the header's."""
    md.block.ruler.before("paragraph", "kramdown_table", table_rule)
    md.disable("table")


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
