"""markdown-it-py's token pushes without the dataclass constructor.

Every token a rule pushes (``state.push``, and the inline pass's ``pushPending`` for text) is
built by ``Token(type, tag, nesting)``: the dataclass ``__init__`` makes ``attrs`` and ``meta``
from their default factories, then ``__post_init__`` calls ``convert_attrs``, which throws the
empty ``attrs`` away for another new dict. That is a twelfth of a translated body's parse, for
tokens whose every field is a default but three. :func:`fast_tokens` makes the block and inline
passes use states whose pushes set the slots directly: the same ``Token`` class with the same
field values, so the tokens compare equal to markdown-it's. Should a markdown-it release give
``Token`` other fields or defaults, :data:`FIELDS` no longer matches and the parser keeps
markdown-it's own states. The emphasis rule, which pushes a text token and a ``Delimiter`` for
each ``*`` or ``_`` of a run, gets the same pushes written out (:func:`emphasis_tokenize`).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline import emphasis as markdown_emphasis
from markdown_it.rules_inline.state_inline import Delimiter
from markdown_it.token import Token

# Token's fields and their defaults, as markdown-it-py 4 declares them (a dict for a factory's)
FIELDS: tuple[tuple[str, Any], ...] = (
    ("type", None), ("tag", None), ("nesting", None), ("attrs", {}), ("map", None), ("level", 0),
    ("children", None), ("content", ""), ("markup", ""), ("info", ""), ("meta", {}), ("block", False),
    ("hidden", False),
)
_new = object.__new__
# Delimiter's fields in order (emphasis_tokenize passes them by position)
DELIMITER_FIELDS = ("marker", "length", "token", "end", "open", "close", "level")


def _declared() -> tuple[tuple[str, Any], ...]:
    """Token's fields as the installed markdown-it declares them, in :data:`FIELDS`' shape."""
    found = []
    for item in dataclasses.fields(Token):
        if item.default_factory is not dataclasses.MISSING:
            default = item.default_factory()
        else:
            default = None if item.default is dataclasses.MISSING else item.default
        found.append((item.name, default))
    return tuple(found)


def new_token(ttype: str, tag: str, nesting: Literal[-1, 0, 1], level: int, block: bool) -> Token:
    """``Token(ttype, tag, nesting)`` with ``level`` and ``block`` set, built slot by slot."""
    token: Token = _new(Token)
    token.type, token.tag, token.nesting, token.attrs, token.map = ttype, tag, nesting, {}, None
    token.level, token.children, token.content, token.markup, token.info = level, None, "", "", ""
    token.meta, token.block, token.hidden = {}, block, False
    return token


class FastStateBlock(StateBlock):
    """markdown-it's block state, pushing tokens with :func:`new_token`."""

    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        if nesting < 0:
            self.level -= 1  # closing tag
        token: Token = _new(Token)  # new_token(ttype, tag, nesting, self.level, True), inline
        token.type, token.tag, token.nesting, token.attrs, token.map = ttype, tag, nesting, {}, None
        token.level, token.children, token.content, token.markup, token.info = self.level, None, "", "", ""
        token.meta, token.block, token.hidden = {}, True, False
        if nesting > 0:
            self.level += 1  # opening tag
        self.tokens.append(token)
        return token


class FastStateInline(StateInline):
    """markdown-it's inline state, pushing tokens (and pending text) with :func:`new_token`."""

    def pushPending(self) -> Token:  # noqa: N802 (markdown-it's name)
        token: Token = _new(Token)  # new_token("text", "", 0, self.pendingLevel, False), inline
        token.type, token.tag, token.nesting, token.attrs, token.map = "text", "", 0, {}, None
        token.level, token.children, token.content, token.markup, token.info = self.pendingLevel, None, self.pending, "", ""
        token.meta, token.block, token.hidden = {}, False, False
        self.tokens.append(token)
        self.pending = ""
        return token

    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        if self.pending:
            self.pushPending()
        token_meta = None
        if nesting < 0:
            self.level -= 1  # closing tag
            self.delimiters = self._prev_delimiters.pop()
        token: Token = _new(Token)  # new_token(ttype, tag, nesting, self.level, False), inline
        token.type, token.tag, token.nesting, token.attrs, token.map = ttype, tag, nesting, {}, None
        token.level, token.children, token.content, token.markup, token.info = self.level, None, "", "", ""
        token.meta, token.block, token.hidden = {}, False, False
        if nesting > 0:
            self.level += 1  # opening tag
            self._prev_delimiters.append(self.delimiters)
            self.delimiters = []
            token_meta = {"delimiters": self.delimiters}
        self.pendingLevel = self.level
        self.tokens.append(token)
        self.tokens_meta.append(token_meta)
        return token


def fast_tokens(md: MarkdownIt) -> None:
    """Make ``md``'s block and inline passes push tokens with :func:`new_token` (the same
    tokens); nothing changes when the installed ``Token`` is not the one it knows."""
    if _declared() != FIELDS:
        return
    block, inline = md.block, md.inline

    def parse_blocks(src: str, md: MarkdownIt, env: Any, outTokens: list[Token]) -> list[Token] | None:  # noqa: N803
        if not src:
            return None
        state = FastStateBlock(src, md, env, outTokens)
        block.tokenize(state, state.line, state.lineMax)
        return state.tokens

    def parse_inline(src: str, md: MarkdownIt, env: Any, tokens: list[Token]) -> list[Token]:
        state = FastStateInline(src, md, env, tokens)
        inline.tokenize(state)
        for rule in inline.ruler2.getRules(""):
            rule(state)
        return state.tokens

    block.parse = parse_blocks  # type: ignore[method-assign]
    inline.parse = parse_inline  # type: ignore[method-assign]
    rule = next((rule for rule in inline.ruler.__rules__ if rule.name == "emphasis"), None)
    if rule is not None and rule.fn is markdown_emphasis.tokenize:
        if tuple(item.name for item in dataclasses.fields(Delimiter)) == DELIMITER_FIELDS:
            inline.ruler.at("emphasis", emphasis_tokenize, {"alt": list(rule.alt)})


def emphasis_tokenize(state: StateInline, silent: bool) -> bool:
    """markdown-it's ``emphasis.tokenize``: one text token and one ``Delimiter`` a marker of
    the run, pushed as ``state.push("text", "", 0)`` would (pending text first, once)."""
    if silent:
        return False
    start = state.pos
    marker = state.src[start]
    if marker != "_" and marker != "*":
        return False
    scanned = state.scanDelims(start, marker == "*")
    length, can_open, can_close = scanned.length, scanned.can_open, scanned.can_close
    if state.pending:
        state.pushPending()
    code, level = ord(marker), state.level
    tokens, tokens_meta, delimiters = state.tokens, state.tokens_meta, state.delimiters
    for _ in range(length):
        token: Token = _new(Token)  # new_token("text", "", 0, level, False), content the marker
        token.type, token.tag, token.nesting, token.attrs, token.map = "text", "", 0, {}, None
        token.level, token.children, token.content, token.markup, token.info = level, None, marker, "", ""
        token.meta, token.block, token.hidden = {}, False, False
        tokens.append(token)
        tokens_meta.append(None)
        delimiters.append(Delimiter(code, length, len(tokens) - 1, -1, can_open, can_close))
    state.pendingLevel = level
    state.pos += length
    return True
