"""What the last preview build saw, so the next one rebuilds only the pages whose inputs changed.

``.i18nflow/site.json`` keeps, like the run's ``state.json``, digests of file names, sizes and
mtimes, never content:

- **settings**: what every page depends on — the version, the configuration (``[site]``
  included), the run's flags and locales, every template file and every locale's ``site.po``.
  When it changes, every page is rebuilt.
- **per domain**: its posts, its catalogs in every locale and the pages it produced. A
  translator's save changes a PO's mtime, so that domain's pages (all languages: a page's
  language switcher depends on which other languages are published) are rebuilt, no others.
- **per domain, what the indexes need** of each post (title, date, which languages publish it,
  word counts per state): the language indexes and the home page are rebuilt from these, and
  only when their digest changes, so editing a paragraph rebuilds one post's pages and not the
  index pages.

A domain whose build had an error is not recorded, so the error is reported again next time.
The state is a cache: deleting it only costs one full build.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from i18nflow import __version__
from i18nflow.config import SITE_DOMAIN, Config
from i18nflow.fsutil import write_bytes_atomic

SITE_STATE_VERSION = 1


def _stamp_line(name: str, path: Path | str) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return f"{name}\0-\n"
    return f"{name}\0{info.st_size}\0{info.st_mtime_ns}\n"


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def settings_digest(config: Config, templates: list[Path], locales: list[str], flags: str) -> str:
    """Every input that all pages share; a missing file counts as an input too (it may appear)."""
    parts = [__version__, flags, repr(config), ",".join(locales)]
    parts += [_stamp_line(f"t:{path}", path) for path in templates]
    parts += [_stamp_line(f"s:{locale}", config.po_path(locale, SITE_DOMAIN)) for locale in locales]
    return digest("\n".join(parts))


def domain_digest(config: Config, posts: list[tuple[Path, Path]], locales: list[str], domain: str,
                  out: Path, pages: list[str]) -> str:
    """Posts, catalogs and the pages written from them: a deleted page is rebuilt too."""
    # plain strings, not Paths: a no-op run stamps every file of every post here
    folder = str(out)
    parts = [_stamp_line(f"p:{path}", path) for path, _base in posts]
    parts += [_stamp_line(f"c:{locale}", config.po_file(locale, domain)) for locale in locales]
    parts += [_stamp_line(f"o:{page}", f"{folder}/{page}") for page in pages]
    return digest("".join(parts))


@dataclass
class SiteState:
    path: Path
    settings: str
    fresh: bool = True  # no usable record: every page is built, and stray pages are looked for
    settings_ok: bool = False  # the shared inputs are what the last build saw
    domains: dict[str, dict[str, Any]] = field(default_factory=dict)  # digest, pages, posts
    shared: dict[str, str] = field(default_factory=dict)  # index, assets: digests of their inputs
    changed: bool = False
    records_changed: bool = False  # a domain's record was set or dropped in this build

    @classmethod
    def load(cls, config: Config, settings: str) -> SiteState:
        path = config.state_path / "site.json"
        state = cls(path, settings)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return state
        if not isinstance(data, dict) or data.get("version") != SITE_STATE_VERSION:
            return state
        state.fresh = False
        domains, shared = data.get("domains"), data.get("shared")
        if isinstance(domains, dict):
            state.domains = domains
        if data.get("settings") == settings and isinstance(shared, dict):
            state.shared, state.settings_ok = shared, True
        else:
            state.changed = True
        return state

    def is_clean(self, domain: str, current: str | None) -> bool:
        record = self.domains.get(domain)
        return self.settings_ok and record is not None and record.get("digest") == current

    def pages(self, domain: str) -> list[str]:
        record = self.domains.get(domain)
        return list(record.get("pages", [])) if record else []

    def record(self, domain: str, record: dict[str, Any] | None) -> None:
        self.changed = self.records_changed = True
        if record is None:
            self.domains.pop(domain, None)
        else:
            self.domains[domain] = record

    def keep_only(self, domains: set[str]) -> list[str]:
        """Forget domains that are gone; returns the pages they had."""
        gone = [name for name in self.domains if name not in domains]
        pages = [page for name in gone for page in self.domains.pop(name).get("pages", [])]
        self.changed = self.changed or bool(gone)
        self.records_changed = self.records_changed or bool(gone)
        return pages

    def is_current(self, name: str, value: str) -> bool:
        return self.settings_ok and self.shared.get(name) == value

    def set_shared(self, name: str, value: str) -> None:
        if self.shared.get(name) != value:
            self.shared[name] = value
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        data = {"version": SITE_STATE_VERSION, "settings": self.settings, "shared": self.shared,
                "domains": self.domains}
        try:
            write_bytes_atomic(self.path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
        except Exception:  # noqa: BLE001 - a cache that cannot be written only costs time
            pass
