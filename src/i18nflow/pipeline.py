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

from .config import SITE_DOMAIN, Config
from .content import domain_of, iter_post_paths, output_relatives, relative_ref
from .errors import CatalogError, ContentError, I18nflowError
from .fsutil import read_bytes_or_none, read_utf8_or_none
from .problems import Problems

if TYPE_CHECKING:  # the heavy modules load only when a domain really has work (no-op runs stay fast)
    import polib

    from . import catalogs
    from .content import Post
    from .jobs import DomainJob, DomainOutcome
    from .moves_index import MovesIndex
    from .segments import Segment



@dataclass
class Project:
    """The posts of a project that could be read, with their segments."""

    config: Config
    posts: list[Post] = field(default_factory=list)
    segments: dict[str, list[Segment]] = field(default_factory=dict)

    def domain_of(self, post: Post) -> str:
        return domain_of(self.config.domain, post.rel)

    def domains(self) -> dict[str, list[Post]]:
        grouped: dict[str, list[Post]] = {}
        for post in self.posts:
            grouped.setdefault(self.domain_of(post), []).append(post)
        return grouped


@dataclass
class Stats:
    written_count: int = 0
    written: list[Path] = field(default_factory=list)  # only with keep_paths (``-v`` lists them)
    unchanged: int = 0
    skipped: int = 0  # posts not even read: nothing changed since the last run
    reported: bool = True
    keep_paths: bool = True

    def record(self, path: Path, written: bool) -> None:
        if written:
            self.add_written([path])
        else:
            self.unchanged += 1

    def add_written(self, paths: Iterable[Path]) -> None:
        """Count them; keep them only when asked (110,000 paths for a cold 10,000-post run)."""
        if self.keep_paths:
            paths = list(paths)
            self.written.extend(paths)
            self.written_count += len(paths)
        else:
            self.written_count += sum(1 for _ in paths)


def load_project(config: Config, problems: Problems) -> Project:
    from .content import load_post
    from .segments import extract_segments
    project = Project(config)
    for path, base in iter_post_paths(config):
        try:
            post = load_post(path, config.root, base)
            segments = extract_segments(post, config.front_matter)
        except ContentError as exc:
            problems.add(exc)
            continue
        except RecursionError:
            problems.error("too deeply nested to parse", path.relative_to(config.root))
            continue
        project.posts.append(post)
        project.segments[post.ref] = segments
    return project


# extract --------------------------------------------------------------------------


def extract(project: Project, problems: Problems, stats: Stats, write: bool = True) -> dict[str, polib.POFile]:
    """Write one POT per domain; a template whose entries did not change keeps its date."""
    from . import catalogs
    from .pofile import format_po
    templates: dict[str, polib.POFile] = {}
    now = catalogs.now_stamp()
    for domain, posts in sorted(project.domains().items()):
        path = project.config.pot_path(domain)
        old_text = read_utf8_or_none(path)
        old_date = catalogs.creation_date(old_text)
        items = [(post, project.segments[post.ref]) for post in posts]
        pot = catalogs.build_template(domain, items, old_date or now)
        text = format_po(pot)
        if old_text is not None and text != old_text and old_date:
            pot.metadata["POT-Creation-Date"] = now
            text = format_po(pot)
        templates[domain] = pot
        if write:
            write_file(path, text.encode("utf-8"), problems, stats)
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
    from . import catalogs
    from .pofile import po_bytes
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
                write_file(project.config.po_path(locale, domain), po_bytes(result.catalog), problems, stats)
        for domain, catalog in existing.items():
            if domain in templates or domain == SITE_DOMAIN:
                continue
            orphan = catalogs.obsolete_all(catalog)
            if write:
                write_file(project.config.po_path(locale, domain), po_bytes(orphan), problems, stats)
    return merged


def _read_locale(
    config: Config, locale: str, problems: Problems
) -> tuple[dict[str, polib.POFile], set[str]]:
    from .pofile import read_po
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
    from . import catalogs
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


def write_file(path: Path, data: bytes, problems: Problems, stats: Stats) -> None:
    """Write atomically and count it; a failure (disk full, read-only) is reported, not raised."""
    from .fsutil import write_bytes_atomic
    try:
        stats.record(path, write_bytes_atomic(path, data))
    except I18nflowError as exc:
        problems.add(exc)




def target_locales(config: Config, chosen: Iterable[str] = ()) -> list[str]:
    chosen = list(chosen)
    if not chosen:
        return list(config.locales)
    unknown = [locale for locale in chosen if locale.replace("-", "_") not in config.locales]
    if unknown:
        from .errors import ConfigError

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
    translate: Callable[[dict[str, dict[str, list[catalogs.Key]]], Problems], dict[str, dict[str, dict[catalogs.Key, tuple[str, str, bool]]]]] | None = None


@dataclass
class RunSummary:
    domains: int = 0
    skipped: int = 0
    changed: int = 0  # files whose bytes differ (written, or that a dry run would write)
    failed_domains: list[str] = field(default_factory=list)


def run(config: Config, options: RunOptions, problems: Problems, stats: Stats) -> RunSummary:
    """extract → update → (translate) → render over every domain that changed since last time."""
    from .state import State, settings_digest

    summary = RunSummary()
    if options.write:
        from .fsutil import sweep_temp_files

        locales_dir = config.locales_path
        sweep_temp_files([config.templates_path, *(locales_dir / loc / "LC_MESSAGES" for loc in options.locales)])
    loops: list[ContentError] = []
    grouped = group_posts(config, loops)
    for loop in loops:
        problems.add(loop)
    if options.shard is not None:
        mine, count = options.shard
        grouped = {d: p for d, p in grouped.items() if shard_of(d, count) == mine}
    summary.domains = len(grouped)
    flags = f"{options.render}:{options.include_fuzzy}:{options.include_machine}:{sorted(options.locales)}"
    state = State.load(config, settings_digest(config, flags))
    index = _moves_index(config, options, state)
    try:
        outcomes = _run_domains(config, grouped, options, problems, stats, summary, state, index)
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
            state.record(outcome.domain, domain_files(config, outcome.domain, grouped[outcome.domain], options))
    if options.update and (options.site or config.site_configured) and (options.shard is None or options.shard[0] == 0):
        site_catalogs(config, options.locales, problems, stats, options.write, summary, options.translate)
    if options.write and options.use_state:
        state.save()
    return summary


def _moves_index(config: Config, options: RunOptions, state: Any) -> MovesIndex | None:
    """The index of translations that can move (see moves.py); a run that creates it ignores the
    state, so every domain reports to it once."""
    if not options.update:
        return None
    from . import moves_index

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
) -> dict[str, DomainOutcome]:
    """The domains that changed, then the cross-domain steps: moved translations, machine
    translation, catalogs of posts that are gone."""
    jobs: list[DomainJob] = []
    for domain, posts in sorted(grouped.items()):
        files = domain_files(config, domain, posts, options)
        if options.use_state and state.is_clean(domain, files):
            summary.skipped += 1
            stats.skipped += len(posts)
            continue
        jobs.append(_job(config, domain, posts, options))
    if index is None:
        return run_jobs(config, jobs, options.workers)
    from . import moves

    live = set(group_posts(config)) if options.shard else set(grouped)
    orphans = moves.read_orphans(config, live, options.locales, options.shard, problems)
    tracker = moves.MoveTracker(index, orphans, options.locales)
    outcomes = run_jobs(config, jobs, options.workers, tracker.take)
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
    summary.changed += moves.obsolete_orphans(orphans, options.write, problems, stats)
    return outcomes


def _job(config: Config, domain: str, posts: Sequence[tuple[Path, Path]], options: RunOptions) -> DomainJob:
    from .jobs import DomainJob

    return DomainJob(domain, tuple(posts), options.locales, options.render, options.write,
                     options.update, options.include_fuzzy, options.include_machine,
                     collect_untranslated=_pretranslated_locales(config, options))


def _pretranslated_locales(config: Config, options: RunOptions) -> tuple[str, ...]:
    """Locales whose untranslated entries the translate step wants (engine "none": not sent back)."""
    if options.translate is None:
        return ()
    wanted = getattr(options.translate, "wants", None)
    return tuple(locale for locale in options.locales if wanted is None or wanted(locale))


def group_posts(config: Config, loops: list[ContentError] | None = None) -> dict[str, list[tuple[Path, Path]]]:
    """Post paths by domain; symlink loops met on the way go to ``loops``."""
    grouped: dict[str, list[tuple[Path, Path]]] = {}
    for path, base in iter_post_paths(config, loops):
        grouped.setdefault(domain_of(config.domain, relative_ref(path, base)), []).append((path, base))
    return grouped


def shard_of(domain: str, count: int) -> int:
    """A stable shard for a domain, the same on every machine (unlike hash())."""
    import zlib

    return zlib.crc32(domain.encode("utf-8")) % count


def domain_files(config: Config, domain: str, posts: Sequence[tuple[Path, Path]], options: RunOptions) -> dict[str, str]:
    """Every file a domain's job reads or writes: what the state fingerprints."""
    root = str(config.root)
    locales_dir = str(config.locales_path)
    files: dict[str, str] = {"pot": f"{locales_dir}/templates/{domain}.pot"}
    for path, _base in posts:
        files[f"post:{relative_ref(path, config.root)}"] = str(path)
    for locale in options.locales:
        files[f"po:{locale}"] = f"{locales_dir}/{locale}/LC_MESSAGES/{domain}.po"
    if options.render:
        for path, base in posts:
            rel = relative_ref(path, base)
            for locale, output in output_relatives(config.output, rel, options.locales).items():
                files[f"out:{locale}:{rel}"] = os.path.join(root, output)
    return files


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
    import os

    from .jobs import run_domain

    count = workers if workers is not None else min(os.cpu_count() or 1, 8)
    total_posts = sum(len(job.posts) for job in jobs)
    if count <= 1 or len(jobs) < 2 or total_posts < 40:
        return {job.domain: take(run_domain(config, job)) for job in jobs}
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    chunk = max(1, min(32, len(jobs) // (count * 4)))
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as executor:
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
    moved translation); what the first pass wrote still counts as written."""
    for outcome in run_jobs(config, jobs, options.workers, take).values():
        previous = outcomes.get(outcome.domain)
        if previous is not None:
            outcome.written = sorted(set(previous.written) | set(outcome.written))
        outcomes[outcome.domain] = outcome
    return outcomes


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
    return _rerun(config, rerun, outcomes, options, take)


def site_catalogs(
    config: Config,
    locales: Sequence[str],
    problems: Problems,
    stats: Stats,
    write: bool = True,
    summary: RunSummary | None = None,
    translate: Callable[..., Any] | None = None,
) -> None:
    """The preview templates' own strings: locales/templates/site.pot and each locale's site.po.

    They go through the same steps as a post's catalog: merge, then (with ``translate``) the
    machine pretranslation of what is still untranslated.
    """
    from . import catalogs
    from .jobs import apply_fills
    from .pofile import format_po, po_bytes, read_po
    from .site import site_template

    now = catalogs.now_stamp()
    path = config.pot_path(SITE_DOMAIN)
    old_text = read_utf8_or_none(path)
    old_date = catalogs.creation_date(old_text)
    try:
        pot = site_template(config, old_date or now)
    except I18nflowError as exc:
        problems.add(exc)
        return
    text = format_po(pot)
    if old_text is not None and text != old_text and old_date:
        pot.metadata["POT-Creation-Date"] = now
        text = format_po(pot)
    outputs = [(path, text.encode("utf-8"), old_text.encode("utf-8") if old_text is not None else None)]
    merged: dict[str, polib.POFile] = {}
    for locale in locales:
        po_path = config.po_path(locale, SITE_DOMAIN)
        try:
            existing = read_po(po_path) if po_path.exists() else None
        except CatalogError as exc:
            problems.add(exc)
            continue
        merged[locale] = catalogs.merge(pot, existing, locale, now).catalog
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
        outputs.append((po_path, po_bytes(catalog), read_bytes_or_none(po_path)))
    for target, data, current in outputs:
        if data == current:
            stats.unchanged += 1
            continue
        if summary is not None:
            summary.changed += 1
        if write:
            write_file(target, data, problems, stats)
