"""Placeholders: what is protected, how tokens look, and that restoring is strict."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18nflow.errors import EngineError
from i18nflow.translate.engines import Limits, chunk_text
from i18nflow.translate.placeholders import (
    PlaceholderError,
    markdown_signature,
    protect,
    restore,
    split_edges,
    split_lines,
)

SAMPLES = [
    "Hello **bold** world",
    'Read [the docs](https://example.com/a_(b) "Title"){:target="_blank"} now.',
    "![A *nice* cat](cat.png) and `code **x**` and <b>bold</b>&nbsp;{{ site.title }} {% if x %}",
    "Footnote[^1], mail me@example.org or see https://x.com/a_b_c. snake_case_name",
    "Use **[Jekyll](https://jekyllrb.com)** with GitHub Pages",
    "a [ref link][ref], [shortcut], [collapsed][] \\* escaped * star",
    "R&D < 5 > 3 &amp; &#169; &#x1F600;",
    "~~strike~~ and __under__ and _em_ and ***both*** and <!-- note -->",
    "literal [X1X] and <x id=\"2\"/> in text",
    "Visit <https://example.com> or www.example.org/path, (see http://a.b/c_(d)).",
    "``code with ` backtick`` and unclosed ` tick and * lone star",
    "",
]


@pytest.mark.parametrize("style", ["bracket", "xml"])
@pytest.mark.parametrize("text", SAMPLES)
def test_round_trip_without_translation(text: str, style: str) -> None:
    protected = protect(text, ["GitHub Pages"], style)
    assert restore(protected.text, protected) == text


def test_bracket_tokens_look_like_weblate_ones_and_link_text_stays_translatable() -> None:
    protected = protect("Read [the docs](https://example.com) **now**.")
    assert protected.text == "Read [X1X]the docs[X2X] [X3X]now[X4X]."
    assert protected.tokens == ("[", "](https://example.com)", "**", "**")
    assert protected.kinds == ("open", "close", "open", "close")
    assert protected.pairs == ((1, 2), (3, 4))


def test_xml_tokens() -> None:
    protected = protect("Click **here** & `run`", style="xml")
    assert protected.text == 'Click <x id="1"/>here<x id="2"/> <x id="3"/> <x id="4"/>'
    assert protected.tokens == ("**", "**", "&", "`run`")


@pytest.mark.parametrize(
    "piece",
    [
        "https://example.com/x?a=1",
        "`npm install`",
        "<span class=\"x\">",
        "{{ page.title | escape }}",
        "{% include note.html %}",
        "[^note]",
        '{:target="_blank"}',
        "{: .class #id}",
        "me@example.org",
        "&nbsp;",
        "GitHub Pages",
        "<!-- keep -->",
        "\\_",
    ],
)
def test_everything_not_to_translate_is_hidden_from_the_engine(piece: str) -> None:
    text = f"Some words {piece} more words"
    protected = protect(text, terms=["GitHub Pages"])
    assert piece not in protected.text
    assert piece in protected.tokens
    assert protected.text.startswith("Some words [X1X]")


def test_image_alt_text_is_translatable_and_its_url_is_not() -> None:
    protected = protect("![A red house](img/house.png \"Photo\")")
    assert protected.text == "[X1X]A red house[X2X]"
    assert protected.tokens == ("![", '](img/house.png "Photo")')


def test_terms_match_whole_words_only() -> None:
    protected = protect("Go and go-kart, Gopher", terms=["Go"])
    assert protected.tokens == ("Go",)


def test_adjacent_markup_becomes_one_token() -> None:
    protected = protect("See **[docs](u)**")
    assert protected.text == "See [X1X]docs[X2X]"
    assert protected.tokens == ("**[", "](u)**")


def test_restore_undoes_spaces_engines_put_inside_emphasis() -> None:
    protected = protect("Click **here** to [read](u) more")
    assert restore("Haga clic en [X1X] aquí [X2X] para [X3X] leer [X4X] más", protected) == (
        "Haga clic en **aquí** para [leer](u) más"
    )


@pytest.mark.parametrize(
    "answer",
    ["Haga [ X1X ]clic[x2x]", "Haga ［X1X］clic［X2X］", "Haga [X 1 X]clic[X2X]"],
)
def test_restore_accepts_harmless_variants(answer: str) -> None:
    protected = protect("Do **click**")
    assert restore(answer, protected) == "Haga **clic**"


def test_restore_accepts_xml_variants() -> None:
    protected = protect("Do **click**", style="xml")
    assert restore("Haga <x id='1' />clic<x id=\"2\">", protected) == "Haga **clic**"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("Haga clic[X2X]", "dropped"),
        ("Haga [X1X]clic[X2X] [X2X]", "duplicated"),
        ("Haga [X1X]clic[X2]", "dropped"),
        ("Haga [X1X]clic X2X", "dropped"),
        ("Haga [X1X]clic[X2X] [X3X]", "invented"),
        ("Haga [X2X]clic[X1X]", "swapped"),
    ],
)
def test_restore_rejects_broken_tokens(answer: str, message: str) -> None:
    protected = protect("Do **click**")
    with pytest.raises(PlaceholderError, match=message):
        restore(answer, protected)


def test_restore_rejects_debris_of_a_token() -> None:
    protected = protect("Press `q` now")
    with pytest.raises(PlaceholderError):
        restore("Pulse [X1X] ahora [X", protected)
    assert issubclass(PlaceholderError, EngineError)


def test_markdown_signature_allows_reordering_but_not_structure_changes() -> None:
    source = "The **red** [house](h.html) and `code`"
    assert markdown_signature("La [casa](h.html) **roja** y `code`") == markdown_signature(source)
    assert markdown_signature("La [casa](other.html) **roja** y `code`") != markdown_signature(source)
    assert markdown_signature("La [casa](h.html) roja y `code`") != markdown_signature(source)
    assert markdown_signature("La [casa](h.html) ** roja** y `code`") != markdown_signature(source)
    assert markdown_signature("La [casa](h.html) **roja** y *nueva* `code`") != markdown_signature(source)
    assert markdown_signature("La **[casa](h.html) roja** y `code`") != markdown_signature(source)


def test_split_edges_and_lines() -> None:
    assert split_edges("  Hello world \n") == ("  ", "Hello world", " \n")
    assert split_edges("   ") == ("   ", "", "")
    lines, breaks = split_lines("First line  \nSecond\\\nThird\n  indented")
    assert lines == ["First line", "Second", "Third", "indented"]
    assert breaks == ["  \n", "\\\n", "\n  "]
    # kramdown's break is two backslashes: both stay with the break, none in the engine's text
    assert split_lines("Open at 9.\\\\\nParking") == (["Open at 9.", "Parking"], ["\\\\\n"])


def test_chunks_are_cut_at_sentence_ends_and_fit() -> None:
    text = " ".join(f"This is sentence number {i} with a [X{i}X] token." for i in range(1, 60))
    limits = Limits(max_chars=200)
    chunks, gaps = chunk_text(text, limits)
    assert len(chunks) > 1
    assert all(len(c) <= 200 and c.endswith(".") for c in chunks)
    assert "".join(c + g for c, g in zip(chunks, [*gaps, ""], strict=True)) == text


def test_cjk_text_is_measured_in_url_encoded_bytes() -> None:
    sentence = "这是一个关于静态网站生成器的很长的句子。" * 100  # 2,000 characters, no spaces
    limits = Limits(max_chars=4999, max_encoded=14000)
    assert not limits.fits(sentence)
    chunks, gaps = chunk_text(sentence, limits)
    assert all(limits.fits(c) for c in chunks)
    assert "".join(c + g for c, g in zip(chunks, [*gaps, ""], strict=True)) == sentence


def test_hard_split_never_cuts_a_token() -> None:
    word = "a" * 30 + "[X12X]" + "b" * 30
    chunks, gaps = chunk_text(word, Limits(max_chars=33))
    assert all("[X12X]" in c or "X" not in c for c in chunks)
    assert "".join(chunks) == word and set(gaps) == {""}


MARKDOWNISH = st.lists(
    st.sampled_from([*"ab \\`*_~[]()!<>{}%:&#;^@./xX0123", "http://", "{{", "}}", "\n"]), max_size=30
).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH, st.sampled_from(["bracket", "xml"]))
def test_any_text_survives_protect_and_restore(text: str, style: str) -> None:
    protected = protect(text, ["ab"], style)
    assert restore(protected.text, protected) == text


def test_format_directives_of_template_strings_are_protected() -> None:
    protected = protect("Published on %(date)s, {count} posts, %d items; save 50% off")
    assert protected.tokens == ("%(date)s", "{count}", "%d")
    assert "50% off" in protected.text
    # an engine that translates the words keeps the directives through the tokens
    assert restore(protected.text.replace("Published on", "Publicado el"), protected).startswith(
        "Publicado el %(date)s, {count} posts"
    )


def test_math_is_one_placeholder_and_code_about_math_stays_code() -> None:
    from i18nflow.translate.placeholders import protect, restore

    text = "Use `$$`, like `$$ E = mc^2 $$`. Inline $$a \\in A$$, \\(x^2\\) and \\\\[y\\\\]."
    protected = protect(text)
    assert protected.tokens == ("`$$`", "`$$ E = mc^2 $$`", "$$a \\in A$$", "\\(x^2\\)", "\\\\[y\\\\]")
    assert restore(protected.text.replace("Use", "Usa"), protected) == text.replace("Use", "Usa")


def test_escaped_brackets_in_a_link_text_are_words_not_mathjax() -> None:
    from i18nflow.translate.placeholders import protect

    # kramdown prints "[\\[JAVA\\] page](x)" as a link "[JAVA] page"; "\\[\\alpha\\]" is math
    assert protect("[\\[JAVA\\] interface page](../x)").text == "[X1X]JAVA[X2X] interface page[X3X]"
    assert protect("Then \\[\\alpha\\] holds.").tokens == ("\\[\\alpha\\]",)


def test_code_written_as_html_is_one_token_with_its_content() -> None:
    protected = protect('Add <code>```js</code> and <b>bold</b> or <CODE class="x">a b</CODE> words.')
    assert protected.tokens == ("<code>```js</code>", "<b>", "</b>", '<CODE class="x">a b</CODE>')
    assert restore(protected.text.replace("words", "palabras"), protected) == (
        'Add <code>```js</code> and <b>bold</b> or <CODE class="x">a b</CODE> palabras.'
    )
