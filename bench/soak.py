"""Soak run: the property and fault tests of .ci/run, again and again with new seeds, for a while.

``python3 bench/soak.py --minutes 5`` runs rounds until the time is up. Each round runs every
reliability test (tests/test_properties_*.py, tests/e2e/test_faults.py) with the ``soak``
hypothesis profile scaled to ``--scale`` times the CI budget and a fresh random seed, so each
round searches new inputs, and killed runs happen at new moments. At the end it prints what was
exercised (steps of the "nothing lost" state machine, human translations tracked, documents and
catalogs checked, faults injected) and every failure with the command that reproduces it.

Everything runs in this process through ``pytest.main`` (the counters live in tests/strategies.py);
the CLI runs the tests start get ``src/`` first on PYTHONPATH, so the checkout is what is tested.
Exit status: 0 when no round failed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGETS = [
    "tests/test_properties_nothing_lost.py",
    "tests/test_properties_markdown.py",
    "tests/test_properties_corpus.py",
    "tests/test_properties_catalogs.py",
    "tests/test_properties_security.py",
    "tests/e2e/test_faults.py",
]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="time budget (default 5)")
    parser.add_argument(
        "--scale", type=float, default=2.0, help="examples per round, times the CI budget"
    )
    parser.add_argument(
        "--seed", type=int, default=None, help="first hypothesis seed (default: random)"
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    os.environ["HYPOTHESIS_PROFILE"] = "soak"
    os.environ["I18NFLOW_SOAK_SCALE"] = str(args.scale)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")])
    )
    sys.path[:0] = [str(REPO / "src"), str(REPO / "tests")]
    os.chdir(REPO)
    import pytest

    import strategies  # the counters every test adds to (after the profile is chosen)

    deadline = time.monotonic() + args.minutes * 60
    seeds = random.Random(args.seed)
    failures: list[str] = []
    rounds = runs = 0
    started = time.monotonic()
    while time.monotonic() < deadline:
        rounds += 1
        for target in TARGETS:
            if time.monotonic() >= deadline:
                break
            seed = seeds.randrange(2**32)
            os.environ["I18NFLOW_FAULT_SEED"] = str(seed)
            command = ["-q", "-x", "-p", "no:cacheprovider", "-W", "ignore::pytest.PytestAssertRewriteWarning",
                       f"--hypothesis-seed={seed}", target]  # fmt: skip
            code = pytest.main(list(command))  # pytest adds its ini options to the list it gets
            runs += 1
            if code not in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
                failures.append(
                    f"HYPOTHESIS_PROFILE=soak I18NFLOW_SOAK_SCALE={args.scale} I18NFLOW_FAULT_SEED={seed} "
                    f"python3 -m pytest {' '.join(command)}"
                )
    elapsed = time.monotonic() - started
    print(
        f"\nsoak: {elapsed / 60:.1f} minutes, {rounds} rounds, {runs} test files run, scale {args.scale}"
    )
    for name, count in sorted(strategies.FIGURES.items()):
        print(f"  {name}: {count}")
    print(f"  failures: {len(failures)}")
    for line in failures:
        print(f"    {line}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
