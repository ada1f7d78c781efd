"""One domain's pages in every language: the unit of preview work a worker process runs.

A domain owns its posts and one catalog per locale, so building its pages needs nothing from
any other domain: the job reads its posts and catalogs once, writes each published post page
(its language switcher lists the languages that publish it), and returns plain data — what it
wrote, its problems, and per post what the language indexes and the progress page need.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib

from i18nflow.collection import collection_held
from i18nflow.config import Config
from i18nflow.errors import CatalogError, ContentError, I18nflowError
from i18nflow.gettext.po import read_po
from i18nflow.gettext.stats import Counts, catalog_states
from i18nflow.problems import Problem, Problems
from i18nflow.site.body import body_readings
from i18nflow.site.languages import Language, language
from i18nflow.site.links import PageLinks
from i18nflow.site.options import SiteOptions, output_root, site_options
from i18nflow.site.output import SiteOutput
from i18nflow.site.pages import Urls, list_item, page, post_view, waiting_item
from i18nflow.site.posts import (
    EditionContext,
    PostFacts,
    Rules,
    allowed_states,
    make_edition,
    post_facts,
    publication,
    publication_of,
)
from i18nflow.site.safety import content_security_policy
from i18nflow.site.theme import locale_environment
from i18nflow.source.content import Post, load_post
from i18nflow.source.dialects.reading import BodyReadings
from i18nflow.source.dialects.registry import dialect_for
from i18nflow.source.segment import Segment
from i18nflow.source.segments import extract_segments
from i18nflow.source.text import word_count


@dataclass
class SiteMap:
    """What a page needs to know of the other posts: their page names (by ref), the paths and
    URLs that lead to them, and in which languages they are published. Set once per process
    (``set_site_map``: forked workers inherit it, spawned ones get it through the initializer)."""

    names: dict[str, str] = field(default_factory=dict)  # post ref → page name
    links: PageLinks = field(default_factory=PageLinks)
    published: dict[tuple[str, str], bool] = field(default_factory=dict)  # (page name, locale)


_SITE_MAP = SiteMap()


def set_site_map(site_map: SiteMap) -> None:
    global _SITE_MAP
    _SITE_MAP = site_map


@dataclass(frozen=True)
class PagesJob:
    domain: str
    posts: tuple[tuple[Path, Path], ...]  # (post path, content base), duplicate slugs left out
    locales: tuple[str, ...]  # the translated locales (the source locale is always built)
    include_fuzzy: bool
    include_machine: bool
    settings: str  # digest of templates and site catalogs: keys the per-process template cache


@dataclass
class PagesOutcome:
    domain: str
    problems: list[Problem] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # relative to the site folder
    unchanged: int = 0
    pages: list[str] = field(default_factory=list)
    posts: list[dict[str, Any]] = field(default_factory=list)  # see _summary
    failed: bool = False


def build_domain_pages_with(site_map: SiteMap, config: Config, job: PagesJob) -> PagesOutcome:
    """:func:`build_domain_pages` in a spawned worker, which did not inherit the site map."""
    set_site_map(site_map)
    return build_domain_pages(config, job)


def build_domain_pages(config: Config, job: PagesJob) -> PagesOutcome:
    """Every page of one domain's posts; every problem is collected, none raised."""
    problems = Problems(root=config.root)
    outcome = PagesOutcome(job.domain)
    try:
        with collection_held():
            _build(config, job, problems, outcome)
    except I18nflowError as exc:
        problems.add(exc)
        outcome.failed = True
    except RecursionError:
        where = job.posts[0][0] if len(job.posts) == 1 else job.domain
        problems.error("too deeply nested to show in the preview (its front matter or body)", where)
        outcome.failed = True
    outcome.problems = problems.items
    return outcome


def _build(config: Config, job: PagesJob, problems: Problems, outcome: PagesOutcome) -> None:
    options = site_options(config)
    output = SiteOutput(output_root(config, options), problems)
    source = language(config.source_locale)
    languages = [source] + [language(code) for code in job.locales if code != config.source_locale]
    allowed = allowed_states(job.include_fuzzy, job.include_machine)
    catalogs = {lang.locale: _catalog(config, lang.locale, job.domain, source, problems) for lang in languages}
    states = {locale: catalog_states(c) if c is not None else {} for locale, c in catalogs.items()}
    quiet = Problems(root=config.root)  # the main process reports template catalog problems once
    dialect = dialect_for(config)
    readings = body_readings(dialect)  # a post's source read once for all its pages
    for path, base in job.posts:
        try:
            post = load_post(path, config.root, base)
            segments = extract_segments(post, config.front_matter, dialect)
        except ContentError as exc:
            problems.add(exc)
            outcome.failed = True
            continue
        builder = _PostPages(config, options, output, source, allowed, job, quiet, readings)
        outcome.posts.append(builder.build(post, segments, languages, catalogs, states, problems))
    outcome.written, outcome.unchanged, outcome.pages = output.written, output.unchanged, output.produced


def _catalog(config: Config, locale: str, domain: str, source: Language, problems: Problems) -> polib.POFile | None:
    if locale == source.locale:
        return None
    path = config.po_path(locale, domain)
    if not path.exists():
        return None
    try:
        return read_po(path, references=False)  # pages show translations, not where they are used
    except CatalogError as exc:
        problems.add(exc)
        return None


class _PostPages:
    """The pages of one post, and the summary the indexes and the progress page use."""

    def __init__(self, config: Config, options: SiteOptions, output: SiteOutput, source: Language,
                 allowed: frozenset[str], job: PagesJob, quiet: Problems, readings: BodyReadings):
        self.config, self.options, self.output, self.source = config, options, output, source
        self.allowed, self.job, self.quiet, self.readings = allowed, job, quiet, readings
        self.urls = Urls(options.base_url)

    def build(self, post: Post, segments: list[Segment], languages: list[Language],
              catalogs: dict[str, polib.POFile | None], states: dict[str, dict[Any, str]],
              problems: Problems) -> dict[str, Any]:
        facts = post_facts(post)
        name = _SITE_MAP.names.get(post.ref, post.slug)
        targets: set[str] = set()

        def is_published(other: str, locale: str) -> bool:
            targets.add(other)  # pages linking here are rebuilt when its publication changes
            return _SITE_MAP.published.get((other, locale), True)

        rules = {lang.locale: Rules(self.allowed, self.config.threshold_for(lang.locale), self.options.fallback)
                 for lang in languages}
        words = {key: word_count(key[1]) for key in dict.fromkeys((s.msgctxt, s.msgid) for s in segments)}
        counts = {lang.locale: _counts(words, states[lang.locale]) for lang in languages if lang != self.source}
        status = {lang.locale: publication_of(counts[lang.locale].percent_reviewed(), rules[lang.locale])
                  if lang != self.source else publication(segments, None, True, rules[lang.locale])
                  for lang in languages}
        versions = [lang for lang in languages if status[lang.locale].published]
        summary = _summary(post, facts, name)
        for lang in languages:
            entry: dict[str, Any] = {}
            if lang != self.source:
                entry["words"] = counts[lang.locale].words
                entry["po"] = self.config.relative(self.config.po_path(lang.locale, self.job.domain))
            if lang not in versions:
                href = Urls.relative(1, Urls.path(self.source.locale, name))
                entry["item"] = dict(vars(waiting_item(facts, self.source, href, lang)))  # flat: asdict's deep copy not needed
                entry["published"] = False
            else:
                rewrite = _SITE_MAP.links.rewriter(post, lang.locale, self.source.locale, is_published,
                                                   _static_url(self.options, 2))
                context = EditionContext(self.source, lang, rules[lang.locale], rewrite, problems,
                                         self.config.relative(self.config.po_path(lang.locale, self.job.domain)),
                                         self.readings)
                edition = make_edition(post, segments, facts, catalogs[lang.locale], context, status[lang.locale])
                self._post_page(edition, facts, versions, name)
                href = Urls.relative(1, Urls.path(lang.locale, name))
                entry["item"] = dict(vars(list_item(edition, facts, self.source, href)))
                entry["published"] = True
            summary["locales"][lang.locale] = entry
        summary["links"] = sorted(targets - {name})
        return summary

    def _post_page(self, edition: Any, facts: PostFacts, versions: list[Language], slug: str) -> None:
        lang = edition.language
        env, title = locale_environment(self.config, self.options, lang.locale, self.allowed, self.quiet,
                                        self.job.settings)
        target = Urls.path(lang.locale, slug)
        csp = content_security_policy(edition.body.source_html if edition.body else [])
        info = page(lang, 2, target, self.urls, edition.title.value, edition.description.value,
                    [(other, Urls.path(other.locale, slug)) for other in versions],
                    Urls.path(self.source.locale, slug), csp)
        view = post_view(edition, facts, self.source, _static_url(self.options, 2)(facts.image or ""))
        self.output.render(env, "post.html", target, page=info, site={"title": title, "source": self.source},
                           post=view)


def _counts(words: dict[Any, int], states: dict[Any, str]) -> Counts:
    """``count_keys`` with each key's words counted once per post, not once per language."""
    counts = Counts()
    for key, number in words.items():
        counts.add(states.get(key, "untranslated"), number)
    return counts


def _summary(post: Post, facts: PostFacts, name: str) -> dict[str, Any]:
    date = facts.date
    return {
        "ref": post.ref,
        "name": name,
        "title": facts.title,
        "sort": [date is None, -date.toordinal() if date else 0, facts.title],
        "locales": {},
    }


def _static_url(options: SiteOptions, depth: int) -> Any:
    """Root-relative links into a ``static`` folder, made relative to a page ``depth`` deep."""
    prefixes = tuple(f"/{folder}/" for folder in options.static)

    def rewrite(url: str) -> str:
        return Urls.relative(depth, url[1:]) if url.startswith(prefixes) else url

    return rewrite
