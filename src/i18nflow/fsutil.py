"""File writing that never leaves a half-written file, and the per-project lock.

Every file i18nflow writes goes through :func:`write_bytes_atomic`: the bytes land in a temp file
in the same directory, then are renamed over the target. A crash, a kill or a full disk leaves
either the old file or the new one, never a mix. Files whose bytes would not change are not
touched at all, so a no-op run leaves git and file mtimes alone.

There is no fsync per file (it cost half of a cold run over thousands of files); a run that
wrote anything calls :func:`flush_to_disk` once at its end, so a power cut after a finished run
loses nothing either.
"""

from __future__ import annotations

import errno
import fcntl
import itertools
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import I18nflowError, LockError


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly those bytes; True if written.

    Few system calls on purpose (thousands of files per run): one stat of the target, one
    exclusive create of the temp file with the final permissions, one write, one rename.
    """
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
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None


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


@contextmanager
def project_lock(state_dir: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the project's lock so two runs never interleave their writes.

    A second run waits up to ``wait`` seconds, then refuses with a message saying what to do.
    The lock is an ``flock`` on a file, so a killed run releases it with its process.
    """
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        handle = open(state_dir / "lock", "a+")
    except OSError as exc:
        # A read-only project can still be checked; only writers need the lock.
        raise LockError(f"cannot create the project lock: {exc.strerror}", state_dir) from None
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockError(
                        "another i18nflow run is working on this project; "
                        "wait for it to finish (or use --wait SECONDS)",
                        state_dir / "lock",
                    ) from None
                time.sleep(0.1)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()
