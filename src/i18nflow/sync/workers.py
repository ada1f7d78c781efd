"""Worker processes that die with the run that started them.

A pool worker forked by a run that is then killed (SIGKILL, the OOM killer, a CI timeout that
signals only the main process) used to be reparented to init and sleep forever on its task
queue, holding a copy of every descriptor the run had open, the project lock among them. So a
worker here:

- asks the kernel to SIGKILL it when its parent dies (Linux ``prctl(PR_SET_PDEATHSIG)``), and
  exits at once if the parent is already gone by the time it starts;
- on systems without that, watches its parent's pid from a daemon thread;
- closes its copy of the project lock (``lock.held_descriptors``), so a worker never holds it;
- ignores SIGINT (Ctrl-C reaches the whole process group: the main process stops the workers
  itself) and dies on SIGTERM (the main process's SIGTERM handler is not inherited).

And the main process, interrupted (SIGINT, SIGTERM turned into ``KeyboardInterrupt`` by the CLI)
or failing, kills its workers instead of waiting for their queued jobs: every file is written
atomically, so a job killed mid-way leaves the old file or the new one.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # multiprocessing loads when a pool is made: a no-op run makes none
    import multiprocessing.context
    from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1
_WATCH_INTERVAL = 0.5  # seconds between checks of the parent's pid (where prctl is missing)


def _die_with_parent(parent: int) -> None:
    """Worker initializer: see the module docstring."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # forked while the parent held them back
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _INTERRUPTS)
    from i18nflow.sync.lock import close_inherited_locks

    close_inherited_locks()
    if not _set_parent_death_signal():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="i18nflow-parent-watch").start()
    if os.getppid() != parent:  # the parent died before the prctl took effect
        os._exit(1)


def _set_parent_death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_INTERVAL)
    os._exit(1)


_INTERRUPTS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back (they are delivered, and handled, on leaving)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _INTERRUPTS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _context() -> multiprocessing.context.BaseContext:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


@contextmanager
def worker_pool(count: int) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers never outlive this process (nor hold its lock)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    before = set(multiprocessing.active_children())
    executor = ProcessPoolExecutor(
        max_workers=count, mp_context=_context(), initializer=_die_with_parent, initargs=(os.getpid(),)
    )
    try:
        with _signals_held():
            # Start the workers now, with SIGINT/SIGTERM held: an interruption raised inside
            # os.fork's after-fork hooks is printed and swallowed, and the run would go on.
            # One that arrived meanwhile is raised on leaving, here: the workers are stopped
            # (it used to escape before the try, leaving the pool to the interpreter's exit,
            # which wrote to its closed wake-up pipe: a traceback after "Aborted!").
            executor.submit(os.getpid)
        yield executor
    except BaseException:
        stop_workers(executor, before)
        raise
    executor.shutdown(wait=True)


def stop_workers(executor: ProcessPoolExecutor, before: set[Any]) -> None:
    """Kill the workers now: queued jobs are dropped, not waited for.

    Besides the executor's own list, every child started since the pool was made: an
    interruption in the middle of starting a worker leaves one the executor never listed.
    """
    import multiprocessing

    processes = set((getattr(executor, "_processes", None) or {}).values())
    processes |= set(multiprocessing.active_children()) - before
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.kill()
        except (OSError, ValueError, AttributeError):
            pass
    for process in processes:
        try:
            process.join(timeout=5)
        except (OSError, ValueError, AssertionError, AttributeError):
            pass
