"""Counts per locale and per post: what ``status`` prints and ``check`` compares to thresholds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib

from i18nflow.gettext.catalogs import IMPORT_COMMENT, Key, entry_key, entry_state
from i18nflow.source.text import word_count

# "imported": fuzzy from `i18nflow import`, a human translation aligned to its source, awaiting
# a look; counted apart from "outdated" (the source changed), which it is not
STATES = ("reviewed", "machine", "imported", "outdated", "untranslated")


@dataclass
class Counts:
    entries: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))

    def add(self, state: str, words: int) -> None:
        self.entries[state] += 1
        self.words[state] += words

    def merge(self, other: Counts) -> None:
        for state in STATES:
            self.entries[state] += other.entries[state]
            self.words[state] += other.words[state]

    @property
    def total_entries(self) -> int:
        return sum(self.entries.values())

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    def percent_reviewed(self) -> float:
        """Share of words reviewed: the figure thresholds and badges use."""
        total = self.total_words
        return 100.0 if total == 0 else 100.0 * self.words["reviewed"] / total

    def as_dict(self) -> dict[str, object]:
        return {
            "entries": dict(self.entries, total=self.total_entries),
            "words": dict(self.words, total=self.total_words),
            "percent_reviewed": round(self.percent_reviewed(), 1),
        }


def catalog_states(catalog: polib.POFile) -> dict[Key, str]:
    return {entry_key(e): status_state(e) for e in catalog if e.msgid and not e.obsolete}


def status_state(entry: polib.POEntry) -> str:
    """:func:`catalogs.entry_state`, with imported entries told apart from outdated ones."""
    state = entry_state(entry)
    if state == "outdated" and IMPORT_COMMENT in (entry.tcomment or ""):
        return "imported"
    return state


def count_keys(keys: Iterable[Key], states: dict[Key, str]) -> Counts:
    """Counts over the given entries (each once); keys missing from the catalog are untranslated."""
    counts = Counts()
    for key in dict.fromkeys(keys):
        counts.add(states.get(key, "untranslated"), word_count(key[1]))
    return counts


def collect_status(project: Any, locales: list[str], problems: Any, per_post: bool) -> dict[str, Any]:
    """Counts per locale (and per post), reading each PO file once.

    Returns the documented JSON shape of ``status --json``:
    ``{"source_locale", "locales": {loc: {entries, words, percent_reviewed, site?, posts?: {ref: ...}}}}``.
    Every catalog counts: the posts' and the preview's own strings (``site``, when the project
    has one), whose counts are also given apart.
    """
    from i18nflow.errors import CatalogError
    from i18nflow.gettext.po import read_po

    config = project.config
    report: dict[str, Any] = {"source_locale": config.source_locale, "locales": {}}
    domains = project.domains()
    for locale in locales:
        total = Counts()
        post_counts: dict[str, Any] = {}
        for domain, posts in sorted(domains.items()):
            path = config.po_path(locale, domain)
            states: dict[Key, str] = {}
            if path.exists():
                try:
                    states = catalog_states(read_po(path))
                except CatalogError as exc:
                    problems.add(exc)
            keys = [
                (s.msgctxt, s.msgid) for post in posts for s in project.segments[post.ref]
            ]
            total.merge(count_keys(keys, states))
            if per_post:
                for post in posts:
                    post_keys = [(s.msgctxt, s.msgid) for s in project.segments[post.ref]]
                    post_counts[post.ref] = count_keys(post_keys, states).as_dict()
        site = _site_counts(config, locale, problems)
        if site is not None:
            total.merge(site)
        entry: dict[str, Any] = total.as_dict()
        if site is not None:
            entry["site"] = site.as_dict()
        if per_post:
            entry["posts"] = post_counts
        report["locales"][locale] = entry
    return report


def _site_counts(config: Any, locale: str, problems: Any) -> Counts | None:
    """The preview's strings (``site.pot`` / ``site.po``) of a locale, or None without them."""
    from i18nflow.config import SITE_DOMAIN
    from i18nflow.errors import CatalogError
    from i18nflow.gettext.po import read_po

    template, catalog = config.pot_path(SITE_DOMAIN), config.po_path(locale, SITE_DOMAIN)
    if not (template.exists() or catalog.exists()):
        return None
    states: dict[Key, str] = {}
    keys: list[Key] = []
    try:
        if catalog.exists():
            read = read_po(catalog)
            states = catalog_states(read)
            keys = list(states)
        if template.exists():
            keys = [entry_key(e) for e in read_po(template) if e.msgid and not e.obsolete]
    except CatalogError as exc:
        problems.add(exc)
    return count_keys(keys, states)


def format_status_table(report: dict[str, Any], per_post: bool) -> str:
    header = (f"{'locale':<10} {'reviewed':>9} {'machine':>8} {'imported':>9} {'outdated':>9} "
              f"{'untransl.':>9} {'words':>8} {'done':>6}")
    lines = [header, "-" * len(header)]

    def row(name: str, data: dict[str, Any]) -> str:
        e, w = data["entries"], data["words"]
        return (
            f"{name:<10} {e['reviewed']:>9} {e['machine']:>8} {e['imported']:>9} {e['outdated']:>9} "
            f"{e['untranslated']:>9} {w['total']:>8} {data['percent_reviewed']:>5.1f}%"
        )

    for locale, data in report["locales"].items():
        lines.append(row(locale, data))
        if "site" in data:
            lines.append("  " + row("(site)", data["site"]))
        if per_post:
            for ref, post_data in data.get("posts", {}).items():
                lines.append("  " + row(Path(ref).stem[:40], post_data))
    lines.append("(entries per state; 'done' is the share of words reviewed)")
    return "\n".join(lines)
