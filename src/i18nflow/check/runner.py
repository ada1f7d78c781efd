"""``i18nflow check``: are the locales in order? Precisely, and fast enough for every push.

One run answers four questions, each finding naming the catalog file and line and the post
and line behind it:

- **stale**: would ``extract`` + ``update`` change a file? (computed in memory, nothing written)
- **broken**: does a PO parse, pass ``msgfmt -c``, carry the header of its locale?
- **QA**: does each reviewed translation keep the source's markup (see :mod:`i18nflow.check.qa`), and do the
  anchors of the rendered translation still resolve (see :mod:`i18nflow.check.anchors`)?
- **completeness**: are locales and posts above the configured ``threshold``?

Work is split by domain (:mod:`i18nflow.check.domain`); domains run in worker processes on a large
site, and a domain none of whose files changed since the last check is not recomputed
(:mod:`i18nflow.check.cache`). Then msgfmt runs, in batches (:mod:`i18nflow.check.msgfmt`), on the catalogs the
domains could not prove clean for it, and once on each distinct header of the others
(:mod:`i18nflow.check.msgfmt_proof`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib

from i18nflow.check import cache as check_cache  # "cache" is the name of the loaded cache below
from i18nflow.check import msgfmt
from i18nflow.check.domain import DomainResult, DomainTask, check_domain
from i18nflow.check.files import header_problems, source_at
from i18nflow.check.options import CheckOptions, check_options
from i18nflow.check.report import CheckReport, Finding
from i18nflow.check.site_strings import site_staleness_findings, site_string_findings
from i18nflow.config import SITE_DOMAIN, Config
from i18nflow.errors import CatalogError, ContentError
from i18nflow.fsutil import refusal
from i18nflow.gettext.po import read_po
from i18nflow.gettext.stats import Counts
from i18nflow.progress import Progress, silent
from i18nflow.source.content import relative_ref
from i18nflow.translate.glossary import cached_glossary

__all__ = ["CheckOptions", "check_options", "run_check", "check_project"]

_PARALLEL_MIN_DOMAINS = 40


def check_project(
    root: str | Path,
    locales: Iterable[str] = (),
    fuzzy: bool | None = None,
    cache: bool | None = None,
    workers: int | None = None,
    style: bool | None = None,
) -> CheckReport:
    """Check the project at ``root`` with its own configuration (what a benchmark calls)."""
    from i18nflow.config import load_config
    from i18nflow.sync.pipeline import target_locales

    config = load_config(root)
    options = check_options(config, target_locales(config, locales), fuzzy, cache, workers, style)
    return run_check(config, options)


@dataclass
class _Files:
    """The project's posts (by domain) and catalogs, with the digests results are keyed by.

    A catalog's bytes are read when they are needed (a digest for the cache, msgfmt, the lines of
    a finding) and not kept: a site's catalogs can be far larger than the memory of one domain."""

    posts: dict[str, list[tuple[Path, Path]]]
    catalogs: dict[tuple[str, str], Path]  # (locale, domain) → PO file
    refused: list[Finding] = field(default_factory=list)  # files that are not read (see fsutil.refusal)
    _digest: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def scan(cls, config: Config, locales: Iterable[str]) -> _Files:
        refused: list[Finding] = []
        posts = _group_posts(config, refused)
        return cls(posts, _catalog_files(config, locales, refused), refused)

    def domains(self) -> list[str]:
        return sorted(set(self.posts) | {d for _, d in self.catalogs if d != SITE_DOMAIN})

    def data(self, key: tuple[str, str]) -> bytes:
        return self.catalogs[key].read_bytes()

    def digest(self, key: tuple[str, str]) -> str:
        """The digest of the catalog as first read (the cache's key for it)."""
        if key not in self._digest:
            self._digest[key] = hashlib.sha256(self.data(key)).hexdigest()
        return self._digest[key]

    def digests(self) -> dict[tuple[str, str], str]:
        return {key: self.digest(key) for key in self.catalogs}


def run_check(config: Config, options: CheckOptions, progress: Progress | None = None) -> CheckReport:
    """Every finding of the project; reads everything, writes only its cache. ``progress``
    (the CLI's, on stderr) counts the domains checked as they finish."""
    if "glossary" not in options.skip:
        for locale in options.locales:  # a broken glossary is a configuration error, reported once
            cached_glossary(config.root, locale, config.source_locale)
    files = _Files.scan(config, options.locales)
    have_msgfmt = msgfmt.available()
    cache = check_cache.CheckCache("")
    if options.cache:
        cache = check_cache.load(config, check_cache.cache_key(config, options, have_msgfmt))
    fresh = check_cache.CheckCache(cache.key)
    results, computed, inputs = _domain_results(config, options, files, cache, progress or silent())
    for domain, result in results.items():
        if domain not in computed:
            fresh.store(domain, inputs[domain], result)
    unchanged = _remember(config, options, files, inputs, computed, fresh)

    report = CheckReport(locales=list(options.locales), posts=sum(len(p) for p in files.posts.values()),
                         catalogs=len(files.catalogs), msgfmt=have_msgfmt, reused=len(results) - len(computed))
    for result in results.values():
        report.findings.extend(result.findings)
        report.entries_checked += result.entries_checked
    report.findings.extend(files.refused)
    report.findings.extend(_site_catalogs(config, options, files.catalogs))
    if have_msgfmt and "msgfmt" not in options.skip:
        verdicts = _msgfmt_verdicts(config, options, files, computed, cache, fresh, unchanged)
        report.findings.extend(_all_msgfmt_findings(config, options, files, verdicts, report.findings))
    report.findings.extend(_thresholds(config, options, results))
    if options.cache:
        check_cache.save(config, fresh)
    return report


def _domain_results(
    config: Config, options: CheckOptions, files: _Files, cache: check_cache.CheckCache, progress: Progress
) -> tuple[dict[str, DomainResult], dict[str, DomainResult], dict[str, str]]:
    """Every domain's result, those computed now, and the inputs digest of each domain (with
    the cache on): a domain none of whose files changed is taken from the cache. The digests
    are taken before any domain is checked, so a file a sync rewrites meanwhile is noticed."""
    posts = {domain: tuple(files.posts.get(domain, ())) for domain in files.domains()}
    inputs: dict[str, str] = {}
    results: dict[str, DomainResult] = {}
    if options.cache:
        digests = files.digests()
        inputs = {domain: _domain_inputs(config, options, domain, of, digests) for domain, of in posts.items()}
        for domain in posts:
            cached = cache.result_for(domain, inputs[domain])
            if cached is not None:
                results[domain] = cached
    tasks = [DomainTask(domain, of) for domain, of in posts.items() if domain not in results]
    computed: dict[str, DomainResult] = {}
    with progress.step("check", len(tasks), "posts" if config.domain_per_post else "catalogs") as step:
        for task, result in zip(tasks, _run_tasks(config, options, tasks), strict=True):
            computed[task.domain] = result
            step.advance()
    return {**results, **computed}, computed, inputs


def _remember(
    config: Config,
    options: CheckOptions,
    files: _Files,
    inputs: dict[str, str],
    computed: dict[str, DomainResult],
    fresh: check_cache.CheckCache,
) -> set[tuple[str, str]]:
    """Cache what was computed, unless a file changed while it was being checked (a sync
    running meanwhile): its result must not stay under the digest of its earlier bytes.
    Returns the catalogs whose bytes are still those digested before the domains ran."""
    if not options.cache:
        return set()
    if not computed:
        return set(files.catalogs)
    now = {key: _file_digest(path) for key, path in files.catalogs.items()}
    for domain, result in computed.items():
        posts = tuple(files.posts.get(domain, ()))
        if _domain_inputs(config, options, domain, posts, now) == inputs[domain]:
            fresh.store(domain, inputs[domain], result)
    return {key for key, digest in now.items() if digest == files.digest(key)}


def _run_tasks(config: Config, options: CheckOptions, tasks: list[DomainTask]) -> Iterator[DomainResult]:
    """Domains' results in order, as they finish; over a process pool when there are enough."""
    workers = options.workers if options.workers is not None else min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(tasks) < _PARALLEL_MIN_DOMAINS:
        for task in tasks:
            yield check_domain(config, options, task)
        return
    from functools import partial

    from i18nflow.sync.workers import worker_pool

    # Small chunks: no worker is left with a long tail of domains while the others are idle.
    chunk = max(1, min(8, len(tasks) // (workers * 8)))
    with worker_pool(workers) as pool:
        yield from pool.map(partial(check_domain, config, options), tasks, chunksize=chunk)


def _msgfmt_verdicts(
    config: Config,
    options: CheckOptions,
    files: _Files,
    computed: dict[str, DomainResult],
    cache: check_cache.CheckCache,
    fresh: check_cache.CheckCache,
    unchanged: set[tuple[str, str]],
) -> dict[tuple[str, str], list[msgfmt.Diagnostic]]:
    """msgfmt's diagnostics for every catalog, remembered in ``fresh`` (with the cache on)."""
    verdicts, read = _msgfmt_diagnostics(config, options, files, computed, cache)
    if options.cache:
        for key, found in verdicts.items():
            if key in read:  # msgfmt's verdict on exactly these bytes
                fresh.store_diagnostics(read[key], found)
            elif key in unchanged or cache.diagnostics_for(files.digest(key)) is not None:
                fresh.store_diagnostics(files.digest(key), found)
    return verdicts


def _msgfmt_diagnostics(
    config: Config,
    options: CheckOptions,
    files: _Files,
    computed: dict[str, DomainResult],
    cache: check_cache.CheckCache,
) -> tuple[dict[tuple[str, str], list[msgfmt.Diagnostic]], dict[tuple[str, str], str]]:
    """msgfmt's diagnostics for every catalog: from the cache, from one run on the header probe
    that stands for it (when that probe is clean), or from msgfmt on the file. Also the digest
    of the bytes msgfmt read, for each catalog it read."""
    verdicts: dict[tuple[str, str], list[msgfmt.Diagnostic]] = {}
    alone: list[tuple[str, str]] = []
    members: dict[bytes, list[tuple[str, str]]] = {}
    for key in files.catalogs:
        cached = cache.diagnostics_for(files.digest(key)) if options.cache else None
        result = computed.get(key[1])
        probe = result.msgfmt_probes.get(key[0]) if result is not None else None
        if cached is not None:
            verdicts[key] = cached
        elif probe is not None:
            members.setdefault(probe, []).append(key)
        else:
            alone.append(key)
    probes = {f"<probe {number}>": data for number, data in enumerate(members)}
    found, read = _msgfmt_files(config, files, alone, probes)
    again: list[tuple[str, str]] = []
    for name, data in probes.items():
        if found[name]:
            again.extend(members[data])  # msgfmt has something to say: let it say it per file
        else:
            verdicts.update((key, []) for key in members[data])
    more, read_again = _msgfmt_files(config, files, again)
    found.update(more)
    read.update(read_again)
    for key in [*alone, *again]:
        verdicts[key] = found[config.relative(files.catalogs[key])]
    return verdicts, read


def _msgfmt_files(
    config: Config, files: _Files, keys: list[tuple[str, str]], extra: dict[str, bytes] | None = None
) -> tuple[dict[str, list[msgfmt.Diagnostic]], dict[tuple[str, str], str]]:
    """msgfmt on these catalogs (and the ``extra`` files): diagnostics by name, and the digest
    of the bytes it read of each catalog."""
    batch = dict(extra or {})
    read: dict[tuple[str, str], str] = {}
    for key in keys:
        data = files.data(key)
        batch[config.relative(files.catalogs[key])] = data
        read[key] = hashlib.sha256(data).hexdigest()
    return (msgfmt.check_catalogs(batch) if batch else {}), read


def _group_posts(config: Config, refused: list[Finding] | None = None) -> dict[str, list[tuple[Path, Path]]]:
    """The posts by domain; the files the content globs match but that cannot be posts (see
    ``content._refused_post``) go to ``refused`` as errors."""
    from i18nflow.source.domains import group_posts

    errors: list[ContentError] = []
    grouped = group_posts(config, errors)
    if refused is not None:
        refused.extend(Finding(level="error", check="syntax", message=e.message, source=e.path) for e in errors)
    return grouped


def _catalog_files(config: Config, locales: Iterable[str], refused: list[Finding]) -> dict[tuple[str, str], Path]:
    """Every locale's PO files; a folder, FIFO, device, or link leading outside the project
    that has a catalog's name is reported (and not read: its lines never reach a log)."""
    found: dict[tuple[str, str], Path] = {}
    for locale in locales:
        folder = config.locales_path / locale / "LC_MESSAGES"
        for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            reason = refusal(path)
            if reason is not None:
                refused.append(Finding(level="error", check="syntax", message=f"cannot read catalog: {reason}",
                                       file=config.relative(path), locale=locale))
                continue
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
    return check_cache.inputs_digest(parts)


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "-"


def _site_catalogs(config: Config, options: CheckOptions, catalogs: dict[tuple[str, str], Path]) -> list[Finding]:
    """The templates' catalog (``site.po``) is no post's: its file checks, the preview's
    refusals, and whether ``sync --html`` would rewrite it."""
    findings = []
    parsed: dict[str, polib.POFile] = {}
    paths: dict[str, Path] = {}
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
        for check, line, message in header_problems(catalog, locale, lines):
            if check not in options.skip:
                findings.append(Finding(options.level(check), check, message, rel, line, locale=locale))
        findings.extend(site_string_findings(catalog, options, rel, locale, lines))
        parsed[locale], paths[locale] = catalog, path
    findings.extend(site_staleness_findings(config, options, parsed, paths))
    return findings


def _all_msgfmt_findings(
    config: Config,
    options: CheckOptions,
    files: _Files,
    verdicts: dict[tuple[str, str], list[msgfmt.Diagnostic]],
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
        found = verdicts.get(key)
        if not found:
            continue
        lines = files.data(key).decode("utf-8", "replace").splitlines()
        if rel in syntax_lines:
            continue  # our reader's error is the file's; msgfmt's account of it would repeat it
        for diagnostic in found:
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


