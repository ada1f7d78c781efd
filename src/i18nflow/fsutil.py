"""File writing that never leaves a half-written file, and the per-project lock.

Every file i18nflow writes goes through :func:`write_bytes_atomic`: the bytes land in a temp file
in the same directory, then are renamed over the target. A crash, a kill or a full disk leaves
either the old file or the new one, never a mix. Files whose bytes would not change are not
touched at all, so a no-op run leaves git and file mtimes alone.

There is no fsync per file (it cost half of a cold run over thousands of files); a run that
wrote anything calls :func:`flush_to_disk` once at its end, so a power cut after a finished run
loses nothing either. The preview's pages are the exception: they are made again from the posts
and catalogs, and the preview's state notices a page a power cut emptied (its size and mtime are
part of the domain's digest), so a run that wrote only those does not wait for the disk (a
tenth of a second after a cold preview).
"""

from __future__ import annotations

import errno
import fnmatch
import functools
import glob as globlib
import itertools
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from i18nflow.errors import I18nflowError
from i18nflow.problems import Problems

# -- confinement: every file a run touches is inside the project ------------------------------

_PROJECT: list[str] = []  # the real path of the project being worked on (none: no confinement)


def confine_to(root: Path | None) -> None:
    """From now on, refuse to read, write or delete files whose real path is outside ``root``.

    A symlink in a repository (a PO file pointing at ``/etc/passwd`` or a secrets file, a
    ``build`` folder pointing at the home directory) must not make a run read, publish, print,
    overwrite or delete what lies outside the project. Set once per command by the CLI; forked
    workers inherit it.
    """
    _PROJECT[:] = [os.path.realpath(root)] if root is not None else []
    real_folder.cache_clear()


@contextmanager
def confined(root: Path) -> Iterator[None]:
    """:func:`confine_to` ``root`` for the block, then back to what it was (commands run one
    after another in one process: tests, a library user)."""
    previous = _PROJECT[0] if _PROJECT else None
    confine_to(root)
    try:
        yield
    finally:
        confine_to(Path(previous) if previous is not None else None)


def outside_project(path: str | Path, root: str | Path | None = None) -> str | None:
    """Where ``path`` really leads when that is outside the project (``root``, by default the
    one being worked on), else None.

    One ``lstat`` per file and one ``realpath`` per folder (cached): resolving every file in
    full cost a second per thousand posts.
    """
    if root is None:
        if not _PROJECT:
            return None
        top = _PROJECT[0]
    else:
        top = real_folder(os.path.abspath(root))
    folder, name = os.path.split(os.path.abspath(path))
    real = os.path.join(real_folder(folder), name)
    if os.path.islink(real):
        real = os.path.realpath(real)
    return None if real == top or real.startswith(top + os.sep) else real


def ensure_inside(path: str | Path, display: str | Path | None = None) -> None:
    """Raise :class:`I18nflowError` naming the link when ``path`` leads outside the project."""
    real = outside_project(path)
    if real is not None:
        raise I18nflowError(f"leads outside the project through a symlink (to {real}); "
                            "left alone", display if display is not None else path)


@functools.lru_cache(maxsize=4096)
def real_folder(folder: str) -> str:
    """realpath of the deepest existing part, plus the rest (which mkdir will create)."""
    head, rest = folder, ""
    while head and not os.path.lexists(head):
        head, tail = os.path.split(head)
        rest = os.path.join(tail, rest) if rest else tail
    real = os.path.realpath(head or ".")
    return os.path.normpath(os.path.join(real, rest)) if rest else real


def refusal(path: str | Path) -> str | None:
    """Why ``path`` must not be read as a file of the project (None: it may, or it is missing):
    it leads outside the project, or it is a folder, a FIFO (reading it would hang), a device
    (``/dev/zero`` never ends) or a socket."""
    real = outside_project(path)
    if real is not None:
        return f"leads outside the project through a symlink (to {real}); left alone"
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot read: {exc.strerror}"
    if stat.S_ISDIR(info.st_mode):
        return "is a directory, not a file"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a FIFO, device or socket); not read"
    return None


def read_regular(path: str | Path, confined: bool = True, limit: int | None = None) -> bytes:
    """The bytes of a regular file (inside the project, unless not ``confined``); anything else
    raises :class:`I18nflowError` (``FileNotFoundError`` when missing), and so does a file over
    ``limit`` bytes. Opened without blocking and checked on the open descriptor, so a FIFO
    swapped in after the check cannot hang the run."""
    reason = refusal(path) if confined else None
    if reason is not None:
        raise I18nflowError(reason, path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise I18nflowError(f"cannot read: {exc.strerror}", path) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise I18nflowError("is a directory, not a file", path)
        if not stat.S_ISREG(info.st_mode):
            raise I18nflowError("is not a regular file (a FIFO, device or socket); not read", path)
        if limit is not None and info.st_size > limit:
            raise I18nflowError(f"is {info.st_size / 1_000_000:.1f} MB, more than the {limit // 1_000_000} MB read", path)
        return handle.read()


def remove_file(path: Path) -> None:
    """Delete a file the run owns (a stale preview page or localized copy), never through a
    link that leads outside the project."""
    ensure_inside(path)
    path.unlink()


def write_bytes_atomic(path: Path, data: bytes, confined: bool = True) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly those bytes; True if written.

    Few system calls on purpose (thousands of files per run): one stat of the target, one
    exclusive create of the temp file with the final permissions, one write, one rename.
    Only inside the project, unless not ``confined`` (the user's own cache folder).
    """
    if confined:
        ensure_inside(path)
    mode: int | None = None
    try:
        info = os.stat(path)
        mode = info.st_mode & 0o7777
        if info.st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise I18nflowError(f"cannot read: {exc.strerror}", path) from None
    folder = str(path.parent)
    tmp = os.path.join(folder, f".{path.name}.{os.getpid()}.{next(_COUNTER)}.tmp")
    try:
        fd = _create(tmp, folder)
    except OSError as exc:
        raise I18nflowError(f"cannot write: {exc.strerror}", path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if mode is not None:
                os.fchmod(handle.fileno(), mode)  # a replaced file keeps its permissions
        os.replace(tmp, path)
    except OSError as exc:
        _remove_quietly(tmp)
        reason = "disk full" if exc.errno == errno.ENOSPC else exc.strerror
        raise I18nflowError(f"cannot write: {reason}; the previous file is intact", path) from None
    except BaseException:
        _remove_quietly(tmp)
        raise
    return True


_COUNTER = itertools.count()
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _create(tmp: str, folder: str) -> int:
    """Create the temp file (mode 0666 less the umask); make its folder only when missing."""
    try:
        return os.open(tmp, _FLAGS, 0o666)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        return os.open(tmp, _FLAGS, 0o666)


def sweep_temp_files(folders: Iterable[Path]) -> int:
    """Remove temp files a killed run left behind (``.<name>.<...>.tmp``); returns how many."""
    removed = 0
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") and entry.name.endswith(".tmp") and entry.is_file(follow_symlinks=False):
                _remove_quietly(entry.path)
                removed += 1
    return removed


def flush_to_disk() -> None:
    """One sync for the whole run instead of one fsync per file."""
    if hasattr(os, "sync"):
        os.sync()


def read_bytes_or_none(path: Path) -> bytes | None:
    """A file's bytes, or None when there is no such file (yet): what a write compares against."""
    try:
        return read_regular(path)
    except FileNotFoundError:
        return None
    except I18nflowError:
        if os.path.isdir(path) and outside_project(path) is None:
            return None  # a folder in the way: the write reports it
        raise


def read_utf8_or_none(path: Path) -> str | None:
    """A file's exact UTF-8 text (no newline translation, so comparisons are byte-exact), or None
    when it is missing or not UTF-8."""
    data = read_bytes_or_none(path)
    try:
        return data.decode("utf-8") if data is not None else None
    except UnicodeDecodeError:
        return None


def write_text_atomic(path: Path, text: str) -> bool:
    return write_bytes_atomic(path, text.encode("utf-8"))


def _remove_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


@dataclass
class Stats:
    written_count: int = 0
    written: list[Path] = field(default_factory=list)  # only with keep_paths (``-v`` lists them)
    unchanged: int = 0
    skipped: int = 0  # posts not even read: nothing changed since the last run
    reported: bool = True
    keep_paths: bool = True
    to_flush: bool = False  # a written file is not made again by the next run (see add_written)

    def record(self, path: Path, written: bool) -> None:
        if written:
            self.add_written([path])
        else:
            self.unchanged += 1

    def add_written(self, paths: Iterable[Path], rebuilt: bool = False) -> None:
        """Count them; keep them only when asked (110,000 paths for a cold 10,000-post run).

        ``rebuilt``: files the next run makes again if a power cut empties them (the preview's
        pages: its state keeps each page's size and mtime), so the run need not flush them to
        disk; every other file a run writes is flushed at its end (:func:`flush_to_disk`)."""
        self.to_flush = self.to_flush or not rebuilt
        if self.keep_paths:
            paths = list(paths)
            self.written.extend(paths)
            self.written_count += len(paths)
        else:
            self.written_count += sum(1 for _ in paths)


def write_file(path: Path, data: bytes, problems: Problems, stats: Stats) -> None:
    """Write atomically and count it; a failure (disk full, read-only) is reported, not raised."""
    from i18nflow.fsutil import write_bytes_atomic
    try:
        stats.record(path, write_bytes_atomic(path, data))
    except I18nflowError as exc:
        problems.add(exc)


def glob_files(root: Path, pattern: str, first_only: bool = False) -> tuple[list[Path], list[Path]]:
    """``glob.glob(root / pattern, recursive=True)`` that does not run around symlink loops.

    Python's glob follows a symlink to a parent folder until the path is too long for the
    kernel: every post would be found ~40 times (posts/loop/posts/loop/...). Same rules
    otherwise: ``**`` is zero or more folders, hidden names match only a pattern starting
    with ``.``. Returns the matches and the looping symlinks met on the way; ``first_only``
    stops at the first match (the config's "matches no file" check walks no further).
    """
    parts = Path(pattern).parts
    matches: set[Path] = set()
    loops: set[Path] = set()

    def walk(folder: Path, index: int, ancestors: frozenset[tuple[int, int]]) -> None:
        if first_only and matches:
            return
        if index == len(parts):
            if os.path.lexists(folder):
                matches.add(folder)
            return
        part = parts[index]
        if part == "**":
            here = _folder_id(folder)
            ancestors = ancestors | {here} if here else ancestors
            walk(folder, index + 1, ancestors)
            if index == len(parts) - 1:  # a trailing ** matches files too
                matches.update(_children(folder, hidden=False, folders=False))
            for child in _children(folder, hidden=False):
                ident = _folder_id(child)
                if ident is None:
                    continue
                if ident in ancestors:
                    if child.is_symlink():
                        loops.add(child)
                    continue
                walk(child, index, ancestors)
        elif globlib.has_magic(part):
            names = [c.name for c in _children(folder, hidden=part.startswith("."), folders=False)]
            for name in fnmatch.filter(names, part):
                walk(folder / name, index + 1, ancestors)
        elif index == len(parts) - 1 or os.path.isdir(folder / part):
            walk(folder / part, index + 1, ancestors)

    walk(root, 0, frozenset())
    return sorted(matches, key=str), sorted(loops, key=str)


def _children(folder: Path, hidden: bool, folders: bool = True) -> list[Path]:
    """Entries of a folder (only sub-folders unless ``folders`` is False), unreadable = none."""
    try:
        with os.scandir(folder) as entries:
            found = [
                Path(entry.path)
                for entry in entries
                if (hidden or not entry.name.startswith(".")) and (not folders or _is_dir(entry))
            ]
    except OSError:
        return []
    return found


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows symlinks, as glob does
    except OSError:
        return False


def _folder_id(folder: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)
