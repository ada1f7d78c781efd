"""Render: byte-identical copies without translations, only the translated spans changed with them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from i18nflow.config import RenderOptions
from i18nflow.source.render import render_post
from i18nflow.source.segments import extract_segments
from markdown_helpers import hostile, post_from_text, render_with, structure

TRICKY = {
    "nested lists": "- a\n  - b\n    - c\n\n      para in c\n- d\n\n1. one\n2) two\n",
    "tables": "| a | b |\n|:--|--:|\n| `x|y` | z \\| w |\n| only one |\n",
    "setext": "Title\n=====\n\nSub\ntitle\n---\n",
    "lazy continuation": "> quoted\nlazy line\n> - item\nlazy item\n",
    "html blocks": '<div class="x">\n<p>Hi <b>there</b></p>\n</div>\n\n<!-- comment -->\n\n<span>\ntext\n</span>\n',
    "crlf": "---\r\ntitle: T\r\n---\r\n# H\r\n\r\nPara\r\ngraph.\r\n\r\n- x\r\n",
    "cr only": "Para\rgraph.\r\rNext.\r",
    "tabs": "-\tone\n\n\tcode\n\n>\tquote\n",
    "no final newline": "# End\n\nLast line",
    "hard breaks": "Line one  \nLine two\\\nLine three\n",
    "entities and non-ascii": "Caf&eacute; &nbsp; naïve — “quotes” שלום Привет 🎉\n",
    "link reference definitions": "See [the site][ref].\n\n[ref]: https://example.com 'T'\n",
    "liquid and kramdown": "Para.\n{: .notice}\n\n{% include x.html %}\n\n## Head {#id}\n",
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_rendering_without_translations_is_byte_identical(tmp_path: Path, name: str) -> None:
    text = TRICKY[name]
    post = post_from_text(tmp_path, text)
    assert render_with(post, lambda s: None).text == text
    # a translation equal to its msgid changes nothing either
    assert render_with(post, lambda s: s.msgid).text == text


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_translations_with_markdown_punctuation_keep_the_block_structure(tmp_path: Path, name: str) -> None:
    post = post_from_text(tmp_path, TRICKY[name])
    result = render_with(post, hostile)
    assert result.rejected == []  # escaping was enough: every translation was used
    rendered_body = _body(result.text) if post.fm_format else result.text
    assert structure(rendered_body) == structure(post.body)


def _body(text: str) -> str:
    return text.split("---", 2)[2] if text.startswith("---") else text


def test_bom_and_untouched_front_matter_are_kept_and_lang_is_added(tmp_path: Path) -> None:
    text = "\ufeff---\n# a comment\ntitle:   'Quoted'\nlayout: post\n---\nBody.\n"
    post = post_from_text(tmp_path, text.encode("utf-8"))
    result = render_post(post, extract_segments(post, ("title",)), lambda s: None, "es", RenderOptions())
    assert result.encoded(post) == "\ufeff---\n# a comment\ntitle:   'Quoted'\nlayout: post\nlang: es\n---\nBody.\n".encode()


def test_multi_line_translation_goes_back_into_its_container(tmp_path: Path) -> None:
    post = post_from_text(tmp_path, "> - first line\n>   second line\n\nAfter.\n")
    result = render_with(post, lambda s: "primera\nsegunda" if s.kind == "list item" else None)
    assert result.text == "> - primera  \n>   segunda\n\nAfter.\n"


def test_translated_table_cell_escapes_pipes(tmp_path: Path) -> None:
    post = post_from_text(tmp_path, "| Session | Price |\n|---|---|\n| Single | 50 |\n")
    result = render_with(post, lambda s: {"Single": "Una | sola"}.get(s.msgid))
    assert result.text == "| Session | Price |\n|---|---|\n| Una \\| sola | 50 |\n"


def test_translation_that_would_start_a_list_or_heading_is_escaped(tmp_path: Path) -> None:
    post = post_from_text(tmp_path, "Some text.\n\nMore text.\n")
    table = {"Some text.": "- no es lista", "More text.": "# no es título\n1. ni lista"}
    result = render_with(post, lambda s: table.get(s.msgid))
    assert result.text == "\\- no es lista\n\n\\# no es título  \n1\\. ni lista\n"
    assert structure(result.text) == structure(post.text)


@pytest.mark.parametrize(
    "value",
    ["Plain title", "Título: con dos puntos", "#hashtag start", "'quoted'", "yes", "multi\nline", "tab\there"],
)
def test_front_matter_translation_loads_back_as_the_translation(tmp_path: Path, value: str) -> None:
    text = "---\ntitle: Source title\ndescription: >-\n  Long folded\n  description.\nlayout: post\n---\nBody.\n"
    post = post_from_text(tmp_path, text)
    result = render_with(post, lambda s: value if s.in_front_matter else None)
    data = yaml.safe_load(result.text.split("---\n")[1])
    assert data["title"] == value
    assert data["description"] == value
    assert data["layout"] == "post"
    assert result.text.endswith("layout: post\n---\nBody.\n")


def test_front_matter_value_keeps_its_style_when_it_can(tmp_path: Path) -> None:
    text = "---\ntitle: Source\ndescription: >-\n  Long folded\n  text.\nquote: 'It''s'\n---\n"
    post = post_from_text(tmp_path, text)
    table = {"Source": "Fuente", "Long folded text.": "Texto plegado largo.", "It's": "Es de 'ella'"}
    result = render_with(post, lambda s: table.get(s.msgid), keys=("title", "description", "quote"))
    assert result.text == "---\ntitle: Fuente\ndescription: >-\n  Texto plegado largo.\nquote: 'Es de ''ella'''\n---\n"


def test_heading_ids_source_pins_translated_headings_to_the_source_anchor(tmp_path: Path) -> None:
    post = post_from_text(tmp_path, "## How is it performed?\n\n## Aftercare {#aftercare}\n\nSee [how](#how-is-it-performed).\n")
    options = RenderOptions(add_lang=False, heading_ids="source")
    table = {"How is it performed?": "¿Cómo se realiza?", "Aftercare": "Cuidados"}
    result = render_post(post, extract_segments(post, ()), lambda s: table.get(s.msgid), "es", options)
    assert result.text == (
        "## ¿Cómo se realiza? {#how-is-it-performed}\n\n## Cuidados {#aftercare}\n\n"
        "See [how](#how-is-it-performed).\n"
    )


def test_render_fields_add_polyglot_front_matter(tmp_path: Path) -> None:
    post = post_from_text(tmp_path, "---\ntitle: T\npermalink: /treatments/microcurrent/\n---\nB.\n", "2020-01-01-micro.md")
    options = RenderOptions(fields={"permalink": "/{locale}{permalink}", "page_id": "{slug}"})
    result = render_post(post, extract_segments(post, ()), lambda s: None, "de", options)
    assert result.text == "---\ntitle: T\npermalink: /de/treatments/microcurrent/\nlang: de\npage_id: micro\n---\nB.\n"


def test_crlf_post_gets_crlf_lines_from_translations(tmp_path: Path) -> None:
    post = post_from_text(tmp_path, "---\r\ntitle: T\r\n---\r\nOne\r\ntwo.\r\n")
    result = render_post(post, extract_segments(post, ("title",)), lambda s: "Uno\ndos." if s.msgid == "One two." else None, "es", RenderOptions())
    assert result.text == "---\r\ntitle: T\r\nlang: es\r\n---\r\nUno  \r\ndos.\r\n"


def test_text_parameters_inside_a_heading_and_a_list_item_follow_their_blocks_translation(tmp_path: Path) -> None:
    body = '## Map {{< figure src="m.png" caption="The map" >}}\n\n- A {{< figure src="a.png" title="Dog" >}} and\n  more words\n'
    post = post_from_text(tmp_path, body)
    segments = extract_segments(post, (), "goldmark")
    assert [(s.kind, s.msgid) for s in segments] == [
        ("heading", 'Map {{< figure src="m.png" caption="The map" >}}'),
        ("shortcode figure: caption", "The map"),
        ("list item", 'A {{< figure src="a.png" title="Dog" >}} and more words'),
        ("shortcode figure: title", "Dog"),
    ]
    table = {
        "The map": "El mapa", "Dog": "Perro",
        'Map {{< figure src="m.png" caption="The map" >}}': 'Mapa {{< figure src="m.png" caption="The map" >}}',
        'A {{< figure src="a.png" title="Dog" >}} and more words': 'Un {{< figure src="a.png" title="Dog" >}}\ny más',
    }
    result = render_post(post, segments, lambda s: table.get(s.msgid), "es", RenderOptions(add_lang=False), "goldmark")
    assert result.text == (
        '## Mapa {{< figure src="m.png" caption="El mapa" >}}\n\n'
        '- Un {{< figure src="a.png" title="Perro" >}}  \n  y más\n'
    )
    assert not result.rejected and result.translated == 4
