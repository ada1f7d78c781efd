"""A link attempt that a nested link is bound to defeat, told without markdown-it's label walk.

At a ``[`` markdown-it's link rule walks the label token by token (``parseLinkLabel`` with
``skipToken``) to find its ``]``; when the walk meets another ``[`` that opens a link, the outer
attempt fails (links do not nest), and the inner link is parsed again for real later. A
pseudo-translation brackets every paragraph, so each paragraph with a link paid for a walk up to
it and a silent parse of it. :func:`defeated_by_nested_link` proves that outcome from the text:

* between the ``[`` and the next ``[`` there is no ``]`` and nothing a token could stretch over
  that ``[`` (a backtick, ``<``, a backslash; ``!`` or ``^`` right before it would open an image
  or an inline footnote), so the walk reaches it with the label still open: every rule that can
  act there (text, newline, entity, emphasis and strikethrough, which do nothing silently, the
  footnote reference, which needs a ``[``) ends before it;
* from that ``[`` a plain link follows: a label without brackets, backslashes, backticks or
  ``<``, then ``(``, a destination without spaces, controls, parentheses, ``\\``, ``<`` or ``&``
  (which markdown-it's destination parser returns as it is) that the parser's ``validateLink``
  accepts, then ``)``: its silent parse succeeds, and the outer attempt fails.

Anything else (references in ``env``, an unknown inline rule, the footnote plugin's table not yet
in ``env``, which its reference rule would create during the walk, a cached position, deep
nesting) is left to markdown-it's rule, so the tokens and ``env`` are the same.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it.helpers.parse_link_label import parseLinkLabel
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.text import text as inline_text

# the first character the walk from a "[" must look at: a bracket, or what may hide one
_FIRST_MARK = re.compile(r"[\[\]`<\\]")
# a link whose silent parse succeeds once validateLink accepts its destination (group 1)
_PLAIN_LINK = re.compile(r"\[[^\[\]\\`<]*\]\(([^\x00-\x20\x7f()\\<&]+)\)")
# the inline rules whose behaviour between the two brackets the proof above covers
_KNOWN_RULES = frozenset({
    "text", "newline", "escape", "backticks", "strikethrough", "emphasis", "link", "image",
    "autolink", "html_inline", "entity", "footnote_inline", "footnote_ref",
})


def has_footnote_table(env: Any) -> bool:
    """Whether the footnote plugin's reference rule has put its table in ``env`` (``footnotes``
    with ``refs`` and ``list``): from then on it only looks, and no rule takes the table away."""
    table = env.get("footnotes")
    return type(table) is dict and "refs" in table and "list" in table


class _Chains:
    """Whether a parser's inline rule chain is one the proof covers (cached per chain object)."""

    def __init__(self) -> None:
        self.chain: object = None
        self.verdict: tuple[bool, bool] = (False, False)  # (covered, footnote table needed)

    def verdict_for(self, md: Any) -> tuple[bool, bool]:
        chain = md.inline.ruler.getRules("")
        if chain is not self.chain:
            active = [rule for rule in md.inline.ruler.__rules__ if rule.enabled]
            names = {rule.name for rule in active}
            covered = (
                names <= _KNOWN_RULES
                and all(rule.fn is inline_text for rule in active if rule.name == "text")
                and md.helpers.parseLinkLabel is parseLinkLabel
            )
            self.chain, self.verdict = chain, (covered, "footnote_ref" in names)
        return self.verdict


def defeat_checker() -> Any:
    """A ``defeated_by_nested_link(state, pos)`` for one parser's link rule."""
    chains = _Chains()

    def defeated_by_nested_link(state: StateInline, pos: int) -> bool:
        """Whether markdown-it's link rule at ``pos`` (a ``[``) fails on a nested link."""
        src, maximum = state.src, state.posMax
        mark = _FIRST_MARK.search(src, pos + 1, maximum)
        if mark is None or mark.group() != "[":
            return False
        inner = mark.start()
        if src[inner - 1] in "!^" or inner in state.cache:
            return False
        found = _PLAIN_LINK.match(src, inner, maximum)
        if found is None:
            return False
        md = state.md
        if state.level + 3 >= md.options["maxNesting"] or "references" in state.env:
            return False
        covered, needs_table = chains.verdict_for(md)
        if not covered:
            return False
        if needs_table and not has_footnote_table(state.env):
            return False
        return bool(md.validateLink(md.normalizeLink(found.group(1))))

    return defeated_by_nested_link
