"""render_html gives markdown-it-py's HTML string, byte for byte, for every token stream the
preview can meet: the CommonMark spec's examples, every corpus post in every dialect, the
preview's own marked tokens, and renderers with other options and rules."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from conftest import REPO, SHARED
from i18nflow.config import RenderOptions
from i18nflow.site.body import MARKED_STATES, Passage, body_html, body_readings
from i18nflow.site.html_renderer import render_html
from i18nflow.site.languages import language
from i18nflow.source.content import load_post
from i18nflow.source.dialects.reading import read_body
from i18nflow.source.dialects.registry import dialect
from i18nflow.source.render import render_post
from i18nflow.source.segments import body_segments

DIALECTS = ("commonmark", "kramdown", "goldmark")
SPEC = REPO / "tests" / "data" / "commonmark-0.31.2-examples.json"
FOLDERS = (  # (folder, the dialect its site is built with)
    (SHARED / "corpus" / "posts", "kramdown"),
    (SHARED / "corpus" / "hugo", "goldmark"),
    (REPO / "tests" / "fixtures" / "unseen" / "posts", "kramdown"),
    (REPO / "tests" / "fixtures" / "unseen" / "hugo", "goldmark"),
)
NOTES = {"machine": 'Machine "translation" & <review>', "outdated": "Outdated: ‘source’ changed", "source": "Not yet"}


def _spec_bodies() -> list[str]:
    return [example["markdown"] for example in json.loads(SPEC.read_text(encoding="utf-8"))]


def _post_paths() -> list[tuple[Path, str]]:
    return [(path, name) for folder, name in FOLDERS for path in sorted(folder.rglob("*.md"))]


def _variants(md: MarkdownIt) -> Iterator[OptionsDict]:
    """The parser's options, and the two that change tags: xhtmlOut off, breaks on."""
    yield md.options
    yield OptionsDict({**md.options, "xhtmlOut": not md.options["xhtmlOut"], "breaks": True})


def _assert_same(md: MarkdownIt, tokens: Sequence[Token], env: dict[str, Any], what: object) -> None:
    for options in _variants(md):
        expected = md.renderer.render(tokens, options, env)
        assert render_html(md.renderer, tokens, options, env) == expected, what


def test_the_corpus_is_all_there() -> None:
    assert len(_spec_bodies()) == 652
    assert len(_post_paths()) > 74 + 46 + 8


def test_every_spec_example_and_post_renders_as_markdown_it_renders_it_in_every_dialect() -> None:
    bodies = _spec_bodies() + [path.read_text(encoding="utf-8") for path, _ in _post_paths()]
    for name in DIALECTS:
        rules = dialect(name)
        readings = body_readings(name)  # the preview's reading: {% highlight %} as a fence
        for body in bodies:
            env: dict[str, Any] = {}
            _assert_same(rules.parser, rules.parser.parse(body, env), env, (name, body[:200]))
            tokens, env = read_body(body, rules)
            _assert_same(rules.parser, tokens, env, (name, body[:200]))
            tokens, env = readings.tokens(body)
            _assert_same(rules.parser, tokens, env, (name, body[:200]))


def test_the_preview_s_marked_pages_are_the_html_markdown_it_gives_for_their_tokens(tmp_path: Path) -> None:
    """What BodyHtml.html renders (classes, notes, lang and dir on blocks, wrapped raw HTML,
    kramdown markup and rewritten URLs) is markdown-it's string for those tokens."""
    states = (*MARKED_STATES, "reviewed")
    for path, name in _post_paths():
        post = load_post(path, path.parent, path.parent)
        rules = dialect(name)
        readings = body_readings(rules)
        segments = body_segments(post, rules)
        translated = {s.msgid: f"[{s.msgid} & “é”]" for s in segments}  # quotes, & and an accent
        options = RenderOptions(heading_ids="none", add_lang=False)
        localized = render_post(post, segments, lambda s, t=translated: t.get(s.msgid), "es", options, rules, readings)
        for body_text, page_dir in ((post.body, "ltr"), (localized.text[post.body_start :], "rtl")):
            passages = [Passage(s, states[i % len(states)]) for i, s in enumerate(segments)]
            body = body_html(post, body_text, passages, language("en"), page_dir, lambda url: "/es" + url,
                             lambda message, line: None, readings)
            page = body.html(NOTES)
            md = body.renderer
            assert page == md.renderer.render(body.tokens, md.options, body.env), (path.name, page_dir)
            if segments and body_text == post.body:
                assert "i18n-machine" in page or "i18n-outdated" in page or "i18n-source" in page, path.name


# options, plugins and rules that are not the dialects' ----------------------------------------


def _task_and_attr_tokens() -> list[Token]:
    """Tokens no parser of ours makes: odd attribute values, a block tag of nesting 0, an
    opening tag followed by another's closing one."""
    para = Token("paragraph_open", "p", 1, attrs={"data-n": 3, "data-x": 1.5, "a&b": 'say "hi" <b>'}, block=True)
    inline = Token("inline", "", 0, children=[Token("text", "", 0, content="x")])
    rule = Token("hr", "hr", 0, attrs={"class": "sep"}, block=True)
    span = Token("span_open", "span", 1, attrs={"title": True})
    text = Token("text", "", 0, content="a < b & c > \"d\" 'e'")
    close = Token("span_close", "span", -1)
    empty = Token("inline", "", 0, children=[])
    code = Token("code_block", "code", 0, content="<x>&", attrs={"class": "c"}, block=True)
    fence = Token("fence", "code", 0, content="if a < b:\n", info="py {.x} &amp;", markup="```", block=True)
    mismatched = [Token("div_open", "div", 1, block=True), Token("section_close", "section", -1, block=True)]
    return [para, inline, Token("paragraph_close", "p", -1, block=True), rule, *mismatched, span, text, close, empty,
            code, fence,
            Token("inline", "", 0, children=[span, text, close, Token("image", "img", 0, attrs={"src": "a"},
                                                                         children=[text])])]


@pytest.mark.parametrize("preset", ["commonmark", "default", "zero", "js-default"])
def test_the_presets_and_hand_made_tokens_render_as_markdown_it_renders_them(preset: str) -> None:
    md = MarkdownIt(preset).enable(["table", "strikethrough"], ignoreInvalid=True)
    md.options["tasklists"] = True  # list items with meta["checked"]: the checkbox
    md.options["highlight"] = lambda code, name, attrs: f"<b>{name}</b>" if name == "py" else None
    for body in _spec_bodies() + ["- [ ] a\n- [x] b\n", "1. [x] c\n\n   > d\n"]:
        env: dict[str, Any] = {}
        _assert_same(md, md.parse(body, env), env, (preset, body))
    _assert_same(md, _task_and_attr_tokens(), {}, preset)
    md.options["tasklists_editable"] = True
    _assert_same(md, md.parse("- [x] editable\n"), {}, preset)


def test_rules_registered_by_plugins_are_called_as_markdown_it_calls_them() -> None:
    """A rule replacing one of markdown-it's own (text here) or for a new token type is called
    with the same tokens, index, options and env, in the same order."""
    calls: list[tuple[int, int, int, int]] = []

    def record(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any) -> str:
        calls.append((id(tokens), idx, id(options), id(env)))
        return f"<{tokens[idx].type}:{idx}>"

    md = MarkdownIt("commonmark")
    for name in ("text", "strong_open", "paragraph_close", "fence"):
        md.add_render_rule(name, record)
    body = "A **b** c\n\n```py\nx\n```\n\n- d\n- e *f*\n"
    env: dict[str, Any] = {}
    tokens = md.parse(body, env)
    expected = md.renderer.render(tokens, md.options, env)
    stock_calls = list(calls)
    calls.clear()
    assert render_html(md.renderer, tokens, md.options, env) == expected
    assert calls == stock_calls and len(calls) > 8
    del md.renderer.rules["text"]  # a type whose rule is gone is a tag, as in markdown-it
    assert render_html(md.renderer, tokens, md.options, env) == md.renderer.render(tokens, md.options, env)


def test_a_renderer_of_its_own_keeps_its_own_render() -> None:
    class Bold(RendererHTML):
        def strong_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any) -> str:
            return "<b>"

        def renderToken(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any) -> str:
            return "[" + super().renderToken(tokens, idx, options, env) + "]"

    md = MarkdownIt("commonmark", renderer_cls=Bold)
    tokens = md.parse("**a** and *b*\n")
    assert render_html(md.renderer, tokens, md.options, {}) == "[<p>]<b>a[</strong>] and [<em>]b[</em>][</p>\n]"
    plain = MarkdownIt("commonmark")
    plain.renderer.renderToken = lambda *args: "T"  # type: ignore[method-assign]
    assert render_html(plain.renderer, tokens, plain.options, {}) == "TTaT and TbTT"
