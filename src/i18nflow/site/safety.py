"""The preview's walls behind the publishing rule: a sanitizer for translated HTML, and a CSP.

The first wall is :func:`i18nflow.source.safety.refusal`: a translation that brings HTML, a
script URL, a link or a Liquid tag its source lacks is not shown at all. Parsers disagree at the
edges, and the preview is served from the site owner's domain, so two more stand behind it:

- every raw HTML block a translation changed goes through nh3 (the ammonia sanitizer), allowed
  only the tags and attributes of the source block it stands for, never script, style or an
  event handler, and only ordinary URL schemes. Blocks identical to the source's (the source is
  trusted: its embeds and scripts) are left as they are;
- every page carries a Content-Security-Policy: no script at all, or, where the source post has
  scripts, exactly those (inline ones by their sha256, external ones by their URL), never an
  inline handler. ``<meta http-equiv="refresh">`` is out of a CSP's reach; the first two walls
  keep it out.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from html.parser import HTMLParser

import nh3

# Tags whose unbalanced use cannot break the page around them.
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
# Never allowed in translated HTML, whatever the source block has (nh3 cannot allow the first two).
_NEVER = frozenset({"script", "style", "meta", "base", "link", "object", "embed", "form", "frame", "frameset"})
_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp", "ftps"})
NO_SCRIPT_POLICY = "script-src 'none'; object-src 'none'; base-uri 'none'"
_ABSOLUTE = re.compile(r"^https?://[^\s'\";,]+$", re.I)


class _Elements(HTMLParser):
    """Start and end tags with attributes, and the text of script elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[tuple[str, str, list[tuple[str, str | None]]]] = []
        self.scripts: list[tuple[str | None, str]] = []  # (src, inline text)
        self._script: list[str] | None = None
        self._src: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, attrs))
        if tag == "script":
            self._script, self._src = [], dict(attrs).get("src")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("void", tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag, []))
        if tag == "script" and self._script is not None:
            self.scripts.append((self._src, "".join(self._script)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)


def _elements(fragment: str) -> _Elements:
    parser = _Elements()
    parser.feed(fragment)
    parser.close()
    return parser


def balanced(fragment: str) -> bool:
    """True when every non-void element opened in ``fragment`` is closed in it, in order."""
    stack: list[str] = []
    for kind, name, _attrs in _elements(fragment).events:
        if kind == "void" or name in VOID_TAGS:
            continue
        if kind == "start":
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def sanitized(source: str, translated: str) -> str:
    """``translated`` (raw HTML standing for ``source``) with nothing ``source`` lacks: the
    second wall. Unchanged when it is ``source``; nh3's cleaned serialization otherwise."""
    if translated == source:
        return translated
    tags: set[str] = set()
    attributes: dict[str, set[str]] = {}
    for _kind, name, attrs in _elements(source).events:
        if name in _NEVER:
            continue
        tags.add(name)
        attributes.setdefault(name, set()).update(a for a, _ in attrs if not a.startswith("on") and a != "style")
    return str(nh3.clean(translated, tags=tags, attributes=attributes, url_schemes=set(_URL_SCHEMES),
                         link_rel=None, strip_comments=True))


def content_security_policy(source_html: Iterable[str]) -> str:
    """The page's policy: the scripts of the source post's raw HTML, and nothing else."""
    return _policy(tuple(source_html))


@lru_cache(maxsize=64)
def _policy(source_html: tuple[str, ...]) -> str:
    """Every language's page of a post has the source's HTML: its policy is worked out once."""
    sources: set[str] = set()
    for fragment in source_html:
        for src, text in _elements(fragment).scripts:
            if src is None:
                digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
                sources.add(f"'sha256-{digest}'")
            elif _ABSOLUTE.match(src.strip()):
                sources.add(src.strip())
            else:
                sources.add("'self'")
    if not sources:
        return NO_SCRIPT_POLICY
    return f"script-src {' '.join(sorted(sources))}; object-src 'none'; base-uri 'none'"
