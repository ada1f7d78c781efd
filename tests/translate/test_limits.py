"""Blocks too large for machine translation (issue 17, item 11): which keys are held back, why,
and what the run says; the pipeline's side is in tests/e2e/test_machine_limits.py."""

from __future__ import annotations

from pathlib import Path

from i18nflow.config import MachineLimits
from i18nflow.source.content import Post, load_post
from i18nflow.source.segment import Segment
from i18nflow.source.segments import extract_segments
from i18nflow.translate.limits import held_back


def table(rows: int, columns: int, word: str = "cell") -> str:
    header = "|" + "|".join(f" Head {c} " for c in range(columns)) + "|\n"
    rule = "|" + "|".join("---" for _ in range(columns)) + "|\n"
    return header + rule + "".join(
        "|" + "|".join(f" {word} {r} {c} " for c in range(columns)) + "|\n" for r in range(rows)
    )


def extracted(folder: Path, body: str, name: str = "post.md") -> tuple[Post, list[Segment]]:
    path = folder / name
    path.write_text(f"---\ntitle: A post with tables\n---\n\n{body}", encoding="utf-8")
    post = load_post(path, folder, folder)
    return post, extract_segments(post, ("title",))


def test_a_table_over_the_limit_is_held_back_and_the_rest_of_the_post_is_not(tmp_path: Path) -> None:
    body = "Before the table.\n\n" + table(4, 3) + "\nAfter the table.\n"  # 3 + 12 = 15 cells
    post, segments = extracted(tmp_path, body)
    held = held_back([(post, segments)], MachineLimits(max_table_cells=14))
    cells = {(s.msgctxt, s.msgid) for s in segments if s.kind == "table cell"}
    assert len(cells) == 15
    assert held.keys == cells
    others = {s.msgid for s in segments if (s.msgctxt, s.msgid) not in held.keys}
    assert others == {"A post with tables", "Before the table.", "After the table."}
    [block] = held.blocks
    assert (block.post, block.what, block.size, block.setting, block.limit) == ("post.md", "table", 15,
                                                                                  "max_table_cells", 14)
    assert block.line == 7  # the header row: line 5 is "Before the table.", 6 blank
    assert post.text.split("\n")[block.line - 1].startswith("| Head 0 ")
    message = block.message()
    assert "table of 15 cells not machine translated" in message
    assert "[translate] max_table_cells = 14 in i18nflow.toml" in message
    assert "stay in the catalog for translators" in message


def test_a_table_at_the_limit_is_translated(tmp_path: Path) -> None:
    post, segments = extracted(tmp_path, table(4, 3))
    held = held_back([(post, segments)], MachineLimits(max_table_cells=15))
    assert not held and held.blocks == ()


def test_tables_are_counted_one_by_one(tmp_path: Path) -> None:
    """Two tables apart (a blank line between, no entry) are two blocks: only the big one is held;
    a row without letters does not end a table."""
    numbers = "| 1 | 2 | 3 |\n"
    big = table(2, 3, "big")
    big = big + numbers + "| big x 0 | big x 1 | big x 2 |\n"  # 3 + 6 + 3 cells, a numbers row inside
    small = table(1, 3, "small")  # 6 cells
    post, segments = extracted(tmp_path, big + "\n" + small)
    held = held_back([(post, segments)], MachineLimits(max_table_cells=10))
    assert [(b.size, b.line) for b in held.blocks] == [(12, 5)]
    assert {msgid for _, msgid in held.keys} >= {"big 0 0", "big x 2"}
    assert not any(msgid.startswith("small") for _, msgid in held.keys)


def test_an_entry_also_outside_the_table_is_translated(tmp_path: Path) -> None:
    body = table(5, 2, "cell").replace(" cell 0 0 ", " Yes ") + "\nYes\n"
    post, segments = extracted(tmp_path, body)
    held = held_back([(post, segments)], MachineLimits(max_table_cells=5))
    assert (None, "Yes") not in held.keys
    assert (None, "cell 4 1") in held.keys


def test_a_post_over_the_entry_limit_is_held_back_whole(tmp_path: Path) -> None:
    body = "".join(f"Paragraph number {n}.\n\n" for n in range(30))
    post, segments = extracted(tmp_path, body, "long.md")
    other, other_segments = extracted(tmp_path, "Paragraph number 3.\n\nA short post.\n", "short.md")
    held = held_back([(post, segments), (other, other_segments)], MachineLimits(max_post_entries=30))
    [block] = held.blocks
    assert (block.post, block.line, block.what, block.size) == ("long.md", 1, "post", 31)
    assert "post of 31 entries" in block.message() and "max_post_entries = 30" in block.message()
    # the short post wants its entries, those it shares with the long post (a paragraph, the title) included
    assert held.keys == {(None, f"Paragraph number {n}.") for n in range(30) if n != 3}
    assert (None, "A short post.") not in held.keys


def test_zero_means_no_limit(tmp_path: Path) -> None:
    post, segments = extracted(tmp_path, table(20, 5))
    assert not held_back([(post, segments)], MachineLimits(max_table_cells=0, max_post_entries=0))
    defaults = MachineLimits()
    assert not held_back([(post, segments)], defaults)
    assert defaults.max_table_cells >= 1_000 and defaults.max_post_entries >= 10_000  # no real post reaches them
