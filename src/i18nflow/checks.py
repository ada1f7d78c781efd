"""``i18nflow check``: are the locales in order? Precisely, and fast enough for every push.

One run answers four questions, each finding naming the catalog file and line and the post
and line behind it:

- **stale**: would ``extract`` + ``update`` change a file? (computed in memory, nothing written)
- **broken**: does a PO parse, pass ``msgfmt -c``, carry the header of its locale?
- **QA**: does each reviewed translation keep the source's markup (see :mod:`checks_qa`), and do the
  anchors of the rendered translation still resolve (see :mod:`checks_anchors`)?
- **completeness**: are locales and posts above the configured ``threshold``?

Work is split by domain (:mod:`checks_domain`); domains run in worker processes on a large
site, and a domain none of whose files changed since the last check is not recomputed
(:mod:`checks_cache`). msgfmt runs in batches alongside (:mod:`checks_msgfmt`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import checks_cache
from . import checks_msgfmt as msgfmt
from .checks_domain import DomainResult, DomainTask, check_domain
from .checks_files import header_problems, source_at
from .checks_options import CheckOptions, check_options
from .config import Config
from .content import domain_of, iter_post_paths, relative_ref
from .errors import CatalogError
from .pofile import read_po
from .report import CheckReport, Finding
from .stats import Counts

__all__ = ["CheckOptions", "check_options", "run_check", "check_project"]

SITE_DOMAIN = "site"
_PARALLEL_MIN_DOMAINS = 40


def check_project(
    root: str | Path,
    locales: Iterable[str] = (),
    fuzzy: bool | None = None,
    cache: bool | None = None,
    workers: int | None = None,
) -> CheckReport:
    """Check the project at ``root`` with its own configuration (what a benchmark calls)."""
    from .config import load_config
    from .pipeline import target_locales

    config = load_config(root)
    options = check_options(config, target_locales(config, locales), fuzzy, cache, workers)
    return run_check(config, options)


@dataclass
class _Files:
    """The project's posts (by domain) and catalogs, with the digests results are keyed by."""

    posts: dict[str, list[tuple[Path, Path]]]
    catalogs: dict[tuple[str, str], Path]  # (locale, domain) → PO file
    data: dict[tuple[str, str], bytes]
    digest: dict[tuple[str, str], str]

    @classmethod
    def scan(cls, config: Config, locales: Iterable[str]) -> _Files:
        catalogs = _catalog_files(config, locales)
        data = {key: path.read_bytes() for key, path in catalogs.items()}
        digest = {key: hashlib.sha256(value).hexdigest() for key, value in data.items()}
        return cls(_group_posts(config), catalogs, data, digest)

    def domains(self) -> list[str]:
        return sorted(set(self.posts) | {d for _, d in self.catalogs if d != SITE_DOMAIN})


def run_check(config: Config, options: CheckOptions) -> CheckReport:
    """Every finding of the project; reads everything, writes only its cache."""
    files = _Files.scan(config, options.locales)
    have_msgfmt = msgfmt.available()
    cache = checks_cache.CheckCache("")
    if options.cache:
        cache = checks_cache.load(config, checks_cache.cache_key(config, options, have_msgfmt))
    fresh = checks_cache.CheckCache(cache.key)
    results: dict[str, DomainResult] = {}
    tasks: list[tuple[DomainTask, str]] = []
    for domain in files.domains():
        posts = tuple(files.posts.get(domain, ()))
        inputs = _domain_inputs(config, options, domain, posts, files.digest)
        cached = cache.result_for(domain, inputs)
        if cached is not None:
            results[domain] = cached
            fresh.store(domain, inputs, cached)
        else:
            tasks.append((DomainTask(domain, posts), inputs))
    pending = {config.relative(files.catalogs[key]): data for key, data in files.data.items()
               if have_msgfmt and cache.diagnostics_for(files.digest[key]) is None}
    with ThreadPoolExecutor(1) as background:
        computed, future = _run_tasks(config, options, [task for task, _ in tasks], background,
                                      lambda: msgfmt.check_catalogs(pending) if pending else {})
        diagnostics = future.result()
    results.update((task.domain, result) for (task, _), result in zip(tasks, computed, strict=True))
    _remember(config, options, files, tasks, results, fresh)

    report = CheckReport(locales=list(options.locales), posts=sum(len(p) for p in files.posts.values()),
                         catalogs=len(files.catalogs), msgfmt=have_msgfmt, reused=len(results) - len(tasks))
    for result in results.values():
        report.findings.extend(result.findings)
        report.entries_checked += result.entries_checked
    report.findings.extend(_site_catalogs(config, options, files.catalogs))
    if have_msgfmt:
        report.findings.extend(_all_msgfmt_findings(config, options, files, diagnostics, cache, fresh, report.findings))
    report.findings.extend(_thresholds(config, options, results))
    if options.cache:
        checks_cache.save(config, fresh)
    return report


def _remember(
    config: Config,
    options: CheckOptions,
    files: _Files,
    tasks: list[tuple[DomainTask, str]],
    results: dict[str, DomainResult],
    fresh: checks_cache.CheckCache,
) -> None:
    """Cache what was computed, unless a file changed while it was being checked (a sync
    running meanwhile): its result must not stay under the digest of its earlier bytes."""
    if not tasks:
        return
    now = {key: _file_digest(path) for key, path in files.catalogs.items()}
    for task, inputs in tasks:
        if _domain_inputs(config, options, task.domain, task.posts, now) == inputs:
            fresh.store(task.domain, inputs, results[task.domain])


def _run_tasks(
    config: Config,
    options: CheckOptions,
    tasks: list[DomainTask],
    background: ThreadPoolExecutor,
    side_job: Callable[[], dict[str, list[msgfmt.Diagnostic]]],
) -> tuple[list[DomainResult], Future[dict[str, list[msgfmt.Diagnostic]]]]:
    """Domains over a process pool when there are enough of them; ``side_job`` (msgfmt) runs in
    a thread meanwhile. Workers are forked before the thread starts: forking a process that
    runs threads is not safe."""
    workers = options.workers if options.workers is not None else min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(tasks) < _PARALLEL_MIN_DOMAINS:
        future = background.submit(side_job)
        return [check_domain(config, options, task) for task in tasks], future
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    chunk = max(1, min(16, len(tasks) // (workers * 4)))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
        mapped = pool.map(partial(check_domain, config, options), tasks, chunksize=chunk)
        future = background.submit(side_job)
        return list(mapped), future


def _group_posts(config: Config) -> dict[str, list[tuple[Path, Path]]]:
    grouped: dict[str, list[tuple[Path, Path]]] = {}
    for path, base in iter_post_paths(config):
        grouped.setdefault(domain_of(config.domain, relative_ref(path, base)), []).append((path, base))
    return grouped


def _catalog_files(config: Config, locales: Iterable[str]) -> dict[tuple[str, str], Path]:
    found: dict[tuple[str, str], Path] = {}
    for locale in locales:
        folder = config.locales_path / locale / "LC_MESSAGES"
        for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            found[(locale, path.stem)] = path
    return found


def _domain_inputs(
    config: Config,
    options: CheckOptions,
    domain: str,
    posts: tuple[tuple[Path, Path], ...],
    po_digest: dict[tuple[str, str], str],
) -> str:
    parts = [domain]
    for path, base in posts:
        parts += [relative_ref(path, config.root), relative_ref(path, base), _file_digest(path)]
    parts.append(_file_digest(config.pot_path(domain)) if posts else "")
    parts += [f"{locale}:{po_digest.get((locale, domain), '-')}" for locale in options.locales]
    return checks_cache.inputs_digest(parts)


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "-"


def _site_catalogs(config: Config, options: CheckOptions, catalogs: dict[tuple[str, str], Path]) -> list[Finding]:
    """The templates' catalog (``site.po``) is no post's: it gets the file checks only."""
    findings = []
    for (locale, domain), path in catalogs.items():
        if domain != SITE_DOMAIN:
            continue
        rel = config.relative(path)
        try:
            catalog = read_po(path)
        except CatalogError as exc:
            findings.append(Finding(options.level("syntax"), "syntax", exc.message, rel, exc.line, locale=locale))
            continue
        lines = path.read_bytes().decode(catalog.encoding or "utf-8", "replace").splitlines()
        for line, message in header_problems(catalog, locale, lines):
            findings.append(Finding(options.level("header"), "header", message, rel, line, locale=locale))
    return findings


def _all_msgfmt_findings(
    config: Config,
    options: CheckOptions,
    files: _Files,
    computed: dict[str, list[msgfmt.Diagnostic]],
    cache: checks_cache.CheckCache,
    fresh: checks_cache.CheckCache,
    known: list[Finding],
) -> list[Finding]:
    """msgfmt's verdicts (computed now or cached) as findings, on the entry's post too."""
    syntax_lines: dict[str | None, set[int | None]] = {}
    for finding in known:
        if finding.check == "syntax":
            syntax_lines.setdefault(finding.file, set()).add(finding.line)
    findings = []
    for key, path in files.catalogs.items():
        rel = config.relative(path)
        found = computed.get(rel)
        if found is None:
            found = cache.diagnostics_for(files.digest[key]) or []
        fresh.store_diagnostics(files.digest[key], found)
        if not found or "msgfmt" in options.skip:
            continue
        lines = files.data[key].decode("utf-8", "replace").splitlines()
        for diagnostic in found:
            if diagnostic.line in syntax_lines.get(rel, set()):
                continue  # the same error, already reported by our reader
            level = options.level("msgfmt") if diagnostic.level == "error" else "warning"
            source, source_line = source_at(lines, diagnostic.line)
            findings.append(Finding(level, "msgfmt", f"msgfmt -c: {diagnostic.message}", rel,
                                    diagnostic.line, source, source_line, key[0]))
    return findings


def _thresholds(config: Config, options: CheckOptions, results: dict[str, DomainResult]) -> list[Finding]:
    """Locales and posts whose share of reviewed words is under the configured threshold."""
    if "threshold" in options.skip:
        return []
    findings = []
    level = options.level("threshold")
    for locale in options.locales:
        threshold = config.threshold_for(locale)
        if threshold <= 0:
            continue
        total = Counts()
        for domain, result in sorted(results.items()):
            po = config.relative(config.po_path(locale, domain))
            for ref, counts in sorted(result.counts.get(locale, {}).items()):
                total.merge(counts)
                if counts.percent_reviewed() < threshold:
                    findings.append(Finding(
                        level, "threshold",
                        f"{counts.percent_reviewed():.1f}% of this post's words are reviewed in {locale}, "
                        f"under the threshold of {threshold:g}%",
                        po, None, ref, None, locale,
                    ))
        if total.percent_reviewed() < threshold:
            findings.append(Finding(
                level, "threshold",
                f"{total.percent_reviewed():.1f}% of the words are reviewed in {locale}, "
                f"under the threshold of {threshold:g}%",
                None, None, None, None, locale,
            ))
    return findings


