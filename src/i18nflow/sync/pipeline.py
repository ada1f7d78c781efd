"""The steps a user runs: extract → update → (translate) → render, and sync doing all of them.

Each step reports problems per file and goes on with the others; a broken PO file is reported and
left exactly as it is (never overwritten), a broken post is skipped. Files are written only when
their bytes change, atomically.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from i18nflow.config import SITE_DOMAIN, Config
from i18nflow.errors import CatalogError, ContentError, I18nflowError
from i18nflow.fsutil import Stats, read_bytes_or_none, read_utf8_or_none, write_file
from i18nflow.problems import Problems
from i18nflow.source.project import Project
from i18nflow.sync.domains import group_posts, shard_of

if TYPE_CHECKING:  # the heavy modules load only when a domain really has work (no-op runs stay fast)
    import polib

    from i18nflow.gettext import catalogs
    from i18nflow.sync.jobs import DomainJob, DomainOutcome
    from i18nflow.sync.moves_index import MovesIndex



# extract --------------------------------------------------------------------------


def extract(
    project: Project, problems: Problems, stats: Stats, write: bool = True, progress: Any = None
) -> dict[str, polib.POFile]:
    """Write one POT per domain; a template whose entries did not change keeps its date."""
    from i18nflow.gettext import catalogs
    from i18nflow.gettext.po import po_bytes, same_content
    templates: dict[str, polib.POFile] = {}
    now = catalogs.now_stamp()
    width = project.config.catalog_width
    domains = sorted(project.domains().items())
    step = progress.step("extract", len(project.posts)) if progress is not None else None
    for domain, posts in domains:
        if step is not None:
            step.advance(len(posts))
        path = project.config.pot_path(domain)
        old_text = read_utf8_or_none(path)
        items = [(post, project.segments[post.ref]) for post in posts]
        pot = catalogs.build_template(domain, items, catalogs.creation_date(old_text) or now)
        old = catalogs.dated(pot, old_text, width)
        templates[domain] = pot
        if write and not (old is not None and same_content(pot, old)):
            write_file(path, po_bytes(pot, width), problems, stats)
    if step is not None:
        step.close()
    return templates


# update ---------------------------------------------------------------------------


def update(
    project: Project,
    templates: dict[str, polib.POFile],
    locales: Sequence[str],
    problems: Problems,
    stats: Stats,
    write: bool = True,
) -> dict[tuple[str, str], polib.POFile]:
    """Merge every template into every locale's catalog; orphaned catalogs become obsolete."""
    from i18nflow.gettext import catalogs
    merged: dict[tuple[str, str], polib.POFile] = {}
    now = catalogs.now_stamp()
    for locale in locales:
        existing, broken = _read_locale(project.config, locale, problems)
        pool = _orphan_pool(existing, templates)
        for domain, template in templates.items():
            if domain in broken:
                continue
            result = catalogs.merge(template, existing.get(domain), locale, now, pool)
            merged[(locale, domain)] = result.catalog
            if write:
                write_catalog(project.config, domain, locale, result.catalog, existing.get(domain), problems, stats)
        for domain, catalog in existing.items():
            if domain in templates or domain == SITE_DOMAIN:
                continue
            orphan = catalogs.obsolete_all(catalog)
            if write:
                write_catalog(project.config, domain, locale, orphan, catalog, problems, stats)
    return merged


def write_catalog(
    config: Config,
    domain: str,
    locale: str,
    catalog: polib.POFile,
    existing: polib.POFile | None,
    problems: Problems,
    stats: Stats,
) -> None:
    """Write a locale's catalog unless only its layout would change (see ``po.layout``)."""
    from i18nflow.gettext.po import po_bytes, same_content

    if existing is not None and same_content(catalog, existing):
        stats.unchanged += 1
        return
    write_file(config.po_path(locale, domain), po_bytes(catalog, config.catalog_width), problems, stats)


def _read_locale(
    config: Config, locale: str, problems: Problems
) -> tuple[dict[str, polib.POFile], set[str]]:
    from i18nflow.gettext.po import read_po
    folder = config.locales_path / locale / "LC_MESSAGES"
    existing: dict[str, polib.POFile] = {}
    broken: set[str] = set()
    for path in sorted(folder.glob("*.po")):
        try:
            existing[path.stem] = read_po(path)
        except CatalogError as exc:
            exc.path = config.relative(path) if exc.path else exc.path
            problems.add(exc)
            problems.warning("left unchanged until the error above is fixed", config.relative(path))
            broken.add(path.stem)
    return existing, broken


def _orphan_pool(
    existing: dict[str, polib.POFile], templates: dict[str, polib.POFile]
) -> dict[catalogs.Key, polib.POEntry]:
    """Translations that are leaving their catalog: a moved paragraph or renamed post finds them."""
    from i18nflow.gettext import catalogs
    pool: dict[catalogs.Key, polib.POEntry] = {}
    for domain, catalog in existing.items():
        if domain == SITE_DOMAIN:
            continue
        template = templates.get(domain)
        keep = {catalogs.entry_key(e) for e in template} if template is not None else set()
        for entry in catalog:
            key = catalogs.entry_key(entry)
            if key in keep or not catalogs.is_translated_any(entry):
                continue
            current = pool.get(key)
            if current is None or catalogs.entry_state(current) != "reviewed":
                pool[key] = entry
    return pool


# helpers --------------------------------------------------------------------------


def target_locales(config: Config, chosen: Iterable[str] = ()) -> list[str]:
    chosen = list(chosen)
    if not chosen:
        return list(config.locales)
    unknown = [locale for locale in chosen if locale.replace("-", "_") not in config.locales]
    if unknown:
        from i18nflow.errors import ConfigError

        raise ConfigError(f"--locale {unknown[0]} is not in the configured 'locales'")
    return [locale.replace("-", "_") for locale in chosen]


# the incremental, parallel run -----------------------------------------------------


@dataclass
class RunOptions:
    """What one run does; ``write=False`` computes everything and writes nothing (check)."""

    locales: tuple[str, ...]
    render: bool = True
    write: bool = True
    include_fuzzy: bool = False
    include_machine: bool = False
    use_state: bool = True
    shard: tuple[int, int] | None = None  # (index, count), 0-based index
    workers: int | None = None
    site: bool = False  # also the HTML preview's template strings (site.pot, site.po)
    update: bool = True  # False: render only, from the PO files as they are
    refresh: bool = False  # translate again what machine translation filled and nobody reviewed yet
    fix_headers: bool = False  # update --fix-headers: Language and Plural-Forms from CLDR
    translate: Callable[[dict[str, dict[str, list[catalogs.Key]]], Problems], dict[str, dict[str, dict[catalogs.Key, tuple[str, str, bool]]]]] | None = None
    progress: Any = None  # an i18nflow.progress.Progress: posts done as domains finish
    label: str = "sync"  # the step's name in progress lines
    preview: bool = False  # then build the HTML preview (incrementally, see site/build.py)
    preview_state: bool = True  # False (--no-cache): rebuild every page


@dataclass
class RunSummary:
    domains: int = 0
    skipped: int = 0
    changed: int = 0  # files whose bytes differ (written, or that a dry run would write)
    failed_domains: list[str] = field(default_factory=list)


def run(config: Config, options: RunOptions, problems: Problems, stats: Stats) -> RunSummary:
    """extract → update → (translate) → render over every domain that changed since last time."""
    from i18nflow.sync.state import DomainFiles, State, settings_digest

    summary = RunSummary()
    if options.write:
        from i18nflow.fsutil import sweep_temp_files

        locales_dir = config.locales_path
        sweep_temp_files([config.templates_path, *(locales_dir / loc / "LC_MESSAGES" for loc in options.locales)])
    loops: list[ContentError] = []
    grouped = group_posts(config, loops)
    for loop in loops:
        problems.add(loop)
    every_post = grouped
    if options.shard is not None:
        mine, count = options.shard
        grouped = {d: p for d, p in grouped.items() if shard_of(d, count) == mine}
    summary.domains = len(grouped)
    flags = f"{options.render}:{options.include_fuzzy}:{options.include_machine}:{sorted(options.locales)}"
    state = State.load(config, settings_digest(config, flags))
    index = _moves_index(config, options, state)
    files_of = DomainFiles(config, options.locales, options.render)
    try:
        outcomes = _run_domains(config, grouped, options, problems, stats, summary, state, index, files_of)
    finally:
        if index is not None:
            index.close()
    for outcome in outcomes.values():
        for problem in outcome.problems:
            problems.items.append(problem)
        stats.add_written(config.root / name for name in outcome.written)
        stats.unchanged += outcome.unchanged
        summary.changed += outcome.changed
        if outcome.failed or any(p.level == "error" for p in outcome.problems):
            summary.failed_domains.append(outcome.domain)
            state.forget(outcome.domain)
        elif options.write:
            state.record(outcome.domain, files_of(outcome.domain, grouped[outcome.domain]),
                         outcome.stamps)
    if options.update and (options.site or config.site_configured) and (options.shard is None or options.shard[0] == 0):
        site_catalogs(config, options.locales, problems, stats, options.write, summary, options.translate,
                      options.fix_headers, state if options.use_state else None)
    if options.write and options.use_state and options.render and options.update:
        from i18nflow.sync.stale_copies import remove_stale_copies

        summary.changed += remove_stale_copies(
            config, grouped, options.locales, options.shard,
            files_of, state, problems)
    if options.write and options.use_state:
        state.save()
    if options.preview and options.write:
        build_preview(config, options, problems, stats, every_post)
    return summary


def build_preview(config: Config, options: RunOptions, problems: Problems, stats: Stats,
                  posts: dict[str, list[tuple[Path, Path]]] | None = None) -> int:
    """The HTML preview of the run's locales; returns the posts whose pages were rebuilt.
    ``posts``: the project's posts by domain, when the run has walked them already."""
    from i18nflow.site.build import build_site
    from i18nflow.sync.workers import worker_pool

    step: Any = None

    def advance(done: int, total: int) -> None:
        nonlocal step
        if options.progress is None:
            return
        if step is None:
            step = options.progress.step(f"{options.label}: preview", total)
        step.update(done)

    try:
        return build_site(config, options.locales, problems, stats, include_fuzzy=options.include_fuzzy,
                          include_machine=options.include_machine, workers=options.workers, advance=advance,
                          use_state=options.preview_state, pool=worker_pool, posts_by_domain=posts)
    finally:
        if step is not None:
            step.close()





def _moves_index(config: Config, options: RunOptions, state: Any) -> MovesIndex | None:
    """The index of translations that can move (see moves.py); a run that creates it ignores the
    state, so every domain reports to it once."""
    if not options.update:
        return None
    from i18nflow.sync import moves_index

    if options.write and not moves_index.exists(config.state_path):
        state.domains = {}
    return moves_index.MovesIndex.open(config.state_path, persist=options.write)


def _run_domains(
    config: Config,
    grouped: dict[str, list[tuple[Path, Path]]],
    options: RunOptions,
    problems: Problems,
    stats: Stats,
    summary: RunSummary,
    state: Any,
    index: MovesIndex | None,
    files_of: Callable[[str, Sequence[tuple[Path, Path]]], dict[str, str]],
) -> dict[str, DomainOutcome]:
    """The domains that changed, then the cross-domain steps: moved translations, machine
    translation, catalogs of posts that are gone."""
    jobs: list[DomainJob] = []
    for domain, posts in sorted(grouped.items()):
        files = files_of(domain, posts)
        if options.use_state and state.is_clean(domain, files):
            summary.skipped += 1
            stats.skipped += len(posts)
            continue
        jobs.append(_job(config, domain, posts, options))
    with _step(options, options.label, jobs) as step:
        if index is None:
            return run_jobs(config, jobs, options.workers, step.counted(lambda outcome: outcome, grouped))
        from i18nflow.sync import moves

        live = set(group_posts(config)) if options.shard else set(grouped)
        orphans = moves.read_orphans(config, live, options.locales, options.shard, problems)
        tracker = moves.MoveTracker(index, orphans, options.locales)
        outcomes = run_jobs(config, jobs, options.workers, step.counted(tracker.take, grouped))
    pools = tracker.offers(set(grouped))
    known = {job.domain: job for job in jobs}
    rerun = [
        replace(known.get(domain) or _job(config, domain, grouped[domain], options), pool=pool)
        for domain, pool in sorted(pools.items())
        if domain in grouped
    ]
    outcomes = _rerun(config, rerun, outcomes, options, tracker.take)
    jobs = [*jobs, *(job for job in rerun if job.domain not in known)]
    if options.translate is not None:
        outcomes = _pretranslate(config, jobs, outcomes, options, problems, tracker.take)
    for orphan in orphans:
        index.forget(orphan.domain)
    summary.changed += moves.obsolete_orphans(orphans, options.write, problems, stats, config.catalog_width)
    return outcomes


class _PostsStep:
    """Posts done, as their domains' outcomes arrive (a no-op when nothing reports progress)."""

    def __init__(self, step: Any):
        self.step = step

    def __enter__(self) -> _PostsStep:
        return self

    def __exit__(self, *args: object) -> None:
        if self.step is not None:
            self.step.close()

    def counted(
        self, take: Callable[[DomainOutcome], DomainOutcome], grouped: dict[str, list[tuple[Path, Path]]]
    ) -> Callable[[DomainOutcome], DomainOutcome]:
        if self.step is None:
            return take

        def counting(outcome: DomainOutcome) -> DomainOutcome:
            self.step.advance(len(grouped.get(outcome.domain, ())))
            return take(outcome)

        return counting


def _step(options: RunOptions, label: str, jobs: Sequence[DomainJob]) -> _PostsStep:
    if options.progress is None or not jobs:
        return _PostsStep(None)
    return _PostsStep(options.progress.step(label, sum(len(job.posts) for job in jobs)))


def _job(config: Config, domain: str, posts: Sequence[tuple[Path, Path]], options: RunOptions) -> DomainJob:
    from i18nflow.sync.jobs import DomainJob

    engine_locales = _pretranslated_locales(config, options)
    return DomainJob(domain, tuple(posts), options.locales, options.render, options.write,
                     options.update, options.include_fuzzy, options.include_machine,
                     collect_untranslated=engine_locales, retranslate=engine_locales,
                     refresh=options.refresh, fix_headers=options.fix_headers)


def _pretranslated_locales(config: Config, options: RunOptions) -> tuple[str, ...]:
    """Locales whose untranslated entries the translate step wants (engine "none": not sent back)."""
    if options.translate is None:
        return ()
    wanted = getattr(options.translate, "wants", None)
    return tuple(locale for locale in options.locales if wanted is None or wanted(locale))


def run_jobs(
    config: Config,
    jobs: list[DomainJob],
    workers: int | None,
    take: Callable[[DomainOutcome], DomainOutcome] = lambda outcome: outcome,
) -> dict[str, DomainOutcome]:
    """Run domain jobs, over a process pool when there is enough work to pay for it; ``take``
    sees each outcome as it arrives (and may slim it before it is kept)."""
    if not jobs:
        return {}

    from i18nflow.sync.jobs import run_domain

    count = workers if workers is not None else min(os.cpu_count() or 1, 8)
    total_posts = sum(len(job.posts) for job in jobs)
    if count <= 1 or len(jobs) < 2 or total_posts < 40:
        return {job.domain: take(run_domain(config, job)) for job in jobs}
    from functools import partial

    from i18nflow.sync.workers import worker_pool

    chunk = max(1, min(32, len(jobs) // (count * 4)))
    with worker_pool(count) as executor:
        results = executor.map(partial(run_domain, config), jobs, chunksize=chunk)
        return {outcome.domain: take(outcome) for outcome in results}


def _rerun(
    config: Config,
    jobs: list[DomainJob],
    outcomes: dict[str, DomainOutcome],
    options: RunOptions,
    take: Callable[[DomainOutcome], DomainOutcome],
) -> dict[str, DomainOutcome]:
    """Run some domains again (or for the first time in this run: a skipped domain that takes a
    moved translation); what the first pass wrote still counts as written, and what it reported
    is still reported (the second pass repeats most of it: those are listed once)."""
    for outcome in run_jobs(config, jobs, options.workers, take).values():
        previous = outcomes.get(outcome.domain)
        if previous is not None:
            outcome.written = sorted(set(previous.written) | set(outcome.written))
            seen = set(previous.problems)
            outcome.problems = [*previous.problems, *(p for p in outcome.problems if p not in seen)]
            outcome.stamps = _merged_stamps(previous.stamps, outcome.stamps)
        outcomes[outcome.domain] = outcome
    return outcomes


def _merged_stamps(first: dict[str, Any], again: dict[str, Any]) -> dict[str, Any]:
    """A post that changed between the two passes (edited while the engine was busy) was
    pretranslated as it was before: no stamp for it, so the next run does it again."""
    merged = {**first, **again}
    for name, value in first.items():
        if name.startswith("post:") and again.get(name, value) != value:
            merged[name] = None
    return merged


def _pretranslate(
    config: Config,
    jobs: list[DomainJob],
    outcomes: dict[str, DomainOutcome],
    options: RunOptions,
    problems: Problems,
    take: Callable[[DomainOutcome], DomainOutcome],
) -> dict[str, DomainOutcome]:
    assert options.translate is not None
    wanted = {d: o.untranslated for d, o in outcomes.items() if o.untranslated and not o.failed}
    for outcome in outcomes.values():
        outcome.untranslated = {}
    fills = options.translate(wanted, problems) if wanted else {}
    del wanted
    rerun = [replace(job, fills=fills[job.domain], collect_untranslated=()) for job in jobs if fills.get(job.domain)]
    posts = {job.domain: list(job.posts) for job in rerun}
    with _step(options, f"{options.label}: writing machine translations", rerun) as step:
        return _rerun(config, rerun, outcomes, options, step.counted(take, posts))


def site_catalogs(
    config: Config,
    locales: Sequence[str],
    problems: Problems,
    stats: Stats,
    write: bool = True,
    summary: RunSummary | None = None,
    translate: Callable[..., Any] | None = None,
    fix_headers: bool = False,
    state: Any = None,
) -> None:
    """The preview templates' own strings: locales/templates/site.pot and each locale's site.po.

    They go through the same steps as a post's catalog: merge, then (with ``translate``) the
    machine pretranslation of what is still untranslated. Like a domain, they are skipped when
    the templates, the catalogs and the ``[site]`` table are what the last run recorded.
    """
    key, files = _site_files(config, locales)
    if state is not None and not fix_headers and state.is_clean(key, files):
        return
    problems_before = len(problems.items)
    _site_catalogs(config, locales, problems, stats, write, summary, translate, fix_headers)
    if state is not None and write:
        if any(p.level == "error" for p in problems.items[problems_before:]):
            state.forget(key)
        else:
            state.record(key, files)


def _site_files(config: Config, locales: Sequence[str]) -> tuple[str, dict[str, str]]:
    """The state's key for the site catalogs (it names the ``[site]`` table's digest) and their files."""
    import hashlib

    from i18nflow.site.options import site_options
    from i18nflow.site.template_files import template_files

    files = {"pot": str(config.pot_path(SITE_DOMAIN))}
    files.update((f"po:{locale}", str(config.po_path(locale, SITE_DOMAIN))) for locale in locales)
    try:
        files.update((f"template:{t.ref}", str(t.path)) for t in template_files(config, site_options(config)))
    except I18nflowError:
        pass  # reported by the run itself
    table = hashlib.sha256(repr(sorted(config.site.items())).encode("utf-8")).hexdigest()[:16]
    return f"\0{SITE_DOMAIN}:{table}", files


def _site_catalogs(
    config: Config,
    locales: Sequence[str],
    problems: Problems,
    stats: Stats,
    write: bool,
    summary: RunSummary | None,
    translate: Callable[..., Any] | None,
    fix_headers: bool,
) -> None:
    from i18nflow.gettext import catalogs
    from i18nflow.gettext.po import po_bytes, read_po, same_content
    from i18nflow.site.build import site_template
    from i18nflow.sync.jobs import apply_fills

    now = catalogs.now_stamp()
    width = config.catalog_width
    path = config.pot_path(SITE_DOMAIN)
    old_text = read_utf8_or_none(path)
    try:
        pot = site_template(config, catalogs.creation_date(old_text) or now)
    except I18nflowError as exc:
        problems.add(exc)
        return
    old_pot = catalogs.dated(pot, old_text, width)
    old_bytes = old_text.encode("utf-8") if old_text is not None else None
    unchanged = old_pot is not None and same_content(pot, old_pot)
    outputs = [(path, old_bytes if unchanged and old_bytes is not None else po_bytes(pot, width), old_bytes)]
    merged: dict[str, polib.POFile] = {}
    existing_catalogs: dict[str, polib.POFile | None] = {}
    for locale in locales:
        po_path = config.po_path(locale, SITE_DOMAIN)
        try:
            existing = read_po(po_path, plural_forms=not fix_headers) if po_path.exists() else None
        except CatalogError as exc:
            problems.add(exc)
            continue
        existing_catalogs[locale] = existing
        retranslate = translate is not None and getattr(translate, "wants", lambda _: True)(locale)
        merged[locale] = catalogs.merge(pot, existing, locale, now, retranslate=retranslate).catalog
        if fix_headers:
            from i18nflow.gettext.headers import fix_headers as fix

            fix(merged[locale], locale, catalogs.plural_forms(locale))
    if translate is not None:
        wanted = {
            locale: [catalogs.entry_key(e) for e in catalogs.active(c) if e.msgid and not catalogs.is_translated_any(e)]
            for locale, c in merged.items()
        }
        wanted = {locale: keys for locale, keys in wanted.items() if keys}
        if wanted:
            fills = translate({SITE_DOMAIN: wanted}, problems).get(SITE_DOMAIN, {})
            for locale, catalog in merged.items():
                apply_fills(catalog, fills.get(locale, {}))
    for locale, catalog in merged.items():
        po_path = config.po_path(locale, SITE_DOMAIN)
        current = read_bytes_or_none(po_path)
        existing = existing_catalogs.get(locale)
        same = current is not None and existing is not None and same_content(catalog, existing)
        outputs.append((po_path, current if same and current is not None else po_bytes(catalog, width), current))
    for target, data, current in outputs:
        if data == current:
            stats.unchanged += 1
            continue
        if summary is not None:
            summary.changed += 1
        if write:
            write_file(target, data, problems, stats)
