"""What the last run saw, so the next one redoes only what changed.

``.i18nflow/state.json`` records, per domain, one digest of the names, sizes and mtimes of every
post it read and every file it wrote or checked (POT, each PO, each localized copy). A domain
whose files all still match is skipped without being parsed; a translator's save changes a PO's
mtime and so re-runs that domain. The state is a cache: deleting it only costs time, and a domain
with any error is never recorded, so its error is reported again on the next run. One digest per
domain rather than every stamp keeps the file small (a no-op run loads it) and the memory of a
10,000-post run flat.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from i18nflow import __version__
from i18nflow.config import Config
from i18nflow.fsutil import write_bytes_atomic
from i18nflow.source.content import output_relatives, relative_ref

STATE_VERSION = 2

Stamp = tuple[int, int]  # size, mtime_ns


def stamp(path: str | Path) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns)


def settings_digest(config: Config, extra: str) -> str:
    """Anything that changes every output: the configuration, the version, the run's flags."""
    parts = [__version__, extra, repr(_config_key(config))]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _config_key(config: Config) -> tuple[object, ...]:
    return (
        config.source_locale,
        config.content,
        config.front_matter,
        config.locales_dir,
        config.output,
        config.domain,
        sorted(config.render.fields.items()),
        config.render.heading_ids,
        config.render.add_lang,
        config.wrap,
        config.dialect,
        config.markup,
    )


def files_digest(files: dict[str, str], seen: dict[str, Stamp | None] | None = None) -> str | None:
    """One digest of (name, size, mtime) of every file, in the dict's order (``domain_files``
    builds it the same way every time); None when one of them is missing.

    ``seen`` gives the stamps a job took as it read or wrote files (by name): those are what
    the outputs were made from, whatever the files became since.
    """
    parts = []
    for name, path in files.items():
        if seen is not None and name in seen:
            found = seen[name]
        else:
            found = stamp(path)
        if found is None:
            return None
        parts.append(f"{name}\0{found[0]}\0{found[1]}\n")
    return hashlib.blake2b("".join(parts).encode(), digest_size=16).hexdigest()


@dataclass
class State:
    path: Path
    settings: str = ""
    domains: dict[str, str] = field(default_factory=dict)  # domain → files_digest
    # domain → locale → the localized copies (project-relative) it had: a copy that a later run
    # no longer produces (its post deleted or renamed) is removed, as its preview page is
    outputs: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def load(cls, config: Config, settings: str) -> State:
        path = config.state_path / "state.json"
        state = cls(path, settings)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return state
        if data.get("version") != STATE_VERSION or data.get("settings") != settings:
            state.changed = True
            return state
        domains = data.get("domains")
        if isinstance(domains, dict):
            state.domains = domains
        outputs = data.get("outputs")
        if isinstance(outputs, dict):
            state.outputs = outputs
        return state

    def is_clean(self, domain: str, files: dict[str, str]) -> bool:
        """True when every recorded file still has its size and mtime and the set is the same."""
        record = self.domains.get(domain)
        return record is not None and record == files_digest(files)

    def record(self, domain: str, files: dict[str, str], seen: dict[str, Stamp | None] | None = None) -> None:
        self.changed = True
        digest = files_digest(files, seen)
        if digest is None:
            self.domains.pop(domain, None)
        else:
            self.domains[domain] = digest

    def swap_outputs(self, domain: str, locales: tuple[str, ...], now: dict[str, list[str]] | None) -> list[str]:
        """Record a domain's copies for ``locales`` (None: the domain is gone); the copies it
        had in those locales and no longer has."""
        before = self.outputs.get(domain, {})
        gone = [path for locale in locales for path in before.get(locale, []) if path not in (now or {}).get(locale, [])]
        after = {locale: paths for locale, paths in before.items() if locale not in locales}
        after.update({locale: paths for locale, paths in (now or {}).items() if paths})
        if after != before:
            self.changed = True
            if after:
                self.outputs[domain] = after
            else:
                self.outputs.pop(domain, None)
        return gone

    def forget(self, domain: str) -> None:
        if self.domains.pop(domain, None) is not None:
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return  # a no-op run leaves even its own cache alone
        data = {"version": STATE_VERSION, "settings": self.settings, "domains": self.domains,
                "outputs": self.outputs}
        try:
            write_bytes_atomic(self.path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
        except Exception:  # noqa: BLE001 - a cache that cannot be written only costs time
            pass


class DomainFiles:
    """Every file a domain's job reads or writes (what the state fingerprints), by domain.

    Worked out once a run: the state check asks for every domain, and so do the sweep of stale
    copies and the record of each domain run, and on a no-op run this is most of the work.
    """

    def __init__(self, config: Config, locales: Sequence[str], render: bool):
        self.config, self.locales, self.render = config, tuple(locales), render
        self.known: dict[str, dict[str, str]] = {}

    def __call__(self, domain: str, posts: Sequence[tuple[Path, Path]]) -> dict[str, str]:
        if domain not in self.known:
            self.known[domain] = self._files(domain, posts)
        return self.known[domain]

    def _files(self, domain: str, posts: Sequence[tuple[Path, Path]]) -> dict[str, str]:
        config = self.config
        root = str(config.root)
        files: dict[str, str] = {"pot": f"{config.templates_path}/{domain}.pot"}
        for path, _base in posts:
            files[f"post:{relative_ref(path, config.root)}"] = str(path)
        for locale in self.locales:
            files[f"po:{locale}"] = config.po_file(locale, domain)
        if self.render:
            for path, base in posts:
                rel = relative_ref(path, base)
                base_ref = "" if base == config.root else relative_ref(base, config.root)
                for locale, output in output_relatives(config.output, rel, self.locales, base_ref).items():
                    files[f"out:{locale}:{rel}"] = os.path.join(root, output)
        return files
