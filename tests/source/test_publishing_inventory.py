"""The publishing check's cheaper reading: ``safety.refusal`` gives the verdict the full-parse
inventory gave, and every inventory is the one before, field by field.

The preview and render ask :func:`refusal` for every translated segment. It now reads
``publishing_inventory`` (only the fields the rule compares, no numbers or visible text), says
"nothing to refuse" from a plain msgstr's characters alone, and parses a text that can only be one
paragraph with the inline pass alone (``markup._tokens``). The reference below is the code as it
was: ``plain_inventory`` and ``inventory`` built from the full markdown-it parse, and ``refusal``
over them. Both must agree on every msgid and msgstr of the repository's catalogs, every segment
of every corpus post, a pseudo-translated bench project, hostile strings and random text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import fields
from functools import lru_cache
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from conftest import REPO, SHARED, bench_generator
from i18nflow.cli import cli
from i18nflow.source import markup
from i18nflow.source.content import load_post
from i18nflow.source.htmltags import html_inventory
from i18nflow.source.markup import (
    Inventory,
    References,
    inventory,
    may_publish_markup,
    plain_inventory,
    publishing_inventory,
    references_in,
)
from i18nflow.source.safety import Refusal, refusal, refusals_between
from i18nflow.source.segments import extract_segments
from strategies import INLINE_ATOMS, PUNCTUATION, WORDS, scaled, translations

FIELDS = [item.name for item in fields(Inventory)]  # visible too (it is left out of ==)
# What refusals_between reads, and so what publishing_inventory must hold
PUBLISHED = ("links", "images", "html", "attributes", "unsafe_urls", "bare_urls", "liquid")
REFERENCES: References = (("r1", "https://example.com/r1"), ("x", "javascript:alert(1)"))


# -- the reference: the code before, on the full parse ------------------------------------------


_MAY_BE_BARE_URL = re.compile(r"://|www\.|@", re.I)
_MAY_BE_URL = re.compile(r"[:&]").search
_BARE_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>`\"']+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)


def reference_bare_urls(text: str) -> tuple[str, ...]:
    if "." not in text or not _MAY_BE_BARE_URL.search(text):
        return ()
    found = []
    for match in _BARE_URL.finditer(text):
        url = match.group().rstrip(markup._BARE_URL_TAIL)
        while url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1].rstrip(markup._BARE_URL_TAIL)
        if "." in url:
            found.append(url)
    return tuple(sorted(found))


def reference_plain(text: str, markdown: bool) -> Inventory:
    m = markup
    liquid = tuple(sorted(m._normal_liquid(x) for x in m._LIQUID.finditer(text))) if "{" in text else ()
    footnotes = tuple(sorted(m._FOOTNOTE_REF.findall(text))) if "[^" in text else ()
    tags = html_inventory(text, markdown)
    scripts = m._UNSAFE_URL.findall(m._CONTROL_OR_SPACE.sub("", html.unescape(text)).lower()) if _MAY_BE_URL(text) else []
    escaped = len(m._ESCAPED_PIPE.findall(text)) if "|" in text else 0
    unescaped = len(m._PIPE.findall(text)) - escaped if "|" in text else 0
    return Inventory(
        liquid=liquid,
        footnotes=footnotes,
        unsafe_urls=tuple(sorted([*scripts, *tags.urls])),
        bare_urls=reference_bare_urls(text),
        attributes=tuple(sorted(" ".join(x.split()) for x in m._ATTRIBUTE_LIST.findall(text))) if "{" in text else (),
        html=tuple(sorted(tags.items.elements())),
        escaped_pipes=escaped,
        unescaped_pipes=unescaped,
        numbers=m.numbers_in(text),
        visible=text,
    )


# markdown-it-py as markup._parser() configures it, without any of our quick or dispatched rules
STOCK = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")


def stock_tokens(text: str, references: References) -> list[Token]:
    """The full markdown-it parse (block and inline pass) of the inventory's dialect."""
    env: dict[str, object] = {"references": {label: {"href": url, "title": ""} for label, url in references}} if references else {}
    return STOCK.parse(text, env)


@lru_cache(maxsize=4096)
def _reference_parsed(text: str, references: References) -> dict[str, object]:
    tokens = stock_tokens(text, references)
    collected = markup._Collector()
    for token in tokens:
        if token.type == "inline":
            collected.walk(token.children or [])
    visible = " ".join(collected.visible)
    return {
        "links": tuple(sorted(collected.links)),
        "fragments": tuple(sorted(collected.fragments)),
        "images": tuple(sorted(collected.images)),
        "code": tuple(sorted(collected.code)),
        "blocks": tuple(t.type for t in tokens if t.type != "inline" and not t.type.endswith("_close")),
        "stray_emphasis": collected.stray,
        "numbers": markup.numbers_in(visible),
        "visible": visible,
    }


def reference_inventory(text: str, references: References, markdown: bool) -> Inventory:
    plain = reference_plain(text, markdown)
    if not markup._INLINE_TRIGGER.search(text) and not markup._BLOCK_TRIGGER.search(text):
        return plain
    values = {name: getattr(plain, name) for name in FIELDS}
    return Inventory(**{**values, **_reference_parsed(text, references)})  # type: ignore[arg-type]


def reference_refusal(msgid: str, msgstr: str, references: References, markdown: bool) -> Refusal | None:
    if msgstr == msgid:
        return None
    if "](" in msgstr or "<" in msgstr or (references and "]" in msgstr):
        source, target = reference_inventory(msgid, references, markdown), reference_inventory(msgstr, references, markdown)
    else:
        source, target = reference_plain(msgid, markdown), reference_plain(msgstr, markdown)
    refusals = refusals_between(source, target)
    return refusals[0] if refusals else None


# -- the comparison ---------------------------------------------------------------------------


def assert_same_text(text: str, references: References) -> None:
    """Every inventory of ``text`` is the reference's, field by field, and the tokens are too."""
    assert markup._tokens(text, references) == stock_tokens(text, references), text[:200]
    for markdown in (False, True):
        expected, plain = reference_inventory(text, references, markdown), reference_plain(text, markdown)
        for name in FIELDS:
            assert getattr(inventory(text, references, markdown), name) == getattr(expected, name), (name, text[:200])
            assert getattr(plain_inventory(text, markdown), name) == getattr(plain, name), (name, text[:200])
        published = publishing_inventory(text, references, markdown)
        published_plain = publishing_inventory(text, (), markdown, parse=False)
        for name in PUBLISHED:
            assert getattr(published, name) == getattr(expected, name), (name, text[:200])
            assert getattr(published_plain, name) == (getattr(plain, name) if name not in ("links", "images") else ())
        if not may_publish_markup(text):
            assert not any(getattr(plain, name) for name in ("html", "attributes", "unsafe_urls", "bare_urls", "liquid"))


def assert_same_verdict(msgid: str, msgstr: str, references: References) -> None:
    for markdown in (False, True):
        expected = reference_refusal(msgid, msgstr, references, markdown)
        assert refusal(msgid, msgstr, references, markdown) == expected, (msgid[:100], msgstr[:100], markdown)


def assert_same(msgid: str, msgstr: str, references: References = ()) -> None:
    for text in (msgid, msgstr):
        assert_same_text(text, references)
    assert_same_verdict(msgid, msgstr, references)


# -- the material -----------------------------------------------------------------------------


def _catalog_pairs(folder: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(folder.rglob("*.po")):
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.obsolete:
                yield entry.msgid, entry.msgstr


def test_every_entry_of_the_repository_catalogs() -> None:
    pairs = list(_catalog_pairs(REPO / "locales"))
    assert len(pairs) > 200
    for msgid, msgstr in pairs:
        assert_same(msgid, msgstr)
        assert_same_verdict(msgid, msgstr, REFERENCES)


@pytest.mark.parametrize(("folder", "dialect"), [(SHARED / "corpus" / "posts", "kramdown"), (SHARED / "corpus" / "hugo", "goldmark")])
def test_every_segment_of_every_corpus_post(folder: Path, dialect: str) -> None:
    """Each segment against the next one of its post (a translation that changes everything) and
    against itself in brackets (a pseudo-translation), with the post's reference definitions."""
    paths = sorted(folder.rglob("*.md"))
    assert len(paths) > 40
    for path in paths:
        post = load_post(path, folder, folder)
        references = references_in(post.text)
        msgids = [segment.msgid for segment in extract_segments(post, ("title", "description"), dialect)]
        for msgid, other in zip(msgids, msgids[1:] + msgids[:1], strict=True):
            assert_same(msgid, f"[{msgid}]", references)
            assert_same_verdict(msgid, other, references)


def test_every_pseudo_translation_of_a_bench_project(tmp_path: Path) -> None:
    """The catalogs the preview bench reads: bench/generate.py posts, pretranslated (pseudo)."""
    bench_generator().write_project(tmp_path, 3, locales=("es", "de"), engine="pseudo")
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "sync"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    pairs = list(_catalog_pairs(tmp_path / "locales"))
    assert len(pairs) > 100 and sum("](" in msgstr for _, msgstr in pairs) > 5
    shortcut = 0
    for msgid, msgstr in pairs:
        assert_same(msgid, msgstr)
        assert_same_verdict(msgid, msgstr, REFERENCES)
        shortcut += markup._one_paragraph(msgstr)
    assert shortcut > len(pairs) / 2  # what the bench measures takes the short way


SOURCE = 'Inside the <em>clinic</em>, see [our guide](https://example.com/guide) and {{ site.url }}.'
HOSTILE = [
    # tests/source/test_safety.py's refused translations
    """Dentro <em>clínica</em> <img src=x onerror="document.title='PWNED'" x'>""",
    """Dentro <meta http-equiv="refresh" content="0;url=https://evil.example/" a'b> <em>x</em>""",
    "Dentro <em>x</em> <!--> <img src=x onerror=alert(1)> -->",
    "Dentro <em>x</em> <img src=x onerror=alert(1) ",
    "Dentro <em onmouseover=alert(1)>clínica</em>",
    "Dentro <em>clínica</em><script>alert(1)</script>",
    "Dentro <a/onclick=alert(1)>x</a> <em>y</em>",
    "Dentro <em>x</em> [guía](jav&#x09;ascript:alert(1))",
    "Dentro <em>x</em> [guía](data:text/html;base64,PHNjcmlwdD4=)",
    "Dentro de la <em>clínica</em>, vea [la guía](https://evil.example/guide) y {{ site.url }}.",
    "Dentro <em>clínica</em> [guía](https://example.com/guide) {{ site.url }} {% include secrets.txt %}",
    "Dentro <em>clínica</em> [guía](https://example.com/guide) {{ site.url }} {{< youtube x >}}",
    'Dentro <em>clínica</em>, [guía](https://example.com/guide){: onclick="alert(1)"} {{ site.url }}.',
    'Dentro *<em>clínica</em>*{:onmouseover="alert(1)"} [guía](https://example.com/guide) {{ site.url }}.',
    "Dentro <em>clínica</em> {::nomarkdown}<b>x</b>{:/nomarkdown} [guía](https://example.com/guide) {{ site.url }}",
    'Dentro <em>clínica</em> [guía](https://example.com/guide) {{ site.url }} {#evil onclick="x"}',
    "Dentro <em>clínica</em>, [guía](https://example.com/guide) {{ site.url }}, visite www.evil.example.",
    "Dentro <em>clínica</em>, [guía](https://example.com/guide) {{ site.url }} https://evil.example/x).",
    "Dentro <em>clínica</em>, [guía](https://example.com/guide) {{ site.url }}: escriba a spam@evil.example",
    "Dentro de la <em>clínica</em>, vea [nuestra guía](https://example.com/guide) y {{site.url}}.",
    "Use the tag \\<img src=x onerror=alert(1)>", "Hola \\\\<img src=x onerror=alert(1)>", "a<<ƀ \\<ƀř>",
    "Vea <![[Pasted image 2022.png]] la imagen.", "Vea <![x> <img src=x onerror=alert(1)> la imagen.",
    # where a block decides what the line is: the shortcut must not take these
    "    [x](javascript:alert(1))", "\t[x](https://evil.example)", "   [x](https://evil.example)",
    "  \t[x](https://evil.example)", "# [x](https://evil.example)", "> [x](https://evil.example)",
    "- [x](https://evil.example)", "+ [x](https://evil.example)", "* [x](https://evil.example)",
    "1. [x](https://evil.example)", "2) [x](https://evil.example)", "--- [x](y)", "***", "___",
    "```[x](https://evil.example)", "~~~ [x](y)", "<div>[x](https://evil.example)</div>",
    "<!-- [x](https://evil.example) -->", "[x]: javascript:alert(1)", "[x]: /u [y](https://evil.example)",
    "[a [b](c)]: d", "[x]:[y](z)", "[r1] and [x](https://evil.example)", "[r1][] [x][] [X]",
    "| a | [x](y) |", "[x](y)\n===", "[x](y)\n---", "[x](y)\n| - |", "[x](y)\r", "[x](y)\r\n",
    "[x](y)\0", "[x](y)\n", "\n[x](y)", "[x](y)\n\n[z](w)", "\u00a0[x](y)\u00a0", "\u2003[x](y)",
    "\u2028[x](y)", "\x1c[x](y)\x1f", "\ufeff[x](y)", " ", "\t", "", "  \t ", "[", "]", "](", "<",
    # inline markup around links
    "![a [b](c)](d)", "[a](<b c>)", "[a](b 'c')", "<javascript:alert(1)>", "<https://evil.example>",
    "<me@evil.example>", "`[x](y)`", "``[x](y)``", "\\[x](y)", "[x\\](y)", "[x](y\\)", "*[x](y)*",
    "[x](#frag)", "[x](<#frag>)", "![x](data:image/png;base64,iVBO)", "[x](&#106;avascript:alert(1))",
    "[" * 40 + "x" + "](y)" * 40, "[x](java\tscript:alert(1))", "[x](JAVA SCRIPT :x)", "[x](DATA\x00:x)",
    "[x](dat\u0430:x)", "[x](da\u0422:x)", '<a href="javascript&#x3a;x">y</a>', "<a href=vbscript:x>y</a>", "[Ƥåîñļēšš çēļļš [çōōļ](https://example.com/cool) ṽîšîƀļē]",
    "&lt;[x](y)&gt; &amp; &#58; www.x.example, a@b.example", "{: .x} [x](y)", "{{ x }} [x](y)",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings(text: str) -> None:
    assert_same(SOURCE, text)
    assert_same(text, SOURCE, REFERENCES)
    assert_same_verdict("[x](https://evil.example) and [r1]", text, REFERENCES)


def test_only_w_and_W_are_a_w_to_a_case_blind_regular_expression() -> None:
    """What markup._may_be_bare_url assumes of ``www.`` under re.I, on every code point."""
    assert [chr(code) for code in range(0x110000) if re.match("w", chr(code), re.I)] == ["W", "w"]


def test_only_t_and_a_lower_to_a_t_or_an_a() -> None:
    """What markup._may_be_url assumes of the character before a script or data URL's colon."""
    assert [c for c in map(chr, range(0x110000)) if c.lower()[-1:] in ("t", "a")] == ["A", "T", "a", "t"]
    assert [c for c in map(chr, range(0x110000)) if ":" in c.lower()] == [":"]


def test_a_one_paragraph_text_skips_the_block_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "[Ƥåîñļēšš çēļļš [çōōļ](https://example.com/cool) ṽîšîƀļē]"
    expected = stock_tokens(text, ())

    def no_block_pass(*args: object) -> None:
        raise AssertionError("the block pass ran")

    monkeypatch.setattr(markup._parser().block, "parse", no_block_pass)
    assert markup._tokens(text, ()) == expected
    with pytest.raises(AssertionError, match="block pass"):
        markup._tokens("# A heading", ())


def test_a_parser_with_other_block_rules_parses_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    markup._shortcut_applies.cache_clear()
    monkeypatch.setattr(markup, "_SHORTCUT_BLOCK_RULES", ("paragraph",))
    try:
        assert not markup._shortcut_applies()
        text = "[a](b) c"
        assert markup._tokens(text, ()) == stock_tokens(text, ())
    finally:
        markup._shortcut_applies.cache_clear()


HOSTILE_ATOMS = [
    "javascript:alert(1)", "https://evil.example", "www.evil.example", "me@evil.example", "](", "]:",
    "[r1]", "[X]", "![", "&#58;", "&colon;", "data:x", "{:", "{#id}", "\u00a0", "\u2028", "\r", "\0",
]  # fmt: skip
_atom = st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCTUATION), st.sampled_from(INLINE_ATOMS),
                  st.sampled_from(HOSTILE_ATOMS))
_texts = st.one_of(
    translations(),
    st.lists(_atom, min_size=1, max_size=12).map("".join),
    st.lists(_atom, min_size=1, max_size=12).map(" ".join).map(lambda text: f"[{text}]"),
    st.text(st.sampled_from("[]()<>!*_`~#-+|{}:/.@&\\ \t\nax1"), max_size=30),
)


@settings(max_examples=scaled(400), deadline=None)
@given(_texts, _texts, st.sampled_from([(), REFERENCES]))
def test_random_text(msgid: str, msgstr: str, references: References) -> None:
    assert_same(msgid, msgstr, references)
