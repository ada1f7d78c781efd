"""The command's exit (``__main__.command``): it skips Python's teardown of the heap, and nothing else.

Each case runs in its own interpreter, since the exit ends the process."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _python(code: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=cwd, timeout=60)


PRELUDE = """
    import atexit, sys, threading, time
    from i18nflow.__main__ import _leave

    class Noisy:
        def __del__(self):
            print("torn down", flush=True)

    kept = Noisy()  # Python's teardown would free it and print
    atexit.register(lambda: print("exit handler ran", flush=True))
"""


def test_the_quick_exit_runs_the_exit_handlers_flushes_and_keeps_the_status() -> None:
    result = _python(PRELUDE + """
    print("x" * 100000, end="")  # still in the buffer: the exit must flush it
    print("err", file=sys.stderr, end="")
    _leave(3)
    """)
    assert result.returncode == 3
    assert result.stdout.startswith("x" * 100000) and result.stdout.endswith("exit handler ran\n")
    assert result.stderr == "err"
    assert "torn down" not in result.stdout  # the heap was not torn down: the point of it


def test_a_message_or_a_working_thread_gets_pythons_own_exit() -> None:
    message = _python(PRELUDE + """
    _leave("no i18nflow.toml here")
    """)
    assert message.returncode == 1 and message.stderr.strip() == "no i18nflow.toml here"
    working = _python(PRELUDE + """
    threading.Thread(target=lambda: (time.sleep(0.3), print("thread finished", flush=True))).start()
    _leave(0)
    """)
    assert working.returncode == 0
    assert "thread finished" in working.stdout and "exit handler ran" in working.stdout


def test_the_command_exits_with_its_status_and_its_whole_output(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("---\ntitle: A post\n---\n\nSome words.\n", encoding="utf-8")
    (tmp_path / "i18nflow.toml").write_text('source_locale = "en"\nlocales = ["es", "de"]\n', encoding="utf-8")
    synced = subprocess.run([sys.executable, "-m", "i18nflow", "sync", "--format", "json"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert synced.returncode in (0, 1), synced.stderr
    assert json.loads(synced.stdout)["written"]  # the whole document, flushed
    missing = subprocess.run([sys.executable, "-m", "i18nflow", "status"], cwd=tmp_path / "content",
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "i18nflow init" in missing.stderr
