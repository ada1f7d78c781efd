"""Links from one post to another, as the preview serves them: to the same language's page.

A post links to another the way its generator resolves it: a relative file link
(``../guides/trip.md``, ``trip/``, the Markdown file itself or a bundle's folder, which Hugo and
MkDocs both follow) or the page's own URL on a Hugo site (``/guides/trip/``: the path below the
content folder, ``index``/``_index`` and the language suffix left out). In the preview every
post is ``<locale>/<name>/``, so such a link from a Spanish page goes to the Spanish page of the
other post, or to the source language's page while the other post is not published in Spanish.
Anything else (external URLs, anchors, files that are not posts) is left as it is.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from i18nflow.source.content import Post
from i18nflow.source.naming import BUNDLE_STEMS, bare_stem

_MARKDOWN = (".md", ".markdown")


@dataclass
class PageLinks:
    """Every post's preview name by the paths and URLs that lead to it."""

    by_ref: dict[str, str] = field(default_factory=dict)  # "content/posts/trip.md", "content/posts/trip"
    by_url: dict[str, str] = field(default_factory=dict)  # "/posts/trip/"

    @classmethod
    def of(cls, posts: Iterable[tuple[Post, str]]) -> PageLinks:
        return cls.of_paths((post.ref, post.rel, name) for post, name in posts)

    @classmethod
    def of_paths(cls, posts: Iterable[tuple[str, str, str]]) -> PageLinks:
        """From (ref, rel, page name) alone: the preview knows every post's paths without reading it."""
        links = cls()
        for ref, rel, name in posts:
            links.by_ref[ref] = name
            page = _page_path(ref)
            links.by_ref.setdefault(page, name)
            links.by_url.setdefault("/" + _page_path(rel).lower().strip("/") + "/", name)
        return links

    def target(self, post: Post, url: str) -> tuple[str, str] | None:
        """(the linked post's name, the URL's fragment), or None when it is not a post."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        path = unquote(parts.path)
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if path.startswith("/"):
            name = self.by_url.get(path.lower().rstrip("/") + "/") or self.by_url.get(
                _page_path(path.lstrip("/")).lower().rstrip("/") + "/")
            return (name, fragment) if name else None
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(post.ref), path))
        name = self.by_ref.get(joined) or self.by_ref.get(_page_path(joined))
        return (name, fragment) if name else None

    def rewriter(
        self, post: Post, locale: str, source_locale: str, published: Callable[[str, str], bool],
        fallback: Callable[[str], str],
    ) -> Callable[[str], str]:
        """The URL rewrite for one edition's body (pages are two folders deep)."""

        def rewrite(url: str) -> str:
            found = self.target(post, url)
            if found is None:
                return fallback(url)
            name, fragment = found
            language = locale if published(name, locale) else source_locale
            return f"../../{language}/{name}/{fragment}"

        return rewrite


def _page_path(ref: str) -> str:
    """``content/posts/trip/index.en.md`` → ``content/posts/trip``: the page a path stands for."""
    folder, file = posixpath.split(ref.rstrip("/"))
    if not file.endswith(_MARKDOWN):
        return ref.rstrip("/")
    stem = bare_stem(file)
    return folder if stem in BUNDLE_STEMS else posixpath.join(folder, stem)
