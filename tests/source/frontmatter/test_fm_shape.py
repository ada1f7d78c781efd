"""The one check after render: the header reads as the source's shape, or the value falls back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from frontmatter_helpers import header_segments
from i18nflow.source.frontmatter.header import value_edits
from i18nflow.source.frontmatter.shape import CHANGES_SHAPE, READS_OTHERWISE, keep_shape, shape

HEADERS = {
    "yaml": ("---\ntitle: T\ntags: [a, b]\n---\nBody.\n", "x, y"),
    "toml": ('+++\ntitle = "T"\ntags = ["a", "b"]\n+++\nBody.\n', '"x", "y"'),
    "json": ('{"title": "T", "tags": ["a", "b"]}\nBody.\n', '"x", "y"'),
}


def test_shape_is_keys_nesting_lengths_and_types() -> None:
    assert shape({"a": [1, "x"], "b": {"c": None}}) == shape({"a": [2, "y"], "b": {"c": None}})
    assert shape({"a": ["x"]}) != shape({"a": ["x", "y"]})
    assert shape({"a": "1"}) != shape({"a": 1})


@pytest.mark.parametrize("fm_format", sorted(HEADERS))
def test_an_edit_that_adds_a_list_item_falls_back_with_its_reason(tmp_path: Path, fm_format: str) -> None:
    text, breaking = HEADERS[fm_format]
    post, segments = header_segments(tmp_path, text, ("title", "tags"))
    good, bad = value_edits(post, [(segments[0], "Título"), (segments[1], "x, y")])
    bad = replace(bad, text=breaking)  # what unquoted text would do
    kept, rejected = keep_shape(post, [good, bad])
    assert kept == [good]
    assert [(change.segment.msgid, change.segment.line, reason) for change, reason in rejected] == [
        ("a", segments[1].line, CHANGES_SHAPE)
    ]


def test_a_value_that_reads_back_otherwise_falls_back(tmp_path: Path) -> None:
    post, segments = header_segments(tmp_path, "---\ntitle: T\n---\nBody.\n", ("title",))
    (edit,) = value_edits(post, [(segments[0], "A # B")])
    kept, rejected = keep_shape(post, [replace(edit, text="A # B")])  # YAML reads "A"
    assert kept == [] and rejected[0][1] == READS_OTHERWISE
