"""The preview's home page: choose a language, and see how far each translation is.

What a site owner looks at, as on Weblate's dashboard: per language a bar of reviewed /
machine / outdated / untranslated words, and a table of posts with the same bars, each bar
linking to its PO file (relative to the page, so it opens from a checkout or a server at the
project root). The bars are inline SVG rectangles: no script, no inline style, so any content
security policy allows them. ``i18nflow status --html`` writes this page alone.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from i18nflow.config import Config
from i18nflow.fsutil import Stats
from i18nflow.gettext.stats import STATES
from i18nflow.problems import Problems
from i18nflow.site.languages import Language, language
from i18nflow.site.options import output_root, site_options
from i18nflow.site.output import SiteOutput
from i18nflow.site.pages import Urls, page
from i18nflow.site.theme import locale_environment
from i18nflow.source.naming import name_of
from i18nflow.source.project import Project


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
        rows.append(ProgressRow(post["title"], page_href(post["name"]), bars))
    return [progress_bar(totals[locale]) for locale in locales], rows


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

    up = os.path.relpath(config.root, output.out).replace(os.sep, "/")  # once, not per post and language

    def po_href(ref: str) -> str:
        if ref.startswith("/"):  # a catalog outside the project (config.relative keeps it absolute)
            return os.path.relpath(ref, output.out).replace(os.sep, "/")
        return f"{up}/{ref}"

    totals, rows = progress_rows(summaries, [lang.locale for lang in translated], po_href,
                                 lambda name: Urls.path(source.locale, name))
    versions = [(lang, Urls.path(lang.locale)) for lang in languages]
    info = page(source, 0, "", Urls(options.base_url), title, "", versions, "")
    output.render(env, "languages.html", "", page=info, site={"title": title, "source": source},
                  progress={"languages": list(zip(translated, totals, strict=True)), "rows": rows,
                            "states": STATES})


def post_summaries(project: Project, locales: Sequence[str], problems: Problems) -> list[dict[str, Any]]:
    """The summaries the preview's domain jobs make, from the catalogs alone (``status --html``)."""
    from i18nflow.errors import CatalogError
    from i18nflow.gettext.po import read_po
    from i18nflow.gettext.stats import catalog_states, count_keys
    from i18nflow.site.posts import post_facts

    config = project.config
    summaries = []
    for domain, posts in sorted(project.domains().items()):
        states: dict[str, dict[Any, str]] = {}
        for locale in locales:
            path = config.po_path(locale, domain)
            try:
                states[locale] = catalog_states(read_po(path)) if path.exists() else {}
            except CatalogError as exc:
                problems.add(exc)
                states[locale] = {}
        for post in posts:
            keys = [(s.msgctxt, s.msgid) for s in project.segments[post.ref]]
            facts = post_facts(post)
            summaries.append({
                "ref": post.ref,
                "name": domain if config.domain_per_post else name_of(post.rel),
                "title": facts.title,
                "sort": [facts.date is None, -facts.date.toordinal() if facts.date else 0, facts.title],
                "locales": {locale: {"words": count_keys(keys, states[locale]).words,
                                     "po": config.relative(config.po_path(locale, domain))} for locale in locales},
            })
    summaries.sort(key=lambda post: (*post["sort"], post["ref"]))
    return summaries


def write_status_page(project: Project, locales: Sequence[str], problems: Problems, stats: Stats) -> None:
    """The home page alone, with the progress of ``locales``: what ``status --html`` writes."""
    config = project.config
    options = site_options(config)
    out = output_root(config, options)
    chosen = [locale for locale in locales if locale != config.source_locale]
    output = SiteOutput(out, problems)
    languages = [language(config.source_locale), *(language(locale) for locale in chosen)]
    write_home(config, output, languages, post_summaries(project, chosen, problems), frozenset({"reviewed"}),
               "status", problems)
    stats.add_written((out / name for name in output.written), rebuilt=True)
    stats.unchanged += output.unchanged
