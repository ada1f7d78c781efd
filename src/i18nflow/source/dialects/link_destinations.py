"""markdown-it-py's link destination parser, at C speed for the usual destination.

``parseLinkDestination`` walks a destination (``[text](https://…)``, an image's source, a
reference definition's URL) one character at a time in Python, counting parentheses and
skipping escapes: a twentieth of a translated body's parse, for URLs of a hundred characters.
A destination that is not in ``<…>`` and holds no backslash and no ``(`` ends at the first
space, control character or ``)``; one regular expression finds it, and its result is the one
markdown-it's walk gives. Anything else (``<…>``, escapes, balanced parentheses) is handed to
markdown-it's own function. :func:`quick_destinations` gives a parser its own ``helpers`` with
that function (markdown-it shares its ``helpers`` module between parsers: it is not changed).
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from markdown_it import MarkdownIt
from markdown_it import helpers as markdown_helpers
from markdown_it.common.utils import unescapeAll
from markdown_it.helpers.parse_link_destination import _Result, parseLinkDestination

# what a plain destination is made of: no space, control character, backslash or parenthesis
_PLAIN = re.compile(r"[^\x00-\x20\x7f\\()]*")


def parse_link_destination(string: str, pos: int, maximum: int) -> _Result:
    """``parseLinkDestination(string, pos, maximum)``, the same result."""
    if not string.startswith("<", pos):
        plain = _PLAIN.match(string, pos, maximum)  # always matches (maybe ""), unless pos > maximum
        end = plain.end() if plain is not None else pos
        if end > pos and (end >= maximum or string[end : end + 1] not in ("(", "\\")):
            result = _Result()
            result.str, result.pos, result.ok = unescapeAll(string[pos:end]), end, True
            return result
    return parseLinkDestination(string, pos, maximum)


def quick_destinations(md: MarkdownIt) -> None:
    """Give ``md`` helpers of its own, with :func:`parse_link_destination`, if it has
    markdown-it's (the rest are markdown-it's)."""
    if md.helpers is not markdown_helpers or markdown_helpers.parseLinkDestination is not parseLinkDestination:
        return
    names = {name: getattr(markdown_helpers, name) for name in markdown_helpers.__all__}
    md.helpers = SimpleNamespace(**{**names, "parseLinkDestination": parse_link_destination})  # type: ignore[assignment]
