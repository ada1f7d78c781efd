"""markdown-it-py's HTML renderer, the same string for less work.

The preview renders every page's tokens with ``RendererHTML.render``: a Python call per token
(``renderToken`` for most of them), ``renderAttrs`` building a list for every tag, four
``str.replace`` calls for every text, and ``options["xhtmlOut"]`` (a Python ``__getitem__``)
read for every tag. :func:`render_html` is the same algorithm (markdown-it-py 4.x's
``renderer.py``) written as one loop: markdown-it's own rules are done in place, with the
options read once, and every other rule (a plugin's: the footnotes; or one a user replaced)
is called exactly as ``render`` calls it, with the renderer bound. A renderer that is not
plain ``RendererHTML`` (a subclass, or methods replaced on the instance) is left to its own
``render``. tests/site/test_html_renderer.py holds it to byte-identical output.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML, RendererProtocol
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

Rule = Callable[[Sequence[Token], int, OptionsDict, EnvType], str]

# What a token type's stock rule does, done here: the generic tag (renderToken) and each of
# markdown-it's rules this module does itself; any other rule is called.
_TAG, _TEXT, _SOFTBREAK, _HARDBREAK, _RAW, _CODE_INLINE, _CODE_BLOCK, _IMAGE, _LIST_ITEM, _CALL = range(10)
_OWN_RULES = {
    "text": _TEXT,
    "softbreak": _SOFTBREAK,
    "hardbreak": _HARDBREAK,
    "html_inline": _RAW,
    "html_block": _RAW,
    "code_inline": _CODE_INLINE,
    "code_block": _CODE_BLOCK,
    "image": _IMAGE,
    "list_item_open": _LIST_ITEM,
}
# markdown-it's own functions, as imported: a class patched since is left to its own render
_STOCK = {name: RendererHTML.__dict__[name] for name in _OWN_RULES}
_DRIVERS = ("render", "renderInline", "renderToken", "renderAttrs", "renderInlineAsText")
_STOCK_DRIVERS = tuple(RendererHTML.__dict__[name] for name in _DRIVERS)


class _Kinds(dict[str, int]):
    """Token type → what renders it; a type without a rule is a tag (and is then looked up
    without a method call: ``kinds[type]``)."""

    def __missing__(self, key: str) -> int:
        self[key] = _TAG
        return _TAG


class _Plan:
    """How each token type is rendered by one renderer as its rules are now."""

    __slots__ = ("items", "kinds", "calls")

    def __init__(self, renderer: RendererHTML):
        self.items = tuple(renderer.rules.items())
        self.calls: dict[str, Rule] = {}
        self.kinds = _Kinds()
        for name, rule in self.items:
            own = _STOCK.get(name)
            if own is not None and getattr(rule, "__func__", None) is own and getattr(rule, "__self__", None) is renderer:
                self.kinds[name] = _OWN_RULES[name]
            else:
                self.kinds[name] = _CALL
                self.calls[name] = rule


_PLANS: dict[int, tuple[RendererHTML, _Plan]] = {}


def _plan(renderer: RendererProtocol) -> _Plan | None:
    """The renderer's plan, or None when it is not markdown-it's RendererHTML as it comes."""
    if type(renderer) is not RendererHTML or renderer.__dict__.keys() != {"rules"}:
        return None
    if tuple(RendererHTML.__dict__[name] for name in _DRIVERS) != _STOCK_DRIVERS:
        return None
    known = _PLANS.get(id(renderer))
    if known is not None and known[0] is renderer and known[1].items == tuple(renderer.rules.items()):
        return known[1]
    plan = _Plan(renderer)
    if len(_PLANS) > 8:
        _PLANS.clear()
    _PLANS[id(renderer)] = (renderer, plan)
    return plan


def render_html(renderer: RendererProtocol, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
    """``renderer.render(tokens, options, env)``: the same string (and the same calls of any
    rule not markdown-it's own), for about half the instructions."""
    plan = _plan(renderer)
    if plan is None or type(options) is not OptionsDict or not isinstance(renderer, RendererHTML):
        return str(renderer.render(tokens, options, env))
    out: list[str] = []
    _Render(renderer, plan, options, env).render(tokens, out.append, True)
    return "".join(out)


_KEYS: dict[str, str] = {}  # attribute name → ' name="' (names are few: href, src, alt, class…)


def _attrs(attrs: dict[str, Any]) -> str:
    """renderAttrs: every name and value escaped, in order."""
    result = ""
    for key, value in attrs.items():
        lead = _KEYS.get(key)
        if lead is None:
            if len(_KEYS) > 256:
                _KEYS.clear()
            lead = _KEYS[key] = f' {escapeHtml(key)}="'
        text = value if type(value) is str else str(value)
        if "&" in text or "<" in text or ">" in text or '"' in text:
            text = escapeHtml(text)
        result = f'{result}{lead}{text}"'
    return result


class _Render:
    """One render call: the options it reads, once."""

    __slots__ = ("renderer", "kinds", "calls", "options", "env", "slash", "br", "softbreak")

    def __init__(self, renderer: RendererHTML, plan: _Plan, options: OptionsDict, env: EnvType):
        self.renderer, self.kinds, self.calls = renderer, plan.kinds, plan.calls
        self.options, self.env = options, env
        self.slash = " /" if options["xhtmlOut"] else ""  # renderToken reads it so
        self.br = "<br />\n" if options.xhtmlOut else "<br>\n"  # and the break rules so
        self.softbreak = ("<br />\n" if options.xhtmlOut else "<br>\n") if options.breaks else "\n"

    def render(self, tokens: Sequence[Token], push: Callable[[str], None], block_level: bool) -> None:
        """``render`` (block_level) or ``renderInline``, into ``push``: a rule per token, or the
        generic tag (renderToken, written out here: most tokens are tags)."""
        kinds, calls, options, env, slash = self.kinds, self.calls, self.options, self.env, self.slash
        own_text = kinds["text"] == _TEXT
        count = len(tokens)
        for index, token in enumerate(tokens):
            kind_name = token.type
            if block_level and kind_name == "inline":
                children = token.children
                if not children:
                    continue
                if own_text and len(children) == 1 and children[0].type == "text":  # most blocks: one text
                    text = children[0].content
                    push(escapeHtml(text) if "&" in text or "<" in text or ">" in text or '"' in text else text)
                else:
                    self.render(children, push, False)
                continue
            kind = kinds[kind_name]
            if kind == _TAG or kind == _LIST_ITEM:
                if not token.hidden:  # hidden: a tight list's paragraph
                    nesting = token.nesting
                    attrs = _attrs(token.attrs) if token.attrs else ""
                    if not token.block:
                        if nesting == -1:
                            push(f"</{token.tag}{attrs}>")
                        else:
                            push(f"<{token.tag}{attrs}{slash if nesting == 0 else ''}>")
                    elif nesting == -1:
                        push(f"</{token.tag}{attrs}>\n")
                    else:  # one a block: a call costs little there
                        push(self._block_open(tokens, index, token, count, attrs))
                if kind == _LIST_ITEM and token.meta and "checked" in token.meta:
                    push(self._checkbox(token))
            elif kind == _TEXT:
                text = token.content
                # escapeHtml's four replace calls, only for a text that has one of its characters
                push(escapeHtml(text) if "&" in text or "<" in text or ">" in text or '"' in text else text)
            elif kind == _SOFTBREAK:
                push(self.softbreak)
            elif kind == _RAW:
                push(token.content)
            elif kind == _CALL:
                push(calls[kind_name](tokens, index, options, env))
            elif kind == _CODE_INLINE:
                push(f"<code{_attrs(token.attrs) if token.attrs else ''}>{escapeHtml(token.content)}</code>")
            elif kind == _HARDBREAK:
                push(self.br)
            elif kind == _IMAGE:
                # the stock rule sets alt on the token itself, then renders the tag
                text = self.renderer.renderInlineAsText(token.children, options, env) if token.children else ""
                token.attrSet("alt", text)
                push(self._tag(tokens, index, token, count))
            else:  # _CODE_BLOCK
                push(f"<pre{_attrs(token.attrs) if token.attrs else ''}><code>{escapeHtml(token.content)}</code></pre>\n")

    def _block_open(self, tokens: Sequence[Token], index: int, token: Token, count: int, attrs: str) -> str:
        """renderToken's block tag that is not a closing one: its newlines depend on its neighbours."""
        lead = "\n" if index and tokens[index - 1].hidden else ""
        end = ">\n"
        if token.nesting == 1 and index + 1 < count:
            following = tokens[index + 1]
            if following.type == "inline" or following.hidden or (
                following.nesting == -1 and following.tag == token.tag
            ):
                end = ">"
        return f"{lead}<{token.tag}{attrs}{self.slash if token.nesting == 0 else ''}{end}"

    def _tag(self, tokens: Sequence[Token], index: int, token: Token, count: int) -> str:
        """renderToken, step for step (the loop in :meth:`render` has its own copy of the inline
        tags, the most frequent)."""
        if token.hidden:
            return ""
        nesting = token.nesting
        attrs = _attrs(token.attrs) if token.attrs else ""
        if not token.block:
            if nesting == -1:
                return f"</{token.tag}{attrs}>"
            return f"<{token.tag}{attrs}{self.slash if nesting == 0 else ''}>"
        if nesting == -1:
            return f"</{token.tag}{attrs}>\n"
        return self._block_open(tokens, index, token, count, attrs)

    def _checkbox(self, token: Token) -> str:
        """What list_item_open adds after the tag of a task list's item."""
        checked_attr = ' checked=""' if token.meta["checked"] else ""
        disabled_attr = "" if self.options.get("tasklists_editable", False) else ' disabled=""'
        return f'<input class="task-list-item-checkbox"{disabled_attr} type="checkbox"{checked_attr}> '
