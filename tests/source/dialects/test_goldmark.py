"""goldmark (Hugo): shortcodes are opaque, code bodies are code, math is kept."""

from __future__ import annotations

from pathlib import Path

from i18nflow.config import RenderOptions
from i18nflow.source.dialects.goldmark import goldmark_id
from i18nflow.source.render import render_post
from i18nflow.source.segments import extract_segments
from markdown_helpers import post_from_text


def _segments(tmp_path: Path, body: str):  # type: ignore[no-untyped-def]
    return extract_segments(post_from_text(tmp_path, body), (), "goldmark")


def _render(tmp_path: Path, body: str, translate: dict[str, str], options: RenderOptions | None = None) -> str:
    post = post_from_text(tmp_path, body)
    segments = extract_segments(post, (), "goldmark")
    lookup = lambda s: translate.get(s.msgid)  # noqa: E731
    return render_post(post, segments, lookup, "es", options or RenderOptions(add_lang=False), "goldmark").text


def test_multi_line_shortcode_is_opaque(tmp_path: Path) -> None:
    body = 'Before.\n\n{{< img\nsrc="images/landscape.jpg"\nalt="Zion National Park"\n>}}\n\nAfter.\n'
    assert [(s.kind, s.msgid) for s in _segments(tmp_path, body)] == [
        ("paragraph", "Before."), ("shortcode img: alt", "Zion National Park"), ("paragraph", "After."),
    ]  # the call is markup, src is no text; alt is the image's words


def test_code_bodied_paired_shortcode_is_never_extracted(tmp_path: Path) -> None:
    body = "{{< highlight java >}}\npublic class Foo { return DateTime.Now; }\n{{< /highlight >}}\n\nText.\n"
    assert [s.msgid for s in _segments(tmp_path, body)] == ["Text."]


def test_markdown_bodied_paired_shortcode_body_is_extracted(tmp_path: Path) -> None:
    body = "{{< hint info >}}\n**Markdown content**\nLorem markdownum.\n{{< /hint >}}\n"
    assert [s.msgid for s in _segments(tmp_path, body)] == ["**Markdown content** Lorem markdownum."]


def test_self_closing_and_escaped_shortcodes_are_markup(tmp_path: Path) -> None:
    body = "{{< katex />}}\n\n{{</* katex display=true */>}}\n\nWords here.\n"
    assert [s.msgid for s in _segments(tmp_path, body)] == ["Words here."]


def test_shortcode_in_heading_and_link_text_stays_in_the_msgid(tmp_path: Path) -> None:
    body = '## Install {{< icon "x" >}} now\n\nSee [the guide]({{< ref "guide" >}}).\n'
    assert [s.msgid for s in _segments(tmp_path, body)] == [
        'Install {{< icon "x" >}} now', 'See [the guide]({{< ref "guide" >}}).'
    ]


def test_a_translation_that_breaks_a_shortcode_falls_back(tmp_path: Path) -> None:
    body = 'See {{< ref "guide" >}} now.\n'
    assert _render(tmp_path, body, {'See {{< ref "guide" >}} now.': 'Ver {{< ref "guía" >}} ya.'}) == body
    assert _render(tmp_path, body, {'See {{< ref "guide" >}} now.': 'Ver {{< ref "guide" >}} ya.'}) == (
        'Ver {{< ref "guide" >}} ya.\n'
    )


def test_heading_ids_are_goldmarks_with_source_ids(tmp_path: Path) -> None:
    body = "## Hello, World_1 & Ünïcode\n\n## Hello, World_1 & Ünïcode\n"
    assert goldmark_id("Hello, World_1 & Ünïcode") == "hello-world_1--ünïcode"
    text = _render(tmp_path, body, {"Hello, World_1 & Ünïcode": "Hola"}, RenderOptions(add_lang=False, heading_ids="source"))
    assert text == "## Hola {#hello-world_1--ünïcode}\n\n## Hola {#hello-world_1--ünïcode-1}\n"


def test_math_only_block_is_not_offered(tmp_path: Path) -> None:
    body = "$$\nE = mc^2\n$$\n\n\\[\n\\sum_i x_i\n\\]\n\nProse.\n"
    assert [s.msgid for s in _segments(tmp_path, body)] == ["Prose."]


def test_text_parameters_of_a_shortcode_on_its_own_lines_are_entries_written_back_quoted(tmp_path: Path) -> None:
    body = '{{< figure\n  src="/a.png"\n  caption="A \\"big\\" network"\n  alt=\'Nodes\'\n>}}\n\n{{% tab "macOS" %}}\nUse brew.\n{{% /tab %}}\n'
    segments = _segments(tmp_path, body)
    assert [(s.kind, s.msgid) for s in segments] == [
        ("shortcode figure: caption", 'A "big" network'),  # Hugo prints \" as "
        ("shortcode figure: alt", "Nodes"),
        ("shortcode tab: 0", "macOS"),
        ("paragraph", "Use brew."),
    ]
    text = _render(tmp_path, body, {'A "big" network': 'Una red "grande"', "Nodes": "Los 'nodos'", "macOS": "Mac"})
    assert text == (
        '{{< figure\n  src="/a.png"\n  caption="Una red “grande”"\n  alt=\'Los ‘nodos’\'\n>}}\n\n'
        '{{% tab "Mac" %}}\nUse brew.\n{{% /tab %}}\n'
    )


def test_code_shortcode_list_is_configurable(tmp_path: Path) -> None:
    from i18nflow.config import MarkupOptions
    from i18nflow.source.dialects.registry import dialect

    body = "{{< terminal >}}\nls -la and more words\n{{< /terminal >}}\n"
    post = post_from_text(tmp_path, body)
    assert [s.msgid for s in extract_segments(post, (), "goldmark")] == ["ls -la and more words"]
    custom = dialect("goldmark", MarkupOptions(code_shortcodes=("terminal",)))
    assert extract_segments(post, (), custom) == []
