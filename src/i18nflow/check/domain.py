"""Everything ``check`` does for one domain, reading each of its files once.

A domain (a post's catalogs in every locale) is the unit of work: it runs in a worker process,
and its result is cached until one of its files changes. For each domain this module computes
the template and merged catalogs in memory (stale?), reads every locale's PO (broken? header?),
runs translation QA on its entries, checks the anchors of the rendered translation and counts
words for the thresholds. It returns plain data and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import polib

from i18nflow.check.anchors import check_anchors, scan
from i18nflow.check.blocks import TemplateBlocks
from i18nflow.check.files import LazyLines, header_problems, msgstr_line
from i18nflow.check.msgfmt_proof import plain, probe
from i18nflow.check.options import CheckOptions
from i18nflow.check.qa import check_entry, checks_silenced
from i18nflow.check.report import Finding
from i18nflow.check.stale import PostChange, Staleness, post_changes, staleness, written_staleness
from i18nflow.check.style import style_issues
from i18nflow.check.untranslated import Untranslated
from i18nflow.collection import collection_held
from i18nflow.config import Config
from i18nflow.errors import CatalogError, ContentError, I18nflowError
from i18nflow.fsutil import Stats, read_utf8_or_none, refusal
from i18nflow.gettext import catalogs
from i18nflow.gettext.po import format_po, po_bytes, read_po, same_content
from i18nflow.gettext.stats import Counts, catalog_states
from i18nflow.problems import Problems
from i18nflow.source.content import Post, load_post
from i18nflow.source.dialects.registry import dialect_for
from i18nflow.source.markup import References, references_in
from i18nflow.source.project import Project
from i18nflow.source.render import render_post
from i18nflow.source.segment import Segment
from i18nflow.source.segments import extract_segments
from i18nflow.source.text import word_count
from i18nflow.sync.pipeline import extract
from i18nflow.translate.glossary import cached_glossary


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
    # locale → header probe proving its catalog clean for msgfmt (see checks_msgfmt_proof);
    # this run's scheduling only, never cached
    msgfmt_probes: dict[str, bytes] = field(default_factory=dict)


def check_domain(config: Config, options: CheckOptions, task: DomainTask) -> DomainResult:
    """All findings of one domain; problems are findings, never exceptions."""
    try:
        with collection_held():
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
        self.references: dict[str, References] = {}  # post ref → its link definitions
        self.scans: dict[str, tuple[set[str], set[str]]] = {}  # post ref → anchors, links
        self.complete = True  # every post could be read: only then is staleness meaningful
        self.post_words: list[tuple[str, list[tuple[catalogs.Key, int]]]] = []  # per post: keys, words
        self.untranslated: Untranslated | None = None
        self.blocks: TemplateBlocks | None = None
        self.tail_plain: bool | None = None

    def run(self) -> DomainResult:
        self._load_posts()
        template, template_text, changes = self._template()
        for locale in self.options.locales:
            self._check_locale(locale, template, template_text, changes)
        return self.result

    # posts and template ------------------------------------------------------------

    def _load_posts(self) -> None:
        for path, base in self.task.posts:
            try:
                post = load_post(path, self.config.root, base)
                self.posts.append((post, extract_segments(post, self.config.front_matter, dialect_for(self.config))))
            except ContentError as exc:
                self.complete = False
                self._add("content", exc.message, source=exc.path, source_line=exc.line)
            except RecursionError:
                self.complete = False
                self._add("content", "too deeply nested to parse", source=self.config.relative(path))

    def _template(self) -> tuple[polib.POFile | None, str | None, list[PostChange]]:
        """The template as extract would write it now, its text, and how the posts changed
        since the template on disk was written."""
        if not self.complete or not self.posts:
            return None, None, []
        project = Project(self.config, [p for p, _ in self.posts], {p.ref: s for p, s in self.posts})
        template = extract(project, Problems(root=self.config.root), Stats(), write=False)[self.task.domain]
        pot_path = self.config.pot_path(self.task.domain)
        old_text = read_utf8_or_none(pot_path)
        expected = format_po(template, self.config.catalog_width)
        if old_text == expected:
            return template, expected, []  # the same template: no post changed
        old_template = None
        if old_text is not None:
            try:
                old_template = read_po(pot_path)
            except CatalogError as exc:
                self._add("syntax", exc.message, file=self.config.relative(pot_path), line=exc.line)
        if old_template is not None and same_content(template, old_template):
            return template, expected, []  # laid out otherwise (another wrap width): the same
        changes = post_changes(old_template, template)
        self._stale(staleness(expected, old_text, changes), pot_path, None)
        return template, expected, changes

    # one locale ----------------------------------------------------------------------

    def _check_locale(
        self, locale: str, template: polib.POFile | None, template_text: str | None, changes: list[PostChange]
    ) -> None:
        path = self.config.po_path(locale, self.task.domain)
        if refusal(path) is not None:  # a folder, a FIFO, a link outside: reported once by the runner
            self._count(locale, {})
            return
        if not path.is_file():
            if template is not None:
                self._stale(staleness(format_po(template, self.config.catalog_width), None, changes), path, locale)
            self._count(locale, {})
            return
        if template is not None and template_text is not None:
            if self._untranslated(locale, path, template, template_text):
                return
            if self._by_blocks(locale, path, template, template_text, changes):
                return
        try:
            catalog = read_po(path)
        except CatalogError as exc:
            self._add("syntax", exc.message, file=self.config.relative(path), line=exc.line, locale=locale)
            return
        self._check_catalog(locale, path, catalog, path.read_bytes(), template, changes, whole=True)

    def _by_blocks(
        self, locale: str, path: Path, template: polib.POFile, template_text: str, changes: list[PostChange]
    ) -> bool:
        """The check of a catalog read block by block (see :mod:`i18nflow.check.blocks`); False when it
        must be read whole: it cannot be read that way, or it is stale (the explanation names
        entries at their lines)."""
        if self.blocks is None:
            self.blocks = TemplateBlocks(template_text)
        try:
            data = path.read_bytes()
        except OSError:
            return False
        catalog = self.blocks.read(data)
        return catalog is not None and self._check_catalog(locale, path, catalog, data, template, changes, whole=False)

    def _check_catalog(
        self,
        locale: str,
        path: Path,
        catalog: polib.POFile,
        data: bytes,
        template: polib.POFile | None,
        changes: list[PostChange],
        whole: bool,
    ) -> bool:
        """Every check of one parsed catalog (``data`` its bytes). Unless it was read ``whole``,
        a stale catalog is left for a whole read: False, and nothing is recorded."""
        stale = None
        exact = False  # the file is byte for byte what update writes
        if template is not None:
            width = self.config.catalog_width
            merged = catalogs.merge(template, catalog, locale, catalogs.now_stamp()).catalog
            exact = po_bytes(merged, width) == data
            if not exact:
                stale = written_staleness(merged, data, catalog.encoding or "utf-8", changes, catalog, template,
                                          width=width, differs=True)
            if stale is not None and not whole:
                return False
        lines = LazyLines(data, catalog.encoding or "utf-8")
        self._header(catalog, locale, path, lines)
        if template is not None:
            self._stale(stale, path, locale)
            if exact and catalog.encoding == "utf-8":
                self._probe(locale, catalog, catalog, plain(data))
        checked = self._qa(catalog, locale, path, lines)
        self._anchors(checked, locale, path, lines)
        self._structure(checked, locale, path, lines)
        self._count(locale, catalog_states(catalog))
        return True

    def _untranslated(self, locale: str, path: Path, template: polib.POFile, template_text: str) -> bool:
        """The whole check of a catalog that is the template untranslated and up to date (see
        :mod:`i18nflow.check.untranslated`): its header, the counts; no QA, nothing stale. False when
        the catalog is anything else."""
        if self.untranslated is None:
            self.untranslated = Untranslated(template, template_text, catalogs.now_stamp(),
                                             self.config.catalog_width)
        try:
            data = path.read_bytes()
        except OSError:
            return False
        header = self.untranslated.header(data, locale)
        if header is None:
            return False
        self._header(header, locale, path, LazyLines(data))
        tail = self.untranslated.tail_bytes or b""
        if self.tail_plain is None:
            self.tail_plain = plain(tail)
        self._probe(locale, header, (), self.tail_plain and plain(data[: len(data) - len(tail)]))
        self._count(locale, {})
        return True

    def _header(self, catalog: polib.POFile, locale: str, path: Path, lines: Sequence[str]) -> None:
        for check, line, message in header_problems(catalog, locale, lines):
            self._add(check, message, file=self.config.relative(path), line=line, locale=locale)

    def _probe(self, locale: str, header: polib.POFile, entries: Iterable[polib.POEntry], is_plain: bool) -> None:
        """An up-to-date catalog: can a probe of its header stand for it before msgfmt? Only
        when its bytes are :func:`checks_msgfmt_proof.plain`."""
        found = probe(header, entries) if is_plain else None
        if found is not None:
            self.result.msgfmt_probes[locale] = found

    def _checked_entries(self, catalog: polib.POFile) -> list[polib.POEntry]:
        """Reviewed entries, and fuzzy ones with --fuzzy: what QA looks at."""
        wanted = {"reviewed", "machine", "outdated"} if self.options.fuzzy else {"reviewed"}
        return [
            e for e in catalogs.active(catalog)
            if e.msgid and not e.msgid_plural and catalogs.entry_state(e) in wanted
        ]

    def _qa(self, catalog: polib.POFile, locale: str, path: Path, lines: Sequence[str]) -> list[polib.POEntry]:
        entries = self._checked_entries(catalog)
        glossary = None
        if entries and "glossary" not in self.options.skip:
            glossary = cached_glossary(self.config.root, locale, self.config.source_locale)
        for entry in entries:
            skipped = _skipped(entry) | self.options.skip
            ref, line = _first_occurrence(entry)
            issues = check_entry(
                entry.msgid,
                entry.msgstr,
                (entry.comment or "").splitlines(),
                self.config.terms,
                self._references(ref),
                glossary,
            )
            if self.options.style:
                issues.extend(style_issues(entry.msgid, entry.msgstr))
            for issue in issues:
                # A flag in the PO file never silences what render refuses; [check] skip may.
                silenced = self.options.skip if issue.refused else skipped
                if issue.check not in silenced:
                    self._add(issue.check, issue.message, file=self.config.relative(path),
                              line=msgstr_line(lines, entry.linenum), source=ref, source_line=line,
                              locale=locale, entry=entry)
        self.result.entries_checked += len(entries)
        return entries

    def _references(self, ref: str | None) -> References:
        """The link definitions of the post ``ref``, found the first time QA needs them."""
        key = ref or ""
        if key not in self.references:
            post = next((post for post, _ in self.posts if post.ref == key), None)
            self.references[key] = references_in(post.text) if post is not None else ()
        return self.references[key]

    def _anchors(
        self, checked: list[polib.POEntry], locale: str, path: Path, lines: Sequence[str]
    ) -> None:
        if "anchors" in self.options.skip:
            return
        table = {catalogs.entry_key(e): e.msgstr for e in checked}
        by_key = {catalogs.entry_key(e): e for e in checked}
        for post, segments in self.posts:
            issues = check_anchors(post, segments, lambda s: table.get((s.msgctxt, s.msgid)),
                                   self.config.render, partial(self._scan, post), dialect_for(self.config))
            for issue in issues:
                entry = by_key.get(issue.key)
                if entry is None or "anchors" in _skipped(entry):
                    continue
                ref, line = _first_occurrence(entry)
                self._add("anchors", issue.message, file=self.config.relative(path),
                          line=msgstr_line(lines, entry.linenum), source=ref, source_line=line,
                          locale=locale, entry=entry)

    def _structure(
        self, checked: list[polib.POEntry], locale: str, path: Path, lines: Sequence[str]
    ) -> None:
        """What render would refuse for its structure, as the site's builder reads it (the
        dialect: a translation that makes a kramdown table, or breaks a shortcode or math):
        reported on the entry, since render would publish the source text instead."""
        if "structure" in self.options.skip or not checked:
            return
        table = {catalogs.entry_key(e): e.msgstr for e in checked}
        by_key = {catalogs.entry_key(e): e for e in checked}
        dialect = dialect_for(self.config)
        for post, segments in self.posts:
            if not any((s.msgctxt, s.msgid) in table for s in segments):
                continue
            result = render_post(post, segments, lambda s: table.get((s.msgctxt, s.msgid)), locale,
                                 self.config.render, dialect)
            for segment, reason in result.rejected:
                entry = by_key.get((segment.msgctxt, segment.msgid))
                if entry is None or "structure" in _skipped(entry):
                    continue
                self._add("structure", f"{reason} as {dialect.name} reads it: render keeps the source text",
                          file=self.config.relative(path), line=msgstr_line(lines, entry.linenum),
                          source=post.ref, source_line=segment.line, locale=locale, entry=entry)

    def _scan(self, post: Post) -> tuple[set[str], set[str]]:
        if post.ref not in self.scans:
            self.scans[post.ref] = scan(post.body, dialect_for(self.config))
        return self.scans[post.ref]

    def _count(self, locale: str, states: dict[catalogs.Key, str]) -> None:
        """Words per state and post, as :func:`stats.count_keys` counts them; each key's words
        are counted once per domain, not once per locale. Only thresholds read them: a locale
        without one needs none."""
        if "threshold" in self.options.skip or self.config.threshold_for(locale) <= 0:
            return
        counts = self.result.counts.setdefault(locale, {})
        for ref, keys in self._post_words():
            tally = Counts()
            if states:
                for key, count in keys:
                    tally.add(states.get(key, "untranslated"), count)
            else:  # nothing translated: the same sums, without a lookup per key
                tally.entries["untranslated"] = len(keys)
                tally.words["untranslated"] = sum(count for _, count in keys)
            counts[ref] = tally

    def _post_words(self) -> list[tuple[str, list[tuple[catalogs.Key, int]]]]:
        if not self.post_words and self.posts:
            words: dict[catalogs.Key, int] = {}
            for post, segments in self.posts:
                keys = list(dict.fromkeys((s.msgctxt, s.msgid) for s in segments))
                for key in keys:
                    if key not in words:
                        words[key] = word_count(key[1])
                self.post_words.append((post.ref, [(key, words[key]) for key in keys]))
        return self.post_words

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
        if not path.is_file():
            continue
        rel = config.relative(path)
        try:
            catalog = read_po(path)
        except CatalogError as exc:
            result.findings.append(Finding(options.level("syntax"), "syntax", exc.message, rel, exc.line, locale=locale))
            continue
        data = path.read_bytes()
        for check, line, message in header_problems(catalog, locale, data.decode(catalog.encoding, "replace").splitlines()):
            result.findings.append(Finding(options.level(check), check, message, rel, line, locale=locale))
        obsolete = catalogs.obsolete_all(catalog)
        if "stale" in options.skip or po_bytes(obsolete, config.catalog_width) == data:
            continue
        if same_content(obsolete, catalog):
            continue  # all obsolete already, in the layout a translator's tool chose
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
    return checks_silenced(catalogs.entry_skip_marks(entry))


def _first_occurrence(entry: polib.POEntry) -> tuple[str | None, int | None]:
    if not entry.occurrences:
        return None, None
    ref, line = entry.occurrences[0]
    return ref, int(line) if str(line).isdigit() else None



