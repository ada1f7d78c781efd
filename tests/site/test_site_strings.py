"""A ``%`` in a site string never crashes the preview (issue 17 item 4, issue 16 item 1).

Jinja's new-style gettext formats every template string with ``%``, so ``Volver al 100% de los
artículos`` (``% d`` to Python) or a renamed ``%(datum)s`` raised a traceback. Now such a
translation falls back to the template's text and is reported at its ``site.po`` line, and
``check`` reports it first, whatever the entry's flags say.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Project, spanish_project
from i18nflow.config import load_config
from i18nflow.gettext.catalogs import merge, now_stamp
from i18nflow.gettext.po import format_po, read_po
from i18nflow.site.build import site_template

POST = """\
---
title: Skin care basics
date: 2021-03-01
---

Good skin care starts with a gentle cleanser.
"""
BROKEN = {
    "Back to all articles": "Volver al 100% de los artículos",  # "% d" wants a number
    "Published on %(date)s": "Publicado el %(datum)s",  # a name the template does not pass
    "Other languages": "Otros idiomas (%s)",  # a positional directive, and no tuple
}
FINE = {
    "In translation": "En traducción: 100%% revisado",  # %% is a literal %, as Jinja formats it
    "Clinic Journal": "Diario 100% clínico",  # the site title is shown as text, never formatted
}


def translate_site(root: Path, texts: dict[str, str]) -> Path:
    config = load_config(root)
    catalog = merge(site_template(config), None, "es", now_stamp()).catalog
    for entry in catalog:
        entry.msgstr = texts.get(entry.msgid, "")
    path = config.po_path("es", "site")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(format_po(catalog), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return spanish_project(tmp_path / "site", {"2021-03-01-skin-care.md": POST}, 'title = "Clinic Journal"\n', "sync")


def msgstr_line(path: Path, msgid: str) -> int:
    start = next(e.linenum for e in read_po(path) if e.msgid == msgid)
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n in range(start, len(lines) + 1) if lines[n - 1].startswith("msgstr"))


def test_a_site_string_that_cannot_be_formatted_falls_back_and_is_reported(project: Project) -> None:
    po = translate_site(project.root, BROKEN | FINE)
    result = project.run("render", "--html", check=1)
    assert "Traceback" not in result.stderr
    page = project.read("build/site/es/skin-care/index.html")
    assert "Back to all articles" in page and "Volver al 100" not in page
    assert "Published on" in page and "datum" not in page
    assert "Otros idiomas" not in page
    assert "Diario 100% clínico" in page
    for msgid in BROKEN:
        line = next(e.linenum for e in read_po(po) if e.msgid == msgid)
        assert f"locales/es/LC_MESSAGES/site.po:{line}: error: template translation for es not used (it cannot be formatted" in result.stderr
    assert result.stderr.count(": error: ") == len(BROKEN)


def test_check_reports_each_unformattable_site_string_at_its_msgstr(project: Project) -> None:
    po = translate_site(project.root, BROKEN | FINE)
    result = project.run("check", "--format", "json", check=1)
    problems = [p for p in json.loads(result.stdout)["problems"] if p["check"] == "format"]
    assert {p["msgid"] for p in problems} == set(BROKEN)
    for problem in problems:
        assert problem["level"] == "error" and problem["file"] == "locales/es/LC_MESSAGES/site.po"
        assert problem["line"] == msgstr_line(po, problem["msgid"])
    assert "%(datum)s is not a name the source uses" in json.dumps(problems)


def test_html_in_a_site_string_is_a_check_error_too(project: Project) -> None:
    translate_site(project.root, {"Back to all articles": """Volver<meta http-equiv="refresh" content="0;url=/x" a'b>"""})
    text = project.run("check", check=1).stdout
    assert "locales/es/LC_MESSAGES/site.po\n" in text and "error [html] the preview will not use this translation: adds HTML" in text
