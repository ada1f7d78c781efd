"""dispatched_blocks: markdown-it-py's block pass trying only the rules a line can open, with
the tokens and env of the stock block pass on every input."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from mdit_py_plugins.footnote import footnote_plugin

from conftest import REPO, SHARED
from i18nflow.source.dialects import block_dispatch
from i18nflow.source.dialects.block_dispatch import (
    ANY,
    CODE,
    LINE,
    NEXT,
    dispatched_blocks,
    starts_of,
)
from i18nflow.source.dialects.registry import dialect
from strategies import MUTATION_LINES, PUNCTUATION, WORDS, markdown_documents, scaled

DIALECTS = ("commonmark", "kramdown", "goldmark")
SPEC = REPO / "tests" / "data" / "commonmark-0.31.2-examples.json"


def _stock(name: str, inline: bool = True) -> MarkdownIt:
    """The dialect's parser as markdown-it-py builds it: none of our quick or dispatched rules."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    for rule in dialect(name).blocks:
        rule(parser)
    return parser if inline else parser.disable("inline")


STOCK = {(name, inline): _stock(name, inline) for name in DIALECTS for inline in (True, False)}


def _ours(name: str, inline: bool = True) -> MarkdownIt:
    return dialect(name).parser if inline else dialect(name).block_parser


def _same(name: str, text: str, inline: bool = True) -> None:
    """Every token's every field (children, map, meta, hidden…) and the env are the stock ones."""
    masked = dialect(name).mask(text)
    stock_env: dict[str, object] = {}
    our_env: dict[str, object] = {}
    stock = STOCK[name, inline].parse(masked, stock_env)
    assert _ours(name, inline).parse(masked, our_env) == stock, (name, text[:300])
    assert our_env == stock_env, (name, text[:300])


def _bodies() -> list[str]:
    bodies = [example["markdown"] for example in json.loads(SPEC.read_text())]
    folders = [SHARED / "corpus" / "posts", SHARED / "corpus" / "hugo", REPO / "tests" / "fixtures" / "unseen"]
    for folder in folders:
        bodies += [path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*.md"))]
    return bodies


def _bracketed(body: str) -> str:
    """Every line's text in brackets, as the pseudo engine writes a translation."""
    return "\n".join(f"[{line}]" if line.strip() else line for line in body.split("\n"))


def test_every_spec_example_and_post_has_the_stock_tokens_and_env_in_every_dialect() -> None:
    bodies = _bodies()
    assert len(bodies) > 652 + 120, "the spec examples, the corpus and the unseen posts"
    for name in DIALECTS:
        for body in bodies:
            _same(name, body)
            _same(name, _bracketed(body), inline=False)  # the block parser: render's structure check


HOSTILE = [
    "> " * 120 + "deep",
    "".join("  " * depth + "- item\n" for depth in range(80)),
    "".join("   " * depth + "1. item\n" for depth in range(60)),
    "- > 1. > * > " * 30 + "x\n  lazy\n",
    "a" * 200_000 + "\n" + "-" * 50_000 + "\n",
    "| a " * 5_000 + "|\n" + "|---" * 5_000 + "|\n" + "| b " * 5_000 + "|\n",
    "[" * 20_000 + "\n" + "]" * 20_000 + "\n[]\n" * 500,
    "[]\n[[]]\n][\n[\n]\n" * 300,
    "[a]: /u\n" * 300 + "[a]\n",
    "text\n" + "\n".join(f"{mark}x" for mark in "#>`~*-_+<[{^:|=0") + "\n",
    "para\n\xa0^\n\u3000^\n\x0b^\n{: .c}\n*[A]: b\n: def\n~ def\n",
    "\t- a\n\t\t- b\n \t> c\n\t```\n\tcode\n\t```\n",
    "term\n: def\n  more\n: other\n\nterm\n\n: def\n",
    '<div markdown="1">\n# in\n</div>\n<details>\n<summary>s</summary>\n<div markdown="1">\n- x\n</div>\n</details>\n',
    "a | b\n--|--\nc | d\n    e | f\n\n| x |\n|---|\n    | y |\n",
    "```\n" * 101,
    "    code\n  para\n        lazy\n- x\n\n      code in item\n",
]


@pytest.mark.parametrize("name", DIALECTS)
def test_hostile_inputs_have_the_stock_tokens(name: str) -> None:
    for text in HOSTILE:
        _same(name, text)
        _same(name, text, inline=False)


LINE_ATOMS = [*MUTATION_LINES, *PUNCTUATION, *WORDS[:8], "{: .x}", "^", "\xa0^", "*[A]: b", ": def", "~ def",
              "| a | b |", "a | b", "--|--", ":--:|", '<div markdown="1">', "[^1]: n", "[a]:", "1) x", "#x"]
INDENTS = ["", "", "", " ", "  ", "   ", "    ", "\t", "  \t", "      "]
soup_line = st.tuples(st.sampled_from(INDENTS), st.lists(st.sampled_from(LINE_ATOMS), max_size=3)).map(
    lambda parts: parts[0] + " ".join(parts[1])
)


@settings(max_examples=scaled(150))
@given(st.lists(soup_line, min_size=1, max_size=25).map("\n".join), st.sampled_from(DIALECTS))
def test_random_lines_of_block_markup_have_the_stock_tokens(text: str, name: str) -> None:
    _same(name, text)


@settings(max_examples=scaled(100))
@given(markdown_documents(), st.sampled_from(DIALECTS))
def test_random_documents_have_the_stock_tokens(data: bytes, name: str) -> None:
    _same(name, data.decode("utf-8").lstrip("\ufeff"))


def test_a_changed_ruler_is_followed() -> None:
    """Rules disabled, enabled or added after the dispatch was set up are tried as markdown-it
    would: the tables follow the ruler's chains."""
    text = "para\n%% mine\n# heading\n> quote\n\n%% mine\nnext\n"
    stock = MarkdownIt("commonmark").enable("table")
    ours = MarkdownIt("commonmark").enable("table")
    dispatched_blocks(ours)
    assert ours.parse(text) == stock.parse(text)
    for parser in (stock, ours):
        parser.disable("heading")
    assert ours.parse(text) == stock.parse(text)
    assert not any(token.type == "heading_open" for token in ours.parse(text))

    def mine(state: StateBlock, start: int, end: int, silent: bool) -> bool:  # unknown: tried everywhere
        if not state.src.startswith("%%", state.bMarks[start] + state.tShift[start]):
            return False
        if not silent:
            state.push("mine", "", 0).map = [start, start + 1]
            state.line = start + 1
        return True

    for parser in (stock, ours):
        parser.block.ruler.before("paragraph", "mine", mine, {"alt": ["paragraph"]})
    assert starts_of(mine) == ((ANY, ""), (ANY, ""))
    assert [t.type for t in ours.parse(text)].count("mine") == 2  # one ends the paragraph above it
    assert ours.parse(text) == stock.parse(text)


# first characters a line of the audit starts with: ASCII, Python's other spaces, letters
AUDIT_CHARS = [chr(code) for code in range(0x21, 0x7F)] + list(block_dispatch._OTHER_SPACES[1:]) + ["é", "日", "\ufffd"]
AUDIT_TAILS = ["", " x", "x", " ]: y", "| a |", "  ", "[^x]: y", "--", "::"]


def test_the_python_spaces_are_those_str_strip_removes() -> None:
    spaces = {chr(code) for code in range(0x110000) if chr(code).isspace()}
    assert spaces - {" ", "\t"} == set(block_dispatch._OTHER_SPACES)


@pytest.mark.parametrize("name", DIALECTS)
def test_no_rule_acts_on_a_line_its_table_says_it_cannot(name: str) -> None:
    """Each classified rule, called on lines starting with every other character (as the first
    line, under a paragraph, in a definition; main loop and silent), returns False and leaves
    the state as it was: skipping it there changes nothing."""
    parser = _ours(name)
    checked = 0
    for rule in (rule for rule in parser.block.ruler.__rules__ if rule.enabled):
        for silent in (False, True):
            kind, chars = starts_of(rule.fn)[silent]
            if kind in (ANY, CODE):
                continue
            for char in AUDIT_CHARS:
                if char in chars:
                    continue
                for tail in AUDIT_TAILS:
                    line = char + tail
                    for text, at in ((f"{line}\n|-|\n", 0), (f"para\n{line}\n{char}--\n", 1), (f"{line}\n", 0)):
                        if kind == NEXT:
                            text, at = f"a | b\n{line}\nc\n", 0
                        for parent, dd in (("root", -1), ("paragraph", -1), ("list", 0)):
                            state = StateBlock(text, parser, {}, [])
                            state.parentType, state.ddIndent = parent, dd
                            assert not rule.fn(state, at, state.lineMax, silent), (rule.name, text, silent)
                            assert (state.tokens, state.line, state.env) == ([], 0, {}), (rule.name, text)
                            checked += 1
    assert checked > 10_000


def test_every_rule_of_the_dialects_is_classified() -> None:
    """A rule the table does not know would be tried on every line: say so when one appears."""
    expected_any = {"lheading", "paragraph", "kramdown_table", "kramdown_deflist", "deflist"}
    for name in DIALECTS:
        for rule in (rule for rule in _ours(name).block.ruler.__rules__ if rule.enabled):
            main, _silent = starts_of(rule.fn)
            assert (main[0] == ANY) == (rule.name in expected_any), (name, rule.name)
            assert main[0] in (ANY, CODE, LINE, NEXT)
