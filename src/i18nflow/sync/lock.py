"""The project lock: one run at a time writes a project's catalogs and outputs."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from i18nflow.errors import LockError


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
