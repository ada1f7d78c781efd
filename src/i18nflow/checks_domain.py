"""Everything ``check`` does for one domain, reading each of its files once.

A domain (a post's catalogs in every locale) is the unit of work: it runs in a worker process,
and its result is cached until one of its files changes. For each domain this module computes
the template and merged catalogs in memory (stale?), reads every locale's PO (broken? header?),
runs translation QA on its entries, checks the anchors of the rendered translation and counts
words for the thresholds. It returns plain data and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import polib

from . import catalogs
from .checks_anchors import check_anchors, scan
from .checks_files import header_problems, msgstr_line
from .checks_options import CheckOptions
from .checks_qa import check_entry, skipped_checks
from .checks_stale import PostChange, Staleness, post_changes, staleness
from .config import Config
from .content import Post, load_post
from .errors import CatalogError, ContentError, I18nflowError
from .markup import References, references_in
from .pipeline import Project, Stats, extract
from .pofile import format_po, read_po
from .problems import Problems
from .report import Finding
from .segments import Segment, extract_segments
from .stats import Counts, catalog_states, count_keys


@dataclass(frozen=True)
class DomainTask:
    domain: str
    posts: tuple[tuple[Path, Path], ...]  # (post path, content base); empty: its post is gone


@dataclass
class DomainResult:
    domain: str
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, dict[str, Counts]] = field(default_factory=dict)  # locale → post ref → counts
    entries_checked: int = 0


def check_domain(config: Config, options: CheckOptions, task: DomainTask) -> DomainResult:
    """All findings of one domain; problems are findings, never exceptions."""
    try:
        if not task.posts:
            return _check_orphan(config, options, task.domain)
        return _DomainCheck(config, options, task).run()
    except I18nflowError as exc:
        check = "syntax" if isinstance(exc, CatalogError) else "content"
        return DomainResult(task.domain, [Finding(options.level(check), check, exc.message, exc.path, exc.line)])
    except RecursionError:
        message = f"too deeply nested to check (domain {task.domain})"
        return DomainResult(task.domain, [Finding(options.level("content"), "content", message)])


class _DomainCheck:
    def __init__(self, config: Config, options: CheckOptions, task: DomainTask):
        self.config = config
        self.options = options
        self.task = task
        self.result = DomainResult(task.domain)
        self.posts: list[tuple[Post, list[Segment]]] = []
        self.references: dict[str, References] = {}
        self.scans: dict[str, tuple[set[str], set[str]]] = {}  # post ref → anchors, links
        self.complete = True  # every post could be read: only then is staleness meaningful

    def run(self) -> DomainResult:
        self._load_posts()
        template, changes = self._template()
        for locale in self.options.locales:
            self._check_locale(locale, template, changes)
        return self.result

    # posts and template ------------------------------------------------------------

    def _load_posts(self) -> None:
        for path, base in self.task.posts:
            try:
                post = load_post(path, self.config.root, base)
                self.posts.append((post, extract_segments(post, self.config.front_matter)))
                self.references[post.ref] = references_in(post.text)
            except ContentError as exc:
                self.complete = False
                self._add("content", exc.message, source=exc.path, source_line=exc.line)
            except RecursionError:
                self.complete = False
                self._add("content", "too deeply nested to parse", source=self.config.relative(path))

    def _template(self) -> tuple[polib.POFile | None, list[PostChange]]:
        if not self.complete or not self.posts:
            return None, []
        project = Project(self.config, [p for p, _ in self.posts], {p.ref: s for p, s in self.posts})
        template = extract(project, Problems(root=self.config.root), Stats(), write=False)[self.task.domain]
        pot_path = self.config.pot_path(self.task.domain)
        old_text = _read_text(pot_path)
        expected = format_po(template)
        if old_text == expected:
            return template, []  # the same template: no post changed
        old_template = None
        if old_text is not None:
            try:
                old_template = read_po(pot_path)
            except CatalogError as exc:
                self._add("syntax", exc.message, file=self.config.relative(pot_path), line=exc.line)
        changes = post_changes(old_template, template)
        self._stale(staleness(expected, old_text, changes), pot_path, None)
        return template, changes

    # one locale ----------------------------------------------------------------------

    def _check_locale(self, locale: str, template: polib.POFile | None, changes: list[PostChange]) -> None:
        path = self.config.po_path(locale, self.task.domain)
        if not path.is_file():
            if template is not None:
                self._stale(staleness(format_po(template), None, changes), path, locale)
            self._count(locale, {})
            return
        try:
            catalog = read_po(path)
        except CatalogError as exc:
            self._add("syntax", exc.message, file=self.config.relative(path), line=exc.line, locale=locale)
            return
        text = _read_text(path)  # None when not UTF-8: then update would rewrite it
        lines = (text or path.read_bytes().decode(catalog.encoding or "utf-8", "replace")).splitlines()
        for line, message in header_problems(catalog, locale, lines):
            self._add("header", message, file=self.config.relative(path), line=line, locale=locale)
        if template is not None:
            merged = catalogs.merge(template, catalog, locale, catalogs.now_stamp()).catalog
            self._stale(staleness(format_po(merged), text, changes, catalog, template), path, locale)
        checked = self._qa(catalog, locale, path, lines)
        self._anchors(checked, locale, path, lines)
        self._count(locale, catalog_states(catalog))

    def _checked_entries(self, catalog: polib.POFile) -> list[polib.POEntry]:
        """Reviewed entries, and fuzzy ones with --fuzzy: what QA looks at."""
        wanted = {"reviewed", "machine", "outdated"} if self.options.fuzzy else {"reviewed"}
        return [
            e for e in catalogs.active(catalog)
            if e.msgid and not e.msgid_plural and catalogs.entry_state(e) in wanted
        ]

    def _qa(self, catalog: polib.POFile, locale: str, path: Path, lines: list[str]) -> list[polib.POEntry]:
        entries = self._checked_entries(catalog)
        for entry in entries:
            skipped = _skipped(entry) | self.options.skip
            ref, line = _first_occurrence(entry)
            issues = check_entry(
                entry.msgid,
                entry.msgstr,
                (entry.comment or "").splitlines(),
                self.config.terms,
                self.references.get(ref or "", ()),
            )
            for issue in issues:
                if issue.check not in skipped:
                    self._add(issue.check, issue.message, file=self.config.relative(path),
                              line=msgstr_line(lines, entry.linenum), source=ref, source_line=line,
                              locale=locale, entry=entry)
        self.result.entries_checked += len(entries)
        return entries

    def _anchors(
        self, checked: list[polib.POEntry], locale: str, path: Path, lines: list[str]
    ) -> None:
        if "anchors" in self.options.skip:
            return
        table = {catalogs.entry_key(e): e.msgstr for e in checked}
        by_key = {catalogs.entry_key(e): e for e in checked}
        for post, segments in self.posts:
            issues = check_anchors(post, segments, lambda s: table.get((s.msgctxt, s.msgid)),
                                   self.config.render, partial(self._scan, post))
            for issue in issues:
                entry = by_key.get(issue.key)
                if entry is None or "anchors" in _skipped(entry):
                    continue
                ref, line = _first_occurrence(entry)
                self._add("anchors", issue.message, file=self.config.relative(path),
                          line=msgstr_line(lines, entry.linenum), source=ref, source_line=line,
                          locale=locale, entry=entry)

    def _scan(self, post: Post) -> tuple[set[str], set[str]]:
        if post.ref not in self.scans:
            self.scans[post.ref] = scan(post.body)
        return self.scans[post.ref]

    def _count(self, locale: str, states: dict[catalogs.Key, str]) -> None:
        counts = self.result.counts.setdefault(locale, {})
        for post, segments in self.posts:
            counts[post.ref] = count_keys([(s.msgctxt, s.msgid) for s in segments], states)

    # findings ------------------------------------------------------------------------

    def _stale(self, stale: Staleness | None, path: Path, locale: str | None) -> None:
        if stale is not None and "stale" not in self.options.skip:
            self._add("stale", stale.message, file=self.config.relative(path), line=stale.line,
                      source=stale.source, source_line=stale.source_line, locale=locale)

    def _add(self, check: str, message: str, *, file: str | None = None, line: int | None = None,
             source: str | None = None, source_line: int | None = None, locale: str | None = None,
             entry: polib.POEntry | None = None) -> None:
        self.result.findings.append(Finding(
            level=self.options.level(check), check=check, message=message, file=file, line=line,
            source=source, source_line=source_line, locale=locale,
            msgctxt=entry.msgctxt if entry is not None else None,
            msgid=entry.msgid if entry is not None else None,
        ))


def _check_orphan(config: Config, options: CheckOptions, domain: str) -> DomainResult:
    """A catalog whose post is gone: update would make every entry obsolete."""
    result = DomainResult(domain)
    for locale in options.locales:
        path = config.po_path(locale, domain)
        text = _read_text(path)
        if text is None:
            continue
        rel = config.relative(path)
        try:
            catalog = read_po(path)
        except CatalogError as exc:
            result.findings.append(Finding(options.level("syntax"), "syntax", exc.message, rel, exc.line, locale=locale))
            continue
        for line, message in header_problems(catalog, locale, text.splitlines()):
            result.findings.append(Finding(options.level("header"), "header", message, rel, line, locale=locale))
        if "stale" in options.skip or format_po(catalogs.obsolete_all(catalog)) == text:
            continue
        live = [e for e in catalogs.active(catalog) if e.msgid]
        ref, line = _first_occurrence(live[0]) if live else (None, None)
        result.findings.append(Finding(
            options.level("stale"), "stale",
            f"out of date: its post {ref or ''} was removed or renamed; run `i18nflow update` "
            f"to keep its {len(live)} entries as obsolete",
            rel, live[0].linenum if live else None, ref, line, locale,
        ))
    return result


def _skipped(entry: polib.POEntry) -> set[str]:
    """Checks silenced by ``#, i18nflow-skip-check:NAME`` (or the same as a translator comment,
    for PO editors that drop flags they do not know)."""
    comments = [line.strip() for line in (entry.tcomment or "").splitlines()]
    return skipped_checks([*entry.flags, *comments])


def _first_occurrence(entry: polib.POEntry) -> tuple[str | None, int | None]:
    if not entry.occurrences:
        return None, None
    ref, line = entry.occurrences[0]
    return ref, int(line) if str(line).isdigit() else None


def _read_text(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError):
        return None


