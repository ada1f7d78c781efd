"""Pathological input stays near linear (issue 17, item 11): each case of bench/pathological.py,
smaller, checked for correctness and for how its time grows.

Speed itself is measured in bench/; here the test is the *growth*: four times the input may cost
about four times the time (allowed: ten), where the quadratic scans it replaces cost sixteen.
Each side is the best of three runs, so a busy machine does not fake a quadratic.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from i18nflow.gettext.po.reader import parse_po_text
from i18nflow.source.content import Post, load_post
from i18nflow.source.segments import extract_segments
from i18nflow.translate.placeholders import protect, restore

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import pathological  # noqa: E402  (bench/pathological.py: the cases themselves)


def best_of_three(work: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def growth(make: Callable[[float], object], small: float, factor: int = 4) -> float:
    """How many times longer ``factor`` times the input takes."""
    return best_of_three(lambda: make(small * factor)) / max(best_of_three(lambda: make(small)), 1e-4)


def post_of(folder: Path, body: str) -> Post:
    path = folder / "case.md"
    path.write_text(f"---\ntitle: Case\n---\n{body}", encoding="utf-8")
    return load_post(path, folder, folder)


def round_trip(text: str) -> None:
    protected = protect(text)
    assert restore(protected.text, protected) == text


@pytest.mark.parametrize(("case", "scale"), [("emphasis", 0.1), ("long-line", 0.002)])
def test_placeholders_round_trip_in_linear_time(case: str, scale: float) -> None:
    make = pathological.CASES[case][1]
    round_trip(make(scale))
    assert growth(lambda size: round_trip(make(size)), scale) < 10


def test_brackets_are_extracted_in_linear_time(tmp_path: Path) -> None:
    make = pathological.CASES["brackets"][1]

    def extract(scale: float) -> int:
        return len(extract_segments(post_of(tmp_path, make(scale)), ("title",)))

    assert extract(0.04) == 1  # the title: "[[[…](](…" has no letters to translate
    assert growth(extract, 0.04) < 10


def test_a_wide_table_is_extracted_in_linear_time(tmp_path: Path) -> None:
    """Growing in columns: each cell used to split its whole row again."""

    def extract(scale: float) -> int:
        columns = int(1000 * scale)
        rows = ["|" + "|".join(f" cell {r} {c} " for c in range(columns)) + "|\n" for r in range(10)]
        body = rows[0] + "|" + "|".join("---" for _ in range(columns)) + "|\n" + "".join(rows[1:])
        return len(extract_segments(post_of(tmp_path, body), ("title",)))

    assert extract(0.1) == 1 + 10 * 100
    assert growth(extract, 0.1, factor=8) < 40  # linear: 8, quadratic: 64 (margin for a busy machine)


def test_a_long_msgid_is_read_in_linear_time() -> None:
    def catalog(lines: int) -> str:
        body = "".join(f'"word {i} and more words to make a long line of a paragraph "\n' for i in range(lines))
        return f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid ""\n{body}msgstr ""\n'

    def read(scale: float) -> None:
        entry = parse_po_text(catalog(int(20_000 * scale)), "x.po")[0]
        assert entry.msgid.startswith("word 0 and")

    assert growth(read, 0.5) < 10
