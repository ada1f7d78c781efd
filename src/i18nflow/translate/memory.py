"""A SQLite cache of machine translations, so a re-run asks engines nothing it asked before.

Keyed by (engine, source locale, target locale, text sent) → answer.  The text is what was
sent to the engine (placeholders included), so a change of do-not-translate terms or of
markup is a new key rather than a stale hit.  Online engines cost money and are rate
limited; this makes ``translate`` idempotent and cheap to repeat.

* WAL mode, so a reader (another i18nflow command) never blocks on a writer;
* one transaction per :meth:`TranslationMemory.store_many` call (one per batch);
* if the file disappears while open (``rm -rf .i18nflow``), the next call notices that the
  path no longer names the opened file and starts a fresh database instead of writing into
  an unlinked inode; a corrupt file is moved aside and replaced;
* it is a cache: when SQLite fails (a full disk, a read-only or missing folder, a lock held too
  long), the memory says why in :attr:`TranslationMemory.failure` and works as an empty one
  for the rest of the run: lookups find nothing, stores keep nothing, no traceback.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType

from i18nflow.errors import I18nflowError
from i18nflow.fsutil import ensure_inside

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    engine TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    text TEXT NOT NULL,
    translation TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (engine, source, target, text)
) WITHOUT ROWID
"""
_CHUNK = 500  # stay below SQLite's limit of bound parameters
_FAILURES = (sqlite3.Error, OSError, I18nflowError)


class TranslationMemory:
    """``with TranslationMemory(".i18nflow/memory.sqlite") as memory: ...``"""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None
        self.failure: str | None = None  # why the memory stopped working (it then acts empty)

    def _fail(self, exc: BaseException) -> None:
        reason = getattr(exc, "message", None) or getattr(exc, "strerror", None) or str(exc)
        self.failure = f"{self.path.name}: {reason}"
        try:
            self.close()
        except sqlite3.Error:
            self._conn = None

    # -- connection -----------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is not None and self._identity == _identity(self.path):
            return self._conn
        self.close()
        ensure_inside(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = self._open()
        except sqlite3.OperationalError:
            raise  # a full disk, a lock: the file is fine, leave it alone
        except sqlite3.DatabaseError:  # not a database (corrupt, or some other file)
            aside = self.path.with_name(self.path.name + f".corrupt-{int(time.time())}")
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            self._conn = self._open()
        self._identity = _identity(self.path)
        return self._conn

    def _open(self) -> sqlite3.Connection:
        # used by one thread at a time, but may be closed by the thread that started the workers
        conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(_SCHEMA)
            conn.commit()
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
            self._identity = None

    def __enter__(self) -> TranslationMemory:
        try:
            self._connection()
        except _FAILURES as exc:
            self._fail(exc)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- queries --------------------------------------------------------------------------

    def lookup_many(self, engine: str, source: str, target: str, texts: Iterable[str]) -> dict[str, str]:
        """The cached translations of those ``texts`` that have one."""
        wanted = list(dict.fromkeys(texts))
        found: dict[str, str] = {}
        if self.failure is not None:
            return found
        try:
            conn = self._connection()
            for chunk in _chunks(wanted):
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    "SELECT text, translation FROM translations "
                    f"WHERE engine = ? AND source = ? AND target = ? AND text IN ({marks})",
                    (engine, source, target, *chunk),
                )
                found.update(rows.fetchall())
        except _FAILURES as exc:
            self._fail(exc)
        return found

    def store_many(
        self,
        engine: str,
        source: str,
        target: str,
        translations: Mapping[str, str] | Iterable[tuple[str, str]],
    ) -> int:
        """Store text → translation pairs in one transaction; returns how many were given."""
        pairs = list(translations.items() if isinstance(translations, Mapping) else translations)
        if not pairs:
            return 0
        now = time.time()
        if self.failure is not None:
            return 0
        try:
            conn = self._connection()
            with conn:
                conn.executemany(
                    "INSERT OR REPLACE INTO translations (engine, source, target, text, translation, created) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [(engine, source, target, text, translation, now) for text, translation in pairs],
                )
        except _FAILURES as exc:
            self._fail(exc)
            return 0
        return len(pairs)

    def count(self) -> int:
        return int(self._connection().execute("SELECT COUNT(*) FROM translations").fetchone()[0])


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
