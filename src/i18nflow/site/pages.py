"""What each page's template receives: small frozen views, links already worked out.

Templates stay free of URL arithmetic and publishing logic; they get the title to show, the
``lang`` to put on a passage still in the source language, and every link ready to use.
Links between pages are relative (the preview works from any folder, and from ``file://``);
canonical and hreflang links become absolute when ``[site] base_url`` is set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from i18nflow.site.languages import Language, long_date
from i18nflow.site.posts import Edition, PostFacts, Text
from i18nflow.site.safety import NO_SCRIPT_POLICY


@dataclass(frozen=True)
class Urls:
    """Where pages live below the site root, and how one page links to another."""

    base_url: str  # "" for relative links

    @staticmethod
    def path(locale: str | None = None, slug: str | None = None) -> str:
        return "".join(f"{part}/" for part in (locale, slug) if part)

    @staticmethod
    def relative(depth: int, target: str) -> str:
        return ("../" * depth + target) or "./"

    def public(self, depth: int, target: str) -> str:
        """Canonical and hreflang URLs: absolute when the site has a base URL."""
        return f"{self.base_url}/{target}" if self.base_url else self.relative(depth, target)


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    href: str


@dataclass(frozen=True)
class LanguageLink:
    tag: str
    name: str
    dir: str
    href: str
    current: bool


@dataclass(frozen=True)
class Page:
    lang: str
    dir: str
    title: str
    description: str
    canonical: str
    alternates: Sequence[Alternate]
    languages: Sequence[LanguageLink]
    stylesheet: str
    home: str  # this language's list of posts
    root: str  # the language chooser
    csp: str


@dataclass(frozen=True)
class PostView:
    title: str
    title_class: str
    title_lang: str
    description: str
    date: str
    date_html: Markup
    image: str
    machine: bool
    outdated: bool
    untranslated: bool
    partial: bool
    body: Callable[..., Markup]


@dataclass(frozen=True)
class ListItem:
    title: str
    title_lang: str
    description: str
    description_lang: str
    date_html: Markup
    href: str
    hreflang: str
    partial: bool
    machine: bool


def page(
    language: Language,
    depth: int,
    target: str,
    urls: Urls,
    title: str,
    description: str,
    versions: Sequence[tuple[Language, str]],
    x_default: str,
    csp: str = NO_SCRIPT_POLICY,
) -> Page:
    """One page's head and navigation; ``versions`` are (language, path) of its translations."""
    alternates = [Alternate(lang.tag, urls.public(depth, path)) for lang, path in versions]
    alternates.append(Alternate("x-default", urls.public(depth, x_default)))
    links = [
        LanguageLink(lang.tag, lang.name, lang.dir, urls.relative(depth, path), lang == language)
        for lang, path in versions
    ]
    return Page(
        lang=language.tag,
        dir=language.dir,
        title=title,
        description=description,
        canonical=urls.public(depth, target),
        alternates=alternates,
        languages=links,
        stylesheet=urls.relative(depth, "style.css"),
        home=urls.relative(depth, Urls.path(language.locale)),
        root=urls.relative(depth, ""),
        csp=csp,
    )


def date_html(facts: PostFacts, locale: str) -> Markup:
    if facts.date is None:
        return Markup("")
    return Markup('<time datetime="{}">{}</time>').format(facts.date.isoformat(), long_date(facts.date, locale))


def lang_of(text: Text, source: Language) -> str:
    """``lang`` for a value still in the source language on a translated page."""
    return source.tag if text.state == "source" else ""


def post_view(edition: Edition, facts: PostFacts, source: Language, image: str) -> PostView:
    body = edition.body

    def render_body(**notes: str) -> Markup:
        return Markup(body.html(notes) if body is not None else "")

    title = edition.title
    return PostView(
        title=title.value,
        title_class=f"i18n-{title.state}" if title.state in edition.states else "",
        title_lang=lang_of(title, source),
        description=edition.description.value,
        date=long_date(facts.date, edition.language.locale) if facts.date else "",
        date_html=date_html(facts, edition.language.locale),
        image=image,
        machine="machine" in edition.states,
        outdated="outdated" in edition.states,
        untranslated="source" in edition.states,
        partial=edition.partial,
        body=render_body,
    )


def list_item(edition: Edition, facts: PostFacts, source: Language, href: str) -> ListItem:
    """A published post on its language's index."""
    return ListItem(
        title=edition.title.value,
        title_lang=lang_of(edition.title, source),
        description=edition.description.value,
        description_lang=lang_of(edition.description, source),
        date_html=date_html(facts, edition.language.locale),
        href=href,
        hreflang="",
        partial=edition.partial,
        machine="machine" in edition.states,
    )


def waiting_item(facts: PostFacts, source: Language, href: str, page_language: Language) -> ListItem:
    """A post still in translation: listed in the source language, linking to that version."""
    return ListItem(
        title=facts.title,
        title_lang=source.tag,
        description=facts.description,
        description_lang=source.tag,
        date_html=date_html(facts, page_language.locale),
        href=href,
        hreflang=source.tag,
        partial=False,
        machine=False,
    )
