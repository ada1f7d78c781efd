"""How far a long step is, on stderr, so a run of minutes is never silent.

On a terminal a rich progress bar (cleared when the step ends); otherwise — CI logs, a pipe, a
file — a plain line every few seconds, as ``rsync --info=progress2`` or ``pip`` do in a log::

    i18nflow: sync 120/400 posts, 3,200 strings translated, 12 s elapsed, about 28 s left

Steps report through :class:`Progress` whatever runs them (the pipeline, the preview, machine
translation); ``-q`` gives a silent one. ``I18NFLOW_PROGRESS_INTERVAL`` (seconds, default 5)
sets how often the plain line is printed, by a ticker thread, so a step that waits on a slow
engine still reports; 0 prints a line at every update (tests use it).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any, TextIO

DEFAULT_INTERVAL = 5.0


class Step:
    """One step's counter: ``done`` of ``total`` units, and strings translated so far."""

    def __init__(self, progress: Progress, label: str, total: int, unit: str):
        self.progress, self.label, self.total, self.unit = progress, label, total, unit
        self.done = 0
        self.strings = 0
        self.started = time.monotonic()
        self.lines = 0  # plain lines printed: a step that printed any says when it is done
        self._task: Any = None
        if progress.bar is not None:
            self._task = progress.bar.add_task(label, total=total or None, unit=unit, strings="")
        progress.current = self

    def advance(self, amount: int = 1, strings: int = 0) -> None:
        self.update(self.done + amount, self.strings + strings)

    def update(self, done: int, strings: int | None = None) -> None:
        self.done = done
        if strings is not None:
            self.strings = strings
        bar = self.progress.bar
        if bar is not None:
            bar.update(self._task, completed=done, strings=self._strings_text())
        elif self.progress.enabled and self.progress.interval == 0:
            self.tick()

    def tick(self) -> None:
        """Print the plain line (the ticker thread calls this every interval while the step runs)."""
        self.lines += 1
        self.progress.line(self.text())

    def text(self, now: float | None = None) -> str:
        """``sync 120/400 posts, 3,200 strings translated, 12 s elapsed, about 28 s left``."""
        now = time.monotonic() if now is None else now
        elapsed = now - self.started
        parts = [f"{self.label} {self.done:,}/{self.total:,} {self.unit}"]
        if self.strings:
            parts.append(self._strings_text())
        parts.append(f"{_duration(elapsed)} elapsed")
        if 0 < self.done < self.total:
            parts.append(f"about {_duration(elapsed * (self.total - self.done) / self.done)} left")
        return ", ".join(parts)

    def _strings_text(self) -> str:
        return f"{self.strings:,} strings translated" if self.strings else ""

    def close(self) -> None:
        if self.progress.current is self:
            self.progress.current = None
            if self.lines and self.progress.interval:
                self.progress.line(f"{self.label} done: {self.done:,} {self.unit} in "
                                   f"{_duration(time.monotonic() - self.started)}")
        if self.progress.bar is not None and self._task is not None:
            self.progress.bar.remove_task(self._task)
            self._task = None

    def __enter__(self) -> Step:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class Progress:
    """Where steps report; silent when not ``enabled`` (``-q``), a bar on a terminal, else lines."""

    def __init__(self, enabled: bool = True, stream: TextIO | None = None, interval: float | None = None):
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval if interval is not None else _interval_from_env()
        self.bar: Any = None
        self.current: Step | None = None
        self._stopped = threading.Event()
        self._ticker: threading.Thread | None = None
        if enabled and not _is_terminal(self.stream) and self.interval > 0:
            self._ticker = threading.Thread(target=self._tick, name="i18nflow-progress", daemon=True)
            with _interrupts_blocked():
                self._ticker.start()
        elif enabled and _is_terminal(self.stream):
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as RichProgress

            self.bar = RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                    TextColumn("{task.fields[unit]}"), TextColumn("{task.fields[strings]}"),
                                    TimeRemainingColumn(), console=Console(file=self.stream), transient=True)
            with _interrupts_blocked():  # rich's refresh thread
                self.bar.start()

    def step(self, label: str, total: int, unit: str = "posts") -> Step:
        return Step(self, label, total, unit)

    def line(self, text: str) -> None:
        if self.enabled:
            print(f"i18nflow: {text}", file=self.stream, flush=True)

    def _tick(self) -> None:
        while not self._stopped.wait(self.interval):
            step = self.current
            if step is not None and time.monotonic() - step.started >= self.interval:
                step.tick()

    def stop(self) -> None:
        self._stopped.set()
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


@contextmanager
def _interrupts_blocked() -> Iterator[None]:
    """Threads started in here never take SIGINT or SIGTERM (a thread inherits its creator's
    mask): the kernel gives those to a thread that does not block them, and one taken by a helper
    thread while the main thread holds them back (as the worker pool does while forking) would
    be handled at the wrong moment and lost. Signals stay the main thread's."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def silent() -> Progress:
    return Progress(enabled=False)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def _interval_from_env() -> float:
    try:
        return max(0.0, float(os.environ.get("I18NFLOW_PROGRESS_INTERVAL", DEFAULT_INTERVAL)))
    except ValueError:
        return DEFAULT_INTERVAL


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes, seconds = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
