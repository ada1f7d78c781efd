"""What ``check`` found, and the three ways to print it: for people, for tools, for GitHub.

A :class:`Finding` names both ends of a problem: the catalog file and line a translator edits,
and the post and line the text came from. The JSON shape is a documented contract
(``docs/check-json.md``); change it only together with ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from i18nflow.errors import printable

SCHEMA_VERSION = 1
LEVELS = ("error", "warning")


@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning"
    check: str  # the check's id: stale, syntax, msgfmt, header, urls, numbers, threshold, ...
    message: str
    file: str | None = None  # catalog (PO/POT), project-relative
    line: int | None = None
    source: str | None = None  # post, project-relative
    source_line: int | None = None
    locale: str | None = None
    msgctxt: str | None = None
    msgid: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(**data)

    def sort_key(self) -> tuple[str, int, str, int, str, str, str, str, str, str]:
        """File and line first; every other field after, so the order never depends on how the
        findings were collected (worker processes, the cache)."""
        return (self.file or self.source or "", self.line or 0, self.source or "",
                self.source_line or 0, self.check, self.message, self.level, self.locale or "",
                self.msgctxt or "", self.msgid or "")


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    locales: list[str] = field(default_factory=list)
    posts: int = 0
    catalogs: int = 0
    entries_checked: int = 0
    msgfmt: bool = False  # whether msgfmt -c ran
    reused: int = 0  # domains whose result came from the cache

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted_findings(self) -> list[Finding]:
        return sorted(dict.fromkeys(self.findings), key=Finding.sort_key)


# formats ----------------------------------------------------------------------------


def format_json(report: CheckReport) -> str:
    """The documented, stable shape (docs/check-json.md)."""
    data = {
        "schema": SCHEMA_VERSION,
        "ok": report.ok,
        "summary": {
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "locales": report.locales,
            "posts": report.posts,
            "catalogs": report.catalogs,
            "entries_checked": report.entries_checked,
            "msgfmt": report.msgfmt,
        },
        "problems": [f.as_dict() for f in report.sorted_findings()],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def format_github(report: CheckReport) -> str:
    """GitHub workflow commands, so each problem is an annotation on the pull request's diff.

    A stale catalog is annotated on the post, which is the file the pull request changed, once
    for all the catalogs that post made stale.
    """
    annotations: dict[tuple[str, str, int | None, str, str], list[str]] = {}
    for finding in report.sorted_findings():
        path, line = finding.file, finding.line
        message = finding.message
        stale = finding.check == "stale" and finding.source is not None
        if not path or stale:
            path, line = finding.source, finding.source_line
        elif finding.source:
            where = f"{finding.source}:{finding.source_line}" if finding.source_line else finding.source
            message += f" (source: {where})"
        if finding.locale and not stale:
            message = f"[{finding.locale}] {message}"
        key = (finding.level, path or "", line, finding.check, message)
        annotations.setdefault(key, []).extend([finding.file] if stale and finding.file else [])
    lines = []
    for (level, path, line, check, message), files in annotations.items():
        properties = [f"file={_escape_property(path)}"] if path else []
        if path and line:
            properties.append(f"line={line}")
        properties.append(f"title={_escape_property('i18nflow ' + check)}")
        if files:
            message += " (" + ", ".join(files) + ")"
        lines.append(f"::{level} {','.join(properties)}::{_escape_data(message)}")
    lines.append(summary_line(report))
    return "\n".join(lines)


def format_text(report: CheckReport, color: bool = False) -> str:
    """Problems grouped by file, most useful first: where to edit, then where the text is from."""
    paint = _painter(color)
    out: list[str] = []
    current: str | None = None
    for finding in report.sorted_findings():
        group = finding.file or finding.source or (f"locale {finding.locale}" if finding.locale else "(project)")
        if group != current:
            if current is not None:
                out.append("")
            out.append(paint(group, "1"))
            current = group
        level = paint(finding.level, "31" if finding.level == "error" else "33")
        line = finding.line if finding.file else finding.source_line
        where = f"{line}: " if line else ""
        source = ""
        if finding.source and finding.source != group:
            source = f"{finding.source}:{finding.source_line}" if finding.source_line else finding.source
            source = paint(f"  ({source})", "2")
        out.append(f"  {where}{level} [{finding.check}] {printable(finding.message)}{source}")
    if out:
        out.append("")
    out.append(summary_line(report))
    return "\n".join(out)


def summary_line(report: CheckReport) -> str:
    verdict = "locales are in order" if report.ok else "locales are not in order"
    files = len({f.file or f.source for f in report.findings})
    note = "" if report.msgfmt else "; msgfmt not found, msgfmt -c skipped"
    return (
        f"{len(report.errors)} error(s), {len(report.warnings)} warning(s) in {files} file(s); "
        f"{report.catalogs} catalogs, {report.posts} posts, {len(report.locales)} locales checked: "
        f"{verdict}{note}"
    )


def _painter(color: bool) -> Callable[[str, str], str]:
    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    return paint


def _escape_data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def findings_from(items: Iterable[dict[str, Any]]) -> list[Finding]:
    return [Finding.from_dict(item) for item in items]
