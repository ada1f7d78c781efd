"""A body as the builder reads it: one full parse serves the structure check and the preview."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from conftest import SHARED
from i18nflow.source.dialects.base import quick_references
from i18nflow.source.dialects.masking import MASK
from i18nflow.source.dialects.reading import BodyReadings, read_body, structure_of
from i18nflow.source.dialects.registry import dialect
from i18nflow.source.render import block_structure

DATA = Path(__file__).resolve().parents[2] / "data"
CORPUS = SHARED / "corpus"
DIALECTS = ("commonmark", "kramdown", "goldmark")


def _bodies() -> list[str]:
    bodies = [example["markdown"] for example in json.loads((DATA / "commonmark-0.31.2-examples.json").read_text())]
    for folder in ("posts", "hugo"):
        bodies += [path.read_text(encoding="utf-8") for path in sorted((CORPUS / folder).rglob("*.md"))]
    return bodies


def _dump(tokens: list[Token]) -> list[tuple[object, ...]]:
    return [(t.type, t.tag, t.level, t.content, t.info, sorted(t.attrs.items()), t.map,
             _dump(t.children) if t.children else None) for t in tokens]


def test_the_full_reading_has_the_structure_the_block_parse_checks() -> None:
    """render's check may take its skeleton from the preview's reading: they never differ."""
    bodies = _bodies()
    assert len(bodies) > 652 + 100, "the spec examples and the corpus"
    for name in DIALECTS:
        rules = dialect(name)
        for body in bodies:
            assert structure_of(read_body(body, rules)[0]) == block_structure(body, rules), (name, body[:200])


def test_every_masked_character_is_given_its_text_back() -> None:
    """No mask character reaches a page, on every corpus post in every dialect."""
    for name in DIALECTS:
        for body in _bodies():
            tokens, _env = read_body(body, dialect(name))
            assert MASK not in json.dumps(_dump(tokens), ensure_ascii=False), (name, body[:200])


def test_goldmark_shortcodes_and_math_read_as_their_own_text() -> None:
    body = ("Intro {{< figure src=\"a.png\" caption=\"A *big* one\" >}} and $$a_b * c_d$$ here.\n\n"
            "{{< img\n  src=\"images/landscape.jpg\"\n  alt=\"Zion\"\n>}}\n\n"
            "See [the guide]({{< ref \"guide.md\" >}}) and `{{< code >}}`.\n")
    tokens, _env = read_body(body, dialect("goldmark"))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"] * 3
    first = tokens[1].children or []
    assert [c.type for c in first] == ["text"]  # no emphasis made of the math or the caption
    assert first[0].content == "Intro {{< figure src=\"a.png\" caption=\"A *big* one\" >}} and $$a_b * c_d$$ here."
    assert tokens[4].content == "{{< img\n  src=\"images/landscape.jpg\"\n  alt=\"Zion\"\n>}}"  # not a blockquote
    third = tokens[7].children or []
    link = next(c for c in third if c.type == "link_open")
    assert link.attrs["href"] == "%7B%7B%3C%20ref%20%22guide.md%22%20%3E%7D%7D"
    assert [c.content for c in third if c.type == "text"][:2] == ["See ", "the guide"]
    assert next(c for c in third if c.type == "code_inline").content == "{{< code >}}"


def test_kramdown_liquid_and_math_inside_tables_cells_and_fences_come_back_in_order() -> None:
    body = ("| {{ a }} | $$x_1$$ | {{ b }} |\n|---|---|---|\n| {% c %} | d | {{ e }} |\n\n"
            "```liquid\n{{ f }}\n  {{ g }}\n```\n")
    tokens, _env = read_body(body, dialect("kramdown"))
    cells = [t.content for t in tokens if t.type == "inline"]
    assert cells == ["{{ a }}", "$$x_1$$", "{{ b }}", "{% c %}", "d", "{{ e }}"]
    assert next(t for t in tokens if t.type == "fence").content == "{{ f }}\n  {{ g }}\n"


def test_the_localized_reading_is_handed_over_once_and_the_source_kept() -> None:
    readings = BodyReadings(dialect("commonmark"))
    source = "# Title\n\nSome text.\n"
    localized = "# Título\n\nAlgo de texto.\n"
    assert readings.structure(source) == readings.structure(localized)
    kept = readings.tokens(source)
    assert readings.tokens(source) is kept  # the source: parsed once for all its languages
    taken = readings.take(localized)
    assert taken[0][1].content == "Título"
    assert readings.take(localized) is not taken  # handed over: a second take parses again


def test_a_prepared_display_text_is_not_used_for_the_structure() -> None:
    readings = BodyReadings(dialect("commonmark"), prepare=lambda text: text.replace("~~~", "```"))
    assert readings.structure("~~~\ncode\n~~~\n") is None
    assert readings.structure("plain\n") == [("paragraph_open", "p", 0), ("paragraph_close", "p", 0)]
    assert readings.tokens("~~~\ncode\n~~~\n")[0][0].markup == "```"


@pytest.mark.parametrize("text", [
    "[a]: /url\n", "[a\\]]: /url 'title'\n\n[a\\]]\n", "[pseudo text [with](link) inside]\n",
    "[Ṁåçĥîñē ţŕåñšļåţîōñ]\n[x]: /y\n", "[a\nb]: /url\n\n[a b]\n", "[a\\\n]: /url\n", "[a]:\n/url\n", "[a]\n\n]: x\n",
    "> [a]: /q\n> [a]\n", "[" * 50 + "\n", "[a]: <> \"t\"\n[a]\n",
])
def test_the_quick_reference_rule_finds_the_definitions_markdown_it_finds(text: str) -> None:
    plain = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    quick = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    quick_references(quick)
    assert _dump(quick.parse(text)) == _dump(plain.parse(text))


def test_the_quick_reference_rule_agrees_on_every_spec_example_and_post() -> None:
    plain = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    quick = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    quick_references(quick)
    for body in _bodies():
        assert quick.render(body) == plain.render(body), body[:200]


def _stock(name: str) -> MarkdownIt:
    """The dialect's parser as markdown-it-py builds it: its own inline loop, every rule tried."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    quick_references(parser)
    for rule in dialect(name).blocks:
        rule(parser)
    return parser


def _bracketed(body: str) -> str:
    """Every line's text in brackets, as the pseudo engine writes a translation."""
    return "\n".join(f"[{line}]" if line.strip() else line for line in body.split("\n"))


@pytest.mark.parametrize("text", [
    "[a](b)", "[a] [b](c)", "![x](y) and ![z]", "[a]\n\n[a]: /u\n", "[x]( y )", "[[a](b)]", "a ] ( b [",
    "[a]\n(b)", "[sic] text ](", "![a]", "[^1] note\n\n[^1]: n\n", "^[inline note] and [x](y)", "[a](<b c>)",
    "[Ṁåçĥîñē [ţŕåñšļåţîōñ](https://example.com/x) ļōŕēɱ]", "*a* _b_ ~~c~~ `d` <e> &amp; \\* :-]",
    "a\r\nb\rc\0d *e*\r\n\r\n- f\0", "[~~a~~ *b*](c) and ~one~ and [x _y_](z)", "**a [b *c*](d)** ~~e [f](g)~~",
    "plain words only", "[no delimiters](here) at all",
])
def test_the_quick_inline_rules_give_markdown_its_tokens_and_env(text: str) -> None:
    """quick_links, dispatched_inline and quick_passes (normalize, the delimiter passes)."""
    stock, ours = _stock("commonmark"), dialect("commonmark").parser
    stock_env: dict[str, object] = {}
    our_env: dict[str, object] = {}
    assert _dump(ours.parse(text, our_env)) == _dump(stock.parse(text, stock_env))
    assert our_env == stock_env  # the footnote rule's table in env, the references


def test_the_quick_inline_rules_agree_on_every_spec_example_and_post_in_every_dialect() -> None:
    """quick_links and dispatched_inline change no token of any body, translated or not."""
    bodies = _bodies()
    for name in DIALECTS:  # the inline rules are the same in all three: brackets tried once
        stock, ours = _stock(name), dialect(name).parser
        for body in bodies + ([_bracketed(body) for body in bodies] if name == "commonmark" else []):
            masked = dialect(name).mask(body)
            stock_env: dict[str, object] = {}
            our_env: dict[str, object] = {}
            assert ours.parse(masked, our_env) == stock.parse(masked, stock_env), (name, body[:200])
            assert our_env == stock_env, (name, body[:200])


def test_rules_marked_code_blind_find_the_same_spans_without_the_code_spans() -> None:
    """Dialect.mask skips finding code spans when every rule is code-blind: that must be true."""
    from i18nflow.source.dialects import liquid
    from i18nflow.source.dialects.masking import code_spans, is_code_blind

    blind = [rule for rule in (liquid.code_bodies, liquid.tags) if is_code_blind(rule)]
    assert len(blind) == 2
    for body in _bodies() + ["`{% raw %}` and\n{% raw %}\n`x` {{ y }}\n{% endraw %}\n```\n{{ z }}\n```\n"]:
        for rule in blind:
            assert list(rule(body, code_spans(body))) == list(rule(body, [])), body[:200]
