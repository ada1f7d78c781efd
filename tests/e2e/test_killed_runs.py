"""A run killed from outside never locks the project: its workers die with it, the lock is not
theirs, a lock whose owner is gone is taken over, and SIGTERM ends a run like Ctrl-C.

The kills here hit the main process alone (as a CI timeout or ``kill PID`` does), never the
process group, and the next ``sync`` starts at once.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_faults import (
    check_finishes,
    cli_command,
    engine_project,
    invalid_files,
    missing_translations,
    prepared_site,
    run_cli,
)

from conftest import Project, needs_gettext
from i18nflow.cli import cli
from i18nflow.errors import LockError
from i18nflow.gettext import catalogs
from i18nflow.gettext.po import read_po
from i18nflow.sync.lock import project_lock
from libretranslate_server import FakeLibreTranslate


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(part) for part in text.split()]


def session_members(session: int) -> list[int]:
    """Processes still alive in the session the killed run started (its workers, if any)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            data = (entry / "stat").read_bytes()
        except OSError:
            continue
        fields = data[data.rfind(b")") + 2 :].split()
        if fields[0] != b"Z" and int(fields[3]) == session:
            found.append(int(entry.name))
    return found


def start_with_workers(root: Path, stderr: Path) -> subprocess.Popen[bytes]:
    """``sync --jobs 2`` in a session of its own, returned once its pool workers exist.

    Its stderr goes to a file, not a pipe: a stray worker would hold a pipe open for ever.
    """
    with open(stderr, "wb") as log:
        process = subprocess.Popen(cli_command(root, "sync", "--jobs", "2"), stdout=subprocess.DEVNULL,
                                   stderr=log, start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while len(children(process.pid)) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    return process


def edit_every_post(posts: list[Path], round_number: int) -> None:
    """Every domain has work, so the run is in its worker pool for a while."""
    for path in posts:
        text = path.read_text(encoding="utf-8")
        path.write_text(text + f"\nOne more paragraph from round {round_number} for everyone.\n", encoding="utf-8")


def wait_until_gone(session: int, seconds: float = 5.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := session_members(session)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


@needs_gettext
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigkill_of_the_main_process_alone_leaves_no_worker_and_no_lock(tmp_path: Path) -> None:
    rng = random.Random(17)
    root = tmp_path / "site"
    posts, human = prepared_site(root, 45, rng)  # 45 posts: the run uses worker processes
    killed = 0
    for round_number in range(3):
        edit_every_post(posts, round_number)
        process = start_with_workers(root, tmp_path / "stderr")
        time.sleep(rng.uniform(0.0, 0.3))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)  # the main process alone
            killed += 1
        process.wait()
        result = run_cli(root, "sync")  # at once: no waiting for stray workers to go
        left = wait_until_gone(process.pid)
        for pid in left:  # do not leave them behind when the test fails
            os.kill(pid, signal.SIGKILL)
        assert result.returncode == 0, result.stderr
        assert "another i18nflow run" not in result.stderr
        assert left == []
    assert killed >= 2
    check_finishes(root, human, "sync")


@needs_gettext
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_ends_a_run_cleanly_like_ctrl_c(tmp_path: Path) -> None:
    rng = random.Random(18)
    root = tmp_path / "site"
    posts, human = prepared_site(root, 45, rng)
    edit_every_post(posts, 0)
    process = start_with_workers(root, tmp_path / "stderr")
    assert process.poll() is None, "the run ended before it could be signalled"
    started = time.monotonic()
    os.kill(process.pid, signal.SIGTERM)
    process.wait(timeout=30)
    stderr = (tmp_path / "stderr").read_bytes()
    assert time.monotonic() - started < 10  # queued jobs are dropped, not waited for
    assert process.returncode == 1
    assert b"Traceback" not in stderr, stderr.decode()
    assert b"Aborted!" in stderr
    left = wait_until_gone(process.pid)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []
    assert invalid_files(root) == []
    assert missing_translations(root, human) == []
    check_finishes(root, human, "sync")


# -- the lock itself ------------------------------------------------------------------------

HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0)
os.write(fd, sys.argv[2].encode() + b"\\n")
print("locked", flush=True)
time.sleep(60)
"""


def hold_lock(state: Path, record: str) -> subprocess.Popen[str]:
    """A stray process holding the lock's flock, with ``record`` written as the owner."""
    state.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(state / "lock"), record],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid  # reaped: no process has this pid (until it is reused, far later)


def test_a_lock_whose_owner_is_gone_is_taken_over(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    state = tmp_path / ".i18nflow"
    owner = dead_pid()
    holder = hold_lock(state, f"{owner} 12345")
    try:
        with project_lock(state):
            assert (state / "lock").read_text().split()[0] == str(os.getpid())
        assert f"(pid {owner}) is gone; taking it over" in capfd.readouterr().err
    finally:
        holder.kill()
        holder.wait()


def test_a_lock_whose_owner_runs_is_respected(tmp_path: Path) -> None:
    state = tmp_path / ".i18nflow"
    holder = hold_lock(state, f"{os.getpid()}")
    try:
        with pytest.raises(LockError, match="another i18nflow run is working on this project"):
            with project_lock(state, wait=0.3):
                pass
    finally:
        holder.kill()
        holder.wait()


def test_a_reused_pid_is_not_taken_for_the_owner(tmp_path: Path) -> None:
    """The record names the owner by pid and start time: a new process with the old pid is not it."""
    state = tmp_path / ".i18nflow"
    holder = hold_lock(state, f"{os.getpid()} 1")  # our pid, but a start time that is not ours
    try:
        with project_lock(state):
            pass
    finally:
        holder.kill()
        holder.wait()


# -- stale state: a post edited while the run waits for the engine ------------------------------


def sync_in_process(project: Project) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(project.root), "sync"], catch_exceptions=False)
    return result.exit_code, result.stdout + result.stderr


@needs_gettext
@pytest.mark.parametrize("mode", ["upper", "html500"])
def test_a_post_edited_while_the_engine_works_is_not_recorded_as_up_to_date(
    tmp_path: Path, libretranslate_server: FakeLibreTranslate, mode: str
) -> None:
    """Whether the engine answers (the domain runs again with its fills) or fails (it does not)."""
    project = engine_project(tmp_path, libretranslate_server.url)
    post = project.root / "content" / "posts" / "2021-01-01-peel.md"
    libretranslate_server.delay = 1.0
    libretranslate_server.mode = mode
    added = "A paragraph the author saved while the engine was busy."

    def edit_when_the_engine_is_asked() -> None:
        deadline = time.monotonic() + 30
        while not libretranslate_server.requests and time.monotonic() < deadline:
            time.sleep(0.01)
        post.write_text(post.read_text(encoding="utf-8") + f"\n{added}\n", encoding="utf-8")

    editor = threading.Thread(target=edit_when_the_engine_is_asked)
    editor.start()
    sync_in_process(project)
    editor.join()
    libretranslate_server.reset()
    code, output = sync_in_process(project)
    assert code == 0, output
    assert "posts up to date" not in output
    assert added in project.read("locales/templates/peel.pot")
    assert added in project.read("build/es/posts/2021-01-01-peel.md")  # rendered as the source
    german = read_po(project.po("de", "peel"))
    assert all(catalogs.entry_state(e) == "machine" for e in german if e.msgid), [
        (e.msgid, e.msgstr) for e in german if e.msgid and catalogs.entry_state(e) != "machine"
    ]
    code, output = sync_in_process(project)
    assert "1 posts up to date" in output  # and then it is up to date
