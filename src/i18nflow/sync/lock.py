"""The project lock: one run at a time writes a project's catalogs and outputs.

An ``flock`` on ``.i18nflow/lock``, which the kernel releases when the last descriptor of it is
closed. A killed run must never leave the project locked, so:

- the descriptor is close-on-exec (tools a run starts never get it) and forked pool workers
  close their copy first thing (:func:`close_inherited_locks`, ``sync.workers``);
- the file records its owner (pid and process start time); a run that finds the lock held by an
  owner that no longer exists (its descriptor kept alive by some stray process) takes it over:
  it replaces the lock file with a new one, which the stray holder does not lock. Every run
  checks, once it holds the lock, that the file it locked is still the one at the path.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from i18nflow.errors import LockError
from i18nflow.fsutil import outside_project

_HELD: set[int] = set()  # descriptors of locks this process holds (workers close their copies)


def close_inherited_locks() -> None:
    """In a forked worker: drop the copies of the parent's lock descriptors (the parent keeps
    its lock; a worker that outlives it must not)."""
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


def process_start(pid: int) -> str:
    """When a process started (clock ticks since boot, from /proc), or "" where unknown: with
    the pid it names a process even after the pid is reused."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    fields = data[data.rfind(b")") + 2 :].split()
    return fields[19].decode() if len(fields) > 19 else ""


def owner_alive(record: str) -> bool:
    """Whether the process a lock file names ("pid start") still exists."""
    parts = record.split()
    try:
        pid = int(parts[0])
    except (IndexError, ValueError):
        return True  # unknown format (being written): assume a live owner
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    start = parts[1] if len(parts) > 1 else ""
    return not (start and process_start(pid) and process_start(pid) != start)


def _open(path: Path) -> IO[str]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    return os.fdopen(fd, "r+")


def _same_file(handle: IO[str], path: Path) -> bool:
    try:
        mine, there = os.fstat(handle.fileno()), os.stat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def _try_lock(handle: IO[str]) -> bool:
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _take_over(state_dir: Path, handle: IO[str]) -> bool:
    """Replace the lock file when its owner is gone; True when it was replaced.

    Done under a second, short-lived lock so two runs never both replace it.
    """
    path = state_dir / "lock"
    with open(state_dir / "lock.takeover", "a") as guard:
        fcntl.flock(guard.fileno(), fcntl.LOCK_EX)
        if not _same_file(handle, path):
            return True  # someone replaced it already: retry on the new file
        handle.seek(0)
        record = handle.read()
        if owner_alive(record):
            return False
        pid = record.split()[0]
        os.unlink(path)
        sys.stderr.write(f"i18nflow: the run that held the project lock (pid {pid}) is gone; taking it over\n")
        return True


@contextmanager
def project_lock(state_dir: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the project's lock so two runs never interleave their writes.

    A second run waits up to ``wait`` seconds, then refuses with a message saying what to do.
    """
    handle = _acquire(state_dir, wait)
    held = handle.fileno()
    _HELD.add(held)
    try:
        yield
    finally:
        _HELD.discard(held)
        handle.close()


def _acquire(state_dir: Path, wait: float) -> IO[str]:
    path = state_dir / "lock"
    real = outside_project(path)
    if real is not None:
        raise LockError(f"leads outside the project through a symlink (to {real}); remove the link", state_dir)
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        handle = _open(path)
    except OSError as exc:
        # A read-only project can still be checked; only writers need the lock.
        raise LockError(f"cannot create the project lock: {exc.strerror}", state_dir) from None
    deadline = time.monotonic() + wait
    try:
        while True:
            if _try_lock(handle):
                if _same_file(handle, path):
                    break
            elif not _take_over(state_dir, handle):
                if time.monotonic() >= deadline:
                    raise LockError(
                        "another i18nflow run is working on this project; "
                        "wait for it to finish (or use --wait SECONDS)",
                        path,
                    )
                time.sleep(0.1)
                continue
            handle.close()  # the file was replaced: lock the new one
            handle = _open(path)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()} {process_start(os.getpid())}\n")
        handle.flush()
    except OSError as exc:
        handle.close()
        raise LockError(f"cannot take the project lock: {exc.strerror}", path) from None
    except BaseException:
        handle.close()
        raise
    return handle
