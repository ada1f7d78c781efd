"""Reviewed translations of every catalog of a locale, indexed so reuse costs stats, not parses.

``translate`` reuses a reviewed translation of the same msgid from another catalog. Reading every
PO file of a locale for that would make each sync as slow as a cold one, so the reviewed entries
are kept in ``.i18nflow/memory.sqlite`` per file, and a file is read again only when its size or
mtime changed (a translator's save, or our own write).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from i18nflow.errors import CatalogError
from i18nflow.fsutil import ensure_inside, refusal
from i18nflow.gettext.catalogs import active, entry_state

_SCHEMA = """
create table if not exists reviewed_files (path text primary key, size integer, mtime_ns integer);
create table if not exists reviewed (path text, msgid text, msgstr text);
create index if not exists reviewed_msgid on reviewed (msgid);
create index if not exists reviewed_path on reviewed (path);
"""


def reviewed_elsewhere(root: Path, folder: Path, database: Path, msgids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """msgid → (reviewed msgstr, PO file) for the wanted msgids, from any catalog in ``folder``."""
    wanted = set(msgids)
    if not wanted or not folder.is_dir():
        return {}
    ensure_inside(database)
    database.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(database, timeout=30)
    try:
        connection.executescript(_SCHEMA)
        files = _refresh(connection, root, sorted(folder.glob("*.po")))
        found: dict[str, tuple[str, str]] = {}
        chunk = list(wanted)
        for start in range(0, len(chunk), 500):
            part = chunk[start : start + 500]
            marks = ",".join("?" * len(part))
            rows = connection.execute(
                f"select msgid, msgstr, path from reviewed where msgid in ({marks}) order by path", part
            )
            for msgid, msgstr, path in rows:
                if path in files and msgid not in found:
                    found[msgid] = (msgstr, path)
        return found
    finally:
        connection.close()


def _refresh(connection: sqlite3.Connection, root: Path, paths: list[Path]) -> set[str]:
    from i18nflow.gettext.po import read_po

    known = {row[0]: (row[1], row[2]) for row in connection.execute("select path, size, mtime_ns from reviewed_files")}
    current: set[str] = set()
    with connection:
        for path in paths:
            if refusal(path) is not None:
                continue  # a folder, a FIFO, a link outside: reported by the update step
            name = path.relative_to(root).as_posix()
            try:
                info = os.stat(path)
            except OSError:
                continue
            current.add(name)
            if known.get(name) == (info.st_size, info.st_mtime_ns):
                continue
            connection.execute("delete from reviewed where path = ?", (name,))
            try:
                catalog = read_po(path, shared=True)  # the run's second pass may merge into this parse
            except CatalogError:
                current.discard(name)  # reported by the update step; nothing reusable from it
                continue
            rows = [(name, e.msgid, e.msgstr) for e in active(catalog) if e.msgid and entry_state(e) == "reviewed"]
            connection.executemany("insert into reviewed values (?, ?, ?)", rows)
            connection.execute(
                "insert or replace into reviewed_files values (?, ?, ?)", (name, info.st_size, info.st_mtime_ns)
            )
    return current
