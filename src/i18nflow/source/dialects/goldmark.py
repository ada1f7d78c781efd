"""Hugo's goldmark: CommonMark with GFM tables, definition lists, footnotes, and shortcodes."""

from __future__ import annotations

import re
import unicodedata

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import table as gfm_table

from i18nflow.source.dialects import kramdown_blocks, math, shortcodes
from i18nflow.source.dialects.base import Dialect


def goldmark_id(text: str) -> str:
    """Hugo's ``autoHeadingIDType = "github"``: lower case, letters/digits/``_`` kept, spaces
    and ``-`` become ``-``, anything else dropped (Hugo's ``sanitizeAnchorName``)."""
    out = []
    for char in text.strip():
        if char in "- ":
            out.append("-")
        elif char == "_" or unicodedata.category(char)[0] in "LN" and unicodedata.category(char) in (
            "Lu", "Ll", "Lt", "Lm", "Lo", "Nd"
        ):
            out.append(char.lower())
    return "".join(out)


_DEFINITION = re.compile(r":[ \t]")


def _table_with_indented_rows(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """GFM tables as goldmark reads them: a row indented by four spaces or more is a row.

    goldmark makes a table of a paragraph's lines, and an indented line continues a paragraph
    (it cannot open code there); markdown-it's table rule ends the table at it instead.
    """
    code_block = state.is_code_block
    state.is_code_block = lambda line: line <= start + 1 and code_block(line)  # type: ignore[method-assign]
    try:
        return gfm_table(state, start, end, silent)
    finally:
        del state.is_code_block  # type: ignore[method-assign]


_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>\]]")
_BRACKET = re.compile(r"\\.|`+|\[|\]")


def _literal_brackets_around_urls(text: str) -> list[int]:
    """Offsets of ``[`` that open no link yet hold a bare URL before their ``]`` (or none)."""
    found: list[int] = []
    stack: list[int] = []
    code: str | None = None
    for match in _BRACKET.finditer(text):
        token = match.group()
        if token.startswith("`"):
            code = None if code == token else (token if code is None else code)
            continue
        if code is not None or token.startswith("\\"):
            continue
        if token == "[":
            stack.append(match.start())
        elif stack:
            opened = stack.pop()
            if text[match.end() : match.end() + 1] not in ("(", "[", ":") and _BARE_URL.search(text, opened, match.start()):
                found.append(opened)
    found.extend(opened for opened in stack if _BARE_URL.search(text, opened))
    return sorted(found)


def escape_label_brackets(msgid: str, text: str) -> str:
    """``[`` escaped where a translation puts a bare URL inside literal brackets.

    goldmark (Hugo's Linkify) makes a link of a bare URL, except inside a pending link label:
    ``[See https://example.org]`` prints the URL as text. A source that had no such bracket
    gets ``\\[``, which prints the same ``[`` and lets the URL stay a link.
    """
    if "[" not in text or _literal_brackets_around_urls(msgid):
        return text
    for offset in reversed(_literal_brackets_around_urls(text)):
        text = text[:offset] + "\\" + text[offset:]
    return text


def indented_table_rows(md: MarkdownIt) -> None:
    md.block.ruler.at("table", _table_with_indented_rows, {"alt": ["paragraph", "reference"]})


DIALECT = Dialect(
    name="goldmark",
    masks=(shortcodes.code_bodies, shortcodes.calls, math.display_math),
    calls=(shortcodes.calls, math.display_math),
    blocks=(kramdown_blocks.definition_lists, indented_table_rows),
    heading_id=goldmark_id,
    escape_line=lambda line: "\\" + line if _DEFINITION.match(line) else line,
    markdown_calls=True,
    line_calls=shortcodes.keep_line_starts,
    escape_text=escape_label_brackets,
)
