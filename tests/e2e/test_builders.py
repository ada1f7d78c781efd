"""Localized copies built by the real Jekyll (kramdown) and Hugo (goldmark) look like their source.

A few posts of each corpus, each chosen for the dialect cases it holds (attribute lists, kramdown
tables, math, Liquid, definition lists with several terms in a list item, ``markdown="1"`` inside
``<details>``; multi-line and paired shortcodes, escaped calls, KaTeX), rendered with the
pseudo engine and with hostile translations full of Markdown punctuation, then built: every page
must build with its source page's element structure, and its math, Liquid and shortcode calls
byte for byte. ``bench/builders.py`` runs the whole corpus and all four variants.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from conftest import SHARED

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from builders_harness import run_corpus  # noqa: E402

CORPUS = SHARED / "corpus"
SAMPLES = {
    "posts": ("2015-10-20-math", "understanding-data-types", "01-design-forces", "text-and-typography", "2018-12-22-distill",
              "2022-05-11-markdown"),
    "hugo": ("built-in-shortcodes", "shortcodes__katex", "geekdoc__exampleSite__content__en__shortcodes__hints",
             "hugo-book__exampleSite__content.en__docs__content__shortcodes__tabs", "mathjax-test"),
}


@pytest.mark.parametrize("corpus", ["posts", "hugo"])
def test_localized_pages_build_with_their_source_structure(corpus: str, tmp_path: Path) -> None:
    builder = "hugo" if corpus == "hugo" else "jekyll"
    if shutil.which(builder) is None or not (CORPUS / corpus).is_dir():
        pytest.skip(f"{builder} or the corpus at {CORPUS} is missing")
    reports = run_corpus(CORPUS / corpus, tmp_path, ("pseudo", "hostile"), names=SAMPLES[corpus])
    for report in reports:
        assert report.pages == len(SAMPLES[corpus]), report.line()
        assert not report.build_error, report.line()
        assert report.built == report.pages, report.line()
        assert report.differ == [], report.line()
        assert report.calls_changed == [], report.line()
    pseudo = reports[0]
    assert pseudo.code_offered == [], pseudo.code_offered[:5]


LIQUID_CASES = (
    "> {% highlight ruby %}\n> def x\n>   puts 'Hello there'\n> end\n> {% endhighlight %}\n\nAfter the quoted code.\n",
    "- {% if page.title %}\n  Shown when the title is set.\n  {% endif %}\n- {% if page.title %}Inline shown words{% endif %}\n",
    "- First item here\n  {% highlight ruby %}\n  puts 'Hi there'\n  {% endhighlight %}\n- Second item here\n",
    "> Quoted text here\n> {% capture note %}\n> Captured words here.\n> {% endcapture %}\n> More quoted text.\n\n{{ note }}\n",
    "1. Step one here\n\n   {% raw %}\n   {{ not liquid }}\n   {% endraw %}\n\n2. Next step here\n",
    "> {% comment %}\n> hidden words here\n> {% endcomment %}\n> Visible quoted words.\n",
    'See {% include figure.html path="a.jpg" caption="A cat on a mat" alt=\'Cat\' %} here\nand there.\n\n'
    '> Quote {% include note.html title="Big title" %} end of it.\n',
)


def test_liquid_in_quotes_list_items_and_paragraphs_builds_like_its_source(tmp_path: Path) -> None:
    """Liquid block tags that open quoted or listed lines, and includes inside paragraphs (whose
    text parameters are entries of their own), through real Jekyll: structure and calls kept,
    the words translated (pseudo), hostile translations escaped."""
    if shutil.which("jekyll") is None:
        pytest.skip("jekyll is missing")
    corpus = tmp_path / "posts"
    corpus.mkdir()
    for number, body in enumerate(LIQUID_CASES):
        (corpus / f"case{number}.md").write_text(f"---\ntitle: Case {number}\nlayout: post\n---\n{body}", encoding="utf-8")
    reports = run_corpus(corpus, tmp_path / "work", ("pseudo", "hostile"))
    for report in reports:
        assert report.built == report.pages == len(LIQUID_CASES), report.line()
        assert (report.differ, report.calls_changed, report.code_offered) == ([], [], []), report.line()
    # the raw body is the only text left as it was (it is code to Liquid)
    assert reports[0].missed == ["p004.md: '{{ not liquid }}'"], reports[0].missed
    pseudo = (tmp_path / "work" / "project" / "build" / "fr" / "p006.md").read_text(encoding="utf-8")
    assert 'caption="[Å çåţ ōñ å ɱåţ' in pseudo and 'title="[Ɓîĝ ţîţļē' in pseudo
