"""Small text rules shared by extraction, rendering and checks (one place for each)."""

from __future__ import annotations

import re

# Liquid output/tags (also Hugo shortcodes), kramdown attribute lists and extensions. A call
# ends at its first closer: ``{{% tab %}}Words{{% /tab %}}`` is two calls around words, not one.
_CALL = r"\{\{(?:[^}]|\}(?!\}))*\}\}|\{%(?:[^%]|%(?!\}))*%\}"
_MARKUP = re.compile(_CALL + r"|\{::?[^{}]*\}|\{[#.][^{}]*\}", re.S)
_MARKUP_LINE = re.compile(r"^\s*(?:(?:" + _CALL + r"|\{::?[^{}]*\}|\{[#.][^{}]*\}|<!--(?:(?!-->).)*-->)\s*)+$")


def strip_markup(text: str) -> str:
    """Remove Liquid and kramdown markup, which is never text for a translator."""
    return _MARKUP.sub(" ", text)


def has_letters(text: str) -> bool:
    """True when a reader would see words: ``&nbsp;``, ``<br>`` or an empty image alt are not text."""
    return any(ch.isalpha() for ch in strip_markup(text))


def is_markup_line(line: str) -> bool:
    """A line made only of Liquid tags, kramdown attribute lists or HTML comments."""
    return bool(_MARKUP_LINE.match(line))


def kramdown_id(text: str) -> str:
    """The header id kramdown (Jekyll's default) generates for a heading's text."""
    ident = re.sub(r"^[^a-zA-Z]+", "", text)
    ident = re.sub(r"[^a-zA-Z0-9 -]", "", ident)
    ident = ident.replace(" ", "-").lower()
    return ident or "section"


def word_count(text: str) -> int:
    """Words a translator reads: markup and URLs don't count."""
    return len(re.findall(r"\w+", strip_markup(re.sub(r"\]\([^)]*\)|<[^>]+>", " ", text))))


def backslash_break(backslashes: int, kramdown: bool) -> bool:
    """Whether a line ending in ``backslashes`` backslashes ends with a hard break: an odd
    count in CommonMark and goldmark (``\\\\`` is an escaped backslash), any count in Jekyll's
    kramdown, whose LINE_BREAK rule reads ``\\\\`` before the newline as a break and whose GFM
    parser reads a lone ``\\`` as one too (checked with Jekyll 4.3: 1 to 4 all break)."""
    return backslashes > 0 if kramdown else backslashes % 2 == 1
