"""Localized copies of posts that are gone: removed, as the preview removes their pages.

Only copies the state recorded are touched, so a file the user put in ``build/`` by hand stays,
and nothing is removed through a link out of the project.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from i18nflow.config import Config
from i18nflow.errors import I18nflowError
from i18nflow.problems import Problems
from i18nflow.sync.domains import group_posts, shard_of


def remove_stale_copies(
    config: Config,
    grouped: dict[str, list[tuple[Path, Path]]],
    locales: Sequence[str],
    shard: tuple[int, int] | None,
    files_of: Callable[[str, list[tuple[Path, Path]]], dict[str, str]],
    state: Any,
    problems: Problems,
) -> int:
    """Localized copies an earlier run wrote for posts that are gone (deleted, renamed, moved
    to another domain): removed, as the preview removes their pages. Only copies the state
    recorded are touched, never through a link out of the project. ``files_of(domain, posts)``
    names every file a domain's job writes (the run's own rule, passed in)."""
    from i18nflow.fsutil import remove_file

    root = str(config.root)
    prefix = os.path.join(root, "")
    current: dict[str, dict[str, list[str]]] = {}
    for domain, posts in grouped.items():
        for name, path in files_of(domain, posts).items():
            if name.startswith("out:"):
                locale = name.split(":", 2)[1]
                # files_of joins the root and the output pattern: cutting the prefix is relpath
                relative = path[len(prefix):] if path.startswith(prefix) else os.path.relpath(path, root)
                current.setdefault(domain, {}).setdefault(locale, []).append(relative)
    live = set(group_posts(config)) if shard else set(grouped)
    mine = [d for d in state.outputs if d not in live and (shard is None or shard_of(d, shard[1]) == shard[0])]
    keep = {path for by_locale in current.values() for paths in by_locale.values() for path in paths}
    removed = 0
    for domain in sorted(set(grouped) | set(mine)):
        for relative in state.swap_outputs(domain, locales, current.get(domain)):
            target = config.root / relative
            if relative in keep or not target.is_file():
                continue
            try:
                remove_file(target)
                removed += 1
            except (OSError, I18nflowError) as exc:
                problems.warning(f"stale localized copy not removed: {getattr(exc, 'message', None) or exc}", relative)
    return removed
