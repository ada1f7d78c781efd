"""Posts grouped into domains (one catalog each), and the stable shard a domain belongs to."""

from __future__ import annotations

from i18nflow.source.domains import group_posts

__all__ = ["group_posts", "shard_of"]


def shard_of(domain: str, count: int) -> int:
    """A stable shard for a domain, the same on every machine (unlike hash())."""
    import zlib

    return zlib.crc32(domain.encode("utf-8")) % count
