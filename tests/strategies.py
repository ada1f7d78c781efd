"""Hypothesis profiles and strategies shared by the property tests and ``bench/soak.py``.

Profiles (pick one with ``HYPOTHESIS_PROFILE``):

* ``ci`` (default): the budget ``.ci/run`` can afford; every property still runs hundreds of
  examples and the "nothing lost" state machine a couple of thousand steps.
* ``soak``: the same tests with :data:`SCALE` times more examples and longer state machine
  runs, for ``bench/soak.py`` or a nightly job.
* ``quick``: a smoke run while editing a test.

Tests ask for ``settings(max_examples=scaled(n))`` instead of a fixed number, so one profile
switch scales every property at once. No database is shared between runs of different
profiles: a failure found by a soak run is reported with its ``@reproduce_failure`` blob.

The strategies generate *inputs a user could have*, not inputs that happen to be valid: every
string is a Markdown document (CommonMark accepts any text), so the generators combine block
syntax freely (nested lists in blockquotes in list items, tables next to setext underlines,
code fences inside footnotes) and let the properties decide what must hold.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import Callable

import polib
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# -- profiles ----------------------------------------------------------------------------

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
# CI runs the same examples every time (derandomize): a red CI is a reproducible finding, and the
# search for new failures is the soak profile's job.
settings.register_profile(
    "ci",
    deadline=None,
    suppress_health_check=_SLOW_OK,
    print_blob=True,
    stateful_step_count=50,
    derandomize=True,
    database=None,
)
settings.register_profile(
    "soak", deadline=None, suppress_health_check=_SLOW_OK, print_blob=True, stateful_step_count=100
)
settings.register_profile(
    "quick", deadline=None, suppress_health_check=_SLOW_OK, print_blob=True, stateful_step_count=20
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)
# bench/soak.py sets I18NFLOW_SOAK_SCALE to size each round of its time budget.
SCALE = float(
    os.environ.get("I18NFLOW_SOAK_SCALE")
    or {"ci": 1.0, "soak": 20.0, "quick": 0.1}.get(PROFILE, 1.0)
)

# What the property and fault tests did (examples, steps, faults), for bench/soak.py's figures.
FIGURES: Counter[str] = Counter()


def scaled(examples: int) -> int:
    """``examples`` for the CI profile, scaled for the active one (at least one)."""
    return max(1, round(examples * SCALE))


# -- inline Markdown ---------------------------------------------------------------------

WORDS = (
    "skin care session gentle result clinic light water face body week calm serum "
    "café naïve Größe Привет мир שלום עולם 日本語 한국어 émoji😀 x the and of"
).split()
INLINE_ATOMS = [
    "**bold words**",
    "*emphasis*",
    "_under_",
    "`code span`",
    "``code ` tick``",
    "[a link](https://example.com/a)",
    '[titled](https://example.com/b "Title")',
    "[ref link][r1]",
    "![alt text](img.png)",
    "![](empty-alt.png)",
    "<https://example.com/auto>",
    "&amp;",
    "&nbsp;",
    "&#124;",
    "&copy;",
    "<b>bold tag</b>",
    '<span class="x">span</span>',
    "{{ site.title }}",
    "{% include icon.html %}",
    "[^1]",
    "~~gone~~",
    "\\*not em\\*",
    "snake_case_word",
    "a|b",
    "100%",
    "3.14",
    "\t",
]
word = st.sampled_from(WORDS)
inline_atom = st.one_of(word, word, word, st.sampled_from(INLINE_ATOMS))


@st.composite
def inline_line(draw: st.DrawFn, min_atoms: int = 1) -> str:
    """One line of inline text; it may start with anything an atom starts with."""
    atoms = draw(st.lists(inline_atom, min_size=min_atoms, max_size=8))
    return " ".join(atoms)


# -- blocks ------------------------------------------------------------------------------

Lines = list[str]


def _prefixed(lines: Lines, first: str, rest: str) -> Lines:
    """Put a container marker before the first line and its continuation indent before the rest."""
    out = []
    for index, line in enumerate(lines):
        prefix = first if index == 0 else rest
        out.append(prefix + line if line else "")
    return out


@st.composite
def paragraph(draw: st.DrawFn) -> Lines:
    lines = draw(st.lists(inline_line(), min_size=1, max_size=3))
    ends = draw(
        st.lists(
            st.sampled_from(["", "", "", "  ", "\\", "   ", " \t"]),
            min_size=len(lines),
            max_size=len(lines),
        )
    )
    result = [line + end for line, end in zip(lines, ends, strict=True)]
    result[-1] = lines[-1]  # a hard break at a paragraph's end is not one
    if draw(st.integers(0, 9)) == 0:
        result.append(draw(st.sampled_from(["{: .notice}", "{: .notice--info}", "{:toc}"])))
    return result


@st.composite
def atx_heading(draw: st.DrawFn) -> Lines:
    level = draw(st.integers(1, 6))
    text = draw(inline_line())
    closing = draw(st.sampled_from(["", "", " #", " ###", " {#custom-id}", " {: .cls}"]))
    return ["#" * level + draw(st.sampled_from([" ", "  ", "\t"])) + text + closing]


@st.composite
def setext_heading(draw: st.DrawFn) -> Lines:
    lines = draw(st.lists(inline_line(), min_size=1, max_size=2))
    return [*lines, draw(st.sampled_from(["===", "---", "=", "-----   "]))]


@st.composite
def table(draw: st.DrawFn) -> Lines:
    columns = draw(st.integers(1, 3))
    pipes = draw(st.booleans()) or columns == 1
    cell = st.one_of(inline_line(), st.just(""), st.just("a \\| b"), st.just("`x`"))

    def row(cells: list[str]) -> str:
        body = " | ".join(cells)
        return f"| {body} |" if pipes else body

    header = row(draw(st.lists(cell, min_size=columns, max_size=columns)))
    align = row([draw(st.sampled_from(["---", ":--", "--:", ":-:"])) for _ in range(columns)])
    rows = [
        row(draw(st.lists(cell, min_size=columns, max_size=columns)))
        for _ in range(draw(st.integers(0, 3)))
    ]
    return [header, align, *rows]


HTML_BLOCKS = [
    ['<div class="note">', "Text inside a <strong>div</strong> block.", "</div>"],
    ['<p align="center">Centered <em>paragraph</em> text.</p>'],
    ["<!-- a comment with words -->"],
    [
        "<details>",
        "<summary>Click to open</summary>",
        "",
        "Hidden **Markdown** text.",
        "",
        "</details>",
    ],
    ["<table><tr><td>Cell words</td><td>More</td></tr></table>"],
    ["<script>", "var words = 'not text';", "</script>"],
    ["<pre>", "preformatted words", "</pre>"],
    ["<br><br>"],
    ['<img src="a.png" alt="Picture of skin">'],
    ["<center>Old centered text</center>"],
]


@st.composite
def html_block(draw: st.DrawFn) -> Lines:
    return list(draw(st.sampled_from(HTML_BLOCKS)))


@st.composite
def fenced_code(draw: st.DrawFn) -> Lines:
    fence = draw(st.sampled_from(["```", "~~~", "````"]))
    info = draw(st.sampled_from(["", "python", "ruby {.x}", "md"]))
    body = draw(
        st.lists(
            st.sampled_from(
                ["# not a heading", "- not a list", "| a | b |", "code words", "", "```inner"]
            ),
            max_size=3,
        )
    )
    if fence.startswith("~"):
        body = [line for line in body if line != "```inner"] or body
    return [fence + info, *body, fence]


@st.composite
def indented_code(draw: st.DrawFn) -> Lines:
    lines = draw(
        st.lists(st.sampled_from(["code words here", "# comment", "x = 1"]), min_size=1, max_size=3)
    )
    return [draw(st.sampled_from(["    ", "\t", "  \t"])) + line for line in lines]


LIQUID_BLOCKS = [
    ["{% include toc.html %}"],
    ["{{ page.title }}"],
    ["{% highlight ruby %}", "def words", "  # not a heading", "end", "{% endhighlight %}"],
    ["{% raw %}", "{{ not.liquid }} words", "{% endraw %}"],
    ["{% comment %}", "Hidden words for authors", "{% endcomment %}"],
    ["* TOC", "{:toc}"],
    ['{::options parse_block_html="true" /}'],
    ["<!-- more -->"],
]


@st.composite
def liquid_block(draw: st.DrawFn) -> Lines:
    return list(draw(st.sampled_from(LIQUID_BLOCKS)))


@st.composite
def definitions(draw: st.DrawFn) -> Lines:
    """Link reference and footnote definitions (the references are among the inline atoms)."""
    options = [
        ['[r1]: https://example.com/r1 "Reference title"'],
        ["[r1]: <https://example.com/r1>"],
        ["[^1]: A footnote with *words*."],
        ["[^1]: First footnote paragraph.", "", "    Second paragraph of the footnote."],
    ]
    return list(draw(st.sampled_from(options)))


LEAF_BLOCKS = [
    paragraph(),
    paragraph(),
    paragraph(),
    atx_heading(),
    setext_heading(),
    table(),
    html_block(),
    fenced_code(),
    indented_code(),
    liquid_block(),
    definitions(),
    st.sampled_from([["***"], ["___"], ["- - -"]]),
]


def blocks(depth: int) -> st.SearchStrategy[Lines]:
    """A run of blocks separated by blank lines (containers nest up to ``depth``)."""
    choices = list(LEAF_BLOCKS)
    if depth > 0:
        choices += [bullet_list(depth - 1), ordered_list(depth - 1), blockquote(depth - 1)]
    block = st.one_of(*choices)

    def join(parts: list[Lines]) -> Lines:
        out: Lines = []
        for index, part in enumerate(parts):
            if index:
                out.append("")
            out.extend(part)
        return out

    return st.lists(block, min_size=1, max_size=4).map(join)


@st.composite
def bullet_list(draw: st.DrawFn, depth: int) -> Lines:
    marker = draw(st.sampled_from(["-", "*", "+"]))
    return draw(_list_items(depth, lambda _: marker))


@st.composite
def ordered_list(draw: st.DrawFn, depth: int) -> Lines:
    delimiter = draw(st.sampled_from([".", ")"]))
    start = draw(st.sampled_from([1, 1, 3, 10]))
    return draw(_list_items(depth, lambda index: f"{start + index}{delimiter}"))


@st.composite
def _list_items(draw: st.DrawFn, depth: int, marker: Callable[[int], str]) -> Lines:
    loose = draw(st.booleans())
    out: Lines = []
    for index in range(draw(st.integers(1, 3))):
        if index and loose:
            out.append("")
        head = marker(index)
        gap = draw(st.sampled_from([" ", " ", "  ", "\t"]))
        width = (
            " " * (len(head) + len(gap)) if gap != "\t" else draw(st.sampled_from(["\t", "    "]))
        )
        content = draw(st.one_of(paragraph(), paragraph(), blocks(depth)))
        out.extend(_prefixed(content, head + gap, width))
    return out


@st.composite
def blockquote(draw: st.DrawFn, depth: int) -> Lines:
    prefix = draw(st.sampled_from(["> ", ">", "> > "]))
    content = draw(blocks(depth))
    lazy = draw(st.integers(0, 5)) == 0
    out = []
    for index, line in enumerate(content):
        if lazy and index == len(content) - 1 and index > 0 and line and content[index - 1]:
            out.append(line)  # a lazy continuation line
        else:
            out.append(prefix + line if line else prefix.rstrip())
    return out


YAML_TITLES = [
    "Plain title words",
    "'Single quoted: title'",
    '"Double \\"quoted\\" title"',
    ">-\n  Folded title\n  over two lines",
    "|\n  Literal title\n  keeps lines",
    "Título con acentos",
]


@st.composite
def front_matter(draw: st.DrawFn) -> Lines:
    title = draw(st.sampled_from(YAML_TITLES))
    lines = ["---", *f"title: {title}".split("\n")]
    if draw(st.booleans()):
        lines += ["description: A description with words", "tags:", "  - first tag", "  - second"]
    if draw(st.booleans()):
        lines += ["# a YAML comment", "layout: post", "date: 2020-01-02"]
    if draw(st.booleans()):
        lines.append("lang: en")
    return [*lines, "---", ""]


@st.composite
def markdown_documents(draw: st.DrawFn, max_depth: int = 3) -> bytes:
    """A whole post as the bytes on disk: optional BOM and front matter, any line endings."""
    lines: Lines = []
    if draw(st.booleans()):
        lines += draw(front_matter())
    lines += draw(blocks(max_depth))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    text = newline.join(lines)
    if draw(st.booleans()):
        text += newline
    data = text.encode("utf-8")
    if draw(st.integers(0, 5)) == 0:
        data = b"\xef\xbb\xbf" + data
    return data


# -- what a translator types ---------------------------------------------------------------

PUNCTUATION = [
    "*", "**", "_", "__", "|", "\\|", "#", "##", "# ", ">", "> ", "`", "```", "~~~", "[", "]",
    "[x]: y", "[^2]:", "[^2]", "-", "- ", "+ ", "1.", "2) ", "=", "===", "---", "***", "<",
    "<div>", "</div>", "<!--", "<script>", "&", "&amp;", "\\", "!", "{:", "{{", "}}", "{%",
    "    ", "\t", ":", "'", '"', "  \n", "\n", "\n\n", "\\\n", "~",
]  # fmt: skip
# A reference to a footnote the source defines adds that footnote to the page: markup a
# translator copies from the msgid on purpose, never types by accident (``[^2]`` is undefined).
_TYPED_INLINE = [atom for atom in INLINE_ATOMS if atom != "[^1]"]
translation_atom = st.one_of(
    word, word, st.sampled_from(PUNCTUATION), st.sampled_from(_TYPED_INLINE)
)


@st.composite
def translations(draw: st.DrawFn) -> str:
    """A msgstr full of Markdown punctuation, as a translator (or an engine) might type it."""
    atoms = draw(st.lists(translation_atom, min_size=1, max_size=10))
    separators = draw(
        st.lists(
            st.sampled_from(["", " ", " ", " ", "\n"]), min_size=len(atoms), max_size=len(atoms)
        )
    )
    text = "".join(a + s for a, s in zip(atoms, separators, strict=True))
    if not any(ch.isalpha() for ch in text):
        text += " palabra"
    return text


yaml_translations = st.one_of(
    translations(),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30),
)


# -- mutations of real posts -----------------------------------------------------------------

MUTATION_LINES = [
    "", "---", "- item", "> quote", "# Heading", "| a | b |", "|---|---|", "```", "~~~", "    code",
    "<div>", "</div>", "{% raw %}", "{% endraw %}", "{% highlight c %}", "[^1]: note", "[x]: /u",
    "* * *", "1. one", "Setext", "===", "\t- tabbed", "<!--", "-->", "title: [broken", "+++",
    "...", "&nbsp;", "\\", "\x00", "\u2028", "\ufeff", "ﬁ", "\u202e", "\r",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """``text`` after 1 to 6 random edits: insert, delete or swap lines, insert or delete characters."""
    lines = text.splitlines(keepends=True) or [""]
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["insert", "delete", "swap", "char", "unchar", "copy"]))
        index = draw(st.integers(0, max(len(lines) - 1, 0)))
        if op == "insert":
            lines.insert(index, draw(st.sampled_from(MUTATION_LINES)) + "\n")
        elif op == "delete" and len(lines) > 1:
            del lines[index]
        elif op == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif op == "copy":
            lines.insert(draw(st.integers(0, len(lines))), lines[index])
        elif op in ("char", "unchar") and lines[index]:
            line = lines[index]
            at = draw(st.integers(0, len(line) - 1))
            if op == "char":
                extra = draw(st.sampled_from([*PUNCTUATION, " ", "\t", "é", "\r", "`", "|"]))
                lines[index] = line[:at] + extra + line[at:]
            else:
                lines[index] = line[:at] + line[at + 1 :]
    return "".join(lines)


# -- catalogs ----------------------------------------------------------------------------------

PO_ATOMS = [
    *"abcxyz", " ", " ", " ", ".,;:!?-/|()[]{}<>\"'\\*_`#%&=+~",
    "\n", "\t", "word", "Привет", "שלום", "日本語", "😀", "e\u0301", "\u00a0", "—",
    "**bold**", "[link](https://example.com/a/very/long/path/that/keeps/going?x=1)", "%s", "{name}",
]  # fmt: skip
po_text = st.lists(st.sampled_from(PO_ATOMS), max_size=60).map("".join)
po_line = po_text.map(lambda s: " ".join(s.split()))  # comments: one line, single spaces


@st.composite
def po_entries(draw: st.DrawFn, index: int, plurals: bool) -> polib.POEntry:
    """An entry like the ones i18nflow and translators' editors write."""
    entry = polib.POEntry(
        msgid=draw(po_text) + f" #{index}",
        msgctxt=draw(
            st.one_of(st.none(), st.none(), st.sampled_from(["title", "description", "tags[]"]))
        ),
        tcomment=draw(
            st.one_of(st.just(""), po_line, st.just("machine translation: pseudo en→es"))
        ),
        comment=draw(
            st.sampled_from(
                ["", "paragraph", "heading", "front matter: title", "list item\ntable cell"]
            )
        ),
        occurrences=draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["content/posts/a.md", "content/b.md"]),
                    st.integers(1, 9999).map(str),
                ),
                max_size=3,
            )
        ),
        flags=draw(st.lists(st.sampled_from(["fuzzy", "no-wrap"]), max_size=1)),
        obsolete=draw(st.integers(0, 4)) == 0,
    )
    if "fuzzy" in entry.flags and draw(st.booleans()):
        entry.previous_msgid = draw(po_text) or "previous"
    if plurals and draw(st.integers(0, 3)) == 0:
        entry.msgid_plural = draw(po_text) + " plural"
        entry.msgstr_plural = {0: draw(po_text), 1: draw(po_text)}
    else:
        entry.msgstr = draw(po_text)
    if entry.obsolete and not (entry.msgstr or entry.msgstr_plural.get(0)):
        # msgcat drops obsolete entries whose (first) msgstr is empty, and so do we
        if entry.msgid_plural:
            entry.msgstr_plural[0] = "kept translation"
        else:
            entry.msgstr = "kept translation"
    return entry


HEADER = {
    "Project-Id-Version": "post",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": "2024-01-01 00:00+0000",
    "PO-Revision-Date": "2024-01-02 00:00+0000",
    "Last-Translator": "Ann <ann@example.com>",
    "Language-Team": "Spanish <LL@li.org>",
    "Language": "es",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}


@st.composite
def po_catalogs(draw: st.DrawFn, plurals: bool = True) -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    po.metadata = dict(HEADER)
    for index in range(draw(st.integers(1, 8))):
        po.append(draw(po_entries(index, plurals)))
    po[0].obsolete = False
    return po


def shuffled(items: list[str], seed: int) -> list[str]:
    """A deterministic shuffle (hypothesis draws the seed, so failures reproduce)."""
    copy = list(items)
    random.Random(seed).shuffle(copy)
    return copy
