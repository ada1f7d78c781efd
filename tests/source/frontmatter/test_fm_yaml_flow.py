"""Flow-style YAML: a translation with , : ] } # or quotes is quoted, so lists keep their length."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontmatter_helpers import HOSTILE, load_header, render
from i18nflow.source.frontmatter.yaml_block import is_plain_safe

SOURCE = "---\ntitle: Plain title\ntags: [piel, cara, cuello]\nseo: {description: valor, x: 1}\nlist:\n- item\n---\nBody.\n"
KEYS = ("title", "tags[]", "seo.description", "list")


def test_a_comma_in_a_flow_list_item_does_not_add_an_item(tmp_path: Path) -> None:
    translations = {"piel": "piel, cara", "valor": "valor, con coma", "cara": "cara: sí"}
    _, result = render(tmp_path, SOURCE, KEYS, lambda s: translations.get(s.msgid) if s.in_front_matter else None)
    assert result.rejected == []
    data = load_header("yaml", result.text)
    assert data["tags"] == ["piel, cara", "cara: sí", "cuello"]
    assert data["seo"] == {"description": "valor, con coma", "x": 1}
    assert "tags: [\"piel, cara\", \"cara: sí\", cuello]" in result.text


def test_plain_values_stay_plain_where_they_are_safe(tmp_path: Path) -> None:
    translations = {"piel": "skin care", "Plain title": "Un título, con coma", "item": "- no list"}
    _, result = render(tmp_path, SOURCE, KEYS, lambda s: translations.get(s.msgid) if s.in_front_matter else None)
    assert "tags: [skin care, cara, cuello]" in result.text
    assert "title: Un título, con coma\n" in result.text  # a comma is text outside [ ]
    assert load_header("yaml", result.text)["list"] == ["- no list"]


@pytest.mark.parametrize("value", [",", "a, b", "a]", "a}", "a: b", "a #b", "[a", "{a", "'a'", '"a"', "a,b"])
def test_flow_unsafe_values_are_not_plain_in_flow(value: str) -> None:
    assert not is_plain_safe(value, flow=True)


def test_hostile_values_keep_every_list_length(tmp_path: Path) -> None:
    _, result = render(tmp_path, SOURCE, KEYS, lambda s: HOSTILE + s.msgid if s.in_front_matter else None)
    data = load_header("yaml", result.text)
    assert data["tags"] == [HOSTILE + t for t in ("piel", "cara", "cuello")]
    assert data["seo"]["description"] == HOSTILE + "valor"
    assert data["list"] == [HOSTILE + "item"]


@pytest.mark.parametrize("value", ["y", "N", "0o17", "1e3", "1_000", "+.5", "0x1F"])
def test_what_go_yaml_reads_as_a_number_or_boolean_is_quoted_for_hugo(value: str) -> None:
    assert not is_plain_safe(value) and not is_plain_safe(value, flow=True)
    assert is_plain_safe("y ahora") and is_plain_safe("2 veces")
