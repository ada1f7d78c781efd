"""TOML front matter: values at key paths extracted and written back in place, style kept."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomllib

from frontmatter_helpers import HOSTILE, header_segments, load_header, render
from i18nflow.errors import ContentError
from i18nflow.source.frontmatter.toml_block import basic_string, toml_string
from markdown_helpers import post_from_text

SOURCE = '''+++
title = "Bundle example"  # kept comment
subtitle = 'Literal words'
summary = """
Two
lines"""
date = 2023-07-09
tags = [
    "hugo",   # x
    'mark down',
]
params.description = "dotted"
seo = { description = "inline", n = 1 }

[[menu.main]]
name = "Home"
weight = 1
[[menu.main]]
  name = 'About us'
+++
Body.
'''
KEYS = ("title", "subtitle", "summary", "date", "tags", "params.description", "seo.description", "menu.main[].name")


def test_toml_values_are_extracted_at_their_lines(tmp_path: Path) -> None:
    _, segments = header_segments(tmp_path, SOURCE, KEYS)
    assert [(s.msgctxt, s.msgid, s.line) for s in segments] == [
        ("title", "Bundle example", 2),
        ("subtitle", "Literal words", 3),
        ("summary", "Two\nlines", 4),
        ("tags", "hugo", 9),
        ("tags", "mark down", 10),
        ("params.description", "dotted", 12),
        ("seo.description", "inline", 13),
        ("menu.main[].name", "Home", 16),
        ("menu.main[].name", "About us", 19),
    ]


def test_translations_are_patched_in_place_keeping_comments_and_string_kinds(tmp_path: Path) -> None:
    post, result = render(tmp_path, SOURCE, KEYS, lambda s: f"ES {s.msgid}" if s.in_front_matter else None)
    assert result.rejected == []
    assert result.text == (
        SOURCE.replace('"Bundle example"', '"ES Bundle example"')
        .replace("'Literal words'", "'ES Literal words'")
        .replace('"""\nTwo', '"""\nES Two')
        .replace('"hugo"', '"ES hugo"')
        .replace("'mark down'", "'ES mark down'")
        .replace('"dotted"', '"ES dotted"')
        .replace('"inline"', '"ES inline"')
        .replace('"Home"', '"ES Home"')
        .replace("'About us'", "'ES About us'")
    )


def test_hostile_translations_read_back_exactly_with_tomllib(tmp_path: Path) -> None:
    post, result = render(tmp_path, SOURCE, KEYS, lambda s: HOSTILE + s.msgid if s.in_front_matter else None)
    assert result.rejected == []
    data, source = load_header("toml", result.text), load_header("toml", SOURCE)
    assert data["title"] == HOSTILE + "Bundle example"
    assert data["subtitle"] == HOSTILE + "Literal words"  # no longer literal: it holds a '
    assert data["summary"] == HOSTILE + "Two\nlines"
    assert data["menu"]["main"][1]["name"] == HOSTILE + "About us"
    assert data["tags"] == [HOSTILE + "hugo", HOSTILE + "mark down"]
    assert data["date"] == source["date"] and data["seo"]["n"] == 1
    assert result.text.endswith("+++\nBody.\n")


@pytest.mark.parametrize(
    ("original", "value"),
    [
        ("'x'", "it's"),
        ("'x'", "tab\there"),
        ("'''x'''", "ends with '"),
        ("'''x'''", "has ''' inside"),
        ("'''\nx'''", "\nstarts with a break"),
        ('"""x"""', 'quotes """ and "" and "'),
        ('"""x"""', "back\\slash \u0001 \r"),
        ('"x"', "\u007f\u0000\b\f\n\r\"\\ é"),
    ],
)
def test_every_string_kind_reads_back_as_the_value(original: str, value: str) -> None:
    assert tomllib.loads(f"k = {toml_string(original, value)}\n")["k"] == value


def test_basic_string_escapes_what_toml_requires() -> None:
    assert basic_string('a"b\\c\nd\u0001') == '"a\\"b\\\\c\\nd\\u0001"'


def test_lang_goes_before_the_first_table_not_into_a_bracket_line_of_an_array(tmp_path: Path) -> None:
    text = '+++\ntitle = "T"\nmatrix = [\n[1, 2],\n]\n[params]\nx = 1\n+++\nBody.\n'
    _, result = render(tmp_path, text, ("title",), lambda s: None, lang=True)
    assert result.text == text.replace("[params]", 'lang = "es"\n[params]')
    _, replaced = render(tmp_path, text.replace('title = "T"', "lang = 'en' # source"), ("title",), lambda s: None, lang=True)
    assert "lang = 'es' # source" in replaced.text


def test_broken_toml_is_an_error_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        post_from_text(tmp_path, '+++\ntitle = "T"\ntags = [\n+++\nBody.\n')
    assert caught.value.line is not None and caught.value.line >= 2
    assert "TOML" in str(caught.value)


def test_crlf_headers_keep_crlf_and_give_lf_values(tmp_path: Path) -> None:
    text = "+++\r\ntitle = '''\r\nTwo\r\nlines'''\r\n[a.c]\r\nmenu = [{name = 'x y'}]\r\n+++\r\nBody\r\n"
    keys = ("title", "a.c.menu[].name")
    _, segments = header_segments(tmp_path, text, keys)
    assert [s.msgid for s in segments] == ["Two\nlines", "x y"]
    _, result = render(tmp_path, text, keys, lambda s: "It's\nnew" if s.in_front_matter else None)
    assert result.rejected == []
    assert "\n" not in result.text.replace("\r\n", "")
    data = tomllib.loads(result.text.split("+++\r\n")[1])
    assert data == {"title": "It's\nnew", "a": {"c": {"menu": [{"name": "It's\nnew"}]}}}
