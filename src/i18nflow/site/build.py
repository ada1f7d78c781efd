"""The HTML preview: a small static site per locale, built from the localized posts.

::

    build/site/index.html                   choose a language
    build/site/<locale>/index.html          that language's posts, and those still in translation
    build/site/<locale>/<name>/index.html   one post (its catalog's name, unique per post)
    build/site/style.css

Pages come from the same localized text ``render`` writes as Markdown (``render_post``), not
from reading ``build/<locale>/`` back, so the preview never depends on the output pattern or on
a stale copy. The source locale is published too, and is every post's ``x-default``. Files are
written below the configured output folder only (under ``build/``), atomically and only when
their bytes change; pages of an earlier build that are no longer published are removed, so a
post that fell under its threshold does not stay online. Links between posts lead to the
other post's page in the same language (``links.py``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import jinja2
import polib

from i18nflow.config import Config
from i18nflow.errors import CatalogError, I18nflowError
from i18nflow.fsutil import write_bytes_atomic
from i18nflow.gettext.po import read_po
from i18nflow.problems import Problems
from i18nflow.site.languages import Language, language
from i18nflow.site.links import PageLinks
from i18nflow.site.options import SiteOptions, site_options
from i18nflow.site.pages import (
    ListItem,
    Urls,
    list_item,
    page,
    post_view,
    waiting_item,
)
from i18nflow.site.posts import (
    Edition,
    EditionContext,
    PostFacts,
    Rules,
    allowed_states,
    make_edition,
    post_facts,
    publication,
)
from i18nflow.site.safety import content_security_policy
from i18nflow.site.theme import (
    PACKAGE_TEMPLATES,
    SITE_TITLE_CONTEXT,
    TemplateError,
    environment,
    load_translations,
    site_template,
)
from i18nflow.source.content import Post
from i18nflow.source.naming import name_of

if TYPE_CHECKING:
    from i18nflow.fsutil import Stats
    from i18nflow.source.project import Project

__all__ = ["build_site", "site_template", "site_options"]


def build_site(
    project: Project,
    locales: Sequence[str],
    problems: Problems,
    stats: Stats,
    include_fuzzy: bool = False,
    include_machine: bool = False,
    merged: dict[tuple[str, str], polib.POFile] | None = None,
) -> None:
    """Write the preview for the source locale and ``locales``.

    ``merged`` holds catalogs ``update`` just produced, so ``sync --html`` reads no PO again.
    Raises :class:`ConfigError` for a bad ``[site]`` table and :class:`TemplateError` for a
    template that cannot be rendered; problems with single posts are collected in ``problems``.
    """
    config = project.config
    options = site_options(config)
    builder = _SiteBuilder(config, options, problems, stats, merged)
    source = language(config.source_locale)
    languages = [source] + [language(code) for code in locales if code != config.source_locale]
    allowed = allowed_states(include_fuzzy, include_machine)
    rules = {lang.locale: Rules(allowed, config.threshold_for(lang.locale), options.fallback) for lang in languages}
    names = _page_names(project, problems)
    posts = [post for post in project.posts if post.ref in names]
    # First who is published where (the switcher and hreflang need it), then one page at a time.
    published = {
        (post.ref, lang.locale): publication(
            project.segments[post.ref], builder.catalog(lang.locale, project.domain_of(post)), lang == source, rules[lang.locale]
        ).published
        for post in posts
        for lang in languages
    }
    links = PageLinks.of((post, names[post.ref]) for post in posts)
    refs = {name: ref for ref, name in names.items()}

    def is_published(name: str, locale: str) -> bool:
        return published.get((refs[name], locale), False)

    listed: dict[str, list[tuple[PostFacts, ListItem]]] = {lang.locale: [] for lang in languages}
    waiting: dict[str, list[ListItem]] = {lang.locale: [] for lang in languages}
    for post in posts:
        facts = post_facts(post)
        versions = [lang for lang in languages if published[(post.ref, lang.locale)]]
        for lang in languages:
            if lang not in versions:
                href = Urls.relative(1, Urls.path(source.locale, names[post.ref]))
                waiting[lang.locale].append(waiting_item(facts, source, href, lang))
                continue
            domain = project.domain_of(post)
            rewrite = links.rewriter(post, lang.locale, source.locale, is_published, builder.static_url(2))
            context = EditionContext(source, lang, rules[lang.locale], rewrite, problems,
                                     builder.ref(config.po_path(lang.locale, domain)))
            edition = make_edition(post, project.segments[post.ref], facts, builder.catalog(lang.locale, domain), context)
            builder.post_page(edition, facts, source, versions, names[post.ref])
            href = Urls.relative(1, Urls.path(lang.locale, names[post.ref]))
            listed[lang.locale].append((facts, list_item(edition, facts, source, href)))
    for lang in languages:
        items = [item for _, item in sorted(listed[lang.locale], key=lambda pair: _newest_first(pair[0]))]
        builder.index_page(lang, languages, items, waiting[lang.locale])
    builder.chooser(source, languages)
    builder.assets()
    builder.remove_stale()


def _newest_first(facts: PostFacts) -> tuple[bool, int, str]:
    return (facts.date is None, -facts.date.toordinal() if facts.date else 0, facts.title)


def _page_names(project: Project, problems: Problems) -> dict[str, str]:
    """A page folder per post (by ``ref``): its catalog's name where catalogs are per post (the
    loader made sure those are unique), else its path-based name. Should two still meet (a
    deliberate shared pattern and ``x.md`` next to ``x/index.md``), the second is reported."""
    seen: dict[str, Post] = {}
    for post in project.posts:
        name = project.domain_of(post) if project.config.domain_per_post else name_of(post.rel)
        if name in seen:
            problems.error(f"same page name {name!r} as {seen[name].ref}: left out of the HTML preview", post.ref)
            continue
        seen[name] = post
    return {post.ref: name for name, post in seen.items()}


class _SiteBuilder:
    """Writes the pages of one build and remembers them, to remove what an earlier build left."""

    def __init__(
        self,
        config: Config,
        options: SiteOptions,
        problems: Problems,
        stats: Stats,
        merged: dict[tuple[str, str], polib.POFile] | None,
    ):
        self.config = config
        self.options = options
        self.problems = problems
        self.stats = stats
        self.merged = merged or {}
        self.urls = Urls(options.base_url)
        self.out = _output_root(config, options)
        self.produced: set[Path] = set()
        self.catalogs: OrderedDict[tuple[str, str], polib.POFile | None] = OrderedDict()
        self.environments: dict[str, tuple[jinja2.Environment, str]] = {}

    # inputs -------------------------------------------------------------------------

    def catalog(self, locale: str, domain: str) -> polib.POFile | None:
        """A locale's catalog, read at most once while its posts are built (a small LRU)."""
        key = (locale, domain)
        if locale == self.config.source_locale:
            return None
        if key in self.merged:
            return self.merged[key]
        if key not in self.catalogs:
            self.catalogs[key] = self._read(self.config.po_path(locale, domain))
            if len(self.catalogs) > 4 * len(self.config.locales) + 4:
                self.catalogs.popitem(last=False)
        self.catalogs.move_to_end(key)
        return self.catalogs[key]

    def _read(self, path: Path) -> polib.POFile | None:
        if not path.exists():
            return None
        try:
            return read_po(path)
        except CatalogError as exc:
            self.problems.add(exc)
            return None

    def ref(self, path: Path) -> str:
        return path.relative_to(self.config.root).as_posix() if path.is_relative_to(self.config.root) else str(path)

    def static_url(self, depth: int) -> Callable[[str], str]:
        """Root-relative links into a ``static`` folder, made relative to a page ``depth`` deep."""
        prefixes = tuple(f"/{folder}/" for folder in self.options.static)

        def rewrite(url: str) -> str:
            return Urls.relative(depth, url[1:]) if url.startswith(prefixes) else url

        return rewrite

    def environment(self, locale: str) -> tuple[jinja2.Environment, str]:
        """The locale's templates, and the site title in its language."""
        if locale not in self.environments:
            translations = load_translations(self.config, locale, self.problems)
            title = translations.pgettext(SITE_TITLE_CONTEXT, self.options.title)
            self.environments[locale] = environment(self.config, self.options, translations), title
        return self.environments[locale]

    # pages --------------------------------------------------------------------------

    def post_page(
        self, edition: Edition, facts: PostFacts, source: Language, versions: Sequence[Language], slug: str
    ) -> None:
        lang = edition.language
        env, title = self.environment(lang.locale)
        target = Urls.path(lang.locale, slug)
        csp = content_security_policy(edition.body.source_html if edition.body else [])
        info = page(lang, 2, target, self.urls, edition.title.value, edition.description.value,
                    [(other, Urls.path(other.locale, slug)) for other in versions],
                    Urls.path(source.locale, slug), csp)
        view = post_view(edition, facts, source, self.static_url(2)(facts.image or ""))
        self.render(env, "post.html", target, page=info, site={"title": title, "source": source}, post=view)

    def index_page(
        self, lang: Language, languages: Sequence[Language], items: list[ListItem], waiting: list[ListItem]
    ) -> None:
        env, title = self.environment(lang.locale)
        versions = [(other, Urls.path(other.locale)) for other in languages]
        info = page(lang, 1, Urls.path(lang.locale), self.urls, title, "", versions, "")
        self.render(env, "index.html", Urls.path(lang.locale), page=info,
                    site={"title": title, "source": languages[0]}, posts=items, in_translation=waiting)

    def chooser(self, source: Language, languages: Sequence[Language]) -> None:
        env, title = self.environment(source.locale)
        versions = [(lang, Urls.path(lang.locale)) for lang in languages]
        info = page(source, 0, "", self.urls, title, "", versions, "")
        self.render(env, "languages.html", "", page=info, site={"title": title, "source": source})

    def render(self, env: jinja2.Environment, name: str, target: str, **context: Any) -> None:
        try:
            html = env.get_template(name).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(exc.message or "syntax error", exc.filename or name, exc.lineno) from None
        except jinja2.TemplateError as exc:
            where, line = _template_frame(exc.__traceback__, name)
            raise TemplateError(str(exc), where, line) from None
        self.write(self.out / target / "index.html", html.encode("utf-8"))

    # files ------------------------------------------------------------------------

    def assets(self) -> None:
        stylesheet = self.config.root / self.options.templates / "style.css"
        if not stylesheet.is_file():
            stylesheet = PACKAGE_TEMPLATES / "style.css"
        self.write(self.out / "style.css", stylesheet.read_bytes())
        for folder in self.options.static:
            base = self.config.root / folder
            if not base.is_dir():
                self.problems.warning(f"[site] static folder {folder!r} does not exist", self.config.source_file)
                continue
            for path in sorted(base.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    self.write(self.out / folder / path.relative_to(base), path.read_bytes())

    def write(self, path: Path, data: bytes) -> None:
        target = path.resolve()
        if not target.is_relative_to(self.out):
            raise I18nflowError("refusing to write outside the site folder", path)
        try:
            self.stats.record(target, write_bytes_atomic(target, data))
        except I18nflowError as exc:
            self.problems.add(exc)
        self.produced.add(target)

    def remove_stale(self) -> None:
        """Pages an earlier build wrote that this one did not: no longer published."""
        for path in sorted(self.out.rglob("*.html"), reverse=True):
            if path.resolve() not in self.produced and path.is_file():
                path.unlink()
        for folder in sorted((p for p in self.out.rglob("*") if p.is_dir()), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()


def _output_root(config: Config, options: SiteOptions) -> Path:
    """The site folder, resolved; never outside the project's ``build/`` (even through a symlink)."""
    build = (config.root / "build").resolve()
    out = (config.root / options.output).resolve()
    if not out.is_relative_to(build) or out == build:
        raise I18nflowError(f"the site folder {options.output!r} resolves outside build/", config.root / options.output)
    return out


def _template_frame(tb: TracebackType | None, default: str) -> tuple[str, int | None]:
    """The template file and line a rendering error happened at (Jinja keeps them in the traceback)."""
    where, line = default, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".css")):
            where, line = filename, tb.tb_lineno
        tb = tb.tb_next
    return where, line
