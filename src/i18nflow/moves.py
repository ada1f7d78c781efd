"""Translations follow their text across catalogs: a renamed post, a paragraph moved elsewhere.

Domain jobs see one domain each. What crosses domains is matched here, in the main process, from
what the jobs report (see :class:`jobs.DomainOutcome`), from the catalogs of posts that are gone
(orphans) and from :mod:`moves_index` for domains this run skipped:

* a key new to a catalog, still untranslated, takes a translation that left another catalog of
  the locale (in this run or any earlier one, or that belongs to an orphan);
* a translation leaving a catalog in this run fills catalogs that hold the same key untranslated,
  or only machine-translated when a human reviewed the leaving one.

The receiving domains are run again with those entries as their merge ``pool``; the merge
decides entry by entry (:func:`catalogs.merge`), so an offer never overwrites a human's work.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config
from .errors import CatalogError, I18nflowError
from .moves_index import EntryData, MovesIndex, key_hash
from .problems import Problems

if TYPE_CHECKING:
    import polib

    from .catalogs import Key
    from .jobs import DomainOutcome

SITE_DOMAIN = "site"
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
    from .pipeline import shard_of
    from .pofile import read_po

    orphans = []
    for locale in locales:
        folder = config.locales_path / locale / "LC_MESSAGES"
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.po")):
            domain = path.stem
            if domain in live or domain == SITE_DOMAIN:
                continue
            if shard is not None and shard_of(domain, shard[1]) != shard[0]:
                continue
            try:
                data = path.read_bytes()
                catalog = read_po(path)
            except (CatalogError, OSError) as exc:
                if isinstance(exc, CatalogError):
                    problems.add(exc)
                continue
            orphans.append(Orphan(domain, locale, path, data, catalog))
    return orphans


def record(index: MovesIndex, outcomes: Iterable[DomainOutcome]) -> None:
    """Remember what the jobs wrote (only call when they wrote)."""
    for outcome in outcomes:
        if not outcome.failed:
            index.record(outcome.domain, outcome.open_keys, outcome.departed)


def offers(
    outcomes: Mapping[str, DomainOutcome],
    orphans: list[Orphan],
    index: MovesIndex | None,
    locales: Iterable[str],
    live: set[str],
) -> Pools:
    """For each domain that should run again, the entries offered to its merge, per locale."""
    pools: Pools = {}
    ran = set(outcomes)
    healthy = {domain for domain, outcome in outcomes.items() if not outcome.failed}
    for locale in locales:
        mine = [o for o in orphans if o.locale == locale]
        _offer_departed(locale, outcomes, healthy, mine, index, ran, pools)
        _offer_leaving(locale, outcomes, healthy, mine, index, ran, live, pools)
    return pools


def _offer_departed(
    locale: str,
    outcomes: Mapping[str, DomainOutcome],
    healthy: set[str],
    orphans: list[Orphan],
    index: MovesIndex | None,
    ran: set[str],
    pools: Pools,
) -> None:
    """Keys new to a catalog take a translation that left another one."""
    wanted: dict[Key, list[str]] = {}
    for domain in sorted(healthy):
        for key in outcomes[domain].wants.get(locale, ()):
            wanted.setdefault(key, []).append(domain)
    if not wanted:
        return
    found: dict[Key, tuple[str, EntryData]] = {}
    for orphan in orphans:
        for key, data in _translated(orphan.catalog, wanted).items():
            _prefer(found, key, orphan.domain, data)
    for domain in sorted(ran):
        for key, data in outcomes[domain].departed.get(locale, {}).items():
            if key in wanted:
                _prefer(found, key, domain, data)
    if index is not None:
        skip = ran | {orphan.domain for orphan in orphans}
        for key, (domain, data) in index.departed(locale, wanted, skip).items():
            _prefer(found, key, domain, data)
    for key, (source, data) in found.items():
        for domain in wanted[key]:
            if domain != source:
                pools.setdefault(domain, {}).setdefault(locale, {})[key] = data


def _offer_leaving(
    locale: str,
    outcomes: Mapping[str, DomainOutcome],
    healthy: set[str],
    orphans: list[Orphan],
    index: MovesIndex | None,
    ran: set[str],
    live: set[str],
    pools: Pools,
) -> None:
    """A translation leaving a catalog fills the same key where it is untranslated."""
    leaving: dict[Key, tuple[str, EntryData]] = {}
    for domain in sorted(healthy):
        for key, data in outcomes[domain].leaving.get(locale, {}).items():
            _prefer(leaving, key, domain, data)
    for orphan in orphans:
        for key, data in _translated(orphan.catalog, None, active_only=True).items():
            _prefer(leaving, key, orphan.domain, data)
    if not leaving:
        return
    holders: dict[Key, set[str]] = {}
    hashes = {key_hash(key): key for key in leaving}
    for domain in sorted(healthy):
        for hashed in outcomes[domain].open_keys.get(locale, ()):
            if hashed in hashes:
                holders.setdefault(hashes[hashed], set()).add(domain)
    if index is not None:
        for key, domains in index.open_in(locale, leaving, ran).items():
            holders.setdefault(key, set()).update(domains & live)
    for key, domains in holders.items():
        source, data = leaving[key]
        for domain in sorted(domains - {source}):
            pools.setdefault(domain, {}).setdefault(locale, {}).setdefault(key, data)


def _translated(
    catalog: polib.POFile, wanted: Mapping[Key, object] | None, active_only: bool = False
) -> dict[Key, EntryData]:
    from . import catalogs
    from .jobs import entry_data

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
    config: Config, orphans: list[Orphan], write: bool, problems: Problems
) -> tuple[list[str], list[Path], int]:
    """A catalog whose post is gone keeps every translation, all obsolete (msgmerge with no POT).

    Returns the files that changed, those written and how many were already as they should be.
    """
    from . import catalogs
    from .fsutil import write_bytes_atomic
    from .pofile import po_bytes

    changed: list[str] = []
    written: list[Path] = []
    unchanged = 0
    for orphan in orphans:
        data = po_bytes(catalogs.obsolete_all(orphan.catalog))
        if data == orphan.data:
            unchanged += 1
            continue
        changed.append(config.relative(orphan.path))
        if write:
            try:
                write_bytes_atomic(orphan.path, data)
                written.append(orphan.path)
            except I18nflowError as exc:
                problems.add(exc)
    return changed, written, unchanged
