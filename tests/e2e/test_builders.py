"""Localized copies built by the real Jekyll (kramdown) and Hugo (goldmark) look like their source.

A few posts of each corpus, each chosen for the dialect cases it holds (attribute lists, kramdown
tables, math, Liquid; multi-line and paired shortcodes, escaped calls, KaTeX), rendered with the
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
    "posts": ("2015-10-20-math", "understanding-data-types", "01-design-forces", "text-and-typography", "2018-12-22-distill"),
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
