"""What ``i18nflow check`` checks: the ``[check]`` table of the configuration plus the flags.

```toml
[check]
fuzzy = false              # also check fuzzy entries (machine and outdated), like --fuzzy
style = false              # also pofilter-like style warnings, like --style
skip = ["whitespace"]      # checks to turn off for the whole project
warn = ["numbers"]         # checks reported as warnings (exit 0)
error = ["whitespace"]     # checks reported as errors (exit 1)
cache = true               # reuse results for unchanged files (~/.cache/i18nflow/check/)
```

Unknown keys and unknown check names are configuration errors, so a typo never silently turns
a check off.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from i18nflow.check.qa import ENTRY_CHECKS
from i18nflow.check.style import STYLE_CHECKS
from i18nflow.config import Config
from i18nflow.errors import ConfigError

FILE_CHECKS = {
    "stale": "error",
    "syntax": "error",
    "msgfmt": "error",
    "header": "error",
    "plural-forms": "warning",
    "threshold": "error",
    "content": "error",
}
ALL_CHECKS = {**FILE_CHECKS, **ENTRY_CHECKS, **STYLE_CHECKS}
_KEYS = {"fuzzy", "style", "skip", "warn", "error", "cache"}


@dataclass(frozen=True)
class CheckOptions:
    locales: tuple[str, ...]
    fuzzy: bool = False
    style: bool = False  # pofilter-like style warnings (check/style.py)
    skip: frozenset[str] = frozenset()
    levels: Mapping[str, str] = field(default_factory=dict)
    cache: bool = True
    workers: int | None = None  # None: as many as the machine has cores, when it pays

    def level(self, check: str) -> str:
        return self.levels.get(check) or ALL_CHECKS.get(check, "error")


def check_options(
    config: Config,
    locales: Iterable[str],
    fuzzy: bool | None = None,
    cache: bool | None = None,
    workers: int | None = None,
    style: bool | None = None,
) -> CheckOptions:
    """Options from ``[check]``, with command-line flags (when given) taking precedence."""
    table = config.check
    where = config.source_file
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"unknown key 'check.{unknown[0]}' (known keys: {', '.join(sorted(_KEYS))})", where)
    levels: dict[str, str] = {}
    for key in ("warn", "error"):
        for name in _names(table.get(key, []), key, where):
            levels[name] = "warning" if key == "warn" else "error"
    return CheckOptions(
        locales=tuple(locales),
        fuzzy=_flag(table, "fuzzy", False, where) if fuzzy is None else fuzzy,
        style=_flag(table, "style", False, where) if style is None else style,
        skip=frozenset(_names(table.get("skip", []), "skip", where)),
        levels=levels,
        cache=_flag(table, "cache", True, where) if cache is None else cache,
        workers=workers,
    )


def _names(value: Any, key: str, where: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"key 'check.{key}' must be a list of check names", where)
    for name in value:
        if name not in ALL_CHECKS:
            raise ConfigError(
                f"key 'check.{key}': unknown check {name!r} (known: {', '.join(sorted(ALL_CHECKS))})", where
            )
    return list(value)


def _flag(table: Mapping[str, Any], key: str, default: bool, where: Any) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"key 'check.{key}' must be true or false", where)
    return value
