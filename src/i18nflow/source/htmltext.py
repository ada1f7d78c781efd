"""The visible text inside raw HTML blocks.

An HTML block is split at block-level tags, comments and Liquid tags; each stretch between them
that holds words becomes one msgid, with inline tags (``<strong>``, ``<a href>``) kept in it as
the translator must keep them. Script, style and preformatted content is never text. The text
attributes of tags outside those stretches (an ``<img>``'s ``alt``, a ``title``) are entries of
their own, as a shortcode's caption is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from i18nflow.source.dialects.shortcodes import CALL
from i18nflow.source.htmltags import TEXT_ATTRIBUTES
from i18nflow.source.text import has_letters

INLINE_TAGS = frozenset(
    "a abbr b bdi bdo big br cite code data del dfn em font i img ins kbd mark q s samp small "
    "span strike strong sub sup time tt u var wbr".split()
)
OPAQUE_TAGS = frozenset("script style pre textarea svg math template".split())
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<![^>]*>|<\?.*?\?>"
    r"|<(/?)([A-Za-z][A-Za-z0-9-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
    r"|\{%.*?%\}",
    re.S,
)
_SPACE = re.compile(r"\s+")
_BROKEN_TAG = re.compile(r"</?[A-Za-z]")


def text_runs(block: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, msgid) of each translatable stretch of ``block``."""
    run_end = 0
    opaque: str | None = None
    for match in _TOKEN.finditer(block):
        closing, name = match.group(1), (match.group(2) or "").lower()
        if opaque is not None:
            if closing and name == opaque:
                opaque = None
                run_end = match.end()
            continue
        is_inline = bool(name) and name in INLINE_TAGS and name not in OPAQUE_TAGS
        if is_inline:
            continue
        # a boundary: flush the stretch before it
        yield from _flush(block, run_end, match.start())
        run_end = match.end()
        if name in OPAQUE_TAGS and not closing and not match.group(0).endswith("/>"):
            opaque = name
    if opaque is None:
        yield from _flush(block, run_end, len(block))


def _flush(block: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    start, end = _unwrap(block, start, end)
    stripped = block[start:end]
    if not stripped:
        return
    visible = html.unescape(_TOKEN.sub(" ", stripped))
    if not has_letters(visible) or _BROKEN_TAG.search(visible):
        return
    yield start, end, _SPACE.sub(" ", stripped)


_OPEN_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_VOID = re.compile(r"<(?:br|wbr)\s*/?>\s*", re.I)


def _only_tags(text: str) -> bool:
    return not re.sub(r"<[^>]*>", "", text).strip()


def _edge_shortcode(block: str, start: int, end: int) -> tuple[int, int] | None:
    """The stretch without a Hugo shortcode call at its start or end, if it has one.

    A call around the text (``{{< hero-headline >}}`` … ``{{< /hero-headline >}}``, an icon
    after a label) is the page's markup: in the msgid, a translation could move words out of
    the call's body, or onto the closing call's line.
    """
    first = CALL.match(block, start, end)
    if first is not None:
        return first.end(), end
    for match in CALL.finditer(block, start, end):
        if match.end() == end:
            return start, match.start()
    return None


def _unwrap(block: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace, Hugo shortcode calls, and a tag pair or line breaks wrapping the whole
    stretch.

    ``<span>text</span>`` on lines of their own is an HTML block only while the tags stay alone
    on their lines; keeping them out of the msgid keeps them where they are (and out of the
    translator's way).
    """
    while True:
        while start < end and block[start].isspace():
            start += 1
        while end > start and block[end - 1].isspace():
            end -= 1
        edge = _edge_shortcode(block, start, end)
        if edge is not None:
            start, end = edge
            continue
        void = _VOID.match(block, start, end)
        if void:
            start = void.end()
            continue
        trailing = re.search(r"<(?:br|wbr)\s*/?>\Z", block[start:end], re.I)
        if trailing:
            end = start + trailing.start()
            continue
        first_break = block.find("\n", start, end)
        if first_break > 0 and _only_tags(block[start:first_break]):
            start = first_break
            continue
        last_break = block.rfind("\n", start, end)
        if last_break > 0 and _only_tags(block[last_break:end]):
            end = last_break
            continue
        closing_first = re.match(r"</[A-Za-z][A-Za-z0-9-]*\s*>", block[start:end])
        if closing_first:
            start += closing_first.end()
            continue
        opening = _OPEN_TAG.match(block, start, end)
        if not opening:
            return start, end
        name = opening.group(1).lower()
        closing = f"</{name}>"
        inner = block[opening.end() : end]
        if not inner.lower().endswith(closing) or inner.lower().count(f"<{name}") > 0:
            return start, end
        start, end = opening.end(), end - len(closing)


# one attribute of a tag, read in order (a name inside another's value is not an attribute):
# its name, then a double-quoted, single-quoted or bare value, or none
_ATTRIBUTE = re.compile(r"""\s*([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|[^\s"'=<>`]+))?""")


def attribute_texts(block: str) -> Iterator[tuple[int, int, str, str, str]]:
    """(start, end, tag, attribute, quote) of each quoted text attribute of the tags of
    ``block`` (``htmltags.TEXT_ATTRIBUTES``, whose words a translation may change), outside
    script, style and preformatted content."""
    opaque: str | None = None
    for match in _TOKEN.finditer(block):
        closing, name = match.group(1), (match.group(2) or "").lower()
        if opaque is not None:
            opaque = None if closing and name == opaque else opaque
            continue
        if not name or closing:
            continue
        if name in OPAQUE_TAGS and not match.group(0).endswith("/>"):
            opaque = name
        position, end = match.end(2), match.end() - 1
        while position < end:
            attribute = _ATTRIBUTE.match(block, position, end)
            if attribute is None or attribute.end() == position:
                break
            position = attribute.end()
            group = 2 if attribute.group(2) is not None else 3
            if attribute.group(group) is not None and attribute.group(1).lower() in TEXT_ATTRIBUTES:
                yield attribute.start(group), attribute.end(group), name, attribute.group(1).lower(), "\"'"[group - 2]
