"""goldmark (Hugo): where shortcode calls sit in a paragraph matters to the page; entries follow it.

Hugo expands ``{{% … %}}`` calls into the Markdown before goldmark reads it (a call that begins
a line may begin an HTML block), and a paragraph that is one paired ``{{< … >}}`` call loses its
``<p>``. ``tests/e2e/test_goldmark_builds.py`` builds the same cases with the real Hugo.
"""

from __future__ import annotations

from pathlib import Path

from i18nflow.config import RenderOptions
from i18nflow.source.dialects.goldmark import escape_label_brackets
from i18nflow.source.dialects.masking import MASK, mask
from i18nflow.source.render import RenderResult, render_post
from i18nflow.source.segments import extract_segments
from i18nflow.source.text import is_markup_line
from markdown_helpers import post_from_text


def _entries(tmp_path: Path, body: str) -> list[tuple[str, str]]:
    return [(s.kind, s.msgid) for s in extract_segments(post_from_text(tmp_path, body), (), "goldmark")]


def _render(tmp_path: Path, body: str, translate: dict[str, str]) -> RenderResult:
    post = post_from_text(tmp_path, body)
    segments = extract_segments(post, (), "goldmark")
    return render_post(post, segments, lambda s: translate.get(s.msgid), "es", RenderOptions(add_lang=False), "goldmark")


def test_a_paired_markdown_call_beginning_a_line_starts_an_entry_of_its_own(tmp_path: Path) -> None:
    body = '- **Do not** do this:\n  {{% alert title="Broken" %}} **Notice\n  this!** {{% /alert %}}\n'
    assert _entries(tmp_path, body) == [
        ("list item", "**Do not** do this:"),
        ("shortcode alert: title", "Broken"),
        ("list item", "**Notice this!**"),
    ]
    result = _render(tmp_path, body, {"**Do not** do this:": "**No** hagas esto:", "**Notice this!**": "**¡Mira!**"})
    assert result.text == '- **No** hagas esto:\n  {{% alert title="Broken" %}} **¡Mira!** {{% /alert %}}\n'


def test_a_lone_markdown_call_keeps_the_line_start_it_had(tmp_path: Path) -> None:
    body = "> Built with **Hugo\n> {{% param version %}}**. Older ones\n> fail.\n"
    msgid = "Built with **Hugo {{% param version %}}**. Older ones fail."
    assert _entries(tmp_path, body) == [("blockquote", msgid)]
    result = _render(tmp_path, body, {msgid: "Hecho con **Hugo {{% param version %}}**. Los viejos fallan."})
    assert result.text == "> Hecho con **Hugo\n> {{% param version %}}**. Los viejos fallan.\n"


def test_calls_at_the_edges_of_an_entry_stay_out_of_its_msgid(tmp_path: Path) -> None:
    tabs = '{{< tabs >}}\n{{% tab title="One" %}}First tab{{% /tab %}}\n{{% tab title="Two" %}}Second tab{{% /tab %}}\n{{< /tabs >}}\n'
    assert _entries(tmp_path, tabs) == [
        ("shortcode tab: title", "One"), ("paragraph", "First tab"),
        ("shortcode tab: title", "Two"), ("paragraph", "Second tab"),
    ]
    # one paired call around the paragraph: Hugo drops the <p>, so nothing may go outside it
    assert _entries(tmp_path, "{{< hint info >}} A hint. {{< /hint >}}\n") == [("paragraph", "A hint.")]
    # a container opened here and closed on a later line: its body starts after the opener
    pane = "{{< cardpane >}} {{< card >}} One {{< /card >}}\n{{< card >}} Two {{< /card >}}\n{{< /cardpane >}}\n"
    assert _entries(tmp_path, pane) == [("paragraph", "One"), ("paragraph", "Two")]
    # a lone {{% %}} call alone on its line is the page's; with words after it, their sentence's
    assert _entries(tmp_path, "- {{% icon star %}}\n  <span>Favicons</span>\n") == [("list item", "<span>Favicons</span>")]
    assert _entries(tmp_path, "- {{% icon star %}} <span>Favicons</span>\n") == [
        ("list item", "{{% icon star %}} <span>Favicons</span>")
    ]
    # inline calls that begin nothing stay where the translator moves them with the words
    assert _entries(tmp_path, 'A {{< b >}}bold{{< /b >}} word {{< icon "x" >}}\n') == [
        ("paragraph", 'A {{< b >}}bold{{< /b >}} word {{< icon "x" >}}')
    ]


def test_an_entry_sharing_its_line_with_a_call_stays_on_that_line(tmp_path: Path) -> None:
    body = '{{< tabs >}}\n{{% tab title="One" %}}First tab{{% /tab %}}\n{{< /tabs >}}\n'
    result = _render(tmp_path, body, {"First tab": "Primera\npestaña"})
    assert result.text == '{{< tabs >}}\n{{% tab title="One" %}}Primera pestaña{{% /tab %}}\n{{< /tabs >}}\n'


def test_html_text_leaves_the_shortcodes_around_it_out(tmp_path: Path) -> None:
    body = (
        "{{< hero-badge >}}\n  <div class=\"dot\"></div>\n  <span>Free, open source</span>\n"
        '  {{< icon name="arrow" >}}\n{{< /hero-badge >}}\n\n<div class="x">\n{{< headline >}}\n'
        "  Build websites&nbsp;<br />with Hugo\n{{< /headline >}}\n</div>\n"
    )
    assert _entries(tmp_path, body) == [
        ("html text", "Free, open source"), ("html text", "Build websites&nbsp;<br />with Hugo")
    ]
    result = _render(tmp_path, body, {"Free, open source": "Libre"})
    assert "  <span>Libre</span>\n  {{< icon name=\"arrow\" >}}\n{{< /hero-badge >}}\n" in result.text


def test_words_between_two_calls_on_a_line_are_no_markup_line() -> None:
    assert not is_markup_line('{{% tab title="T" %}}Words here{{% /tab %}}')
    assert not is_markup_line("{{ a }} words {{ b }}")
    assert not is_markup_line("<!-- a --> words <!-- b -->")
    assert is_markup_line('{{< a >}} {{% b %}} <!-- c --> {% d %}')


def test_a_masked_span_keeps_the_indentation_of_its_lines(tmp_path: Path) -> None:
    text = "- item\n  ```\n  {{</* katex\n  x */>}}\n  ```\n\n## After\n"
    start = text.index("{{")
    masked = mask(text, [(start, text.index("*/>}}") + 5)])
    assert masked.split("\n")[3] == "  " + MASK * 7  # still inside the list item's fence
    assert _entries(tmp_path, text) == [("list item", "item"), ("heading", "After")]  # the fence ends


def test_indented_rows_are_rows_of_the_table_as_goldmark_reads_them(tmp_path: Path) -> None:
    body = "   Name | Age\n--------|------\n    Bob | 27\n  Alice | 23\n"
    assert _entries(tmp_path, body) == [("table cell", "Name"), ("table cell", "Age"), ("table cell", "Bob"),
                                        ("table cell", "Alice")]


def test_a_cell_after_a_pipe_is_not_escaped_as_a_line_start(tmp_path: Path) -> None:
    body = "a | b\n--|--\nx | <center>![checked](/c.png)</center>\n"
    result = _render(tmp_path, body, {"<center>![checked](/c.png)</center>": "<center>![marcado](/c.png)</center>",
                                      "x": "# equis"})
    assert result.text == "a | b\n--|--\n\\# equis | <center>![marcado](/c.png)</center>\n"


def test_brackets_a_translation_puts_around_a_bare_url_are_escaped() -> None:
    # goldmark's Linkify makes no link inside a pending link label
    assert escape_label_brackets("See https://a.org now", "[Ver https://a.org ya]") == "\\[Ver https://a.org ya]"
    assert escape_label_brackets("See https://a.org", "Ver [el sitio](https://a.org)") == "Ver [el sitio](https://a.org)"
    assert escape_label_brackets("[See https://a.org]", "[Ver https://a.org]") == "[Ver https://a.org]"
    assert escape_label_brackets("See https://a.org", "Ver `[https://a.org]`") == "Ver `[https://a.org]`"


def test_a_code_true_shortcode_body_is_code(tmp_path: Path) -> None:
    body = '{{< card code=true header="Java" >}}\nFile[] hidden = new File("d");\n{{< /card >}}\n\nText.\n'
    assert _entries(tmp_path, body) == [("shortcode card: header", "Java"), ("paragraph", "Text.")]


def test_text_parameters_of_a_shortcode_inside_a_paragraph_are_entries_written_in_place(tmp_path: Path) -> None:
    body = 'See {{< figure src="a.png" caption="A cat" >}} and {{< figure alt=\'A dog\' >}} here.\n'
    msgid = 'See {{< figure src="a.png" caption="A cat" >}} and {{< figure alt=\'A dog\' >}} here.'
    assert _entries(tmp_path, body) == [
        ("paragraph", msgid), ("shortcode figure: caption", "A cat"), ("shortcode figure: alt", "A dog"),
    ]
    both = _render(tmp_path, body, {
        msgid: 'Mira {{< figure src="a.png" caption="A cat" >}} y {{< figure alt=\'A dog\' >}} aquí.',
        "A cat": 'Un "gato"', "A dog": "Un perro",
    })
    assert both.text == 'Mira {{< figure src="a.png" caption="Un “gato”" >}} y {{< figure alt=\'Un perro\' >}} aquí.\n'
    assert both.rejected == [] and both.refused == []
    alone = _render(tmp_path, body, {"A cat": "Un gato"})
    assert alone.text == 'See {{< figure src="a.png" caption="Un gato" >}} and {{< figure alt=\'A dog\' >}} here.\n'


def test_a_checkbox_a_translator_types_at_a_list_item_start_is_escaped(tmp_path: Path) -> None:
    body = "- Buy milk\n- [ ] Walk\n1. Call\n\nLater.\n"
    result = _render(tmp_path, body, {"Buy milk": "[x] Leche", "Walk": "[x] Pasear", "Call": "[ ] Llamar",
                                      "Later.": "[x] Luego."})
    assert result.text == "- \\[x] Leche\n- [ ] [x] Pasear\n1. \\[ ] Llamar\n\n[x] Luego.\n"
    assert result.rejected == [] and result.refused == []


def test_a_paired_call_opening_an_entry_and_closed_inside_it_stays_in_the_msgid(tmp_path: Path) -> None:
    # cut, its closer would stand alone in the msgid and words could leave the mark's body
    body = "{{% mark %}}Spaces are limited{{% /mark %}} to twelve guests.\n\n- {{% mark %}}One{{% /mark %}} left\n"
    msgid = "{{% mark %}}Spaces are limited{{% /mark %}} to twelve guests."
    assert _entries(tmp_path, body) == [("paragraph", msgid), ("list item", "{{% mark %}}One{{% /mark %}} left")]
    # a translation that moves the call keeps it at a line start, where Hugo expanded it
    result = _render(tmp_path, body, {msgid: "Hay {{% mark %}}pocas plazas{{% /mark %}} para doce.",
                                      "{{% mark %}}One{{% /mark %}} left": "Queda {{% mark %}}una{{% /mark %}}"})
    assert result.text == (
        "Hay\n{{% mark %}}pocas plazas{{% /mark %}} para doce.\n\n- Queda\n  {{% mark %}}una{{% /mark %}}\n"
    )
    assert not result.rejected and not result.refused
    # one wrapping the whole entry is still the page's (Hugo may make a block of it)
    assert _entries(tmp_path, "{{% alert %}}Arrive early.{{% /alert %}}\n") == [("paragraph", "Arrive early.")]


def test_a_notice_title_is_text(tmp_path: Path) -> None:
    body = '{{% notice warning "Photography" %}}\nNo photos, please.\n{{% /notice %}}\n'
    assert _entries(tmp_path, body) == [("shortcode notice: 1", "Photography"), ("paragraph", "No photos, please.")]


def test_a_parameter_over_several_lines_of_a_quote_is_one_line_without_the_quote_markers(tmp_path: Path) -> None:
    # Hugo takes a raw string over lines as it is, markers and all; the reader meant one caption
    body = '> Intro.\n> {{< figure src="a.png" caption=`A cat sitting\n> in the garden` >}}\n\n' \
           '- {{< figure src="b.png" alt=`A dog\n    running` >}}\n'
    assert _entries(tmp_path, body) == [
        ("blockquote", "Intro."), ("shortcode figure: caption", "A cat sitting in the garden"),
        ("shortcode figure: alt", "A dog running"),
    ]
    result = _render(tmp_path, body, {"A cat sitting in the garden": "Un gato\nen el jardín"})
    assert '> {{< figure src="a.png" caption=`Un gato en el jardín` >}}\n' in result.text


def test_an_escaped_quote_in_a_parameter_is_a_quote_in_its_msgid(tmp_path: Path) -> None:
    # Hugo 0.111 prints caption="He said \"hi\"" as He said "hi": the translator sees that
    body = '{{< figure src="a.png" caption="He said \\"hi\\" to us" >}}\n'
    assert _entries(tmp_path, body) == [("shortcode figure: caption", 'He said "hi" to us')]
    result = _render(tmp_path, body, {'He said "hi" to us': 'Nos dijo "hola"'})
    assert result.text == '{{< figure src="a.png" caption="Nos dijo “hola”" >}}\n'
    assert _render(tmp_path, body, {'He said "hi" to us': 'He said "hi" to us'}).text == body  # kept as written


def test_a_lone_call_beginning_a_sentence_is_its_subject_and_keeps_its_line_start(tmp_path: Path) -> None:
    # cut, the translator got "recommends hydration in winter." without its subject
    body = '{{% param "clinicName" %}} recommends hydration in winter.\n'
    msgid = '{{% param "clinicName" %}} recommends hydration in winter.'
    assert _entries(tmp_path, body) == [("paragraph", msgid)]
    result = _render(tmp_path, body, {msgid: 'En invierno, {{% param "clinicName" %}} recomienda hidratación.'})
    assert result.text == 'En invierno,\n{{% param "clinicName" %}} recomienda hidratación.\n'
    assert not result.rejected and not result.refused
