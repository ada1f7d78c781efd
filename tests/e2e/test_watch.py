"""``i18nflow watch``: started, a file saved, the output follows, then stopped."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from conftest import Project

CONFIG = 'locales = ["es"]\n[engines]\ndefault = "none"\n[site]\ntitle = "Journal"\n'
POST = "---\ntitle: Peel\n---\nA peel renews the skin.\n"


class Watcher:
    """``i18nflow watch`` in the background, its stderr read line by line."""

    def __init__(self, project: Project, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "i18nflow", "-C", str(project.root), "watch", "--debounce", "100", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "I18NFLOW_PROGRESS_INTERVAL": "60"},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no {text!r} within {timeout} s; stderr so far: {self.seen}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=20)
        finally:
            if self.process.poll() is None:
                self.process.kill()


def eventually(check: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("the output did not follow the change")


def text_of(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def test_watch_resyncs_and_rebuilds_the_preview_when_a_post_or_a_catalog_changes(make_project) -> None:
    project = make_project(CONFIG, seed=False)
    post = project.post("2021-01-01-peel.md", POST)
    watcher = Watcher(project, "--html")
    try:
        watcher.wait_for("watching posts, catalogs and templates (and the preview)")
        page = project.root / "build/site/es/peel/index.html"
        copy = project.root / "build/es/posts/2021-01-01-peel.md"
        assert "A peel renews the skin." in text_of(page) and "A peel renews" in text_of(copy)

        post.write_text(POST.replace("renews", "refreshes"), encoding="utf-8")
        watcher.wait_for("changed: content/posts/2021-01-01-peel.md; syncing")
        eventually(lambda: "A peel refreshes the skin." in text_of(page) and "refreshes" in text_of(copy))

        po = project.po("es", "peel")
        po.write_text(text_of(po).replace('msgid "Peel"\nmsgstr ""', 'msgid "Peel"\nmsgstr "Exfoliación"'),
                      encoding="utf-8")
        watcher.wait_for("changed: locales/es/LC_MESSAGES/peel.po; syncing")
        eventually(lambda: "<title>Exfoliación" in text_of(page) and "title: Exfoliación" in text_of(copy))
        time.sleep(0.6)  # the run's own writes (the PO, the copy, the pages) start no other run
        while not watcher.lines.empty():
            assert "changed:" not in watcher.lines.get()
    finally:
        code = watcher.stop()
    assert code == 0


def test_watch_picks_up_posts_created_after_it_started_also_under_a_glob_added_meanwhile(make_project) -> None:
    project = make_project(CONFIG, seed=False)
    project.post("2021-01-01-peel.md", POST)
    watcher = Watcher(project)
    try:
        watcher.wait_for("watching posts, catalogs and templates")
        project.post("2021-02-01-mask.md", "---\ntitle: Mask\n---\nA mask calms the skin.\n")
        watcher.wait_for("changed: content/posts/2021-02-01-mask.md; syncing")
        eventually(lambda: "A mask calms" in text_of(project.root / "build/es/posts/2021-02-01-mask.md"))

        # a folder of posts the configuration did not name when the watch started, then named
        project.write("notes/2021-03-01-serum.md", "---\ntitle: Serum\n---\nA serum hydrates.\n")
        project.write("i18nflow.toml", CONFIG.replace('locales = ["es"]',
                                                      'locales = ["es"]\ncontent = ["content/posts/*.md", "notes/*.md"]'))
        watcher.wait_for("changed: i18nflow.toml; syncing")
        eventually(lambda: 'msgid "A serum hydrates."' in text_of(project.po("es", "serum")))
        time.sleep(0.3)
        project.write("notes/2021-04-01-oil.md", "---\ntitle: Oil\n---\nAn oil soothes.\n")
        watcher.wait_for("changed: notes/2021-04-01-oil.md; syncing")
        eventually(lambda: 'msgid "An oil soothes."' in text_of(project.po("es", "oil")))
    finally:
        code = watcher.stop()
    assert code == 0
