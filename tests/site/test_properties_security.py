"""No translation can bring script into the HTML preview, whatever it is made of.

test_site.py shows the classic attacks one by one. Here hypothesis assembles translations from
fragments of many (tags, handler attributes, script URLs written with entities, tabs, case and
Markdown link syntax, comments and quotes that try to break out of attributes) for a paragraph,
a heading, a table cell, an HTML block and the title, builds the preview, and parses each page
with a real HTML parser: nothing that runs code may appear that the untranslated page lacks.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections import Counter
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Project
from i18nflow.cli import cli
from i18nflow.gettext.po import format_po, read_po
from strategies import FIGURES, scaled

POST = """\
---
title: Skin care basics
---

Good skin care starts with a **gentle** cleanser and [a guide](https://example.com/guide).

## Morning routine

| Step | Product |
|------|---------|
| One | Cleanser |

<div class="tip">Remove make-up <strong>before</strong> bed.</div>
"""
STARTS = ("Skin care basics", "Good skin care", "Morning routine", "Cleanser", "Remove make-up")
PAYLOADS = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>",
    "<a href=\"javascript:alert(1)\">x</a>", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<a href=\" &#14; javascript:alert(1)\">x</a>", "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<details open ontoggle=alert(1)>", "<body onload=alert(1)>", "<style>@import 'x';</style>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">", "<base href=\"javascript:/\">",
    "<object data=\"javascript:alert(1)\"></object>", "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<strong onmouseover=alert(1)>before</strong>", "<strong>before</strong>", "<div class=\"tip\">",
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](java&#115;cript:alert(1))",
    "[x](&#106;avascript:alert(1))", "[x](javascript&colon;alert(1))", "![x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)", "[x](vbscript:msgbox)", "<javascript:alert(1)>",
    "[x][evil]\n\n[evil]: javascript:alert(1)", "\"><script>alert(1)</script>", "'><img src=x onerror=alert(1)>",
    "<!--", "-->", "<!-- <script>alert(1)</script> -->", "]]>", "{{ '<script>' }}", "`<script>`",
    "&lt;script&gt;", "<", ">", "\"", "'", "&", "\\", "**", "|", "\n", "  \n",
]  # fmt: skip
WORDS = ["Buen", "cuidado", "de", "la", "piel", "con", "un", "limpiador", "suave"]
translation = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(PAYLOADS)), min_size=1, max_size=6
).map(" ".join)

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "poster",
    "background",
    "content",
}
DANGEROUS_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "base",
    "meta",
    "form",
    "svg",
    "math",
    "style",
    "link",
}


class Inventory(HTMLParser):
    """What could run code on a page: dangerous tags, handler attributes, script URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            self.found[f"<{tag}>"] += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.found[f"{tag} {name}="] += 1
            if name in URL_ATTRIBUTES and value is not None:
                # browsers drop ASCII whitespace and controls inside a URL's scheme
                compact = re.sub(r"[\x00-\x20]+", "", html.unescape(value)).lower()
                if re.search(r"(?:^|url=)(?:javascript|vbscript|data:text/html)", compact):
                    self.found[f"{tag} {name}={compact[:30]}"] += 1


def dangers(page: str) -> Counter[str]:
    parser = Inventory()
    parser.feed(page)
    parser.close()
    return parser.found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Counter[str]]:
    project = Project(tmp_path_factory.mktemp("xss") / "site")
    project.write(
        "i18nflow.toml", 'locales = ["es"]\n[engines]\ndefault = "none"\n[site]\ntitle = "Clinic"\n'
    )
    project.write("content/posts/2021-03-01-skin-care.md", textwrap.dedent(POST))
    invoke(project, "sync")
    invoke(project, "render", "--html")
    return project, dangers(page(project))


def invoke(project: Project, *args: str) -> str:
    """The CLI; exit 1 only for translations it refused to publish (and reported)."""
    result = CliRunner().invoke(cli, ["-C", str(project.root), *args], catch_exceptions=False)
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert result.exit_code == (1 if errors else 0), result.output + result.stderr
    assert all("not published" in line for line in errors), result.stderr
    return result.stderr


def page(project: Project) -> str:
    return (project.root / "build" / "site" / "es" / "skin-care" / "index.html").read_text(
        encoding="utf-8"
    )


@settings(max_examples=scaled(40))
@given(st.lists(translation, min_size=len(STARTS), max_size=len(STARTS)))
def test_no_translation_brings_script_into_the_preview(
    site: tuple[Project, Counter[str]], texts: list[str]
) -> None:
    project, baseline = site
    path = project.po("es", "skin-care")
    catalog = read_po(path)
    for entry in catalog:
        for start, text in zip(STARTS, texts, strict=True):
            if entry.msgid.startswith(start):
                entry.msgstr, entry.flags = text, []
    path.write_text(format_po(catalog), encoding="utf-8")
    invoke(project, "render", "--html")
    FIGURES["preview pages checked"] += 1
    assert dangers(page(project)) - baseline == Counter()


def test_the_inventory_sees_each_attack_on_its_own() -> None:
    """The checker itself: every payload that carries script is seen in a bare page."""
    for payload in PAYLOADS:
        if re.search(
            r"script:|on\w+=|<script|<iframe|<object|<form|<meta|<base|<style|<svg", payload, re.I
        ):
            if (
                payload.startswith(("[", "!", "`", "{", "&lt;", "<javascript", "<scr<"))
                or "<!--" in payload
            ):
                continue  # Markdown/Liquid/escaped forms: only script after rendering
            assert dangers(payload), payload
