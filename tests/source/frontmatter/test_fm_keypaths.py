"""Key paths mean the same in every format: nested tables, arrays of tables, lists of strings."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontmatter_helpers import header_segments
from i18nflow.source.frontmatter.keypaths import parse_key_path, plain_values

KEYS = ("title", "params.description", "menu.main[].name", "tags[]", "aliases")

SAME_HEADER = {
    "yaml": (
        "---\ntitle: T\nparams:\n  description: D\nmenu:\n  main:\n    - name: A\n      weight: 1\n"
        "    - name: B\ntags: [x1, y2]\naliases: [a1]\n---\nBody.\n"
    ),
    "toml": (
        '+++\ntitle = "T"\ntags = ["x1", \'y2\']\naliases = ["a1"]\n[params]\ndescription = """D"""\n'
        '[[menu.main]]\nname = "A"\nweight = 1\n[[menu.main]]\nname = \'B\'\n+++\nBody.\n'
    ),
    "json": (
        '{\n  "title": "T",\n  "params": {"description": "D"},\n  "menu": {"main": [{"name": "A", "weight": 1},'
        ' {"name": "B"}]},\n  "tags": ["x1", "y2"],\n  "aliases": ["a1"]\n}\nBody.\n'
    ),
}


def test_parse_key_path() -> None:
    assert parse_key_path("menu.main[].name") == [("menu", False), ("main", True), ("name", False)]


def test_plain_values_walk_lists_and_skip_non_strings() -> None:
    data = {"menu": {"main": [{"name": "A"}, {"name": 2}, {"other": "x"}]}, "tags": ["a", 1, "b"]}
    assert plain_values(data, "menu.main[].name") == [(("menu", "main", 0, "name"), "A")]
    assert plain_values(data, "tags") == plain_values(data, "tags[]") == [(("tags", 0), "a"), (("tags", 2), "b")]
    assert plain_values(data, "title.x") == []


@pytest.mark.parametrize("fm_format", sorted(SAME_HEADER))
def test_the_same_key_paths_find_the_same_values_in_each_format(tmp_path: Path, fm_format: str) -> None:
    post, segments = header_segments(tmp_path, SAME_HEADER[fm_format], KEYS)
    assert post.fm_format == fm_format
    found = sorted((s.msgctxt or "", s.msgid) for s in segments)
    assert found == [
        ("aliases", "a1"),
        ("menu.main[].name", "A"),
        ("menu.main[].name", "B"),
        ("params.description", "D"),
        ("tags[]", "x1"),
        ("tags[]", "y2"),
        ("title", "T"),
    ]
    for segment in segments:  # each span spells the value, quotes included
        assert segment.msgid in post.text[segment.start : segment.end]
        assert post.line_of(segment.start) == segment.line
