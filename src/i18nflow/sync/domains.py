"""Posts grouped into domains (one catalog each), and the stable shard a domain belongs to."""

from __future__ import annotations

from pathlib import Path

from i18nflow.config import Config
from i18nflow.errors import ContentError
from i18nflow.source.content import domain_of, iter_post_paths, relative_ref


def group_posts(config: Config, loops: list[ContentError] | None = None) -> dict[str, list[tuple[Path, Path]]]:
    """Post paths by domain; symlink loops met on the way go to ``loops``."""
    grouped: dict[str, list[tuple[Path, Path]]] = {}
    for path, base in iter_post_paths(config, loops):
        grouped.setdefault(domain_of(config.domain, relative_ref(path, base)), []).append((path, base))
    return grouped


def shard_of(domain: str, count: int) -> int:
    """A stable shard for a domain, the same on every machine (unlike hash())."""
    import zlib

    return zlib.crc32(domain.encode("utf-8")) % count
