"""``check`` finds a stale templates' catalog, as it finds a stale post catalog.

``site.pot`` holds the strings of the preview's templates; ``check`` used to compare each
``site.po`` with the ``site.pot`` on disk only, so a template edited (or a ``[site]`` title
changed) after the last ``sync --html`` passed the CI gate while the pages would show English.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Project, spanish_project
from i18nflow.gettext.po import read_po

PACKAGE_POST_TEMPLATE = Path(__file__).resolve().parents[2] / "src" / "i18nflow" / "site" / "templates" / "post.html"

POST = """\
---
title: Skin care basics
---

Good skin care starts with a gentle cleanser.
"""


@pytest.fixture
def project(tmp_path: Path) -> Project:
    site = 'title = "Clinic Journal"\ntemplates = "theme"\n'
    return spanish_project(tmp_path / "site", {"skin-care.md": POST}, site, "sync", "--html")


def _stale(project: Project) -> dict[str, dict[str, object]]:
    result = project.run("check", "--no-cache", "--format", "json", check=None)
    found = {p["file"]: p for p in json.loads(result.stdout)["problems"] if p["check"] == "stale"}
    assert (result.returncode == 1) == bool(found), result.stdout
    return found


def test_an_up_to_date_site_catalog_passes(project: Project) -> None:
    assert _stale(project) == {}


def test_a_template_edited_after_the_last_sync_makes_both_catalogs_stale(project: Project) -> None:
    po = project.root / "locales/es/LC_MESSAGES/site.po"
    catalog = read_po(po)
    title = next(e for e in catalog if e.msgid == "Clinic Journal")
    title.msgstr = "Diario de la clínica"  # a translator's work, which the fix must keep
    catalog.save(str(po))
    text = PACKAGE_POST_TEMPLATE.read_text(encoding="utf-8")
    assert "Back to all articles" in text
    project.write("theme/post.html", text.replace("Back to all articles", "Back to the journal"))

    found = _stale(project)
    assert set(found) == {"locales/templates/site.pot", "locales/es/LC_MESSAGES/site.po"}
    assert "theme/post.html is new" in str(found["locales/templates/site.pot"]["message"])
    assert found["locales/es/LC_MESSAGES/site.po"]["source"] == "theme/post.html"
    assert "run `i18nflow sync --html`" in str(found["locales/es/LC_MESSAGES/site.po"]["message"])

    project.run("sync", "--html")
    assert _stale(project) == {}
    kept = {e.msgid: e.msgstr for e in read_po(po)}
    assert kept["Clinic Journal"] == "Diario de la clínica" and "Back to the journal" in kept


def test_a_changed_site_title_is_stale(project: Project) -> None:
    config = project.root / "i18nflow.toml"
    config.write_text(config.read_text().replace("Clinic Journal", "Skin Journal"))
    found = _stale(project)
    assert "locales/templates/site.pot" in found
    project.run("sync", "--html")
    assert _stale(project) == {}
