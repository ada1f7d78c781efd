"""What a run did, for people and for scripts: files written and skipped, every failure named.

``--format json`` prints :func:`run_report` on stdout; every writing command also keeps it in
``.i18nflow/last-run.json``, so the strings a machine translation left untranslated can be
looked up after the fact without running again. A failure names its entry the way a translator
finds it: the PO file and line, the start of the msgid, and the reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from i18nflow.config import Config
from i18nflow.errors import CatalogError
from i18nflow.fsutil import Stats, write_bytes_atomic
from i18nflow.problems import Problems

REPORT_VERSION = 1
MSGID_START = 60  # characters of a msgid shown in a failure


@dataclass(frozen=True)
class Untranslated:
    """A string that stays untranslated after a run, where a translator finds it."""

    po: str
    line: int | None
    locale: str
    msgctxt: str | None
    msgid: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.po}:{self.line}" if self.line else self.po
        start = self.msgid[:MSGID_START].replace("\n", " ")
        return f"{where}: untranslated: {start!r}{'…' if len(self.msgid) > MSGID_START else ''}: {self.reason}"


def locate_failures(config: Config, failures: Iterable[Any]) -> list[Untranslated]:
    """Machine translation failures (``translate.pretranslate.Failure``) with their PO line.

    The catalogs were written after the engine answered, so the lines are read back from them,
    each catalog once, and only for the few entries that failed.
    """
    from i18nflow.gettext.po import read_po

    by_catalog: dict[tuple[str, str], list[Any]] = {}
    for failure in failures:
        by_catalog.setdefault((failure.locale, failure.domain), []).append(failure)
    found: list[Untranslated] = []
    for (locale, domain), items in sorted(by_catalog.items()):
        path = config.po_path(locale, domain)
        lines: dict[tuple[str | None, str], int] = {}
        try:
            lines = {(e.msgctxt, e.msgid): e.linenum for e in read_po(path) if not e.obsolete}
        except (CatalogError, OSError):
            pass
        found += [Untranslated(config.relative(path), lines.get((f.msgctxt, f.msgid)), locale, f.msgctxt, f.msgid,
                               f.reason) for f in items]
    return found


def run_report(
    command: str, config: Config, problems: Problems, stats: Stats, untranslated: Sequence[Untranslated] = (),
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The documented JSON shape (docs/run-json.md)."""
    return {
        "version": REPORT_VERSION,
        "command": command,
        "ok": not problems.errors,
        "written": sorted(config.relative(path) for path in stats.written),
        "written_count": stats.written_count,
        "unchanged": stats.unchanged,
        "skipped_posts": stats.skipped,
        "problems": [
            {"level": p.level, "file": p.path, "line": p.line, "message": p.message, "check": p.check or None}
            for p in problems.items
        ],
        "failures": [
            {"po": u.po, "line": u.line, "locale": u.locale, "msgctxt": u.msgctxt, "msgid": u.msgid, "reason": u.reason}
            for u in untranslated
        ],
        **(extra or {}),
    }


def save_last_run(config: Config, report: dict[str, Any]) -> None:
    """``.i18nflow/last-run.json``: a cache of the last writing run's report (never an error)."""
    try:
        data = json.dumps(report, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
        write_bytes_atomic(config.state_path / "last-run.json", data)
    except Exception:  # noqa: BLE001 - the run itself went fine; a report that cannot be kept is no reason to fail it
        pass
