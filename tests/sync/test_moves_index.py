"""The index of translations that can move: a domain's open keys are written once per run
unless they change (a domain's second pass, writing its machine translations, has the same)."""

from __future__ import annotations

from pathlib import Path

from i18nflow.sync.moves_index import MovesIndex


def open_keys(index: MovesIndex, domain: str) -> set[int]:
    rows = index.connection.execute("select hash from open_keys where domain = ?", (domain,)).fetchall()
    return {row[0] for row in rows}


def test_the_same_open_keys_are_not_written_again_and_new_ones_replace_them(tmp_path: Path) -> None:
    with MovesIndex.open(tmp_path / ".i18nflow", persist=True) as index:
        index.record("post", {1, 2, 3}, {})
        index.record("other", {3, 9}, {})
        changes = index.connection.total_changes
        index.record("post", {3, 2, 1}, {})
        assert index.connection.total_changes == changes  # nothing rewritten
        index.record("post", {2, 4}, {})
        assert open_keys(index, "post") == {2, 4} and open_keys(index, "other") == {3, 9}
        index.forget("post")
        assert open_keys(index, "post") == set()
        index.record("post", {2, 4}, {})  # forgotten, so written again
        assert open_keys(index, "post") == {2, 4}
    with MovesIndex.open(tmp_path / ".i18nflow", persist=True) as again:  # the next run reads them back
        assert open_keys(again, "post") == {2, 4}
        again.record("post", {2, 4}, {})
        assert open_keys(again, "post") == {2, 4}
