"""Where a translation can follow its text: which domains hold a msgid, and which translations left.

A renamed post or a paragraph moved to another post must keep its reviewed translation, in the
run that moves it and in any later run (the paragraph may be deleted in one sync and pasted into
another post a week later). The catalogs it left may belong to domains the run skips (nothing
changed there), so reading them would cost a parse of every catalog; instead each domain job
reports two small things, kept here in ``.i18nflow/moves.sqlite``:

* the hashes of its open keys: entries untranslated or machine-translated in some locale, which
  a human translation leaving another catalog should fill, and
* per locale, its departed entries: obsolete entries that carry a translation.

The index is fed only from what jobs computed (no parsing of its own), so it is as current as the
state: :func:`exists` lets the pipeline ignore the state when the index is gone, which makes every
domain report again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from i18nflow.fsutil import outside_project

if TYPE_CHECKING:
    import polib

    from i18nflow.gettext.catalogs import Key

EntryData = tuple[str, list[str], str, "str | None", "str | None"]  # msgstr, flags, tcomment, prev ctxt, prev id


def entry_data(entry: polib.POEntry) -> EntryData:
    """What a translation carries to another catalog: enough to rebuild the entry there."""
    return (entry.msgstr, list(entry.flags), entry.tcomment or "", entry.previous_msgctxt, entry.previous_msgid)

INDEX_NAME = "moves.sqlite"

_SCHEMA = """
create table if not exists open_keys (domain text, hash integer);
create index if not exists open_keys_hash on open_keys (hash);
create index if not exists open_keys_domain on open_keys (domain);
create table if not exists departed (domain text, locale text, hash integer, msgctxt text, msgid text,
                                     data text, reviewed integer);
create index if not exists departed_hash on departed (locale, hash);
create index if not exists departed_domain on departed (domain);
"""


def _digest(hashes: set[int]) -> bytes:
    """One digest of a set of key hashes, whatever its order."""
    data = b"".join(h.to_bytes(8, "big", signed=True) for h in sorted(hashes))
    return hashlib.blake2b(data, digest_size=16).digest()


def key_hash(key: Key) -> int:
    """A signed 64-bit hash of (msgctxt, msgid): SQLite's integer, stable across runs."""
    msgctxt, msgid = key
    raw = (msgctxt if msgctxt is not None else "\x00") + "\x04" + msgid
    return int.from_bytes(hashlib.blake2b(raw.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def index_path(state_dir: Path) -> Path:
    return state_dir / INDEX_NAME


def exists(state_dir: Path) -> bool:
    return index_path(state_dir).is_file()


class MovesIndex:
    """One connection for one run; changes are committed by :meth:`close`.

    A cache like the state: a failure to read or write it (disk full, read-only folder) must not
    fail the run, so it is caught here, and an index that could not be written is deleted, which
    makes the next run rebuild it rather than trust an incomplete one.
    """

    def __init__(self, path: Path | None, persist: bool = True):
        self.path = path
        self.persist = persist and path is not None
        self.connection = sqlite3.connect(path if path is not None else ":memory:", timeout=30)
        self.broken = False
        # a digest of each domain's open keys as this run last wrote them: a domain's second pass
        # (writing its machine translations) has the same ones, and 100,000 rows need not be
        # written twice
        self._open_written: dict[str, bytes] = {}
        self._guard(lambda: self.connection.executescript(_SCHEMA))

    @classmethod
    def open(cls, state_dir: Path, persist: bool) -> MovesIndex:
        """The project's index; one in memory when it cannot be opened or a run that writes
        nothing finds none (such a run rolls back whatever it recorded)."""
        path = index_path(state_dir)
        if outside_project(path) is not None:  # .i18nflow is a link out of the project
            return cls(None, False)
        if persist or path.is_file():
            try:
                if persist:
                    state_dir.mkdir(parents=True, exist_ok=True)
                return cls(path, persist)
            except (OSError, sqlite3.Error):
                pass
        return cls(None, False)

    def _guard(self, action: Callable[[], object]) -> None:
        if self.broken:
            return
        try:
            action()
        except sqlite3.Error:
            self.broken = True

    def __enter__(self) -> MovesIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _select(self, sql: str, parameters: Sequence[object]) -> list[tuple[Any, ...]]:
        """Rows, or none when the index cannot be read (a corrupt file only costs the moves)."""
        if self.broken:
            return []
        try:
            return self.connection.execute(sql, parameters).fetchall()
        except sqlite3.Error:
            self.broken = True
            return []

    def close(self) -> None:
        if self.persist:
            self._guard(self.connection.commit)
        if self.broken or not self.persist:
            with contextlib.suppress(sqlite3.Error):
                self.connection.rollback()
        self.connection.close()
        if self.broken and self.persist and self.path is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()

    def record(self, domain: str, open_keys: set[int], departed: Mapping[str, Mapping[Key, EntryData]]) -> None:
        """What one domain's job wrote: its open keys, and the departed entries of each locale it
        merged (those locales are replaced)."""
        self._guard(lambda: self._record(domain, open_keys, departed))

    def _record(self, domain: str, open_keys: set[int], departed: Mapping[str, Mapping[Key, EntryData]]) -> None:
        digest = _digest(open_keys)
        if self._open_written.get(domain) != digest:
            self._open_written.pop(domain, None)
            self.connection.execute("delete from open_keys where domain = ?", (domain,))
            self.connection.executemany("insert into open_keys values (?, ?)", ((domain, h) for h in open_keys))
            self._open_written[domain] = digest
        for locale, entries in departed.items():
            self.connection.execute("delete from departed where domain = ? and locale = ?", (domain, locale))
            self.connection.executemany(
                "insert into departed values (?, ?, ?, ?, ?, ?, ?)",
                (
                    (domain, locale, key_hash(key), key[0], key[1], json.dumps(data), int(_reviewed(data)))
                    for key, data in entries.items()
                ),
            )

    def forget(self, domain: str) -> None:
        """A domain with no post any more: its catalogs are read as orphans, not from here."""
        self._open_written.pop(domain, None)
        self._guard(lambda: self.connection.execute("delete from open_keys where domain = ?", (domain,)))
        self._guard(lambda: self.connection.execute("delete from departed where domain = ?", (domain,)))

    def departed(
        self, locale: str, keys: Iterable[Key], exclude: set[str]
    ) -> dict[Key, tuple[str, EntryData]]:
        """key → (domain, entry) for the wanted keys that left some catalog of ``locale``; a
        reviewed translation is preferred, then the first domain by name."""
        wanted = {key_hash(key): key for key in keys}
        found: dict[Key, tuple[str, EntryData, bool]] = {}
        for hashes in _chunks(list(wanted)):
            marks = ",".join("?" * len(hashes))
            rows = self._select(
                f"select domain, hash, msgctxt, msgid, data, reviewed from departed "
                f"where locale = ? and hash in ({marks}) order by domain",
                [locale, *hashes],
            )
            for domain, hashed, msgctxt, msgid, data, reviewed in rows:
                key = wanted[hashed]
                if domain in exclude or key != (msgctxt, msgid):
                    continue
                current = found.get(key)
                if current is None or (reviewed and not current[2]):
                    entry = json.loads(data)
                    found[key] = (domain, (entry[0], list(entry[1]), entry[2], entry[3], entry[4]), bool(reviewed))
        return {key: (domain, data) for key, (domain, data, _) in found.items()}

    def holders(self, keys: Iterable[Key]) -> dict[Key, set[str]]:
        """key → domains with it untranslated or machine-translated in some locale (by hash: a
        collision, or a locale where it is translated, only costs a rerun that changes nothing)."""
        wanted = {key_hash(key): key for key in keys}
        found: dict[Key, set[str]] = {}
        for hashes in _chunks(list(wanted)):
            marks = ",".join("?" * len(hashes))
            for domain, hashed in self._select(f"select domain, hash from open_keys where hash in ({marks})", hashes):
                found.setdefault(wanted[hashed], set()).add(domain)
        return found

    def departed_hashes(self, locale: str) -> set[int]:
        """Hashes of every translation that left a catalog of ``locale`` (usually few)."""
        return {row[0] for row in self._select("select hash from departed where locale = ?", [locale])}


def _reviewed(data: EntryData) -> bool:
    """Same rule as :func:`catalogs.entry_state`: translated and not fuzzy."""
    return bool(data[0]) and "fuzzy" not in data[1]


def _chunks(values: list[int], size: int = 500) -> Iterator[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
