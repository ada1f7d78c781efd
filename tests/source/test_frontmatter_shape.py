"""Front matter stays valid (issue 17, item 3): anchors kept, aliases not offered, shape proven."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from i18nflow.source.frontmatter import header as header_module
from i18nflow.source.frontmatter.shape import Unreadable, front_matter_shape
from i18nflow.source.segments import extract_segments
from markdown_helpers import post_from_text, render_with

HEADER = """\
---
title: &t Hello world
og_title: *t
description: !!str A short text
tags: [Skin care, Sleep]
meta: {summary: Good day}
---
Body.
"""
KEYS = ("title", "og_title", "description", "tags[]", "meta.summary")
ES = {"Hello world": "Hola mundo", "A short text": "Un texto: breve", "Skin care": "Piel, cuidado",
      "Sleep": "Sueño", "Good day": "Buen {día}"}


def test_anchors_and_tags_survive_and_the_alias_follows_the_translation(tmp_path: Path) -> None:
    post = post_from_text(tmp_path, HEADER)
    result = render_with(post, lambda s: ES.get(s.msgid), keys=KEYS)
    assert result.refused == []
    header = result.text.split("---\n")[1]
    assert "title: &t Hola mundo\nog_title: *t\n" in header and "description: !!str " in header
    data = yaml.safe_load(header)
    assert data == {"title": "Hola mundo", "og_title": "Hola mundo", "description": "Un texto: breve",
                    "tags": ["Piel, cuidado", "Sueño"], "meta": {"summary": "Buen {día}"}}


def test_an_aliased_value_is_offered_once_at_its_anchor(tmp_path: Path) -> None:
    post = post_from_text(tmp_path, HEADER)
    segments = [s for s in extract_segments(post, KEYS) if s.in_front_matter]
    assert [(s.msgctxt, s.msgid, s.line) for s in segments][:2] == [("title", "Hello world", 2),
                                                                   ("description", "A short text", 4)]
    assert "og_title" not in {s.msgctxt for s in segments}


def test_a_value_that_would_break_the_header_falls_back_and_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should quoting ever miss a case (here: no quoting at all, as before flow collections
    were known), the shape check is the proof that catches it."""
    monkeypatch.setattr(header_module, "value_text", lambda post, slot, value: value)
    post = post_from_text(tmp_path, HEADER)
    result = render_with(post, lambda s: ES.get(s.msgid), keys=KEYS)
    refused = {(s.msgid, r.check) for s, r in result.refused}
    assert refused == {("Skin care", "front-matter"), ("A short text", "front-matter"), ("Good day", "front-matter")}
    header = result.text.split("---\n")[1]
    assert front_matter_shape(header, "yaml") == front_matter_shape(HEADER.split("---\n")[1], "yaml")
    assert "Hola mundo" in header and "Sueño" in header and "Skin care" in header  # the rest is kept


def test_shape_compares_keys_types_and_nesting() -> None:
    assert front_matter_shape("a: x\nb: [1, 2]\n", "yaml") == front_matter_shape("b: [3, 4]\na: y\n", "yaml")
    assert front_matter_shape("a: x\n", "yaml") != front_matter_shape("a: [x]\n", "yaml")
    assert front_matter_shape("a: x\n", "yaml") != front_matter_shape("a: 5\n", "yaml")
    assert front_matter_shape('a = "x"\n', "toml") == front_matter_shape('a = "y"\n', "toml")
    assert front_matter_shape("a: x\n", "yaml", {"lang": "es"}) == front_matter_shape("a: x\nlang: es\n", "yaml")
    with pytest.raises(Unreadable):
        front_matter_shape("a: *nothing\n", "yaml")
