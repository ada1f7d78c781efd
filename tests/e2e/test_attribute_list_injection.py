"""A translation cannot put attributes on the page through kramdown's attribute lists.

``*there*{: onclick="alert(1)"}`` is ``<em onclick="alert(1)">`` to kramdown: a reviewed
translation carrying it passed ``check`` and Jekyll published the handler. The publishing rule
now compares attribute lists like HTML tags; this test builds the localized post with the real
Jekyll to prove nothing of the translation's attributes reaches the page.
"""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import polib
import pytest

from conftest import Project, have

POST = """\
---
title: Attribute lists
---

Hello *there* friend.

Second [link](/a) here.

A *kept*{: .note} span.
"""
HOSTILE = {
    "Hello *there* friend.": 'Hola *allí*{: onclick="alert(1)"} amigo.',
    "Second [link](/a) here.": 'Segundo [enlace](/a){:onmouseover="alert(2)"} aquí.',
    "A *kept*{: .note} span.": "Un *conservado*{: .note} tramo.",
}


@pytest.mark.skipif(not have("jekyll"), reason="Jekyll is installed by scripts/install.sh --test")
def test_attribute_lists_a_translation_adds_never_reach_the_jekyll_page(tmp_path: Path) -> None:
    project = Project(tmp_path / "blog")
    project.write("_config.yml", "title: blog\n")
    project.write("i18nflow.toml", textwrap.dedent("""\
        locales = ["es"]
        content = ["_posts/**/*.md"]
        dialect = "kramdown"
        [engines]
        default = "none"
        """))
    project.write("_posts/2020-01-01-a.md", POST)
    project.run("update")
    po_path = project.root / "locales/es/LC_MESSAGES/a.po"
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        if entry.msgid in HOSTILE:
            entry.msgstr = HOSTILE[entry.msgid]
    catalog.save(str(po_path))

    check = project.run("check", "--no-cache", check=1).stdout
    assert check.count("error [html]") == 2 and '{: onclick="alert(1)"}' in check
    result = project.run("render", check=1)
    assert result.stderr.count("not published (adds HTML") == 2

    site = tmp_path / "jekyll"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: blog\n")
    localized = next((project.root / "build").rglob("*.md"))
    (site / "_posts" / "2020-01-01-a.md").write_bytes(localized.read_bytes())
    subprocess.run(["jekyll", "build", "-q", "-s", str(site), "-d", str(site / "_site")], check=True,
                   capture_output=True, timeout=300)
    page = next((site / "_site").rglob("a.html")).read_text(encoding="utf-8")
    assert "onclick" not in page and "onmouseover" not in page
    assert '<em class="note">conservado</em>' in page  # the source's own attribute list still works
    assert "Hello <em>there</em> friend." in page  # the refused segments keep their source text
