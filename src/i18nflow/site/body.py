"""A localized Markdown body → HTML that keeps the source's anchors, marks, and HTML.

render.py guarantees that a localized body has the source's block structure, so the two token
streams markdown-it produces line up one for one. That is what this module relies on: a
segment is found in the *source* tokens by its line (and column, for a table cell), and the
block at the same position in the *localized* tokens is where its translation now stands. That
block gets the passage's state (a class, and ``lang`` when the text is still the source's), a
heading gets the source heading's ``id``, and any raw HTML that differs from the source's is
checked again here, after Markdown parsing, as a second line of defence.

Liquid and kramdown markup is dealt with afterwards, on the tokens (site/kramdown.py), so it
cannot spoil the alignment.
"""

from __future__ import annotations

import copy
import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from i18nflow.site.html_renderer import render_html
from i18nflow.site.kramdown import (
    TRAILING_IAL,
    apply_markup,
    liquid_fences,
    parse_ial,
    visible_block,
)
from i18nflow.site.languages import Language
from i18nflow.site.safety import balanced, sanitized
from i18nflow.source.content import Post
from i18nflow.source.dialects.base import Dialect
from i18nflow.source.dialects.reading import BodyReadings
from i18nflow.source.dialects.registry import dialect as dialect_named
from i18nflow.source.safety import refusal
from i18nflow.source.segment import Segment
from i18nflow.source.segments import markdown_parser, split_table_row

# When one block holds passages in several states, the mark a reader most needs wins.
MARKED_STATES = ("machine", "outdated", "source")

_HOSTS = ("paragraph_open", "heading_open", "html_block")
Report = Callable[[str, int], None]  # message, line in the post file


@dataclass(frozen=True)
class Passage:
    """A body segment as the page shows it: reviewed, machine, outdated, or source text."""

    segment: Segment
    state: str


@dataclass
class BodyHtml:
    """The converted body; :meth:`html` adds the notes, whose text the template translates."""

    tokens: list[Token]
    env: dict[str, Any]
    source: Language
    page_dir: str
    renderer: MarkdownIt = field(default_factory=markdown_parser)  # the dialect's: its plugins' rules
    states: set[str] = field(default_factory=set)
    source_html: list[str] = field(default_factory=list)  # the source's raw HTML: its scripts make the CSP

    def html(self, notes: Mapping[str, str]) -> str:
        for token in self.tokens:
            state = token.meta.get("i18n_state")
            if token.type == "html_block" and state:
                original = token.meta.setdefault("i18n_html", token.content)
                token.content = _wrapped(original, state, notes, self)
            elif state:
                base = token.meta.setdefault("i18n_class", token.attrGet("class"))
                for name, value in _mark_attrs(state, notes, self).items():
                    token.attrSet(name, f"{base} {value}" if name == "class" and base else value)
        md = self.renderer
        return render_html(md.renderer, self.tokens, md.options, self.env)


def body_readings(dialect: Dialect | str = "commonmark") -> BodyReadings:
    """Readings of bodies as the site's builder reads them (its masks and blocks), with
    ``{% highlight %}`` shown as a code fence: what :func:`body_html` and, for the same
    bodies, render's structure check use (each body parsed once)."""
    return BodyReadings(dialect_named(dialect) if isinstance(dialect, str) else dialect, liquid_fences)


def body_html(
    post: Post,
    localized_body: str,
    passages: Iterable[Passage],
    source: Language,
    page_dir: str,
    rewrite_url: Callable[[str], str],
    report: Report,
    readings: BodyReadings | None = None,
) -> BodyHtml:
    """Convert ``localized_body`` (the post's body with translations spliced in) to HTML.

    ``readings`` (:func:`body_readings` of the site's dialect) keeps the source's reading for
    all its languages, and hands over the localized body render has just read."""
    readings = readings or body_readings()
    src_tokens, src_env = readings.tokens(post.body)
    if localized_body == post.body:  # nothing translated shown: a copy costs less than a parse
        tokens, loc_env = copy_tokens(src_tokens), copy.deepcopy(src_env)
    else:
        tokens, loc_env = readings.take(localized_body)
    result = BodyHtml(tokens, loc_env, source, page_dir, readings.dialect.parser)
    view = _source_view(src_tokens)
    result.source_html = view.blocks + view.inline
    aligned = view.shape == _shape(tokens)
    if aligned:
        _mark_passages(post, src_tokens, tokens, list(passages), result, view.slots)
        _heading_ids(post, src_tokens, tokens, list(passages))
    else:
        report("the preview cannot line up this translation with its source; passages are not marked", post.body_line + 1)
    _check_html(post, src_tokens, tokens, aligned, report, view)
    apply_markup(tokens, liquid=readings.dialect.name != "goldmark")
    _rewrite_urls(tokens, rewrite_url)
    return result


_TOKEN_FIELDS = ("type", "tag", "nesting", "attrs", "map", "level", "children", "content", "markup", "info", "meta",
                 "block", "hidden")
assert tuple(f.name for f in fields(Token)) == _TOKEN_FIELDS, "markdown-it's Token changed: update copy_tokens"
_token_values = attrgetter(*_TOKEN_FIELDS)


def copy_tokens(tokens: list[Token]) -> list[Token]:
    """Tokens a page may change without touching the originals (copy.deepcopy is 5x slower).

    Inline children are shared where a page cannot change them: a page changes only children
    with attributes (their URLs are rewritten) and text with ``{`` (kramdown and Liquid markup
    taken out); every other inline token's children are only read, and most have neither."""
    copies = []
    for token in tokens:
        twin = Token.__new__(Token)
        (twin.type, twin.tag, twin.nesting, twin.attrs, twin.map, twin.level, twin.children, twin.content,
         twin.markup, twin.info, twin.meta, twin.block, twin.hidden) = _token_values(token)
        twin.attrs, twin.meta = dict(token.attrs), dict(token.meta)
        if token.children and _may_change(token.children):
            twin.children = copy_tokens(token.children)
        copies.append(twin)
    return copies


def _may_change(children: list[Token]) -> bool:
    return any(child.attrs or child.children or "{" in child.content for child in children)


def _shape(tokens: list[Token]) -> list[tuple[str, str, int]]:
    return [(t.type, t.tag, t.nesting) for t in tokens]


@dataclass(frozen=True)
class _SourceView:
    """What every language's page of a post reads from the source's tokens, worked out once
    (the pages of a post are built one after another, from one shared reading)."""

    shape: list[tuple[str, str, int]]
    slots: Slots
    blocks: list[str]  # the source's raw HTML blocks, in order
    inline: list[str]  # and its inline HTML

    @classmethod
    def of(cls, tokens: list[Token]) -> _SourceView:
        return cls(_shape(tokens), _slots(tokens), [t.content for t in tokens if t.type == "html_block"],
                   [c.content for t in tokens for c in t.children or [] if c.type == "html_inline"])


_LAST_VIEW: list[tuple[list[Token], _SourceView]] = []  # the last post's (its tokens kept: ids stay theirs)


def _source_view(tokens: list[Token]) -> _SourceView:
    if not _LAST_VIEW or _LAST_VIEW[0][0] is not tokens:
        _LAST_VIEW[:] = [(tokens, _SourceView.of(tokens))]
    return _LAST_VIEW[0][1]


# passages ------------------------------------------------------------------------


def _mark_passages(
    post: Post, src_tokens: list[Token], tokens: list[Token], passages: list[Passage], result: BodyHtml, slots: Slots
) -> None:
    for passage in passages:
        if passage.state not in MARKED_STATES:
            continue
        index = _slot_of(post, passage.segment, slots, src_tokens)
        if index is None:
            continue
        host = visible_block(tokens, index)
        current = host.meta.get("i18n_state")
        if current is None or MARKED_STATES.index(passage.state) < MARKED_STATES.index(current):
            host.meta["i18n_state"] = passage.state
        result.states.add(passage.state)


Slots = dict[int, list[tuple[int, int | None]]]  # body line → (token index, table column), in token order


def _slots(tokens: list[Token]) -> Slots:
    """Every block a segment can be in, by the lines it covers (a table cell by its column)."""
    slots: Slots = {}
    row: int | None = None
    column = 0
    for index, token in enumerate(tokens):
        if token.type in _HOSTS and token.map:
            for line in range(token.map[0], token.map[1]):
                slots.setdefault(line, []).append((index, None))
        elif token.type == "tr_open" and token.map:
            row, column = token.map[0], 0
        elif token.type in ("th_open", "td_open") and row is not None:
            slots.setdefault(row, []).append((index, column))
            column += 1
    return slots


def _slot_of(post: Post, segment: Segment, slots: Slots, tokens: list[Token]) -> int | None:
    """The innermost block on the segment's line (the first of them, if several)."""
    line = segment.line - post.body_line - 1
    column: int | None = None
    if segment.kind == "table cell":
        line_start = max(post.text.rfind("\n", 0, segment.start), post.text.rfind("\r", 0, segment.start)) + 1
        line_end = post.text.find("\n", line_start)
        row_text = post.text[line_start : line_end if line_end >= 0 else len(post.text)].rstrip("\r")
        starts = [start for start, _ in split_table_row(row_text)]
        if segment.start - line_start not in starts:
            return None
        column = starts.index(segment.start - line_start)
    best: int | None = None
    for index, cell in slots.get(line, ()):
        if cell == column and (best is None or tokens[index].level > tokens[best].level):
            best = index
    return best


def _mark_attrs(state: str, notes: Mapping[str, str], body: BodyHtml) -> dict[str, str]:
    attrs = {"class": f"i18n-{state}"}
    note = notes.get(state)
    if note:
        attrs["data-i18n-note"] = note
        attrs["title"] = note
    if state == "source":
        attrs["lang"] = body.source.tag
        if body.source.dir != body.page_dir:
            attrs["dir"] = body.source.dir
    return attrs


def _wrapped(content: str, state: str | None, notes: Mapping[str, str], body: BodyHtml) -> str:
    """Raw HTML gets its mark on a wrapper, when wrapping cannot break the tags around it."""
    if not state or not balanced(content):
        return content
    attrs = "".join(f' {name}="{html.escape(value)}"' for name, value in _mark_attrs(state, notes, body).items())
    return f"<div{attrs}>\n{content}</div>\n"


# anchors and attributes ------------------------------------------------------------


def _heading_ids(post: Post, src_tokens: list[Token], tokens: list[Token], passages: list[Passage]) -> None:
    """Every heading keeps its source id, so ``#links`` work in every language."""
    anchors = {p.segment.line: p.segment.anchor for p in passages if p.segment.kind == "heading"}
    for index, token in enumerate(src_tokens):
        if token.type != "heading_open" or not token.map:
            continue
        inline = src_tokens[index + 1]
        explicit = TRAILING_IAL.search(inline.content)
        ident = parse_ial(explicit.group(1))[0] if explicit else None
        ident = ident or anchors.get(post.body_line + token.map[0] + 1)
        if ident:
            tokens[index].attrSet("id", ident)


def _rewrite_urls(tokens: list[Token], rewrite: Callable[[str], str]) -> None:
    for token in tokens:
        for child in token.children or []:
            if not child.attrs:
                continue
            for name in ("src", "href"):
                value = child.attrGet(name)
                if isinstance(value, str):
                    child.attrSet(name, rewrite(value))


# raw HTML --------------------------------------------------------------------------


def _check_html(post: Post, src_tokens: list[Token], tokens: list[Token], aligned: bool, report: Report,
                view: _SourceView) -> None:
    """Raw HTML the source does not have never reaches the page. Behind the publishing rule
    (posts.py, render.py) and so seldom needed: a block that differs from the source's is
    checked again, then sanitized (site/safety.py); inline HTML that is not the source's
    exactly is shown as text."""
    source_blocks, source_inline = view.blocks, set(view.inline)

    def line(index: int) -> int:
        where = src_tokens[index] if aligned else tokens[index]
        return post.body_line + (where.map[0] if where.map else 0) + 1

    for index, token in enumerate(tokens):
        if token.type == "html_block" and token.content not in source_blocks:
            original = src_tokens[index].content if aligned else ""
            refused = refusal(original, token.content)
            if refused:
                report(f"raw HTML not shown ({refused.message})", line(index))
                token.content = original
            elif balanced(original) and "<script" not in original.lower():  # source scripts: CSP
                token.content = sanitized(original, token.content)
        if token.children is None or "<" not in token.content:
            continue  # html_inline needs a "<" in the block's text (an entity is text)
        for child in token.children:
            if child.type == "html_inline" and child.content not in source_inline:
                report(f"raw HTML shown as text (the source does not have {child.content!r})", line(index))
                child.type = "text"
