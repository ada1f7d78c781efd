"""The visible text inside raw HTML blocks.

An HTML block is split at block-level tags, comments and Liquid tags; each stretch between them
that holds words becomes one msgid, with inline tags (``<strong>``, ``<a href>``) kept in it as
the translator must keep them. Script, style and preformatted content is never text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from .textutil import has_letters

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


def text_runs(block: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, msgid) of each translatable stretch of ``block``."""
    run_end = 0
    opaque: str | None = None
    for match in _TOKEN.finditer(block):
        closing, name = match.group(1), (match.group(2) or "").lower()
        if opaque is not None:
            if closing and name == opaque:
                opaque = None
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
    chunk = block[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    visible = html.unescape(re.sub(r"<[^>]*>", " ", stripped))
    if not has_letters(visible):
        return
    lead = len(chunk) - len(chunk.lstrip())
    begin = start + lead
    yield begin, begin + len(stripped), _SPACE.sub(" ", stripped)
