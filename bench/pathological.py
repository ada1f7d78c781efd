"""Time i18nflow on pathological posts (issue 17): each case should take a few seconds at most.

    python3 bench/pathological.py                 # every case: sync (extract, update, pseudo
                                                  # machine translation, render) then check
    python3 bench/pathological.py --case table    # one case
    python3 bench/pathological.py --profile emphasis   # cProfile's top functions, in process
    python3 bench/pathological.py --scale 0.1     # smaller inputs (scaling checks)

Each case is one post in a fresh project with the ``pseudo`` engine (offline), so the times are
i18nflow's own. Prints one line per case and step: wall and CPU seconds and peak RSS of the
process. ``table`` runs with the default ``[translate]`` limits (the table is held back from
machine translation, with a warning); ``table-translated`` lifts them, so every cell goes through
the engine and back into the catalog: the per-entry cost of the whole pipeline.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def emphasis(scale: float) -> str:
    return "*a **a " * int(5000 * scale) + "\n"


def brackets(scale: float) -> str:
    return "[" * int(50000 * scale) + "](" * int(20000 * scale) + "\n"


def bracket_text(scale: float) -> str:
    """Below the guard that skips the inline parse of a block (2,000 '['): parsed, and must stay linear."""
    return "[" * 1999 + " some words of text" * int(4700 * scale) + "\n"


def table(scale: float) -> str:
    rows, cols = int(2000 * scale), 50
    header = "|" + "|".join(f" Column {c} " for c in range(cols)) + "|\n"
    rule = "|" + "|".join("---" for _ in range(cols)) + "|\n"
    body = "".join("|" + "|".join(f" cell {r} {c} " for c in range(cols)) + "|\n" for r in range(rows))
    return header + rule + body


def long_line(scale: float) -> str:
    words = ("Skin care is a routine of daily habits", "with **gentle** products", "and [a link](https://example.org/x)")
    text = " ".join(words[i % 3] for i in range(int(5_000_000 * scale / 40)))
    return text + "\n"


CASES: dict[str, tuple[str, Callable[[float], str]]] = {
    "emphasis": ('"*a **a " x 5,000 (35 KB)', emphasis),
    "brackets": ('"[" x 50,000 + "](" x 20,000', brackets),
    "bracket-text": ('"[" x 1,999 + 90 KB of prose', bracket_text),
    "table": ("a 2,000 x 50 table", table),
    "table-translated": ("the same, limits lifted", table),
    "long-line": ("a 5 MB one-line paragraph", long_line),
}
UNLIMITED = "[translate]\nmax_table_cells = 0\nmax_post_entries = 0\n"  # every cell machine-translated


def make_project(root: Path, body: str, extra: str = "") -> None:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "i18nflow.toml").write_text(
        'locales = ["de"]\n[engines]\ndefault = "pseudo"\n' + extra, encoding="utf-8"
    )
    post = "---\ntitle: A pathological post\n---\n\nA normal paragraph first.\n\n" + body
    (root / "content" / "posts" / "2024-01-01-case.md").write_text(post, encoding="utf-8")


def run_step(root: Path, *args: str) -> tuple[float, float, int, int, str]:
    """Wall and CPU seconds, peak RSS in MB and exit status of ``i18nflow ARGS`` in its own
    process (CPU: the process and the workers it waited for, from getrusage)."""
    code = (
        "import resource, sys, runpy; sys.argv = ['i18nflow'] + sys.argv[1:]\n"
        "try:\n    runpy.run_module('i18nflow', run_name='__main__')\n"
        "finally:\n    sys.stderr.write(f'\\nRSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code, "-C", str(root), *args], capture_output=True, text=True)
    elapsed = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    rss = 0
    for line in done.stderr.splitlines():
        if line.startswith("RSS "):
            rss = int(line.split()[1]) // 1024
    messages = [line for line in done.stderr.splitlines() if line and not line.startswith("RSS ")]
    return elapsed, cpu, rss, done.returncode, messages[0][:100] if messages else ""


def profile(name: str, scale: float) -> None:
    from click.testing import CliRunner

    from i18nflow.cli import cli

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_project(root, CASES[name][1](scale), UNLIMITED if name == "table-translated" else "")
        profiler = cProfile.Profile()
        profiler.enable()
        CliRunner().invoke(cli, ["-C", str(root), "sync", "-j", "1"])
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=sorted(CASES), action="append")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--profile", choices=sorted(CASES))
    args = parser.parse_args()
    if args.profile:
        profile(args.profile, args.scale)
        return
    print(f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    print(f"{'case':<36} {'step':<6} {'seconds':>8} {'CPU s':>7} {'peak MB':>8}  exit  first message")
    for name in args.case or list(CASES):
        label, make = CASES[name]
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            make_project(root, make(args.scale), UNLIMITED if name == "table-translated" else "")
            for step in (("sync",), ("check",)):
                seconds, cpu, rss, code, message = run_step(root, *step)
                print(f"{label:<36} {step[0]:<6} {seconds:8.2f} {cpu:7.2f} {rss:8d}  {code:>4}  {message}",
                      flush=True)



if __name__ == "__main__":
    main()
