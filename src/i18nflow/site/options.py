"""The ``[site]`` table: what the HTML preview needs to know, validated once per build.

``Config.site`` keeps the raw table so the configuration module stays free of preview
concerns; this module owns its keys. As everywhere in the configuration, an unknown key is an
error naming it: ``fallbak = "mixed"`` must not silently hide half-translated posts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from i18nflow.config import CONFIG_FILE, Config
from i18nflow.errors import ConfigError, I18nflowError
from i18nflow.fsutil import outside_project

FALLBACKS = ("hide", "mixed")
_KEYS = ("base_url", "title", "fallback", "templates", "output", "static")
_BASE_URL = re.compile(r"^(?:https?://[^\s/?#]+(?:/[^\s?#]*)?|/[^\s?#]*)$")


@dataclass(frozen=True)
class SiteOptions:
    """Validated ``[site]`` settings.

    ``base_url`` empty means every link is relative, so the preview works from any folder or
    ``file://``; set it (``https://example.com/blog``) to get absolute canonical and hreflang
    URLs as search engines want them. ``output`` is always below ``build/`` so a build can
    remove its own stale pages without ever touching anything else. ``static`` folders (such
    as ``uploads``) are copied into the site, and root-relative links to them are made
    relative, so images show in the preview.
    """

    base_url: str = ""
    title: str = ""
    fallback: str = "hide"
    templates: str = "templates"
    output: str = "build/site"
    static: tuple[str, ...] = ()


def site_options(config: Config) -> SiteOptions:
    """Read ``config.site``; raise :class:`ConfigError` naming the bad ``site.`` key."""
    raw = config.site
    where = config.source_file or config.root / CONFIG_FILE
    unknown = sorted(set(raw) - set(_KEYS))
    if unknown:
        raise ConfigError(
            f"unknown key 'site.{unknown[0]}' (known keys: {', '.join(_KEYS)})", where
        )
    return SiteOptions(
        base_url=_base_url(raw.get("base_url", ""), where),
        title=_string(raw.get("title", ""), "title", where) or config.root.name,
        fallback=_fallback(raw.get("fallback", "hide"), where),
        templates=_folder(raw.get("templates", "templates"), "templates", where),
        output=_output(raw.get("output", "build/site"), where),
        static=tuple(_folder(v, "static", where) for v in _string_list(raw.get("static", []), where)),
    )


def _string(value: Any, key: str, where: Path) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"key 'site.{key}' must be a string", where)
    return value.strip()


def _string_list(value: Any, where: Path) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError("key 'site.static' must be a list of folder names", where)
    return list(value)


def _base_url(value: Any, where: Path) -> str:
    value = _string(value, "base_url", where)
    if value and not _BASE_URL.match(value):
        raise ConfigError(
            "key 'site.base_url' must be an http(s) URL such as 'https://example.com/blog' "
            "or a path such as '/blog'",
            where,
        )
    return value.rstrip("/")


def _fallback(value: Any, where: Path) -> str:
    if value not in FALLBACKS:
        raise ConfigError("key 'site.fallback' must be 'hide' or 'mixed'", where)
    return str(value)


def _folder(value: Any, key: str, where: Path) -> str:
    value = _string(value, key, where)
    path = PurePosixPath(value)
    if not value or path.is_absolute() or ".." in path.parts or "\\" in value:
        raise ConfigError(f"key 'site.{key}' must be a folder inside the project", where)
    return path.as_posix()


def _output(value: Any, where: Path) -> str:
    value = _folder(value, "output", where)
    parts = PurePosixPath(value).parts
    if len(parts) < 2 or parts[0] != "build":
        raise ConfigError("key 'site.output' must be a folder below 'build/', such as 'build/site'", where)
    return value


def output_root(config: Config, options: SiteOptions) -> Path:
    """The site folder, resolved; never outside the project's ``build/`` (even through a symlink)."""
    build = (config.root / "build").resolve()
    out = (config.root / options.output).resolve()
    if not out.is_relative_to(build) or out == build:
        raise I18nflowError(f"the site folder {options.output!r} resolves outside build/", config.root / options.output)
    real = outside_project(config.root / options.output, config.root)
    if real is not None:  # build/ (or the site folder) is a link: writing and pruning would happen there
        raise I18nflowError(f"the site folder leads outside the project through a symlink (to {real}); "
                            "nothing written or removed", config.root / options.output)
    return out
