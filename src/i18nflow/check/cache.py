"""Results of the last ``check``, reused for every domain whose files did not change.

CI runs ``check`` on every push, but a push changes a handful of posts or catalogs. Keyed by the
sha256 of every file a domain's result depends on (its posts, its POT, its PO in each locale),
plus the configuration file, the options and i18nflow's own code, a cached result is exactly the
result a full run would compute. ``msgfmt -c`` verdicts are keyed by the PO file's bytes alone.

The cache lives outside the project, in the user's cache folder, one file per project:
``$XDG_CACHE_HOME/i18nflow/check/<sha256 of the project's real path>.json`` (``~/.cache`` when
XDG_CACHE_HOME is not set). Inside the project it would come from the repository: a pull request
could commit a cache that says every domain is clean, and ``check`` would believe it. So check
never reads ``.i18nflow/check-cache.json``, and writes nothing into the project. Restore the
folder between CI runs with a cache action; deleting it only costs time, and a cache that
cannot be written is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from i18nflow.check.domain import DomainResult
from i18nflow.check.msgfmt import Diagnostic
from i18nflow.check.options import CheckOptions
from i18nflow.check.report import SCHEMA_VERSION, Finding
from i18nflow.config import Config
from i18nflow.fsutil import write_bytes_atomic
from i18nflow.gettext.stats import Counts
from i18nflow.translate.glossary import glossary_digests

_FORMAT = 1


@dataclass
class CheckCache:
    key: str
    domains: dict[str, dict[str, Any]] = field(default_factory=dict)  # domain → {inputs, result}
    msgfmt: dict[str, list[list[Any]]] = field(default_factory=dict)  # file sha256 → diagnostics

    def result_for(self, domain: str, inputs: str) -> DomainResult | None:
        stored = self.domains.get(domain)
        if not stored or stored.get("inputs") != inputs:
            return None
        try:
            return _result_from(domain, stored["result"])
        except (KeyError, TypeError, ValueError):
            return None

    def store(self, domain: str, inputs: str, result: DomainResult) -> None:
        self.domains[domain] = {"inputs": inputs, "result": _result_to(result)}

    def diagnostics_for(self, digest: str) -> list[Diagnostic] | None:
        stored = self.msgfmt.get(digest)
        if stored is None:
            return None
        return [Diagnostic(level, line, message) for level, line, message in stored]

    def store_diagnostics(self, digest: str, diagnostics: list[Diagnostic]) -> None:
        self.msgfmt[digest] = [[d.level, d.line, d.message] for d in diagnostics]


def cache_key(config: Config, options: CheckOptions, msgfmt_available: bool) -> str:
    """Whatever changes every result: code, configuration, options."""
    config_bytes = b""
    if config.source_file is not None:
        try:
            config_bytes = config.source_file.read_bytes()
        except OSError:
            pass
    parts = [
        str(_FORMAT),
        str(SCHEMA_VERSION),
        code_fingerprint(),
        hashlib.sha256(config_bytes).hexdigest(),
        repr((options.locales, options.fuzzy, options.style, sorted(options.skip), sorted(options.levels.items()))),
        str(msgfmt_available),
        glossary_digests(config.root, options.locales),
    ]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """i18nflow's own source: a new version (or a developer's edit) invalidates the cache."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]  # the whole i18nflow package
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def inputs_digest(parts: list[str]) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def cache_path(config: Config) -> Path | None:
    """This project's cache file in the user's cache folder; None when there is no such folder."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if not os.path.isabs(base):  # the XDG rule: a relative value is ignored
        home = os.environ.get("HOME") or ""
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    project = hashlib.sha256(os.path.realpath(config.root).encode("utf-8", "surrogateescape")).hexdigest()
    return Path(base, "i18nflow", "check", f"{project}.json")


def load(config: Config, key: str) -> CheckCache:
    path = cache_path(config)
    if path is None:
        return CheckCache(key)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return CheckCache(key)
    if not isinstance(data, dict) or data.get("key") != key:
        return CheckCache(key)
    domains, msgfmt = data.get("domains"), data.get("msgfmt")
    return CheckCache(
        key,
        domains if isinstance(domains, dict) else {},
        msgfmt if isinstance(msgfmt, dict) else {},
    )


def save(config: Config, cache: CheckCache) -> None:
    path = cache_path(config)
    if path is None:
        return
    data = {"key": cache.key, "domains": cache.domains, "msgfmt": cache.msgfmt}
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_bytes_atomic(path, json.dumps(data, separators=(",", ":")).encode("utf-8"), confined=False)
    except Exception:  # noqa: BLE001 - a read-only home can still check
        pass


def _result_to(result: DomainResult) -> dict[str, Any]:
    return {
        "findings": [f.as_dict() for f in result.findings],
        "counts": {
            locale: {ref: [c.entries, c.words] for ref, c in posts.items()}
            for locale, posts in result.counts.items()
        },
        "entries_checked": result.entries_checked,
    }


def _result_from(domain: str, data: dict[str, Any]) -> DomainResult:
    counts = {
        locale: {ref: Counts(dict(entries), dict(words)) for ref, (entries, words) in posts.items()}
        for locale, posts in data["counts"].items()
    }
    findings = [Finding.from_dict(item) for item in data["findings"]]
    return DomainResult(domain, findings, counts, int(data["entries_checked"]))
