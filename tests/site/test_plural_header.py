"""A ``site.po`` whose Plural-Forms Python's gettext cannot use never crashes the preview.

gettext's C grammar allows rules that Python's ``gettext.c2py`` refuses (more than 20 nested
parentheses), and rules that divide by zero or give a form the catalog lacks for some count.
Such a header came from a pull request; the preview is built with the locale's CLDR rule and
the header's line is reported, as every other untrusted input is.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Project, spanish_project
from i18nflow.config import load_config
from i18nflow.gettext.catalogs import merge, now_stamp
from i18nflow.gettext.po import format_po
from i18nflow.site.build import site_template

NESTED = "(" * 25 + "n != 1" + ")" * 25


@pytest.fixture
def project(tmp_path: Path) -> Project:
    post = "---\ntitle: Skin care\n---\n\nA gentle cleanser.\n"
    return spanish_project(tmp_path / "site", {"skin-care.md": post}, 'title = "Clinic Journal"\n', "sync")


@pytest.mark.parametrize("rule", [f"nplurals=2; plural={NESTED};", "nplurals=2; plural=n/0;", "nplurals=2; plural=n;"])
def test_an_unusable_plural_rule_is_reported_and_the_pages_are_built(project: Project, rule: str) -> None:
    config = load_config(project.root)
    catalog = merge(site_template(config), None, "es", now_stamp()).catalog
    for entry in catalog:
        entry.msgstr = "Diario de la clínica" if entry.msgid == "Clinic Journal" else ""
    catalog.metadata["Plural-Forms"] = rule
    path = config.po_path("es", "site")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(format_po(catalog), encoding="utf-8")
    header = next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith('"Plural-Forms:'))

    result = project.run("render", "--html", check=1)
    assert "Traceback" not in result.stderr
    assert re.search(rf"locales/es/LC_MESSAGES/site.po:{header}: error: the preview cannot use this Plural-Forms",
                     result.stderr), result.stderr
    page = project.read("build/site/es/skin-care/index.html")
    assert "Diario de la clínica" in page  # the catalog's translations are still used
