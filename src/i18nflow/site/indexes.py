"""The pages that list posts: each language's index, and the home page with translation progress.

They are made from the per-post summaries the domain jobs return (and the site state keeps),
so they can be rebuilt without reading a single post or catalog. The home page is what a site
owner looks at, as on Weblate's dashboard: per language a bar of reviewed / machine / outdated /
untranslated words, and a table of posts with the same bars, each linking to its PO file.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from i18nflow.config import Config
from i18nflow.gettext.stats import STATES
from i18nflow.problems import Problems
from i18nflow.site.languages import Language, language
from i18nflow.site.options import site_options
from i18nflow.site.output import SiteOutput
from i18nflow.site.pages import ListItem, Urls, page
from i18nflow.site.posts import allowed_states
from i18nflow.site.theme import locale_environment


@dataclass(frozen=True)
class BarPart:
    state: str
    words: int
    percent: float  # of the bar's width
    x: float  # where it starts, for the SVG


@dataclass(frozen=True)
class Bar:
    """Words per state of one catalog (or all of a language's), as a stacked bar."""

    parts: Sequence[BarPart]
    total: int
    percent_reviewed: float
    href: str  # the PO file, relative to the page; "" for a language's total


@dataclass(frozen=True)
class ProgressRow:
    title: str
    href: str  # the post's page in the source language
    bars: Sequence[Bar]  # one per translated language, in the order of the header


def progress_bar(words: dict[str, int], href: str = "") -> Bar:
    """A bar over the states of ``gettext.stats`` (whatever states it counts, in its order)."""
    total = sum(words.get(state, 0) for state in STATES)
    parts: list[BarPart] = []
    x = 0.0
    for state in STATES:
        count = words.get(state, 0)
        if count:
            width = 100.0 * count / total
            parts.append(BarPart(state, count, round(width, 2), round(x, 2)))
            x += width
    reviewed = 100.0 if total == 0 else 100.0 * words.get("reviewed", 0) / total
    return Bar(parts, total, round(reviewed, 1), href)


def progress_rows(
    summaries: Sequence[dict[str, Any]], locales: Sequence[str], po_href: Any, page_href: Any
) -> tuple[list[Bar], list[ProgressRow]]:
    """Per language totals and per post rows, from the domain jobs' summaries."""
    totals = {locale: dict.fromkeys(STATES, 0) for locale in locales}
    rows = []
    for post in summaries:
        bars = []
        for locale in locales:
            entry = post["locales"].get(locale, {})
            words = entry.get("words", {})
            for state in STATES:
                totals[locale][state] += words.get(state, 0)
            bars.append(progress_bar(words, po_href(entry["po"]) if entry.get("po") else ""))
        rows.append(ProgressRow(post["title"], page_href(post["slug"]), bars))
    return [progress_bar(totals[locale]) for locale in locales], rows


def write_indexes(
    config: Config,
    output: SiteOutput,
    locales: Sequence[str],
    summaries: Sequence[dict[str, Any]],
    flags: tuple[bool, bool],  # include_fuzzy, include_machine
    settings: str,
    problems: Problems,
) -> None:
    """Every language's index (newest first, then the posts still in translation) and the home."""
    options = site_options(config)
    urls = Urls(options.base_url)
    languages = [language(code) for code in locales]
    source = languages[0]
    allowed = allowed_states(*flags)
    for lang in languages:
        env, title = locale_environment(config, options, lang.locale, allowed, problems, settings)
        items: list[ListItem] = []
        waiting: list[ListItem] = []
        for post in summaries:
            entry = post["locales"].get(lang.locale)
            if entry is None:
                continue
            item = ListItem(**{**entry["item"], "date_html": Markup(entry["item"]["date_html"])})
            (items if entry["published"] else waiting).append(item)
        versions = [(other, Urls.path(other.locale)) for other in languages]
        info = page(lang, 1, Urls.path(lang.locale), urls, title, "", versions, "")
        output.render(env, "index.html", Urls.path(lang.locale), page=info,
                      site={"title": title, "source": source}, posts=items, in_translation=waiting)
    write_home(config, output, languages, summaries, allowed, settings, problems)


def write_home(
    config: Config,
    output: SiteOutput,
    languages: Sequence[Language],
    summaries: Sequence[dict[str, Any]],
    allowed: frozenset[str],
    settings: str,
    problems: Problems,
) -> None:
    """The home page: choose a language, and see how far each one is."""
    options = site_options(config)
    source = languages[0]
    env, title = locale_environment(config, options, source.locale, allowed, problems, settings)
    translated = [lang for lang in languages if lang != source]

    def po_href(ref: str) -> str:
        return os.path.relpath(config.root / ref, output.out).replace(os.sep, "/")

    totals, rows = progress_rows(summaries, [lang.locale for lang in translated], po_href,
                                 lambda slug: Urls.path(source.locale, slug))
    versions = [(lang, Urls.path(lang.locale)) for lang in languages]
    info = page(source, 0, "", Urls(options.base_url), title, "", versions, "")
    output.render(env, "languages.html", "", page=info, site={"title": title, "source": source},
                  progress={"languages": list(zip(translated, totals, strict=True)), "rows": rows,
                            "states": STATES})
