"""The HTML preview's speed: pages a second cold, and a no-op `sync --html` against a cold one.

    python3 bench/preview.py                      # 200 posts × 5 locales (1,208 pages)
    python3 bench/preview.py --posts 1000 --runs 3

Every figure comes from the real command on a generated corpus (bench/generate.py) in a temp
folder, wall seconds of the whole process (start-up included), best of ``--runs``:

- **cold sync --html**: nothing built yet, no state (catalogs, copies and pages all written);
- **cold preview**: the catalogs and copies up to date, the preview folder and its state
  deleted: `sync --html` then only builds pages, so pages ÷ seconds is the preview's rate;
- the same with the posts machine-translated (engine `pseudo`, `--include-machine`), where
  every page's body is a translation to parse rather than a copy of the source;
- **no-op sync --html**: nothing changed since the last run, as a fraction of the cold one.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import write_project  # noqa: E402

LOCALES = ("es", "de", "fr", "it", "pt_BR")


CPU: dict[str, list[tuple[float, float]]] = {}  # label → (user, system) CPU seconds, all processes, of each run


def timed(project: Path, *args: str) -> tuple[float, int]:
    """Wall seconds of one CLI run, and the files it wrote; its CPU seconds go to ``CPU``
    (on a shared machine the wall time also measures the neighbours, the CPU time does not)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "i18nflow", *args], cwd=project, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.setdefault(" ".join(args), []).append((after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime))
    if result.returncode not in (0, 1) or "Traceback" in result.stderr or "No module named" in result.stderr:
        raise SystemExit(f"i18nflow {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    written = re.search(r"(\d+) files written", result.stdout)
    return seconds, int(written.group(1)) if written else 0


TRASH = Path("set-aside")  # in the work folder (a rename stays on one file system): see main()
_TRASH = itertools.count()


def set_aside(path: Path) -> None:
    """Take ``path`` out of the project without deleting it before the next timed run.

    ext4 will not hand out an inode freed within the last seconds: each file the run creates
    after ``rm -rf`` of the last run's 1,200 pages walks past them (``recently_deleted``), which
    cost the measured run 0.5 to 1.5 s of system time, none of it the preview's own work. The
    folders set aside are deleted once every figure is taken."""
    if path.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        path.rename(TRASH / str(next(_TRASH)))


def forget_preview(project: Path) -> None:
    set_aside(project / "build/site")
    (project / ".i18nflow/site.json").unlink(missing_ok=True)


def measure(project: Path, runs: int, flags: tuple[str, ...]) -> dict[str, float]:
    pages = sum(1 for _ in (project / "content").rglob("*.md")) * (len(LOCALES) + 1)
    cold, preview, noop = [], [], []
    for _ in range(runs):
        for name in ("build", ".i18nflow", "locales"):
            set_aside(project / name)
        cold.append(timed(project, "sync", "--html", *flags)[0])
        noop.append(timed(project, "sync", "--html", *flags)[0])
        forget_preview(project)
        preview.append(timed(project, "sync", "--html", *flags)[0])
    return {"pages": pages, "cold sync --html": min(cold), "cold preview": min(preview),
            "no-op sync --html": min(noop)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs per figure")
    parser.add_argument("--workdir", default=None)
    args = parser.parse_args()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="i18nflow-preview-"))
    global TRASH
    TRASH = workdir / f"set-aside-{os.getpid()}"
    rows = []
    for label, engine, flags in (("untranslated", "none", ()), ("machine-translated", "pseudo",
                                                                 ("--include-machine",))):
        project = workdir / f"{label}-{args.posts}"
        set_aside(project)
        write_project(project, args.posts, LOCALES, engine=engine)
        CPU.clear()
        figures = measure(project, args.runs, flags)
        # every third run is a cold preview: the one with the least CPU, user and system apart
        figures["user"], figures["sys"] = min(CPU[" ".join(("sync", "--html", *flags))][2::3], key=sum)
        rows.append((label, figures))
    shutil.rmtree(TRASH, ignore_errors=True)
    print(f"{args.posts} posts × {len(LOCALES)} locales + source, best of {args.runs}; wall seconds "
          f"(CPU seconds of the cold preview in parentheses: user + system, all processes)")
    print(f"{'corpus':<20} {'pages':>6} {'cold sync':>10} {'cold preview':>13} {'pages/s':>8} "
          f"{'no-op':>7} {'no-op/cold':>11}")
    for label, f in rows:
        rate = f["pages"] / f["cold preview"]
        share = 100 * f["no-op sync --html"] / f["cold sync --html"]
        print(f"{label:<20} {f['pages']:>6.0f} {f['cold sync --html']:>10.2f} {f['cold preview']:>13.2f} "
              f"{rate:>8.0f} {f['no-op sync --html']:>7.2f} {share:>10.1f}%   "
              f"({f['user'] + f['sys']:.2f} CPU s: {f['user']:.2f} + {f['sys']:.2f})")


if __name__ == "__main__":
    main()
