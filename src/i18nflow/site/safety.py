"""Which translated text may reach a page: raw HTML only where the source has the same HTML.

A PO file is edited by people and machines the site owner does not fully control, and a
translation is pasted into a page that is served from the owner's domain. So a translation may
use exactly the tags its source uses (the translator moves ``<strong>`` around, nothing more),
and it may never bring script: ``<script>``, ``on…=`` handler attributes or ``javascript:``
URLs that its source does not have. Entities are decoded first, so ``java&#115;cript:`` counts.
"""

from __future__ import annotations

import html
import re
from collections import Counter

_TAG = re.compile(
    r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.S,
)
_SCRIPT = re.compile(r"<\s*/?\s*script\b|\b(?:java|vb)script\s*:|\bdata\s*:\s*text/html", re.I)
_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
_SPACE = re.compile(r"\s+")

# Tags whose unbalanced use cannot break the page around them.
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())


def html_tags(text: str) -> Counter[str]:
    """Every tag and comment of ``text``, whitespace-normalised, counted."""
    return Counter(_SPACE.sub(" ", match.group(0)) for match in _TAG.finditer(text))


def script_markers(text: str) -> Counter[str]:
    """What could run code: script tags, handler attributes, script URLs (entities decoded)."""
    decoded = html.unescape(text)
    found = [m.group(0) for m in _SCRIPT.finditer(decoded)]
    # Handler attributes only matter inside a tag; "one = two" in prose is not one.
    for tag in _TAG.finditer(decoded):
        found.extend(m.group(0) for m in _HANDLER.finditer(tag.group(0)))
    return Counter(_SPACE.sub("", marker.lower()) for marker in found)


def unsafe_translation(source: str, translation: str) -> str | None:
    """Why ``translation`` must not replace ``source`` on a page, or None when it may."""
    added = script_markers(translation) - script_markers(source)
    if added:
        return f"it adds script: {next(iter(added))}"
    extra = html_tags(translation) - html_tags(source)
    if extra:
        return f"it adds HTML the source does not have: {next(iter(extra))}"
    return None


def balanced(fragment: str) -> bool:
    """True when every non-void element opened in ``fragment`` is closed in it, in order."""
    stack: list[str] = []
    for match in _TAG.finditer(fragment):
        closing, name = match.group(1), (match.group(2) or "").lower()
        if not name or name in VOID_TAGS or match.group(0).endswith("/>"):
            continue
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack
