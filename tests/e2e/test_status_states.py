"""status counts every catalog (the posts' and the preview's site.po) in every state:
reviewed, machine, imported, outdated, untranslated."""

from __future__ import annotations

import json
from typing import Any

import polib

from i18nflow.gettext.catalogs import MACHINE_COMMENT
from i18nflow.gettext.po import read_po, write_po

POST = """\
---
title: Opening hours
---

The clinic opens at nine.

Our team welcomes you.

Book a visit today.

Parking is free.
"""


def _edit(path: Any, edit: dict[str, tuple[str, list[str], str]]) -> None:
    catalog = read_po(path)
    for entry in catalog:
        if entry.msgid in edit:
            entry.msgstr, entry.flags, entry.tcomment = edit[entry.msgid]
    write_po(catalog, path)


def test_status_counts_posts_and_site_in_every_state(make_project: Any) -> None:
    project = make_project('locales = ["es"]\n[engines]\ndefault = "none"\n[site]\ntitle = "Clinic"\n', seed=False)
    project.post("2024-01-01-hours.md", POST)
    project.run("sync")
    _edit(project.po("es", "hours"), {
        "Opening hours": ("Horario", [], ""),
        "The clinic opens at nine.": ("La clínica abre a las nueve.", ["fuzzy"], f"{MACHINE_COMMENT} apertium eng→spa"),
        "Our team welcomes you.": ("Nuestro equipo le recibe.", ["fuzzy"], "imported from content/es/hours.md:5"),
        "Book a visit today.": ("Reserve hoy.", ["fuzzy"], ""),
    })
    site = read_po(project.po("es", "site"))
    site_total = len([e for e in site if e.msgid])
    _edit(project.po("es", "site"), {"Clinic": ("Clínica", [], "")})
    report = json.loads(project.run("status", "--json").stdout)["locales"]["es"]
    assert report["site"]["entries"] == {"reviewed": 1, "machine": 0, "imported": 0, "outdated": 0,
                                         "untranslated": site_total - 1, "total": site_total}
    assert report["entries"] == {"reviewed": 2, "machine": 1, "imported": 1, "outdated": 1,
                                 "untranslated": 1 + site_total - 1, "total": 5 + site_total}
    table = project.run("status").stdout
    assert "(site)" in table and "imported" in table.splitlines()[0]


def test_an_imported_translation_whose_source_changes_is_outdated(make_project: Any) -> None:
    project = make_project('locales = ["es"]\n[engines]\ndefault = "none"\n', seed=False)
    post = project.post("2024-01-01-hours.md", POST)
    project.run("sync")
    _edit(project.po("es", "hours"), {"Our team welcomes you.": ("Nuestro equipo le recibe.", ["fuzzy"],
                                                                  "imported from content/es/hours.md:5")})
    post.write_text(POST.replace("welcomes you.", "welcomes you warmly."), encoding="utf-8")
    project.run("sync")
    report = json.loads(project.run("status", "--json").stdout)["locales"]["es"]
    assert (report["entries"]["imported"], report["entries"]["outdated"]) == (0, 1)
    entry = next(e for e in read_po(project.po("es", "hours")) if e.msgid == "Our team welcomes you warmly.")
    assert isinstance(entry, polib.POEntry) and "imported from" not in entry.tcomment


def test_status_agrees_with_pocount(make_project: Any) -> None:
    """translate-toolkit's pocount (what Weblate counts with) is the oracle: reviewed is its
    translated, machine + imported + outdated its fuzzy, untranslated its untranslated."""
    from translate.tools import pocount

    project = make_project('locales = ["es"]\n[engines]\ndefault = "none"\n[site]\ntitle = "Clinic"\n', seed=False)
    project.post("2024-01-01-hours.md", POST)
    project.run("sync")
    _edit(project.po("es", "hours"), {
        "Opening hours": ("Horario", [], ""),
        "The clinic opens at nine.": ("La clínica abre a las nueve.", ["fuzzy"], f"{MACHINE_COMMENT} x"),
        "Our team welcomes you.": ("Nuestro equipo le recibe.", ["fuzzy"], "imported from a.md:5"),
    })
    _edit(project.po("es", "site"), {"Clinic": ("Clínica", [], "")})
    report = json.loads(project.run("status", "--json").stdout)["locales"]["es"]["entries"]
    theirs = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for domain in ("hours", "site"):
        stats = pocount.calcstats(str(project.po("es", domain)))
        for key in theirs:
            theirs[key] += stats[key]
    fuzzy = report["machine"] + report["imported"] + report["outdated"]
    assert (report["reviewed"], fuzzy, report["untranslated"]) == (
        theirs["translated"], theirs["fuzzy"], theirs["untranslated"])
