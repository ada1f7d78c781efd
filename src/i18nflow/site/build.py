"""The HTML preview: a small static site per locale, built from the localized posts.

::

    build/site/index.html                   choose a language; translation progress
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

The build is incremental (see ``site_state.py``): a domain's pages are rebuilt only when its
posts, its catalogs, the templates, the ``site`` catalogs or the settings changed, over the
process pool when there is enough to do; the indexes and the home page only when what they
list changed. Nothing heavy (Jinja2, markdown-it, babel) is imported when nothing changed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from i18nflow.config import Config
from i18nflow.fsutil import outside_project
from i18nflow.problems import Problems
from i18nflow.site.options import output_root, site_options
from i18nflow.site.site_state import SiteState, digest, domain_digest, settings_digest
from i18nflow.source.content import relative_ref
from i18nflow.source.naming import name_of

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from i18nflow.fsutil import Stats
    from i18nflow.site.domain_pages import PagesJob, SiteMap
    from i18nflow.site.output import SiteOutput

__all__ = ["build_site", "site_template", "site_options"]

Pool = Callable[[int], AbstractContextManager["Executor"]]  # a process pool of that many workers


def site_template(config: Config, date: str | None = None) -> Any:
    """The ``site`` domain's POT (see ``theme.site_template``)."""
    from i18nflow.site.theme import site_template as template

    return template(config, date)


def build_site(
    config: Config,
    locales: Sequence[str],
    problems: Problems,
    stats: Stats,
    include_fuzzy: bool = False,
    include_machine: bool = False,
    workers: int | None = None,
    advance: Callable[[int, int], None] | None = None,
    use_state: bool = True,
    pool: Pool | None = None,
    posts_by_domain: dict[str, list[tuple[Path, Path]]] | None = None,
) -> int:
    """Write the preview for the source locale and ``locales``; returns the pages rebuilt.

    ``advance(done, total)`` is called as domains finish (posts done out of posts to build);
    ``pool(count)`` makes the process pool (the run passes its own, whose workers die with it);
    ``posts_by_domain``: the project's posts, when the caller has walked them already.
    Raises :class:`ConfigError` for a bad ``[site]`` table and :class:`TemplateError` for a
    template that cannot be rendered; problems with single posts are collected in ``problems``.
    """
    from i18nflow.site.template_files import template_files

    options = site_options(config)
    out = output_root(config, options)
    chosen = [code for code in locales if code != config.source_locale]
    all_locales = [config.source_locale, *chosen]
    templates = [t.path for t in template_files(config, options)]
    flags = f"{include_fuzzy}:{include_machine}:{options}"
    state = SiteState.load(config, settings_digest(config, templates, chosen, flags))
    if not use_state:
        state.settings_ok = False
    had_pages = _has_files(out)  # a first build into an empty folder has nothing stale to look for
    grouped, names = _domains(config, problems, posts_by_domain)
    previous = set(state.keep_only(set(grouped)))
    jobs: list[PagesJob] = []
    for domain, posts in sorted(grouped.items()):
        current = domain_digest(config, posts, chosen, domain, out, state.pages(domain))
        previous.update(state.pages(domain))
        if not state.is_clean(domain, current):
            jobs.append(_job(domain, posts, chosen, include_fuzzy, include_machine, state.settings))
    if jobs or not state.settings_ok:
        report = problems if not state.settings_ok else Problems(root=config.root)
        _prepare_templates(config, all_locales, (include_fuzzy, include_machine), state.settings, report)
    total = sum(len(job.posts) for job in jobs)
    progress = _Advance(advance, total)
    assumed = _published(state)
    if jobs:
        _build(config, jobs, workers, _site_map(config, grouped, names, assumed), state, out, chosen, grouped,
               problems, stats, progress, pool)
    # A page links to other posts in its own language when they are published there: pages that
    # link to a post whose publication changed in this build are built again (rare: a post
    # crossing its threshold, or a first build, where publication was not known yet).
    published = _published(state)
    changed = {name for name, locale in set(assumed) | set(published)
               if assumed.get((name, locale), True) != published.get((name, locale), True)}
    again = [_job(domain, grouped[domain], chosen, include_fuzzy, include_machine, state.settings)
             for domain, record in sorted(state.domains.items())
             if domain in grouped and changed & {link for post in record.get("posts", []) for link in post.get("links", [])}]
    if again:
        progress.add(sum(len(job.posts) for job in again))
        _build(config, again, workers, _site_map(config, grouped, names, published), state, out, chosen, grouped,
               problems, stats, progress, pool)
    current_pages = {page for record in state.domains.values() for page in record.get("pages", [])}
    _shared_pages(config, state, out, all_locales, (include_fuzzy, include_machine), problems, stats, current_pages)
    _remove_stale(out, previous - current_pages, current_pages if state.fresh and had_pages else None)
    state.save()
    return total


def _domains(config: Config, problems: Problems, posts: dict[str, list[tuple[Path, Path]]] | None = None
             ) -> tuple[dict[str, list[tuple[Path, Path]]], dict[str, str]]:
    """Post paths by domain, and each post's page name by its ref: its catalog's name where
    catalogs are per post (unique, ``group_posts`` made sure), else its path-based name. Should
    two still meet (a shared pattern and ``x.md`` next to ``x/index.md``), the second is
    reported and left out."""
    from i18nflow.source.domains import group_posts

    grouped: dict[str, list[tuple[Path, Path]]] = {}
    names: dict[str, str] = {}
    seen: dict[str, str] = {}
    for domain, domain_posts in (group_posts(config) if posts is None else posts).items():
        for path, base in domain_posts:
            ref = relative_ref(path, config.root)
            name = domain if config.domain_per_post else name_of(relative_ref(path, base))
            if name in seen:
                problems.error(f"same page name {name!r} as {seen[name]}: left out of the HTML preview", ref)
                continue
            seen[name], names[ref] = ref, name
            grouped.setdefault(domain, []).append((path, base))
    return grouped, names


def _published(state: SiteState) -> dict[tuple[str, str], bool]:
    """(page name, locale) → published, as the recorded summaries say."""
    return {(post["name"], locale): entry.get("published", False)
            for record in state.domains.values() for post in record.get("posts", [])
            for locale, entry in post.get("locales", {}).items()}


def _site_map(config: Config, grouped: dict[str, list[tuple[Path, Path]]], names: dict[str, str],
              published: dict[tuple[str, str], bool]) -> SiteMap:
    from i18nflow.site.domain_pages import SiteMap
    from i18nflow.site.links import PageLinks

    paths = [(relative_ref(path, config.root), relative_ref(path, base)) for posts in grouped.values()
             for path, base in posts]
    links = PageLinks.of_paths((ref, rel, names[ref]) for ref, rel in paths)
    return SiteMap(names, links, published)


class _Advance:
    """Posts done out of posts to build, to the caller's progress."""

    def __init__(self, advance: Callable[[int, int], None] | None, total: int):
        self.advance, self.total, self.done = advance, total, 0
        if advance is not None and total:
            advance(0, total)

    def add(self, more: int) -> None:
        self.total += more

    def __call__(self, posts: int) -> None:
        self.done += posts
        if self.advance is not None:
            self.advance(self.done, self.total)


def _build(config: Config, jobs: list[PagesJob], workers: int | None, site_map: SiteMap, state: SiteState,
           out: Path, chosen: list[str], grouped: dict[str, list[tuple[Path, Path]]], problems: Problems,
           stats: Stats, progress: _Advance, pool: Pool | None) -> None:
    """Run the page jobs and record what each domain's build saw."""
    for outcome in _run(config, jobs, workers, site_map, pool):
        progress(len(grouped[outcome.domain]))
        known = set(problems.items)
        problems.items.extend(p for p in outcome.problems if p not in known)  # render reported some already
        stats.add_written((out / name for name in outcome.written), rebuilt=True)
        stats.unchanged += outcome.unchanged
        failed = outcome.failed or any(p.level == "error" for p in outcome.problems)
        record = {"digest": domain_digest(config, grouped[outcome.domain], chosen, outcome.domain, out, outcome.pages),
                  "pages": outcome.pages, "posts": outcome.posts}
        state.record(outcome.domain, {**record, "digest": ""} if failed else record)


def _prepare_templates(config: Config, locales: list[str], flags: tuple[bool, bool], settings: str,
                              problems: Problems) -> None:
    """Load and compile each locale's templates once, here, so problems with a ``site.po`` are
    reported once and workers forked after this find them ready (they and the index pages report
    nothing). Each locale's name and direction too: babel loads a locale's CLDR data to tell
    them (5 ms a locale), which every worker, then the index pages, did again."""
    from i18nflow.site.languages import language
    from i18nflow.site.posts import allowed_states
    from i18nflow.site.theme import locale_environment

    options = site_options(config)
    for locale in locales:
        language(locale)
        env, _title = locale_environment(config, options, locale, allowed_states(*flags), problems, settings)
        for name in ("post.html", "index.html", "languages.html"):
            try:
                env.get_template(name)  # compiled here once: forked workers inherit it
            except Exception:  # noqa: BLE001 - a broken template is reported where it is rendered
                pass


def _job(domain: str, posts: list[tuple[Path, Path]], locales: list[str], fuzzy: bool, machine: bool,
         settings: str) -> PagesJob:
    from i18nflow.site.domain_pages import PagesJob

    return PagesJob(domain, tuple(posts), tuple(locales), fuzzy, machine, settings)


def _run(config: Config, jobs: list[PagesJob], workers: int | None, site_map: SiteMap, pool: Pool | None) -> Any:
    """Outcomes as domains finish, over a process pool when there is enough work to pay for it.

    ``pool(count)`` gives the executor (the run's, whose workers die with it); the site map is
    set before it forks, so workers inherit it, or is sent with every job where they are spawned.
    """
    if not jobs:
        return
    import multiprocessing
    from functools import partial

    from i18nflow.site.domain_pages import build_domain_pages, build_domain_pages_with, set_site_map

    set_site_map(site_map)
    count = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if count <= 1 or len(jobs) < 2 or sum(len(job.posts) for job in jobs) < 24:
        for job in jobs:
            yield build_domain_pages(config, job)
        return
    forked = "fork" in multiprocessing.get_all_start_methods()
    build = partial(build_domain_pages, config) if forked else partial(build_domain_pages_with, site_map, config)
    # small chunks: the last one runs alone while the other workers idle (16 posts cost 5% of 200)
    chunk = max(1, min(4, len(jobs) // (count * 8)))
    with (pool or _plain_pool)(count) as executor:
        yield from executor.map(build, jobs, chunksize=chunk)


@contextmanager
def _plain_pool(count: int) -> Iterator[Executor]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as executor:
        yield executor


# the pages every post is listed on ------------------------------------------------------


def _shared_pages(config: Config, state: SiteState, out: Path, locales: list[str], flags: tuple[bool, bool],
                  problems: Problems, stats: Stats, pages: set[str]) -> None:
    """Language indexes, the home page and the stylesheet and static files, when they changed."""
    shared = ["index.html", *(f"{locale}/index.html" for locale in locales)]
    summaries: list[dict[str, Any]] | None = None
    # what the indexes list, as a digest: the one kept, when no domain's record changed in this
    # build (a no-op used to serialize every post's summary again only to find the same digest)
    listed = state.shared.get("listed") if state.settings_ok and not state.records_changed else None
    if listed is None:
        summaries = _summaries(state)
        listed = digest(json.dumps(summaries, sort_keys=True, separators=(",", ":")))
        state.set_shared("listed", listed)
    if not state.is_current("index", _key(listed, out, shared)):
        from i18nflow.site.indexes import write_indexes
        from i18nflow.site.output import SiteOutput

        output = SiteOutput(out, problems)
        write_indexes(config, output, locales, summaries if summaries is not None else _summaries(state), flags,
                      state.settings, Problems(root=config.root))
        _count(output, out, stats)
        state.set_shared("index", _key(listed, out, shared))
    pages.update(shared)
    assets = _asset_files(config)
    sources = "".join(f"{path}\0{_stamp(path)}\n" for path, _ in assets)
    copies = [relative for _, relative in assets]
    if not state.is_current("assets", _key(sources, out, copies)):
        from i18nflow.site.output import SiteOutput

        output = SiteOutput(out, problems)
        for path, relative in assets:
            output.write(relative, path.read_bytes())
        _count(output, out, stats)
        state.set_shared("assets", _key(sources, out, copies))
    for folder in site_options(config).static:
        base = config.root / folder
        real = outside_project(base, config.root)
        if real is not None:  # a link to the home folder would publish it
            problems.error(f"[site] static folder {folder!r} leads outside the project through a symlink "
                           f"(to {real}); not copied", config.relative(base))
        elif not base.is_dir():
            problems.warning(f"[site] static folder {folder!r} does not exist", config.source_file)


def _summaries(state: SiteState) -> list[dict[str, Any]]:
    """Every post's summary, in the indexes' order (newest first, then by title and path)."""
    return sorted((post for record in state.domains.values() for post in record.get("posts", [])),
                  key=lambda post: (post["sort"][0], post["sort"][1], post["sort"][2], post["ref"]))


def _asset_files(config: Config) -> list[tuple[Path, str]]:
    from i18nflow.site.template_files import PACKAGE_TEMPLATES

    options = site_options(config)
    stylesheet = config.root / options.templates / "style.css"
    files = [(stylesheet if stylesheet.is_file() else PACKAGE_TEMPLATES / "style.css", "style.css")]
    for folder in options.static:
        base = config.root / folder
        if base.is_dir() and outside_project(base, config.root) is None:
            files += [(path, f"{folder}/{path.relative_to(base).as_posix()}") for path in sorted(base.rglob("*"))
                      if path.is_file() and not path.is_symlink() and outside_project(path, config.root) is None]
    return files


def _key(inputs: str, out: Path, outputs: list[str]) -> str:
    """A digest of what some pages are made from and of the pages as written (deleting one
    rebuilds it)."""
    return digest(inputs + "".join(f"{name}\0{_stamp(out / name)}\n" for name in outputs))


def _stamp(path: Path) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return "-"
    return f"{info.st_size}:{info.st_mtime_ns}"


def _count(output: SiteOutput, out: Path, stats: Stats) -> None:
    stats.add_written((out / name for name in output.written), rebuilt=True)
    stats.unchanged += output.unchanged


def _has_files(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(entries)  # DirEntry objects are all true
    except OSError:  # missing (or not a folder: writing reports it)
        return False


def _remove_stale(out: Path, gone: set[str], everything_but: set[str] | None) -> None:
    """Pages an earlier build wrote that this one does not: no longer published, or post deleted.

    Without a record of the last build (a first build, or a deleted state), every HTML file this
    build does not know of is removed (``everything_but``), as the preview folder is ours alone.
    """
    candidates = {out / page for page in gone}
    if everything_but is not None and out.is_dir():
        known = {out / page for page in everything_but}
        candidates.update(path for path in out.rglob("*.html") if path not in known)
    for path in sorted(candidates, reverse=True):
        if path.is_file():
            path.unlink()
            folder = path.parent
            while folder != out and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
