"""The dialect protocol: one object per site builder, made of small registered rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.normalize import normalize
from markdown_it.rules_core.text_join import _join_text_tokens, text_join
from markdown_it.rules_inline import (
    StateInline,
    emphasis,
    fragments_join,
    link_pairs,
    strikethrough,
)
from markdown_it.rules_inline.link import link as stock_link
from markdown_it.rules_inline.text import text as inline_text

from i18nflow.source.dialects.block_dispatch import dispatched_blocks, same_starts_as
from i18nflow.source.dialects.fast_tokens import fast_tokens
from i18nflow.source.dialects.link_destinations import quick_destinations
from i18nflow.source.dialects.masking import Span, code_spans, is_code_blind, mask
from i18nflow.source.dialects.nested_links import defeat_checker, has_footnote_table
from i18nflow.source.dialects.params import Param
from i18nflow.source.dialects.quick_setext import quick_setext

# (text, its code spans) → spans the builder reads as code or markup, never text
MaskRule = Callable[[str, list[Span]], Iterable[Span]]
# adds block rules (or a plugin) to a markdown-it parser
BlockRule = Callable[[MarkdownIt], None]
# (text, its code spans) → the text parameters of its calls (params.Param)
ParamRule = Callable[[str, list[Span]], Iterable[Param]]


@dataclass(frozen=True, eq=False)
class Dialect:
    """What one builder reads differently from CommonMark.

    ``masks`` find code and markup (masked before markdown-it parses), ``calls`` the spans a
    translation must keep byte for byte (math, Liquid, shortcodes), ``blocks`` add block rules,
    ``heading_id`` is the id the builder gives a heading's text, ``dollar_math`` says whether
    ``$…$`` is inline math on this site (placeholders then keep it), ``escape_line`` escapes what
    would open one of the dialect's own blocks at the start of a translated line,
    ``markdown_calls`` says calls are expanded into the Markdown before it is parsed (Hugo's
    ``{{% … %}}``: see ``source/callruns.py``) and ``line_calls`` keeps such calls at the line
    starts where the source has them.
    """

    name: str
    masks: tuple[MaskRule, ...] = ()
    calls: tuple[MaskRule, ...] = ()
    blocks: tuple[BlockRule, ...] = ()
    params: tuple[ParamRule, ...] = ()
    heading_id: Callable[[str], str] = field(default=lambda text: text)
    dollar_math: bool = False
    # what would open one of the dialect's blocks at a line start, escaped (render, translations)
    escape_line: Callable[[str], str] = field(default=lambda line: line)
    # Hugo: ``{{% … %}}`` output is Markdown, so where such a call begins a line matters
    markdown_calls: bool = False
    # (source text, translated text, line joiner) → the translation with calls that began a
    # line of the source beginning one again
    line_calls: Callable[[str, str, str], str] = field(default=lambda source, text, joiner: text)
    # (msgid, translated text) → the text with what the builder reads differently escaped
    escape_text: Callable[[str, str], str] = field(default=lambda msgid, text: text)

    def mask(self, text: str) -> str:
        """``text`` with the builder's code and markup masked, offset for offset."""
        if not self.masks or not _may_have_markup(text):
            return text
        code = [] if all(is_code_blind(rule) for rule in self.masks) else code_spans(text)
        return mask(text, (span for rule in self.masks for span in rule(text, code)))

    def call_texts(self, text: str) -> list[str]:
        """The math, Liquid and shortcode calls of ``text``, in order (render keeps them)."""
        return [text[start:end] for start, end in self.call_spans(text)]

    def call_spans(self, text: str) -> list[Span]:
        """Where :meth:`call_texts` are (render puts the source's own back in a translation)."""
        if not self.calls or not _may_have_markup(text):
            return []
        code = [] if all(is_code_blind(rule) for rule in self.calls) else code_spans(text)
        return sorted({span for rule in self.calls for span in rule(text, code)})

    def text_params(self, text: str) -> list[Param]:
        """The text parameters of the calls in ``text`` (caption=, alt=, a tab's label…)."""
        if not self.params or "{" not in text:
            return []
        code = code_spans(text)
        return [param for rule in self.params for param in rule(text, code)]

    @cached_property
    def parser(self) -> MarkdownIt:
        """CommonMark, GFM tables, strikethrough and footnotes, plus this dialect's blocks."""
        return _build(self.blocks, inline=True)

    @cached_property
    def block_parser(self) -> MarkdownIt:
        """The same without the inline pass (half of markdown-it's time)."""
        return _build(self.blocks, inline=False)

    def parser_for(self, text: str) -> MarkdownIt:
        """The block parser, unless footnotes need the inline pass (only referenced ones are kept)."""
        return self.parser if "[^" in text else self.block_parser


def _may_have_markup(text: str) -> bool:
    return any(mark in text for mark in ("{", "$", "\\[", "\\(", "<")) or "`" in text and "|" in text


def quick_references(md: MarkdownIt) -> None:
    """markdown-it-py's link reference rule, rejecting early what cannot be a definition.

    The rule runs on every block that starts with ``[`` and walks it character by character
    in Python to find where the label ends; a paragraph that starts with a bracketed phrase
    (as a pseudo-translation's every line does) cost a tenth of a page's time. A definition
    needs its label's first unescaped bracket to be ``]`` followed by ``:``; one C-speed
    search within the block (it ends at a blank line) tells, and the rule runs only then.
    """
    rules = md.block.ruler.__rules__
    found = next((rule for rule in rules if rule.name == "reference"), None)
    if found is None:
        return
    original, alt = found.fn, list(found.alt)

    def reference(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        src = state.src
        pos = state.bMarks[start] + state.tShift[start]
        if src.startswith("[", pos) and not _may_define(src, pos):
            return False
        return bool(original(state, start, end, silent))

    md.block.ruler.at("reference", reference, {"alt": alt})
    same_starts_as(reference, original)  # it only rejects more: dispatched_blocks may skip it as it


def quick_links(md: MarkdownIt) -> None:
    """markdown-it-py's inline link and image rules, rejecting early what cannot be one.

    At every ``[`` the link rule first finds where the label ends, which runs the other inline
    rules over the whole label in Python, and only then looks for what must follow: ``(`` (an
    inline link) or a reference definition. A bracketed phrase that is neither (``[sic]``, or
    a pseudo-translation's brackets around a whole paragraph) paid for an extra pass over its
    text. Without any definition in the document (markdown-it keeps them in ``env``) a link
    needs ``](`` after its ``[``, which one C-speed search tells; the rule runs only then, so
    the tokens are the same.
    """
    for name, label_at in (("link", 1), ("image", 2)):
        found = next((rule for rule in md.inline.ruler.__rules__ if rule.name == name), None)
        if found is None:
            continue
        md.inline.ruler.at(name, _quick(found.fn, label_at), {"alt": list(found.alt)})


_NEVER_ALWAYS = {"always_match": False}


def quick_footnote_refs(md: MarkdownIt) -> None:
    """The footnote plugin's reference rule, rejecting early where it would only look.

    The tokenizer tries ``footnote_ref`` at every terminator character no other rule took (a
    third of the inline rule calls): it puts its table in ``env`` (``footnotes`` with ``refs``
    and ``list``), then needs ``[^`` and a defined footnote. Once the table is there, at any
    other character than ``[``, or while no footnote is defined, it returns False and changes
    nothing, which the wrapper does without the call.
    """
    from mdit_py_plugins.footnote.index import footnote_ref as plugin_rule

    found = next((rule for rule in md.inline.ruler.__rules__ if rule.name == "footnote_ref"), None)
    original = found.fn if found is not None else None
    if found is None or not (isinstance(original, partial) and original.func is plugin_rule and original.keywords == _NEVER_ALWAYS):
        return  # not the plugin's rule as it is known (always_match_refs: True matches undefined ones)

    def footnote_ref(state: StateInline, silent: bool) -> bool:
        if has_footnote_table(state.env):
            if not state.env["footnotes"]["refs"] or not state.src.startswith("[", state.pos):
                return False
        return bool(original(state, silent))

    footnote_ref.idle_off_bracket = True  # type: ignore[attr-defined]  # read by dispatched_inline
    md.inline.ruler.at("footnote_ref", footnote_ref, {"alt": list(found.alt)})


def _quick(original: Callable[[StateInline, bool], bool], label_at: int) -> Callable[[StateInline, bool], bool]:
    defeated = defeat_checker() if label_at == 1 and original is stock_link else None

    def rule(state: StateInline, silent: bool) -> bool:
        if "references" not in state.env and state.src.find("](", state.pos + label_at, state.posMax) < 0:
            return False
        if defeated is not None and defeated(state, state.pos):
            return False  # a nested link defeats it (see nested_links)
        return original(state, silent)

    return rule


# The character each of markdown-it's inline rules (and the footnote plugin's) must see at the
# position to do anything at all; None: a rule that acts at any character (``text``), or that
# does something before looking (``footnote_ref`` puts its table in ``env`` first).
_RULE_CHARS: dict[str, str | None] = {
    "text": None, "newline": "\n", "escape": "\\", "backticks": "`", "strikethrough": "~", "emphasis": "*_",
    "link": "[", "image": "!", "footnote_inline": "^", "footnote_ref": None, "autolink": "<",
    "html_inline": "<", "entity": "&",
}


_PLAIN = "plain"  # markdown-it's own text rule: any character but the terminators


def _chars_of(name: str, fn: Callable[[StateInline, bool], bool]) -> str | None:
    return _PLAIN if name == "text" and fn is inline_text else _RULE_CHARS[name]


def dispatched_inline(md: MarkdownIt) -> None:
    """markdown-it-py's inline tokenizer, trying at each position only the rules that can act
    on its character.

    The tokenizer stops at every punctuation character a rule might want (``[``, ``]``, ``:``,
    ``-``, ``!``…) and tries the rules in order until one matches: thirteen Python calls for a
    ``]`` or a ``:``, which none wants, a fifth of a translated page's inline pass. Every rule
    begins by looking at that character and returns at once when it is not its own, so trying
    only the rules listed for it, in the same order, gives the same tokens (and ``env``). A
    parser with any inline rule not in the table keeps markdown-it's own loop. markdown-it's
    ``text`` rule acts only where the character is not one of the tokenizer's terminators (it
    returns at once on one: a third of the inline rule calls), so it is listed for the others.
    Once the footnote table is in ``env``, ``quick_footnote_refs``'s rule (marked
    ``idle_off_bracket``) does nothing but at a ``[``, so it is listed for ``[`` alone: the
    terminators no other rule wants (``:``, ``-``, ``]``…) then cost no call at all.
    """
    inline = md.inline
    dispatch = _Dispatch(inline)
    inline.tokenize = dispatch.tokenize  # type: ignore[method-assign]
    inline.skipToken = dispatch.skip_token  # type: ignore[method-assign]


class _Dispatch:
    """:meth:`tokenize` and :meth:`skip_token` of markdown-it-py's ``ParserInline`` (4.x), with
    the rules for a character looked up (the table follows the ruler: rebuilt when it changes)."""

    def __init__(self, inline: Any):
        self.inline, self.chain, self.terminators = inline, None, None
        self.by_char: dict[str, list[Callable[[StateInline, bool], bool]]] = {}
        self.by_char_tabled: dict[str, list[Callable[[StateInline, bool], bool]]] = {}  # footnote table in env
        self.named: list[tuple[str | None, Callable[[StateInline, bool], bool]]] | None = None
        self.original_tokenize, self.original_skip = inline.tokenize, inline.skipToken

    def _current(self) -> bool:
        """Whether the table serves the ruler as it is now (rebuilt if it changed)."""
        chain = self.inline.ruler.getRules("")
        if chain is not self.chain or self.inline.terminator_re is not self.terminators:
            self.chain, self.terminators, self.by_char, self.by_char_tabled = chain, self.inline.terminator_re, {}, {}
            active = [rule for rule in self.inline.ruler.__rules__ if rule.enabled]
            known = all(rule.name in _RULE_CHARS for rule in active) and [r.fn for r in active] == list(chain)
            self.named = [(_chars_of(rule.name, rule.fn), rule.fn) for rule in active] if known else None
        return self.named is not None

    def _rules(self, char: str) -> list[Callable[[StateInline, bool], bool]]:
        assert self.named is not None
        plain = self.inline.terminator_re.match(char) is None
        found = self.by_char[char] = [
            fn for chars, fn in self.named if chars is None or (plain if chars is _PLAIN else char in chars)
        ]
        self.by_char_tabled[char] = [fn for fn in found if char == "[" or not getattr(fn, "idle_off_bracket", False)]
        return found

    def _table(self, state: StateInline) -> dict[str, list[Callable[[StateInline, bool], bool]]]:
        """The rules by character for ``state``: without the footnote reference rule off a
        ``[`` once its table is in ``env`` (it cannot leave; no rule removes it)."""
        return self.by_char_tabled if has_footnote_table(state.env) else self.by_char

    def tokenize(self, state: StateInline) -> None:
        if not self._current():
            return self.original_tokenize(state)  # type: ignore[no-any-return]
        end = state.posMax
        max_nesting = state.md.options["maxNesting"]
        src, by_char, terminators = state.src, self._table(state), self.inline.terminator_re
        while state.pos < end:
            pos = state.pos
            ok = False
            if state.level < max_nesting:
                char = src[pos]
                rules = by_char[char] if char in by_char else self._rules(char) and by_char[char]
                if rules and rules[0] is inline_text:  # markdown-it's text rule, which takes the run: inline
                    found = terminators.search(src, pos)
                    state.pos = found.start() if found else end
                    state.append_pending(src[pos : state.pos])
                    if state.pos >= end:
                        break
                    continue
                for rule in rules:
                    ok = rule(state, False)
                    if ok:
                        if state.pos <= pos:
                            raise RuntimeError("inline rule didn't increment state.pos")
                        break
            if ok:
                if state.pos >= end:
                    break
                continue
            state.append_pending(src[state.pos])
            state.pos += 1
        if state.pending:
            state.pushPending()
        return None

    def skip_token(self, state: StateInline) -> None:
        if not self._current():
            return self.original_skip(state)  # type: ignore[no-any-return]
        ok = False
        pos = state.pos
        cache = state.cache
        if pos in cache:
            state.pos = cache[pos]
            return None
        if state.level < state.md.options["maxNesting"]:
            char = state.src[pos]
            by_char = self._table(state)
            rules = by_char[char] if char in by_char else self._rules(char) and by_char[char]
            if rules and rules[0] is inline_text:  # markdown-it's text rule, which skips the run: inline
                found = self.inline.terminator_re.search(state.src, pos)
                state.pos = found.start() if found else state.posMax
                cache[pos] = state.pos
                return None
            for rule in rules:
                state.level += 1  # as markdown-it does: limits recursion, creates no token
                ok = rule(state, True)
                state.level -= 1
                if ok:
                    if state.pos <= pos:
                        raise RuntimeError("inline rule didn't increment state.pos")
                    break
        else:
            state.pos = state.posMax  # too much nesting: skip to the end, as markdown-it does
        if not ok:
            state.pos += 1
        cache[pos] = state.pos
        return None


def quick_passes(md: MarkdownIt) -> None:
    """markdown-it-py's whole-text passes, skipped where they would change nothing.

    ``normalize`` rewrites the body with two regular expressions for ``\r`` and NUL, which
    bodies seldom hold; the inline pass's post-processing walks each inline token's delimiter
    lists: for strikethrough's ``~`` or emphasis's ``*``/``_`` markers, and (``balance_pairs``)
    all of them. A text without the marker, or with no delimiter at all, is left as it was, so
    the tokens are the same; a thirtieth of a translated page's parse, for every paragraph.
    ``fragments_join`` (after them) and the core ``text_join`` merge adjacent text tokens and
    recompute levels: an inline token with a single plain text child (most of a translated
    page's paragraphs, headings and items) needs neither, but ``text_join`` still gives it a new
    children list, as markdown-it does.
    """
    core = next((rule for rule in md.core.ruler.__rules__ if rule.name == "normalize"), None)
    if core is not None and core.fn is normalize:
        md.core.ruler.at("normalize", _normalize, {"alt": list(core.alt)})
    joiner = next((rule for rule in md.core.ruler.__rules__ if rule.name == "text_join"), None)
    if joiner is not None and joiner.fn is text_join:
        md.core.ruler.at("text_join", _text_join, {"alt": list(joiner.alt)})
    markers = {"strikethrough": "~", "emphasis": "*_"}
    for rule in list(md.inline.ruler2.__rules__):
        if rule.name in markers and rule.fn in (strikethrough.postProcess, emphasis.postProcess):
            md.inline.ruler2.at(rule.name, _when_marked(rule.fn, markers[rule.name]), {"alt": list(rule.alt)})
        elif rule.name == "balance_pairs" and rule.fn is link_pairs:
            md.inline.ruler2.at(rule.name, _when_delimited(rule.fn), {"alt": list(rule.alt)})
        elif rule.name == "fragments_join" and rule.fn is fragments_join:
            md.inline.ruler2.at(rule.name, _fragments_join, {"alt": list(rule.alt)})


def _normalize(state: StateCore) -> None:
    if "\r" in state.src or "\0" in state.src:
        normalize(state)


def _fragments_join(state: StateInline) -> None:
    tokens = state.tokens
    if len(tokens) == 1 and tokens[0].nesting == 0 and tokens[0].level == 0:
        return  # the one token's level is already 0, and nothing to merge
    fragments_join(state)


def _text_join(state: StateCore) -> None:
    """markdown-it's ``text_join`` (its loop, its ``_join_text_tokens``), which for a single
    plain text child only copies the children list: copied here without the call."""
    for inline_token in state.tokens[:]:
        if inline_token.type != "inline":
            continue
        children = inline_token.children or []
        if len(children) == 1 and children[0].type == "text" and not children[0].children:
            inline_token.children = [children[0]]
            continue
        for child_token in children:
            if child_token.children:  # image ``alt`` is parsed into its own token tree
                child_token.children = _join_text_tokens(child_token.children)
        inline_token.children = _join_text_tokens(children)


def _when_marked(original: Callable[[StateInline], None], chars: str) -> Callable[[StateInline], None]:
    def rule(state: StateInline) -> None:
        src = state.src
        for char in chars:  # a loop, not any() over a generator: this runs for every inline token
            if char in src:
                original(state)
                return

    return rule


def _when_delimited(original: Callable[[StateInline], None]) -> Callable[[StateInline], None]:
    def rule(state: StateInline) -> None:
        if state.delimiters:
            original(state)
            return
        for meta in state.tokens_meta:  # a loop, not any() over a generator (every inline token)
            if meta and meta.get("delimiters"):
                original(state)
                return

    return rule


def cached_links(md: MarkdownIt) -> None:
    """markdown-it's URL normalization, remembered: it is pure (mdurl's parse and encode, a
    tenth of a translated page's inline pass), and a post's links recur in every language."""
    for name in ("normalizeLink", "normalizeLinkText", "validateLink"):
        setattr(md, name, lru_cache(maxsize=4096)(getattr(md, name)))


def _may_define(src: str, pos: int) -> bool:
    """Whether the label opened at ``pos`` (a ``[``) ends at its first unescaped bracket, a
    ``]``, followed by ``:``: searched with ``str.find``, faster than a regular expression."""
    limit = src.find("\n\n", pos)
    limit = len(src) if limit < 0 else limit
    at = pos + 1
    while True:
        close = src.find("]", at, limit)
        if close < 0:
            return False
        escape = src.find("\\", at, close)
        if src.find("[", at, close if escape < 0 else escape) >= 0:
            return False
        if escape < 0:
            return src.startswith(":", close + 1)
        at = escape + 2  # a backslash escapes the character after it


def _build(blocks: tuple[BlockRule, ...], inline: bool) -> MarkdownIt:
    from mdit_py_plugins.footnote import footnote_plugin

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    quick_references(parser)
    quick_links(parser)
    quick_footnote_refs(parser)
    quick_destinations(parser)
    dispatched_inline(parser)
    quick_passes(parser)
    cached_links(parser)
    for rule in blocks:
        rule(parser)
    quick_setext(parser)
    dispatched_blocks(parser)
    fast_tokens(parser)
    if not inline:
        parser.disable("inline")
    return parser
