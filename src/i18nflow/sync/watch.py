"""``i18nflow watch``: sync again whenever an author or a translator saves a file.

Watches the project with watchfiles (inotify/FSEvents, polling where neither works) for posts,
PO files, templates and the configuration. A burst of saves (an editor writing a backup, a
translator saving three catalogs) is one run, after ``debounce`` milliseconds of quiet. The
files a run writes itself (catalogs, copies, the preview) must not start another run: after
each run the stamps of the watched files are taken, and a change whose file still has its
stamp is the run's own write, ignored.
"""

from __future__ import annotations

import fnmatch
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from i18nflow.config import CONFIG_FILE, Config
from i18nflow.errors import I18nflowError
from i18nflow.source.content import iter_post_paths

Stamp = tuple[int, int] | None
_IGNORED_FOLDERS = {".git", ".hg", ".svn", ".i18nflow", "node_modules", "__pycache__", ".venv"}


def watched_files(config: Config) -> dict[str, Stamp]:
    """Every file whose change means a new run, with its (size, mtime)."""
    paths = [str(path) for path, _base in iter_post_paths(config)]
    if config.locales_path.is_dir():
        paths += [str(path) for path in config.locales_path.rglob("*.po")]
    templates = _templates_folder(config)
    if templates.is_dir():
        paths += [str(path) for path in templates.rglob("*") if path.is_file()]
    paths += [str(config.root / CONFIG_FILE), str(config.root / "pyproject.toml")]
    return {path: _stamp(path) for path in paths}


def is_watched(config: Config, path: str) -> bool:
    """Could a change of ``path`` matter: a post (by the content globs), a catalog, a template, the
    configuration? Build output and our own state never do."""
    try:
        relative = Path(path).resolve().relative_to(config.root.resolve()).as_posix()
    except ValueError:
        return False
    parts = relative.split("/")
    if any(part in _IGNORED_FOLDERS for part in parts) or parts[0] == "build" or relative.endswith(".pot"):
        return False
    if relative in (CONFIG_FILE, "pyproject.toml") or relative.endswith(".po"):
        return True
    templates = _templates_folder(config)
    if Path(path).resolve().is_relative_to(templates.resolve()):
        return True
    return any(_matches(relative, pattern) for pattern in config.content)


def changed_files(changes: Iterable[str], snapshot: dict[str, Stamp]) -> list[str]:
    """The paths whose stamp differs from the last run's: a run's own writes are not changes."""
    return sorted({path for path in changes if _stamp(path) != snapshot.get(path, "unknown")})


def watch_project(
    config: Config,
    run_once: Callable[[], None],
    debounce: int = 400,
    html: bool = False,
    announce: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
    reload: Callable[[], Config] | None = None,
) -> None:
    """Run once, then once per burst of changes until interrupted (Ctrl-C) or ``stop`` is set.

    ``reload`` reads the configuration again when it is saved, before the run, so what is
    watched follows it: a content glob or a templates folder added while watching is watched
    from then on (a configuration that does not load keeps the last good one; the run reports
    why). Only then: the stamps are taken as soon as a run ends, since a file saved before they
    are taken would pass for the run's own write.
    """
    import watchfiles

    say = announce or (lambda text: None)
    current = [config]
    run_once()
    snapshot = watched_files(config)
    what = "posts, catalogs and templates" + (" (and the preview)" if html else "")
    announced = False
    # yield_on_timeout: an empty batch every rust_timeout ms, the first one once the watch is set
    # up, so "watching" is said only when a save can no longer be missed
    for changes in watchfiles.watch(config.root, watch_filter=lambda _change, path: is_watched(current[0], path),
                                    debounce=debounce, step=50, stop_event=stop, raise_interrupt=False,
                                    rust_timeout=200, yield_on_timeout=True):
        if not announced:
            announced = True
            say(f"watching {what} in {config.root}; Ctrl-C stops")
        changed = changed_files((path for _change, path in changes), snapshot)
        if not changed:
            continue
        names = ", ".join(current[0].relative(Path(path)) for path in changed[:3])
        more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        say(f"changed: {names}{more}; syncing")
        if reload is not None and any(Path(path).name in (CONFIG_FILE, "pyproject.toml") for path in changed):
            try:
                current[0] = reload()
            except I18nflowError:
                pass
        run_once()
        snapshot = watched_files(current[0])


def _templates_folder(config: Config) -> Path:
    folder = config.site.get("templates", "templates") if isinstance(config.site, dict) else "templates"
    return config.root / str(folder)


def _matches(relative: str, pattern: str) -> bool:
    """A content glob as ``glob`` reads it: ``**/`` may also match no folder at all."""
    pattern = pattern.lstrip("./")
    return fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(relative, pattern.replace("**/", ""))


def _stamp(path: str) -> Stamp:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns)
