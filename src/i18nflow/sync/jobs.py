"""The whole job for one domain: extract its posts, merge every locale's PO, render the copies.

Domains are independent (each file belongs to exactly one domain), so a domain job is the unit
that runs in a worker process, that is skipped when nothing about it changed, and that a CI
shard takes. A job returns plain data (problems, what it wrote,
the entries that left or want a translation) and never holds more than one domain in memory.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polib

from i18nflow.collection import collection_held
from i18nflow.config import Config
from i18nflow.errors import CatalogError, ContentError, I18nflowError
from i18nflow.fsutil import read_bytes_or_none, read_utf8_or_none, real_folder, write_bytes_atomic
from i18nflow.gettext import catalogs
from i18nflow.gettext.headers import fix_headers
from i18nflow.gettext.po import (
    clear_caches,
    format_po,
    parse_po_text,
    po_bytes,
    po_entry,
    read_po,
    same_content,
)
from i18nflow.problems import Problem, Problems
from i18nflow.source.content import Post, load_post, output_relative, relative_ref
from i18nflow.source.dialects.registry import dialect_for
from i18nflow.source.render import render_post
from i18nflow.source.safety import refusal_report
from i18nflow.source.segment import Segment
from i18nflow.source.segments import extract_segments
from i18nflow.sync.moves_index import EntryData, entry_data, key_hash
from i18nflow.sync.state import Stamp, stamp
from i18nflow.translate.limits import HeldBack, held_back


@dataclass(frozen=True)
class DomainJob:
    domain: str
    posts: tuple[tuple[Path, Path], ...]  # (post path, content base)
    locales: tuple[str, ...]
    render: bool = True
    write: bool = True
    update: bool = True  # False: render from the PO files as they are (``i18nflow render``)
    include_fuzzy: bool = False
    include_machine: bool = False
    pool: dict[str, dict[catalogs.Key, EntryData]] = field(default_factory=dict)
    fills: dict[str, dict[catalogs.Key, tuple[str, str, bool]]] = field(default_factory=dict)
    collect_untranslated: tuple[str, ...] = ()  # locales whose untranslated keys pretranslation wants
    refresh: bool = False  # machine translations awaiting review count as untranslated (translate --refresh)
    retranslate: tuple[str, ...] = ()  # locales an engine fills in this run (see catalogs.merge)
    fix_headers: bool = False  # Language and Plural-Forms set from CLDR where they do not fit


@dataclass
class DomainOutcome:
    domain: str
    problems: list[Problem] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    changed: int = 0  # files whose bytes differ (written or not)
    # what moves between catalogs (see moves.py): translations that left this catalog in this run,
    # all its obsolete translated entries, its new untranslated keys, the keys it would take
    leaving: dict[str, dict[catalogs.Key, EntryData]] = field(default_factory=dict)
    departed: dict[str, dict[catalogs.Key, EntryData]] = field(default_factory=dict)
    wants: dict[str, list[catalogs.Key]] = field(default_factory=dict)
    open_keys: set[int] = field(default_factory=set)  # hashes: untranslated or machine in some locale
    untranslated: dict[str, list[catalogs.Key]] = field(default_factory=dict)
    held_back: int = 0  # untranslated entries (over all locales) kept from machine translation
    failed: bool = False
    # the stamp of each file as this job read it (taken before reading) or wrote it, under its
    # name in ``state.DomainFiles``: the state records these, not what is on disk at the
    # end of the run (a post saved while the run waited for an engine must run again)
    stamps: dict[str, Stamp | None] = field(default_factory=dict)


def run_domain(config: Config, job: DomainJob) -> DomainOutcome:
    """Extract, merge and render one domain; every problem is reported, none raised."""
    outcome = DomainOutcome(job.domain)
    problems = Problems(root=config.root)
    global _last_domain
    if job.domain != _last_domain:
        # the writer's memo holds one domain's entries: flat memory in a worker that runs many,
        # and the template's text at hand when the same domain runs again (machine translation)
        clear_caches()
        _last_domain = job.domain
    try:
        with collection_held():
            _run(config, job, outcome, problems)
    except I18nflowError as exc:
        problems.add(exc)
    except RecursionError:
        problems.error("too deeply nested to process", job.domain)
    outcome.problems = problems.items
    return outcome


_last_domain: str | None = None


def _run(config: Config, job: DomainJob, outcome: DomainOutcome, problems: Problems) -> None:
    posts: list[tuple[Post, list[Segment]]] = []
    for path, base in job.posts:
        outcome.stamps[f"post:{relative_ref(path, config.root)}"] = stamp(path)
        try:
            post = load_post(path, config.root, base)
            posts.append((post, extract_segments(post, config.front_matter, dialect_for(config))))
        except ContentError as exc:
            problems.add(exc)
            outcome.failed = True
        except RecursionError:
            problems.error("too deeply nested to parse", path.relative_to(config.root))
            outcome.failed = True
    if outcome.failed:
        # Merging against a template without the broken post would turn its translations
        # obsolete (and give a new broken post empty catalogs): leave the domain alone.
        return
    template = None
    if job.update:
        pot_path = config.pot_path(job.domain)
        outcome.stamps["pot"] = stamp(pot_path)
        old_pot = read_utf8_or_none(pot_path)
        template, old_template, same = _template(job.domain, posts, old_pot, config.catalog_width)
        if same:
            outcome.unchanged += 1  # the file is the template's text: nothing to format again
        else:
            old_pot_data = None if old_pot is None else old_pot.encode("utf-8")
            _emit(config, outcome, problems, pot_path, template, old_pot_data, job.write, "pot", old_template)
    now = catalogs.now_stamp()
    # blocks too large for machine translation (translate/limits.py), in both passes of a run
    # that translates: the second one (writing the fills) reports them as the run's last word
    held = held_back(posts, config.machine_limits) if template is not None and job.retranslate else None
    for locale in job.locales:
        if template is None:
            outcome.stamps[f"po:{locale}"] = stamp(config.po_path(locale, job.domain))
            catalog = _read_catalog(config, config.po_path(locale, job.domain), outcome, problems)
        else:
            catalog = _merge_locale(config, job, locale, template, now, outcome, problems, held)
        if catalog is None or not job.render:
            continue
        table = catalogs.translations(catalog, job.include_fuzzy, job.include_machine)
        lines = _EntryLines(catalog, config.po_path(locale, job.domain) if job.write else None)
        for post, segments in posts:
            _render(config, post, segments, locale, table, job, outcome, problems, lines)
    if held is not None and outcome.held_back:
        for block in held.blocks:
            problems.warning(block.message(), block.post, block.line)


def _template(
    domain: str, posts: list[tuple[Post, list[Segment]]], old_text: str | None, width: int
) -> tuple[polib.POFile, polib.POFile | None, bool]:
    """The POT, dated as :func:`catalogs.dated` says, the one on disk when it was parsed, and
    whether the file on disk is its text exactly."""
    pot = catalogs.build_template(domain, posts, catalogs.creation_date(old_text) or catalogs.now_stamp())
    return pot, *catalogs.dated_or_same(pot, old_text, width)


def _merge_locale(
    config: Config,
    job: DomainJob,
    locale: str,
    template: polib.POFile,
    now: str,
    outcome: DomainOutcome,
    problems: Problems,
    held: HeldBack | None = None,
) -> polib.POFile | None:
    path = config.po_path(locale, job.domain)
    outcome.stamps[f"po:{locale}"] = stamp(path)
    old_data = read_bytes_or_none(path)
    existing = None
    if old_data is not None or path.exists():
        existing = _read_catalog(config, path, outcome, problems, plural_forms=not job.fix_headers)
        if existing is None:
            return None
    pool = {key: _entry_from(key, data) for key, data in job.pool.get(locale, {}).items()}
    result = catalogs.merge(template, existing, locale, now, pool, retranslate=locale in job.retranslate)
    catalog = result.catalog
    if job.fix_headers:
        fix_headers(catalog, locale, catalogs.plural_forms(locale))
    apply_fills(catalog, job.fills.get(locale, {}), job.refresh)
    _record_movement(template, existing, catalog, locale, outcome, locale in job.collect_untranslated, job.refresh,
                     held if locale in job.retranslate else None)
    _emit(config, outcome, problems, path, catalog, old_data, job.write, f"po:{locale}", existing)
    return catalog


def _read_catalog(
    config: Config, path: Path, outcome: DomainOutcome, problems: Problems, plural_forms: bool = True
) -> polib.POFile | None:
    """A PO file, an empty catalog when there is none yet, or None (reported) when it is broken.
    Only read, never changed (a merge makes a new catalog), so a parse of the same bytes this
    process made for the index of reviewed translations is taken as it is."""
    if not path.exists():
        return polib.POFile()
    try:
        return read_po(path, plural_forms, shared=True)
    except CatalogError as exc:
        exc.path = config.relative(path)
        problems.add(exc)
        problems.warning("left unchanged until the error above is fixed", config.relative(path))
        outcome.failed = True
        return None


def apply_fills(catalog: polib.POFile, fills: dict[catalogs.Key, tuple[str, str, bool]], refresh: bool = False) -> None:
    """Pre-translations: only into entries with no msgstr (with ``refresh`` also over machine
    translations awaiting review); the comment says where they came from."""
    if not fills:
        return
    markers = (catalogs.MACHINE_COMMENT, catalogs.REUSE_COMMENT)
    for entry in catalogs.active(catalog):
        fill = fills.get(catalogs.entry_key(entry))
        if fill is None or (catalogs.is_translated_any(entry) and not (refresh and catalogs.is_machine(entry))):
            continue
        entry.msgstr, comment, fuzzy = fill
        if fuzzy and "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgctxt = None
        kept = [line for line in (entry.tcomment or "").split("\n") if line and not line.startswith(markers)]
        entry.tcomment = "\n".join([*kept, comment])


def _record_movement(
    template: polib.POFile,
    existing: polib.POFile | None,
    catalog: polib.POFile,
    locale: str,
    outcome: DomainOutcome,
    collect: bool,
    refresh: bool = False,
    held: HeldBack | None = None,
) -> None:
    """Translations that left this catalog, its departed entries, and its new untranslated keys.

    The main process matches them across domains (a renamed post, a moved paragraph), which
    keeps a worker's memory to one domain.
    """
    template_keys = {catalogs.entry_key(e) for e in template}
    old_keys: set[catalogs.Key] = set()
    if existing is not None:
        for entry in existing:
            key = catalogs.entry_key(entry)
            old_keys.add(key)
            if entry.msgid and key not in template_keys and catalogs.is_translated_any(entry):
                outcome.leaving.setdefault(locale, {})[key] = entry_data(entry)
    outcome.departed[locale] = {
        catalogs.entry_key(e): entry_data(e) for e in catalogs.obsolete(catalog) if catalogs.is_translated_any(e)
    }
    missing = [
        catalogs.entry_key(e) for e in catalogs.active(catalog) if e.msgid and not catalogs.is_translated_any(e)
    ]
    new = [key for key in missing if key not in old_keys]
    if new:
        outcome.wants[locale] = new
    outcome.open_keys.update(
        key_hash(catalogs.entry_key(e))
        for e in catalogs.active(catalog)
        if e.msgid and (not catalogs.is_translated_any(e) or catalogs.is_machine(e))
    )
    if collect and refresh:
        missing = [catalogs.entry_key(e) for e in catalogs.active(catalog)
                   if e.msgid and (not catalogs.is_translated_any(e) or catalogs.is_machine(e))]
    if held:
        # blocks too large for machine translation (translate/limits.py): left to translators
        kept = [key for key in missing if key not in held.keys]
        outcome.held_back += len(missing) - len(kept)
        missing = kept
    if collect and missing:
        outcome.untranslated[locale] = missing



class _EntryLines(Mapping[catalogs.Key, int]):
    """The line of each entry in the catalog as written, worked out only when a report needs
    one (a merged catalog's entries carry the lines of the file before the merge). A catalog
    whose content did not change keeps the layout a translator's tool gave it, so the file on
    disk (``path``, once written or kept) is read rather than our layout assumed."""

    def __init__(self, catalog: polib.POFile, path: Path | None = None):
        self.catalog = catalog
        self.path = path
        self.lines: dict[catalogs.Key, int] | None = None

    def _table(self) -> dict[catalogs.Key, int]:
        if self.lines is None:
            try:
                written = read_po(self.path) if self.path is not None else parse_po_text(format_po(self.catalog))
            except CatalogError:
                written = parse_po_text(format_po(self.catalog))
            self.lines = {catalogs.entry_key(e): e.linenum for e in written if e.msgid and e.linenum}
        return self.lines

    def __getitem__(self, key: catalogs.Key) -> int:
        return self._table()[key]

    def __iter__(self) -> Iterator[catalogs.Key]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


def _entry_from(key: catalogs.Key, data: EntryData) -> polib.POEntry:
    msgstr, flags, tcomment, previous_msgctxt, previous_msgid = data
    return po_entry(
        msgctxt=key[0],
        msgid=key[1],
        msgstr=msgstr,
        flags=list(flags),
        tcomment=tcomment,
        previous_msgctxt=previous_msgctxt,
        previous_msgid=previous_msgid,
    )


def _render(
    config: Config,
    post: Post,
    segments: list[Segment],
    locale: str,
    table: dict[catalogs.Key, str],
    job: DomainJob,
    outcome: DomainOutcome,
    problems: Problems,
    po_lines: _EntryLines,
) -> None:
    try:
        target = output_path(config, post, locale)
    except I18nflowError as exc:
        problems.add(exc)
        return
    result = render_post(post, segments, lambda s: table.get((s.msgctxt, s.msgid)), locale, config.render,
                         dialect_for(config))
    po = config.relative(config.po_path(locale, job.domain))
    for segment, refused in result.refused:
        problems.error(
            refusal_report(locale, refused, segment.msgid, f"{post.ref}:{segment.line}"),
            po,
            po_lines.get((segment.msgctxt, segment.msgid)),
            check=refused.check,
        )
    reviewed: set[catalogs.Key] | None = None
    for segment, reason in result.rejected:
        # Reported where the translator mends it, like a refusal. A reviewed translation that
        # breaks the page is an error (check calls it one too); a machine one (--include-machine)
        # is a warning: nobody vouched for it, and the next review will see it.
        # An entry whose translator silenced check's structure finding stays a warning, so
        # sync and check agree on the exit code.
        if reviewed is None:
            reviewed = {catalogs.entry_key(e) for e in catalogs.active(po_lines.catalog)
                        if catalogs.entry_state(e) == "reviewed"
                        and not catalogs.entry_skip_marks(e) & {"all", "structure"}}
        key = (segment.msgctxt, segment.msgid)
        message = (f"translation for {locale} not used ({reason}); the source text stands at "
                   f"{post.ref}:{segment.line}: {segment.msgid[:60]!r}")
        if key in reviewed:
            problems.error(message, po, po_lines.get(key), check="structure")
        else:
            problems.warning(message + " (a machine translation)", po, po_lines.get(key))
    data = result.encoded(post)
    name = f"out:{locale}:{post.rel}"
    outcome.stamps[name] = stamp(target)
    old = read_bytes_or_none(target)
    if old == data:
        outcome.unchanged += 1
        return
    outcome.changed += 1
    if job.write:
        try:
            write_bytes_atomic(target, data)
            outcome.stamps[name] = stamp(target)
            outcome.written.append(config.relative(target))
        except I18nflowError as exc:
            problems.add(exc)


def output_path(config: Config, post: Post, locale: str) -> Path:
    """Where a localized copy goes; never outside the project, whatever a post is called.

    ``..`` is refused on the text; symlinks on the way are caught by resolving the folder
    (once per folder: resolving every file cost a second per thousand posts).
    """
    relative = output_relative(config.output, post.rel, locale, post.base)
    normal = os.path.normpath(relative)
    if os.path.isabs(normal) or normal == "." or normal.split(os.sep, 1)[0] == "..":
        raise ContentError(f"output path {relative!r} would be outside the project", post.ref)
    folder, name = os.path.split(os.path.join(str(config.root), normal))
    real = real_folder(folder)
    root = real_folder(str(config.root))
    if not (real == root or real.startswith(root + os.sep)):
        raise ContentError(f"output path {relative!r} would be outside the project", post.ref)
    target = Path(real, name)
    if target.is_symlink():
        raise ContentError(f"output path {relative!r} is a symlink; refusing to write through it", post.ref)
    return target



def _emit(
    config: Config,
    outcome: DomainOutcome,
    problems: Problems,
    path: Path,
    catalog: polib.POFile,
    old_data: bytes | None,
    write: bool,
    name: str,
    existing: polib.POFile | None = None,
) -> None:
    """Write a catalog whose content changed, in its header's charset (see ``po_bytes``).

    A file whose bytes differ only in layout (another wrap width, order, an editor's save: see
    :mod:`i18nflow.gettext.po.layout`) is the translator's and stays as it is."""
    data = po_bytes(catalog, config.catalog_width)
    if data == old_data or (old_data is not None and existing is not None and same_content(catalog, existing)):
        outcome.unchanged += 1
        return
    outcome.changed += 1
    if not write:
        return
    try:
        write_bytes_atomic(path, data)
        outcome.stamps[name] = stamp(path)
        outcome.written.append(config.relative(path))
    except I18nflowError as exc:
        problems.add(exc)


def domain_digest(parts: Iterable[str]) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()
