"""JSON front matter (a Hugo file that starts with an object): found, extracted, patched in place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontmatter_helpers import HOSTILE, header_segments, load_header, render
from i18nflow.errors import ContentError
from markdown_helpers import post_from_text

SOURCE = """{
  "title" : "Learn about GIS",
  "keywords" :[ "GIS data", "Format" ],
  "author" : {
    "display_name" : "Kashif Iqbal"
},
  "draft" : "false",
  "menu" : { "docs" : { "parent" : "gis", "weight": 1 } }
}
Body {with braces}.
"""
KEYS = ("title", "keywords", "author.display_name")


def test_a_json_object_at_the_start_is_the_header(tmp_path: Path) -> None:
    post, segments = header_segments(tmp_path, SOURCE, KEYS)
    assert post.fm_format == "json"
    assert post.body == "Body {with braces}.\n"
    assert [(s.msgctxt, s.msgid, s.line) for s in segments] == [
        ("title", "Learn about GIS", 2),
        ("keywords", "GIS data", 3),
        ("keywords", "Format", 3),
        ("author.display_name", "Kashif Iqbal", 5),
    ]


@pytest.mark.parametrize("start", ["{: .lead}\nText.\n", "{{< figure src=x >}}\nText.\n", "{% raw %}\n"])
def test_kramdown_attributes_shortcodes_and_liquid_are_no_header(tmp_path: Path, start: str) -> None:
    assert post_from_text(tmp_path, start).fm_format is None


def test_translations_are_json_strings_in_place(tmp_path: Path) -> None:
    _, result = render(tmp_path, SOURCE, KEYS, lambda s: HOSTILE + s.msgid if s.in_front_matter else None)
    assert result.rejected == []
    data = load_header("json", result.text)
    assert data["title"] == HOSTILE + "Learn about GIS"
    assert data["keywords"] == [HOSTILE + "GIS data", HOSTILE + "Format"]
    assert data["author"] == {"display_name": HOSTILE + "Kashif Iqbal"}
    assert data["menu"] == json.JSONDecoder().raw_decode(SOURCE)[0]["menu"]
    assert result.text.endswith('"weight": 1 } }\n}\nBody {with braces}.\n')


def test_unicode_escapes_are_kept_where_the_source_used_them(tmp_path: Path) -> None:
    text = '{"title": "Caf\\u00e9"}\nBody.\n'
    _, result = render(tmp_path, text, ("title",), lambda s: "Café niño" if s.in_front_matter else None)
    assert result.text == '{"title": "Caf\\u00e9 ni\\u00f1o"}\nBody.\n'


def test_lang_is_added_as_a_member_like_the_others(tmp_path: Path) -> None:
    _, result = render(tmp_path, SOURCE, KEYS, lambda s: None, lang=True)
    assert result.text == SOURCE.replace('"weight": 1 } }\n}', '"weight": 1 } },\n  "lang": "es"\n}')
    _, inline = render(tmp_path, '{"title": "T"}\nBody.\n', KEYS, lambda s: None, lang=True)
    assert inline.text == '{"title": "T", "lang": "es"}\nBody.\n'
    _, existing = render(tmp_path, '{"lang": "en", "title": "T"}\nBody.\n', KEYS, lambda s: None, lang=True)
    assert existing.text == '{"lang": "es", "title": "T"}\nBody.\n'


def test_broken_json_is_an_error_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        post_from_text(tmp_path, '{\n  "title": "T",\n  "x": [1,\n}\nBody.\n')
    assert caught.value.line == 4
    assert "JSON" in str(caught.value)
