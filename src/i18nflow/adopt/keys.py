"""Which front matter keys of a site's posts hold prose a reader sees, and how many posts have each.

Known prose keys (``title``, ``description``, ``summary``, ``tags`` …) are proposed when any post
has them; other keys whose values read like sentences are listed as candidates for the user to
switch on. Keys that name things rather than say them (``layout``, ``permalink``, ``categories``,
which is part of a Jekyll post's URL, ``slug``, dates, images) are never proposed: translating
them would move or break pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from i18nflow.source.frontmatter.metadata import metadata

PROSE_KEYS = (
    "title", "subtitle", "linkTitle", "linktitle", "description", "summary", "excerpt", "abstract", "lead",
    "teaser", "caption", "alt", "tags", "keywords", "headline", "tagline",
)
NOT_PROSE = {
    "layout", "permalink", "slug", "url", "aliases", "date", "lastmod", "publishdate", "expirydate",
    "categories", "category", "type", "draft", "weight", "lang", "language", "translationkey",
    "page_id", "ref", "id", "image", "images", "thumbnail", "cover", "banner", "icon", "author",
    "authors", "menu", "menus", "math", "toc", "comments", "share", "series", "redirect_from",
    "canonicalurl", "source_hash", "sitemap", "robots", "class", "style", "color", "theme",
}
_URLISH = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|\.{0,2}/|#|\{\{|\{%)", re.IGNORECASE)
_WORDS = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class KeyCount:
    """A key path as ``front_matter`` writes it, and in how many posts it holds prose."""

    key: str
    posts: int
    known: bool  # one of PROSE_KEYS (proposed switched on)


def count_prose_keys(paths: Iterable[Path]) -> tuple[list[KeyCount], int]:
    """Key paths with prose, most common first, and how many posts were read."""
    counts: Counter[str] = Counter()
    total = 0
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        total += 1
        counts.update(set(_prose_paths(metadata(text))))
    result = [KeyCount(key, number, key.rsplit(".", 1)[-1] in PROSE_KEYS) for key, number in counts.items()]
    result.sort(key=lambda item: (not item.known, -item.posts, item.key))
    return result, total


def _prose_paths(values: dict[str, Any], prefix: str = "", depth: int = 0) -> Iterable[str]:
    for key, value in values.items():
        if not isinstance(key, str) or key.lower() in NOT_PROSE or any(c in key for c in ".[:@"):
            continue
        path = f"{prefix}{key}"
        if isinstance(value, dict) and depth < 1:
            yield from _prose_paths(value, f"{path}.", depth + 1)
        elif isinstance(value, list) and depth < 2 and any(isinstance(item, dict) for item in value):
            # a list of tables (minimal-mistakes' gallery, a FAQ, Hugo's resources): their keys
            for item in value:
                if isinstance(item, dict):
                    yield from _prose_paths(item, f"{path}[].", 2)
        elif key in PROSE_KEYS and _has_prose(value, short=True):
            yield path
        elif isinstance(value, str) and _is_sentence(value):
            yield path


def _has_prose(value: Any, short: bool) -> bool:
    if isinstance(value, str):
        return bool(_WORDS.search(value)) and not _URLISH.match(value.strip())
    if isinstance(value, list):
        return any(isinstance(item, str) and _has_prose(item, short) for item in value)
    return False


def _is_sentence(value: str) -> bool:
    """Several words of text, not a URL, a path, a template or an identifier."""
    text = value.strip()
    return len(_WORDS.findall(text)) >= 3 and " " in text and not _URLISH.match(text)
