"""The parse's shortcuts (fast_tokens, quick_setext, the text and footnote rules skipped where
they cannot act, the reference rule's label search) against stock markdown-it-py: the same
tokens, every field and child, and the same env, on inputs built to hit each shortcut's edges."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, lheading
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from conftest import REPO, SHARED
from i18nflow.source.dialects import base, fast_tokens, quick_setext
from i18nflow.source.dialects.registry import dialect
from strategies import WORDS, scaled

DIALECTS = ("commonmark", "kramdown", "goldmark")
SPEC = REPO / "tests" / "data" / "commonmark-0.31.2-examples.json"


def _stock(name: str) -> MarkdownIt:
    """The dialect's parser as markdown-it-py builds it: none of our quick rules."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    for rule in dialect(name).blocks:
        rule(parser)
    return parser


STOCK = {name: _stock(name) for name in DIALECTS}


def _same(name: str, text: str, masked: bool = True) -> None:
    source = dialect(name).mask(text) if masked else text
    stock_env: dict[str, object] = {}
    our_env: dict[str, object] = {}
    stock = STOCK[name].parse(source, stock_env)
    assert dialect(name).parser.parse(source, our_env) == stock, (name, text[:300])
    assert our_env == stock_env, (name, text[:300])


# -- fast_tokens ------------------------------------------------------------------------------


def test_a_pushed_token_has_every_field_of_markdown_its() -> None:
    assert fast_tokens._declared() == fast_tokens.FIELDS, "markdown-it's Token changed: see fast_tokens"
    for nesting in (-1, 0, 1):
        for block in (False, True):
            ours = fast_tokens.new_token("x_open", "p", nesting, 3, block)
            stock = Token("x_open", "p", nesting)
            stock.level, stock.block = 3, block
            assert ours == stock
            assert [getattr(ours, f.name) for f in dataclasses.fields(Token)] == [
                getattr(stock, f.name) for f in dataclasses.fields(Token)
            ]
            ours.attrs["a"] = 1  # every token its own dicts
            ours.meta["b"] = 2
            assert fast_tokens.new_token("t", "", 0, 0, False).attrs == {}
            assert fast_tokens.new_token("t", "", 0, 0, False).meta == {}


def test_an_unknown_token_shape_keeps_markdown_its_states(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = MarkdownIt("commonmark")
    monkeypatch.setattr(fast_tokens, "FIELDS", fast_tokens.FIELDS[:-1])
    fast_tokens.fast_tokens(parser)
    assert "parse" not in vars(parser.block) and "parse" not in vars(parser.inline)
    monkeypatch.undo()
    fast_tokens.fast_tokens(parser)
    assert "parse" in vars(parser.block) and "parse" in vars(parser.inline)
    text = "# a *b* [c](d)\n\n- x\n  > y\n\n```\nz\n```\n"
    assert parser.parse(text) == MarkdownIt("commonmark").parse(text)


# -- quick_setext -----------------------------------------------------------------------------

SETEXT = [
    "a\n===\n", "a\n---\n", "a\nb\n---\n", "a\n= =\n", "a\n- -\n", "a\n--- x\n", "a\n---  \t \n", "a\n=\t\n",
    "a\n   ---\n", "a\n    ---\n", "a\n\t---\n", " a\n  ===\n", "a\n\n---\n", "a\n \n===\n", "a\n\t\n===\n",
    "- a\n---\n", "- a\n  ---\n", "- a\n  b\n  ===\n", "- a\n\n  b\n  ---\n", "1. a\n   ===\n", "* a\n=\n",
    "> a\n> ---\n", "> a\n---\n", "> a\n> b\n===\n", "> > a\n> > ===\n", "> a\n>\n> ===\n", "> - a\n>   ---\n",
    "a\n    lazy\n---\n", "a\n        b\n===\n", "a\n# h\n===\n", "a\n> q\n---\n", "a\n```\n---\n", "a\n<div>\n---\n",
    "a\r\n---\r\n", "a\r===\r", "a\0\n---\0\n", "a\n---\0\n", "a\n-", "a\n=", "a\n-=\n", "a\n==-\n", "a -\nb\n",
    "a =\nb =\n", "[a]: /u\n===\n", "[a]: /u\nb\n---\n", "| a |\n|---|\n", "a | b\n--|--\n", "a\n| b |\n---\n",
    "term\n: def\n---\n", "a\n*[A]: b\n===\n", "{: .c}\n===\n", "a\n{: .c}\n---\n", "    code\n---\n", "a\n - b\n---\n",
    "a\n1. b\n===\n", "a\n2. b\n===\n", "a\n***\n---\n", "a\n___\n===\n", "- a\n---\n- b\n", "a\n---\n---\n---\n",
    "text\n\n\na\n---\n", "x\n" * 50 + "---\n", "a\n" + "  \t\n" * 3 + "---\n", "\ta\n\t---\n", "  - a\n\t===\n",
]


@pytest.mark.parametrize("name", DIALECTS)
def test_setext_headings_and_their_near_misses_have_the_stock_tokens(name: str) -> None:
    for text in SETEXT:
        _same(name, text)
        _same(name, text, masked=False)
        _same(name, text.replace("\n", "\n> "))  # the same inside a blockquote
        _same(name, "- " + text.replace("\n", "\n  "))  # inside a list item


def test_the_setext_rule_leaves_the_state_as_markdown_its() -> None:
    """The skipped rule, on every line of every input with every parent and indent: its answer,
    tokens, line and parentType (markdown-it leaves "paragraph" where it finds no underline)."""
    parser = dialect("commonmark").parser
    quick = next(rule.fn for rule in parser.block.ruler.__rules__ if rule.name == "lheading")
    assert quick is not lheading
    texts = SETEXT + [example["markdown"] for example in json.loads(SPEC.read_text())[:300]]
    skipped = ran = 0
    for text in texts:
        for parent in ("root", "list", "blockquote"):
            for indent in (0, 2, 4):
                probe = StateBlock(text, parser, {}, [])
                for line in range(probe.lineMax):
                    states = [StateBlock(text, parser, {}, []) for _ in range(2)]
                    for state in states:
                        state.parentType, state.blkIndent = parent, indent
                    found = [rule(state, line, state.lineMax, False) for rule, state in zip((lheading, quick), states, strict=True)]
                    assert found[0] == found[1], (text, line, parent, indent)
                    mine, stock = states[1], states[0]
                    assert (mine.tokens, mine.line, mine.parentType, mine.level) == (
                        stock.tokens, stock.line, stock.parentType, stock.level
                    ), (text, line, parent, indent)
                    if quick_setext.may_underline(mine, line, mine.lineMax):
                        ran += 1
                    else:
                        skipped += 1
    assert skipped > ran > 100  # both ways taken


setext_line = st.tuples(
    st.sampled_from(["", "", " ", "   ", "    ", "\t", "> ", "- ", "1. ", "  ", "> > "]),
    st.sampled_from([*WORDS[:6], "===", "---", "- -", "= x", "x -", "x =", "==-", "***", "# h", "[a]: /u", ":x",
                     "| a |", "|---|", "```", "", " ", "\t", "{: .c}", "*[A]: b", ": d"]),
    st.sampled_from(["", "", " ", "\t", "  \t"]),
).map("".join)


@settings(max_examples=scaled(150))
@given(st.lists(setext_line, min_size=1, max_size=20), st.sampled_from(["\n", "\n", "\r\n", "\r"]),
       st.sampled_from(DIALECTS))
def test_random_lines_of_underlines_have_the_stock_tokens(lines: list[str], newline: str, name: str) -> None:
    _same(name, newline.join(lines))


# -- the inline shortcuts ----------------------------------------------------------------------

INLINE = [
    "[a [b] c](d)", "[a [b](c) d]", "[[a](b)](c)", "[a\\]b](c)", "[a\\[b](c)", "[a](b\\)c)", "[`a]`](b)", "[`a](b)`]",
    "[<http://a.b/]>](c)", "[<a href=']'>](b)", "[a](<b)c>)", "[a]( b 'c' )", "[a](b \"c\\\"d\")", "[a](b (c))",
    "[a] (b)", "[a]\n(b)", "[a](\nb\n)", "[\\\\](a)", "[a]: /u\n\n[a] [b][a] [a][] [c]", "![a [b](c)](d)",
    "![[a]](b)", "![a](b \"t\")", "[^1] and [^2]\n\n[^1]: one\n", "[^1]\n", "a[^1]b\n\n[^1]: x\n", "[^ a]\n\n[^ a]: x",
    "^[inline *note*] [^n]\n\n[^n]: y", "[^n]: y\n\nx[^n][^n]", "text: -+= ]:[ } { %&amp; ~ @ # $ ^ _ \\ !",
    "a ] b [ c ] ( d", "[" * 30 + "x" + "]" * 30 + "(y)", "[ā ŧ ĳ](ü) ŕ [ē]", "**[a](b)** _[c](d)_",
    "[a](b)[c](d)[e]", "x\\\n[a](b)  \n[c](d)", "[a\tb](c\td)", "<a@b.c> [x](<y>)", "\0[a](b\0)", "[a](b)\r\n[c]\r",
    "[a](http://x.y/(z)) [b](p(q)r) [c](s\\(t) [d](u\\ v) [e](w\x7fx) [f](\\) [g](é/%20&amp;) [h](<i j>)",
    "![a](b) ![c](d(e) ![f](<g>) [h]:\n\n[h]: i(j) 'k'\n[l]: m\\(n\n[o]: <p q>\n[r]: s)t\n\n[h][l][o][r]",
]


@pytest.mark.parametrize("name", DIALECTS)
def test_links_footnotes_and_terminators_have_the_stock_tokens_and_env(name: str) -> None:
    for text in INLINE:
        for variant in (text, f"[{text}]", f"- [{text}]\n> [{text}]\n", f"[{text}]\n\n[^9]: n\n"):
            _same(name, variant)
            _same(name, variant, masked=False)


def test_the_shortcuts_follow_the_parser_they_are_given() -> None:
    """A parser whose footnote rule matches undefined references keeps the plugin's rule, and
    a terminator character added later is not given to the text rule."""
    always = MarkdownIt("commonmark").use(footnote_plugin, always_match_refs=True)
    plain_rule = next(rule.fn for rule in always.inline.ruler.__rules__ if rule.name == "footnote_ref")
    base.quick_footnote_refs(always)
    assert next(rule.fn for rule in always.inline.ruler.__rules__ if rule.name == "footnote_ref") is plain_rule
    stock, ours = MarkdownIt("commonmark").use(footnote_plugin), MarkdownIt("commonmark").use(footnote_plugin)
    base.dispatched_inline(ours)
    base.quick_footnote_refs(ours)
    text = "a;b [^x] c;d"
    assert ours.parse(text) == stock.parse(text)
    for parser in (stock, ours):
        parser.inline.add_terminator_char(";")
        parser.inline.ruler.push("semi", _semicolon)
    with pytest.raises(KeyError):  # an unknown rule: the dispatch keeps markdown-it's loop
        base._RULE_CHARS["semi"]
    assert ours.parse(text) == stock.parse(text)
    assert [child.type for child in ours.parse(text)[1].children or []].count("semi") == 2


def _semicolon(state: object, silent: bool) -> bool:
    src, pos = state.src, state.pos  # type: ignore[attr-defined]
    if src[pos] != ";":
        return False
    if not silent:
        state.push("semi", "", 0)  # type: ignore[attr-defined]
    state.pos += 1  # type: ignore[attr-defined]
    return True


def test_the_label_search_finds_what_markdown_its_walk_finds() -> None:
    """_may_define against the character walk it replaced, on random labels."""
    walk = re.compile(r"[\[\]\\]")

    def reference(src: str, pos: int) -> bool:
        limit = src.find("\n\n", pos)
        at, limit = pos + 1, len(src) if limit < 0 else limit
        while True:
            bracket = walk.search(src, at, limit)
            if bracket is None or bracket.group() == "[":
                return False
            if bracket.group() == "]":
                return src.startswith(":", bracket.end())
            at = bracket.end() + 1

    import random

    chance = random.Random(7)
    defined = 0
    for _ in range(60_000):
        text = "x[" + "".join(chance.choice("ab[]\\\\::\n ") for _ in range(chance.randint(0, 14)))
        assert base._may_define(text, 1) == reference(text, 1), text
        defined += reference(text, 1)
    assert defined > 1000


def test_masked_and_bracketed_posts_have_the_stock_tokens_in_every_dialect() -> None:
    """The kramdown and goldmark bodies as their dialects mask them, as written and with every
    line bracketed (a pseudo-translation), inline pass included."""
    folders = [SHARED / "corpus" / "posts", SHARED / "corpus" / "hugo"]
    bodies = [path.read_text(encoding="utf-8") for folder in folders for path in sorted(folder.rglob("*.md"))]
    assert len(bodies) > 100
    for name in ("kramdown", "goldmark"):
        for body in bodies:
            _same(name, "\n".join(f"[{line}]" if line.strip() else line for line in body.split("\n")))


def test_the_quick_destination_parser_gives_markdown_its_results() -> None:
    """parse_link_destination against markdown-it's walk, on random destinations and bounds."""
    import random

    from markdown_it.helpers import parseLinkDestination

    from i18nflow.source.dialects.link_destinations import parse_link_destination

    chance = random.Random(3)
    alphabet = ["a", "b", "(", ")", "\\", " ", "\n", "\0", "\x7f", "\x1f", "<", ">", "é", "\t", "&amp;", "/", "%20"]
    found = 0
    for _ in range(40_000):
        text = "".join(chance.choice(alphabet) for _ in range(chance.randint(0, 12)))
        pos = chance.randint(0, len(text))
        maximum = chance.choice([len(text), len(text) + 3, chance.randint(pos, len(text) + 1)])
        stock, ours = parseLinkDestination(text, pos, maximum), parse_link_destination(text, pos, maximum)
        assert (ours.ok, ours.pos, ours.str) == (stock.ok, stock.pos, stock.str), (text, pos, maximum)
        found += stock.ok
    assert found > 10_000
    parser = dialect("commonmark").parser
    assert parser.helpers.parseLinkDestination is parse_link_destination
    assert MarkdownIt().helpers.parseLinkDestination is parseLinkDestination  # markdown-it's module unchanged


def test_the_publishing_rules_parser_has_the_stock_tokens_and_env() -> None:
    """markup.py's parser (text_join off, references in env) with its shortcuts, against the
    same parser as markdown-it builds it: spec examples, posts plain and bracketed, INLINE."""
    from i18nflow.source import markup

    stock = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")
    ours = markup._parser()
    assert "parse" in vars(ours.inline)  # fast_tokens is on
    folders = [SHARED / "corpus" / "posts", SHARED / "corpus" / "hugo"]
    bodies = [example["markdown"] for example in json.loads(SPEC.read_text())]
    bodies += [path.read_text(encoding="utf-8") for folder in folders for path in sorted(folder.rglob("*.md"))]
    bodies += [f"[{line}]" for body in bodies[-40:] for line in body.split("\n") if line.strip()] + INLINE
    references = {"a": {"href": "/u", "title": ""}, "h": {"href": "i(j)", "title": "k"}}
    for body in bodies:
        for env in ({}, {"references": dict(references)}):
            stock_env, our_env = json.loads(json.dumps(env)), json.loads(json.dumps(env))
            assert ours.parse(body, our_env) == stock.parse(body, stock_env), body[:200]
            assert our_env == stock_env


# -- a link attempt defeated by a nested link (nested_links) -----------------------------------

NESTED = [
    "[a [b](c) d]", "[a [b](c)](d)", "[[b](c)]", "[a [b](c)]: x", "[a *b* ~~c~~ &amp; _d_ :-+=#@{}%$\n  e [f](g) h]",
    "[a `x [b](c)` d]", "[a `x` [b](c) d]", "[a <http://x/[b](c)> d]", "[a <span title='[b](c)'> d]", "[a < [b](c)]",
    "[a \\[b](c) d]", "[a \\\\[b](c) d]", "[a\\] [b](c)]", "[a ![b](c) d](e)", "[a ![b](c)]", "[a ^[b](c) d]",
    "[a ^ [b](c) d]", "[a !x [b](c)]", "[a] [b](c)", "[a](x) [b](c) [d [e](f)]", "[a [b [c](d)]](e)", "[[a [b](c)]",
    "[a [b c\nd](e) f]", "[a [b\\]c](d)]", "[a [b`c`](d)]", "[a [b<c>](d)]", "[a [b!](c)]", "[a [b^](c)]", "[a [b*c*](d)]",
    "[a [b](c d)]", "[a [b](c(d))]", "[a [b](c&amp;d)]", "[a [b](c\\)d)]", "[a [b](<c>)]", "[a [b]()]", "[a [b]( c)]",
    "[a [b](c \"t\")]", "[a [b](c\x01)]", "[a [b](c\x7f)]", "[a [b](javascript:alert(1))]", "[a [b](javascript:x)]",
    "[a [b](vbscript:x)]", "[a [b](data:image/png;base64,x)]", "[a [b](file:x)]", "[a [b](ĥţţƥš://ẋ/ŷ?z=1#w)]",
    "[a [b](c)", "[a [b](c", "[a [b]\n(c)]", "[a [b] (c)]", "[a [b][c]]\n\n[c]: /u", "[a [b](c)]\n\n[b]: /u",
    "[a [b](c)][d]\n\n[d]: /u", "[a [^1](c)]\n\n[^1]: n", "[^1] [a [b](c)]\n\n[^1]: n", "x: [a [b](c)]", "[a ]b [c](d)]",
    "[a [b](c)] [d [e](f)] [g]", "*[a [b](c)]*", "**[a [b](c) d]**", "~~[a [b](c)]~~", "[a [b](c)]\n[d [e](f)]",
    "[" * 25 + "a [b](c)" + "]" * 25, "[a " * 12 + "[b](c)" + " d]" * 12, "[a [b](javascript&#58;x)]",
    "[a [b](&#106;avascript:x)]", "[a [b](c&#41;d)]", "[a [b](&lt;c)]", "[a [b](c\\d)]", "[a [b](jav\\ascript:x)]",
    "[a [b`c](d)`]]", "[a [b<c](d)>]]", "[a [b<http://c](d)>]]", "[a [b\\](c)]]",
]


@pytest.mark.parametrize("name", DIALECTS)
def test_links_in_brackets_have_the_stock_tokens_and_env(name: str) -> None:
    for text in NESTED:
        for variant in (text, f"{text}(e)", f"a: b\n\n{text}", f"a: b\n\n{text}(e)", f"x{text}", f"- {text}\n> {text}\n", f"{text}\n\n[^9]: n\n", f"# {text}\n\n{text}"):
            _same(name, variant)
            _same(name, variant, masked=False)


def _checkers() -> list[tuple[MarkdownIt, MarkdownIt, object]]:
    """(parser, the same as markdown-it builds it, its nested-link check) for each dialect's
    parser and markup.py's."""
    from i18nflow.source import markup

    found = []
    parsers = [(dialect(name).parser, STOCK[name]) for name in DIALECTS]
    parsers.append((markup._parser(), MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")))
    for parser, stock_parser in parsers:
        rule = next(rule.fn for rule in parser.inline.ruler.__rules__ if rule.name == "link")
        cells = [cell.cell_contents for cell in rule.__closure__ or ()]
        checks = [cell for cell in cells if getattr(cell, "__name__", "") == "defeated_by_nested_link"]
        assert len(checks) == 1, "the link rule has no nested-link check"
        found.append((parser, stock_parser, checks[0]))
    return found


NESTED_PIECES = [
    "[", "[", "]", "](", "(", ")", "a", " ", "`", "<", ">", "\\", "!", "^", "*", "_", "~", "&amp;", "&", "\n", ":",
    "[b](c)", "[b](c)", "[b](javascript:x)", "[b](c d)", "[b](<c>)", "[^1]", "[^1]: n\n\n", "[r]: /u\n\n", "[r]", "\"t\"",
    "ĥţţƥš://ẋ", "$", "{%", "%}", "{{", "}}",
]
nested_piece = st.sampled_from(NESTED_PIECES)


@settings(max_examples=scaled(300))
@given(st.lists(nested_piece, max_size=24).map("".join), st.sampled_from(DIALECTS))
def test_random_brackets_and_links_have_the_stock_tokens_and_env(text: str, name: str) -> None:
    _same(name, text)
    _same(name, f"[{text}]", masked=False)
    _same(name, f"a: b\n\n[{text}", masked=False)  # the footnote table in env: the check may answer


def test_the_nested_link_check_says_yes_only_where_markdown_its_link_rule_fails() -> None:
    """The check against markdown-it's own rule at every "[" of every NESTED and random text, with
    and without the footnote table and references in env, as a paragraph's inline state sees it:
    where it says the attempt fails, markdown-it's link rule fails and leaves the state as it was."""
    import random

    from markdown_it.rules_inline import StateInline
    from markdown_it.rules_inline.link import link

    chance = random.Random(11)
    def pieces(most: int) -> str:
        return "".join(chance.choice(NESTED_PIECES) for _ in range(chance.randint(0, most)))

    texts = NESTED + [pieces(16) for _ in range(3000)] + [f"[{pieces(5)}[b](c){pieces(5)}" for _ in range(2000)]
    said = {True: 0, False: 0}
    for parser, stock_parser, check in _checkers():
        for text in texts:
            for env in ({}, {"footnotes": {"refs": {}, "list": {}}}, {"references": {"R": {"href": "/u", "title": ""}}}):
                starts = [(at, level) for at, char in enumerate(text) if char == "[" for level in (0, 16, 17, 18, 19)]
                for at, level in starts:
                    state = StateInline(text, parser, json.loads(json.dumps(env)), [])
                    state.pos, state.level = at, level
                    verdict = check(state, at)  # type: ignore[operator]
                    said[verdict] += 1
                    if verdict:
                        before = (state.pos, state.posMax, state.level, list(state.tokens), state.pending)
                        stock_env = json.loads(json.dumps(env))
                        stock = StateInline(text, stock_parser, stock_env, [])
                        stock.pos, stock.level = at, level
                        assert link(stock, False) is False, text
                        assert (stock.pos, stock.posMax, stock.level, stock.tokens, stock.pending) == before, text
                        assert stock_env == state.env == env, text
    print(said)
    assert said[True] > 1000 and said[False] > 1000  # both ways taken


def test_once_the_footnote_table_is_in_env_its_reference_rule_is_tried_at_a_bracket_alone() -> None:
    """The dispatch drops quick_footnote_refs's rule off a "[" once the table is there (where it
    does nothing), and keeps it before: footnote references before and after, the same tokens."""
    parser = dialect("commonmark").parser
    parser.parse("a: [^1] b-c]\n\n[^1]: x\n")  # fills the dispatch's tables
    dispatch = parser.inline.tokenize.__self__  # type: ignore[attr-defined]
    assert dispatch.by_char[":"] and dispatch.by_char_tabled[":"] == []
    assert any(getattr(fn, "idle_off_bracket", False) for fn in dispatch.by_char_tabled["["])
    texts = [
        "a: [^1] b-c]\n\n[^1]: x\n", "[^1]\n\n[^1]: x", "x\n\na - b: [^1]\n\n[^1]: x\n- [^1]: [^2]\n\n[^2]: y\n",
        "[^1]: x\n\n## a [^1] b: [^2] c\n\n[^2]: y", "a ^[b: [^1] c] d\n\n[^1]: x", "a [b: [^1]](c) ![d [^1]](e)\n\n[^1]: f",
    ]
    for name in DIALECTS:
        for text in texts:
            _same(name, text)
            _same(name, text, masked=False)


JOINS = [
    "a", "", "\\*a\\*", "a\\\nb", "*a*", "**a**b", "a *b* c", "![a](b)", "![a *b* \\* c](d)", "[a](b)", "`a`", "&amp;", "a  \nb",
    "# a\n\n## \\#b\n\n- c\n- *d*\n\n| a | b |\n|---|---|\n| \\| | *e* |\n", "[a]\n\n[^1]\n\n[^1]: x *y*\n", "~~a~~", "a ~b~ c",
    "<b>a</b>", "a <http://b.c> d", "*a", "a*", "_a_b", "**", "\\", "x\n\n    code\n\n> q *r*\n",
]


@pytest.mark.parametrize("name", DIALECTS)
def test_single_text_inline_tokens_skip_the_joins_with_the_stock_tokens(name: str) -> None:
    parser = dialect(name).parser
    assert next(r.fn for r in parser.inline.ruler2.__rules__ if r.name == "fragments_join") is base._fragments_join
    assert next(r.fn for r in parser.core.ruler.__rules__ if r.name == "text_join") is base._text_join
    for text in JOINS:
        for variant in (text, f"[{text}]", f"- {text}\n> {text}\n", f"a: b\n\n{text}"):
            _same(name, variant)
            _same(name, variant, masked=False)


EMPHASIS = [
    "*a*", "_a_", "**a**", "__a__", "***a***", "*a **b** c*", "a*b*c", "a_b_c", "_a*", "*a_", "* a *", "** a**", "a**",
    "*(a)*", "_(a)_", "(*a*)", "«*a*»", "*ā*ŕ", "ā_ŕ_ē", "*a\nb*", "\\*a*", "`*`a*", "[*a*](b)", "*[a](b)*", "a ***b** c*",
    "*" * 9, "_" * 7 + "a" + "_" * 3, "*a* *b* **c** ~~d~~ _e_", "&amp;*a*", "<b>*a*</b>", "![*a*](b) *c*", "**a*b***",
]


def test_emphasis_pushes_give_the_stock_tokens_and_delimiters() -> None:
    assert tuple(item.name for item in dataclasses.fields(markdown_delimiter())) == fast_tokens.DELIMITER_FIELDS
    for name in DIALECTS:
        rule = next(rule.fn for rule in dialect(name).parser.inline.ruler.__rules__ if rule.name == "emphasis")
        assert rule is fast_tokens.emphasis_tokenize
        for text in EMPHASIS:
            for variant in (text, f"x{text}y", f"[{text}]", f"- {text}\n> {text}\n", f"# {text}\n\n{text} {text}"):
                _same(name, variant)
                _same(name, variant, masked=False)


def markdown_delimiter() -> type:
    from markdown_it.rules_inline.state_inline import Delimiter

    return Delimiter


@settings(max_examples=scaled(200))
@given(st.lists(st.sampled_from(["*", "_", "**", "a", " ", "ā", "(", ")", "\n", "\\", "`", "~~", "[", "](b)", "."]), max_size=20)
       .map("".join), st.sampled_from(DIALECTS))
def test_random_emphasis_has_the_stock_tokens(text: str, name: str) -> None:
    _same(name, text)
