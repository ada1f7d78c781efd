"""The goldmark cases of issue 14, each built by the real Hugo: the localized page has its source's tags.

One small page per cause (shortcode calls at line starts and around entries, HTML text between
shortcodes, indented table rows, a cell that starts with ``<center>``, a bare URL a translation
brackets, a checkbox a translator types, a caption inside a paragraph), rendered in process with
two translations a translator could write, then built with the minimal site of
``builders_harness`` (stub shortcodes print ``<div>`` and their parameters).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from i18nflow.config import RenderOptions
from i18nflow.source.render import render_post
from i18nflow.source.segment import Segment
from i18nflow.source.segments import extract_segments
from markdown_helpers import post_from_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from builders_harness import build, skeleton, write_site  # noqa: E402

PAGES = {
    "alert.md": '- **Do not** put content here:\n  {{% alert title="Broken" color=warning %}} **Notice\n'
                "  this!** {{% /alert %}}\n",
    "param.md": "The site is built with **Hugo\n{{% param version %}}**. Older ones fail.\n\n"
                "- {{% icon star info %}} <span>**[Favicons](#f)**: drop your\n  icons</span>\n",
    "badge.md": '{{< hero-badge >}}\n  <div class="dot"></div>\n  <span>Free, open source</span>\n'
                '  {{< icon name="arrow" >}}\n{{< /hero-badge >}}\n\nAfter.\n',
    "tabs.md": '{{< tabs >}}\n{{% tab title="One" %}}First tab{{% /tab %}}\n'
               '{{% tab title="Two" %}}Second tab{{% /tab %}}\n{{< /tabs >}}\n',
    "table.md": "   Name | Age\n--------|------\n    Bob | 27\n  Alice | 23\n\n"
                "Class | Date\n--|--\nInstant | <center>![checked](/c.png)</center>\n",
    "links.md": "Refer https://fusejs.io/api/options.html for options.\n\n- Buy milk\n- Walk\n",
    "figure.md": 'See {{< figure src="a.png" caption="A cat" >}} here.\n',
}


def _bracketed(segment: Segment) -> str:
    """The pseudo engine's shape: the whole text in brackets, calls kept (a cell as Apertium
    writes it: starting as its source does, with ``<center>``)."""
    return f"{segment.msgid} es" if segment.kind == "table cell" else f"[{segment.msgid} es]"


def _typed(segment: Segment) -> str:
    """What a translator might type: a checkbox-looking start and a second line."""
    if segment.form == "param":
        return f"Tr {segment.msgid}"
    if segment.kind == "table cell":
        return f"{segment.msgid} tr"
    return f"[x] Tr {segment.msgid}\nmás texto"


def _render_all(tmp_path: Path, translate: Callable[[Segment], str]) -> dict[str, bytes]:
    pages = {}
    for name, body in PAGES.items():
        post = post_from_text(tmp_path, f"---\ntitle: {name}\n---\n\n{body}", name)
        segments = extract_segments(post, (), "goldmark")
        result = render_post(post, segments, translate, "es", RenderOptions(add_lang=False), "goldmark")
        assert result.rejected == [] and result.refused == [], (name, result.rejected, result.refused)
        pages[name] = result.text.encode("utf-8")
    return pages


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_each_goldmark_case_builds_with_its_source_structure(tmp_path: Path) -> None:
    source = {name: f"---\ntitle: {name}\n---\n\n{body}".encode() for name, body in PAGES.items()}
    built = build(write_site(tmp_path / "source", "hugo", source), "hugo")
    assert built.ok and set(built.pages) == set(PAGES), built.error
    for label, translate in (("bracketed", _bracketed), ("typed", _typed)):
        (tmp_path / label).mkdir()
        pages = _render_all(tmp_path / label, translate)
        localized = build(write_site(tmp_path / f"site-{label}", "hugo", pages), "hugo")
        assert localized.ok, localized.error
        for name in PAGES:
            before, after = skeleton(built.pages[name].html), skeleton(localized.pages[name].html)
            assert before.tags == after.tags, (label, name, localized.pages[name].html)
            assert built.pages[name].html != localized.pages[name].html, (label, name)  # translated
