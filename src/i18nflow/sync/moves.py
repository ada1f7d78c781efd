"""Translations follow their text across catalogs: a renamed post, a paragraph moved elsewhere.

Domain jobs see one domain each. What crosses domains is matched here, in the main process, from
what the jobs report (see :class:`jobs.DomainOutcome`), from the catalogs of posts that are gone
(orphans) and from :mod:`i18nflow.sync.moves_index` for domains this run skipped:

* a key new to a catalog, still untranslated, takes a translation that left another catalog of
  the locale (in this run or any earlier one, or that belongs to an orphan);
* a translation leaving a catalog in this run fills catalogs that hold the same key untranslated,
  or only machine-translated when a human reviewed the leaving one.

The receiving domains are run again with those entries as their merge ``pool``; the merge
decides entry by entry (:func:`catalogs.merge`), so an offer never overwrites a human's work.
Machine suggestions do not travel (the translation memory gives them back anyway).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from i18nflow.config import SITE_DOMAIN, Config
from i18nflow.errors import CatalogError
from i18nflow.fsutil import Stats, write_file
from i18nflow.problems import Problems
from i18nflow.sync.domains import shard_of
from i18nflow.sync.moves_index import EntryData, MovesIndex, entry_data, key_hash

if TYPE_CHECKING:
    import polib

    from i18nflow.gettext.catalogs import Key
    from i18nflow.sync.jobs import DomainOutcome

Pools = dict[str, dict[str, dict["Key", EntryData]]]  # domain → locale → key → entry


@dataclass
class Orphan:
    """A catalog whose domain has no post any more (deleted or renamed)."""

    domain: str
    locale: str
    path: Path
    data: bytes
    catalog: polib.POFile


def read_orphans(
    config: Config, live: set[str], locales: Iterable[str], shard: tuple[int, int] | None, problems: Problems
) -> list[Orphan]:
    orphans = []
    for locale in locales:
        folder = config.locales_path / locale / "LC_MESSAGES"
        try:
            names = sorted(os.listdir(folder))  # names only: a no-op run lists thousands
        except OSError:
            continue
        for name in names:
            domain = name[:-3]
            if not name.endswith(".po") or domain in live or domain == SITE_DOMAIN:
                continue
            path = folder / name
            if shard is not None and shard_of(domain, shard[1]) != shard[0]:
                continue
            from i18nflow.gettext.po import read_po

            try:
                data = path.read_bytes()
                catalog = read_po(path)
            except (CatalogError, OSError) as exc:
                if isinstance(exc, CatalogError):
                    problems.add(exc)
                continue
            orphans.append(Orphan(domain, locale, path, data, catalog))
    return orphans


class MoveTracker:
    """Takes each job's outcome as it arrives and keeps only what can move.

    A cold run of 10,000 posts reports every key as new; keeping them all until the end would
    make memory grow with the site. Keys new to a catalog are kept only when a translation that
    left some catalog in an earlier run (or an orphan's) has the same hash; translations leaving a
    catalog in this run are few, and the keys each catalog could take go straight to the index.
    """

    def __init__(self, index: MovesIndex, orphans: list[Orphan], locales: Iterable[str]):
        self.index = index
        self.orphans = orphans
        self.candidates: dict[str, set[int]] = {locale: index.departed_hashes(locale) for locale in locales}
        for orphan in orphans:
            self.candidates.setdefault(orphan.locale, set()).update(
                key_hash(key) for key in _translated(orphan.catalog, None)
            )
        self.wanted: dict[str, dict[Key, list[str]]] = {}
        self.leaving: dict[str, dict[Key, tuple[str, EntryData]]] = {}
        for orphan in orphans:
            for key, data in _translated(orphan.catalog, None, active_only=True).items():
                if not _machine(data):
                    _prefer(self.leaving.setdefault(orphan.locale, {}), key, orphan.domain, data)

    def take(self, outcome: DomainOutcome) -> DomainOutcome:
        """Record what the job wrote, keep what can move, and drop the rest from the outcome."""
        if not outcome.failed:
            self.index.record(outcome.domain, outcome.open_keys, outcome.departed)
            for locale, keys in outcome.wants.items():
                hashes = self.candidates.get(locale)
                if hashes:
                    for key in keys:
                        if key_hash(key) in hashes:
                            self.wanted.setdefault(locale, {}).setdefault(key, []).append(outcome.domain)
            for locale, entries in outcome.leaving.items():
                for key, data in entries.items():
                    if not _machine(data):
                        _prefer(self.leaving.setdefault(locale, {}), key, outcome.domain, data)
        outcome.open_keys, outcome.departed, outcome.wants, outcome.leaving = set(), {}, {}, {}
        return outcome

    def offers(self, live: set[str]) -> Pools:
        """For each live domain that should run again, the entries offered to its merge."""
        pools: Pools = {}
        orphaned = {orphan.domain for orphan in self.orphans}
        for locale, wanted in self.wanted.items():
            found: dict[Key, tuple[str, EntryData]] = {}
            for orphan in self.orphans:
                if orphan.locale == locale:
                    for key, data in _translated(orphan.catalog, wanted).items():
                        _prefer(found, key, orphan.domain, data)
            for key, (domain, data) in self.index.departed(locale, wanted, orphaned).items():
                _prefer(found, key, domain, data)
            for key, (source, data) in found.items():
                for domain in wanted[key]:
                    if domain != source:
                        pools.setdefault(domain, {}).setdefault(locale, {})[key] = data
        for locale, leaving in self.leaving.items():
            for key, domains in self.index.holders(leaving).items():
                source, data = leaving[key]
                for domain in sorted((domains & live) - {source}):
                    pools.setdefault(domain, {}).setdefault(locale, {}).setdefault(key, data)
        self.wanted, self.leaving = {}, {}
        return pools


def _machine(data: EntryData) -> bool:
    """A machine suggestion need not travel: the translation memory gives it back anyway."""
    from i18nflow.gettext.catalogs import machine_marked

    return machine_marked(data[1], data[2])


def _translated(
    catalog: polib.POFile, wanted: Mapping[Key, object] | None, active_only: bool = False
) -> dict[Key, EntryData]:
    from i18nflow.gettext import catalogs

    found: dict[Key, EntryData] = {}
    for entry in catalog:
        key = catalogs.entry_key(entry)
        if (
            not entry.msgid
            or (active_only and entry.obsolete)
            or (wanted is not None and key not in wanted)
            or not catalogs.is_translated_any(entry)
        ):
            continue
        if key not in found or (not entry.obsolete and "fuzzy" not in entry.flags):
            found[key] = entry_data(entry)
    return found


def _prefer(found: dict[Key, tuple[str, EntryData]], key: Key, domain: str, data: EntryData) -> None:
    """The first reviewed translation wins; a fuzzy one only when there is nothing better."""
    current = found.get(key)
    if current is None or ("fuzzy" in current[1][1] and "fuzzy" not in data[1]):
        found[key] = (domain, data)


def obsolete_orphans(
    orphans: list[Orphan], write: bool, problems: Problems, stats: Stats, width: int = 79
) -> int:
    """A catalog whose post is gone keeps every translation, all obsolete (msgmerge with no POT).

    Returns how many catalogs changed (written, or that a dry run would write); a catalog
    already all obsolete in another layout is left as it is.
    """
    if not orphans:
        return 0
    from i18nflow.gettext import catalogs
    from i18nflow.gettext.po import po_bytes, same_content

    changed = 0
    for orphan in orphans:
        obsolete = catalogs.obsolete_all(orphan.catalog)
        data = po_bytes(obsolete, width)
        if data == orphan.data or same_content(obsolete, orphan.catalog):
            stats.unchanged += 1
            continue
        changed += 1
        if write:
            write_file(orphan.path, data, problems, stats)
    return changed
