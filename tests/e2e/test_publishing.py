"""What check rejects, render does not publish (issue 17, items 1 and 2).

A reviewed translation that changes a link, adds ``<script>``, a Liquid tag or a Hugo shortcode,
or hides a handler behind a stray quote, is an error in ``check`` (at the PO file and line, with
no flag able to silence it), and ``render`` writes the source text for that segment into
``build/<locale>/…``, reports the PO file and line, and exits 1.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import Project
from i18nflow.gettext.po import read_po, write_po

REF = "content/posts/2021-05-01-clinic.md"
PO = "locales/es/LC_MESSAGES/clinic.po"
POST = """\
---
title: Our clinic
---

Read [the opening hours](https://clinic.example/hours) first.

Built by {{ site.title }} every night.

Inside the clinic we use <em>gentle</em> products.

The staff is friendly.

It costs 45 euros.
"""
# msgid → (translation, the check that refuses it)
REFUSED = {
    "Read [the opening hours](https://clinic.example/hours) first.":
        ("Lea [el horario](https://evil.example/hours) primero.", "urls"),
    "Built by {{ site.title }} every night.":
        ("Construido por {{ site.title }} cada noche. {% include ../../secrets.txt %}", "liquid"),
    "Inside the clinic we use <em>gentle</em> products.":
        ("""Dentro <img src=x onerror="document.title='PWNED'" x'> usamos productos <em>suaves</em>.""", "html"),
    "The staff is friendly.": ("El personal es amable.<script>document.title='PWNED'</script>", "html"),
}
SHORTCODE = ("The staff is friendly.", "El personal es amable. {{< youtube pwned >}}")
STYLE = ("It costs 45 euros.", "Cuesta 54 euros.")  # a style check a flag may silence


def review(po_path: Path, translations: dict[str, str], flag: str | None = None) -> None:
    """Translations as a reviewer saves them (not fuzzy), each with ``flag`` when given."""
    catalog = read_po(po_path)
    for entry in catalog:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            entry.tcomment = flag or ""  # editors that drop unknown flags keep it as a comment
    write_po(catalog, po_path)


def msgid_line(po_path: Path, msgid: str) -> int:
    return next(e.linenum for e in read_po(po_path) if e.msgid == msgid)


def msgstr_line(po_path: Path, msgid: str) -> int:
    lines = po_path.read_text(encoding="utf-8").splitlines()
    start = msgid_line(po_path, msgid)
    return next(n for n in range(start, len(lines) + 1) if lines[n - 1].startswith("msgstr"))


def post_line(text: str) -> int:
    return next(n for n, line in enumerate(POST.splitlines(), 1) if text in line)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = Project(tmp_path / "site")
    project.write("i18nflow.toml", 'locales = ["es"]\n[engines]\ndefault = "none"\n')
    project.write(REF, POST)
    project.run("update")
    return project


@pytest.mark.parametrize("flag", [None, "i18nflow-skip-check", "i18nflow-skip-check:html"])
def test_check_reports_every_refused_translation_whatever_the_flags(project: Project, flag: str | None) -> None:
    po = project.root / PO
    review(po, {msgid: text for msgid, (text, _) in REFUSED.items()} | dict([STYLE]), flag)
    if flag:  # skip flags for every check named, in the comment form PO editors keep
        text = po.read_text(encoding="utf-8")
        for name in ("urls", "liquid", "unsafe-url", "numbers"):
            text = text.replace(f"# {flag}\n", f"# {flag}\n# i18nflow-skip-check:{name}\n")
        po.write_text(text, encoding="utf-8")
    result = project.run("check", "--format", "json", check=1)
    findings: list[dict[str, Any]] = json.loads(result.stdout)["problems"]
    for msgid, (_, check) in REFUSED.items():
        found = [f for f in findings if f["msgid"] == msgid and f["check"] == check]
        assert found and found[0]["level"] == "error", (msgid, findings)
        assert found[0]["file"] == PO and found[0]["line"] == msgstr_line(po, msgid)
    numbers = [f for f in findings if f["check"] == "numbers"]
    assert bool(numbers) == (flag is None)  # a style check is silenced by its flag


def test_render_falls_back_to_the_source_for_what_check_rejects(project: Project) -> None:
    po = project.root / PO
    review(po, {msgid: text for msgid, (text, _) in REFUSED.items()} | dict([STYLE]))
    result = project.run("render", check=1)
    copy = project.read("build/es/posts/2021-05-01-clinic.md")
    for msgid, (text, _) in REFUSED.items():
        assert msgid in copy and text not in copy
        where = f"{PO}:{msgid_line(po, msgid)}: error: translation for es not published ("
        assert where in result.stderr and f"stands at {REF}:{post_line(msgid[:20])}:" in result.stderr
    assert "PWNED" not in copy and "evil.example" not in copy and "secrets" not in copy
    assert "Cuesta 54 euros." in copy  # a style issue is no reason to withhold a translation
    assert len(re.findall(r": error: ", result.stderr)) == len(REFUSED)


def test_a_shortcode_is_refused_and_a_reviewed_clean_translation_is_kept(project: Project) -> None:
    po = project.root / PO
    review(po, dict([SHORTCODE]) | {"Built by {{ site.title }} every night.": "Construido por {{site.title}} cada noche."})
    result = project.run("sync", check=1)
    copy = project.read("build/es/posts/2021-05-01-clinic.md")
    assert "youtube" not in copy and "The staff is friendly." in copy
    assert "Construido por {{site.title}} cada noche." in copy
    assert "adds a Liquid tag or shortcode the source does not have: `{{ < youtube pwned > }}`" in result.stderr


def test_an_anchored_title_keeps_its_anchor_and_check_and_render_agree(tmp_path: Path) -> None:
    project = Project(tmp_path / "anchors")
    project.write("i18nflow.toml", 'locales = ["es"]\nfront_matter = ["title", "og_title"]\n'
                                   '[engines]\ndefault = "none"\n')
    project.write("content/posts/2021-06-01-anchor.md", "---\ntitle: &t Hello world\nog_title: *t\n---\n\nBody.\n")
    project.run("update")
    po = project.root / "locales/es/LC_MESSAGES/anchor.po"
    assert "og_title" not in po.read_text(encoding="utf-8")  # the alias is its anchor's value
    review(po, {"Hello world": "Hola mundo"})
    project.run("check")
    project.run("render")
    copy = project.read("build/es/posts/2021-06-01-anchor.md")
    assert copy.startswith("---\ntitle: &t Hola mundo\nog_title: *t\n")
    header = yaml.safe_load(copy.split("---\n")[1])
    assert header["title"] == header["og_title"] == "Hola mundo"
