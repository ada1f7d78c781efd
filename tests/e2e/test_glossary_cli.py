"""The glossary from the command line: check's [glossary] warning and `glossary suggest`."""

from __future__ import annotations

import csv
import io
import json

from conftest import needs_gettext
from i18nflow.gettext.po import read_po, write_po

POST = """---
title: Pressotherapy for tired legs
---
Pressotherapy is a painless technique from Lumen.

A pressotherapy session takes 30 minutes.

Lumen offers pressotherapy and the Microcurrent Facial.

Book your Microcurrent Facial at Lumen today.
"""
GLOSSARY = "term,translation,note,dnt\npressotherapy,presoterapia,,\nLumen,,brand,yes\n"


def translated_project(make_project):
    project = make_project('locales = ["es"]\n[engines]\ndefault = "none"\n', seed=False)
    project.post("2020-06-15-pressotherapy.md", POST)
    project.write("glossary/es.csv", GLOSSARY)
    project.run("update")
    path = project.po("es", "pressotherapy")
    catalog = read_po(path)
    answers = {
        "Pressotherapy is a painless technique from Lumen.": ("Pressotherapy Es una técnica indolora de Lumen.", ""),
        "A pressotherapy session takes 30 minutes.": ("Una sesión de presoterapia dura 30 minutos.", ""),
        "Lumen offers pressotherapy and the Microcurrent Facial.": (
            "Lumen ofrece pressotherapy y el facial.", "i18nflow-skip-check:glossary"),
    }
    for entry in catalog:
        if entry.msgid in answers:
            entry.msgstr, entry.tcomment = answers[entry.msgid]
    write_po(catalog, path)
    return project


@needs_gettext
def test_check_warns_when_a_reviewed_msgstr_lacks_a_glossary_translation(make_project) -> None:
    project = translated_project(make_project)
    report = json.loads(project.run("check", "--format", "json").stdout)
    found = [f for f in report["problems"] if f["check"] == "glossary"]
    assert [(f["level"], f["message"], f["source_line"]) for f in found] == [
        ("warning", "glossary: 'pressotherapy' is translated 'presoterapia' (es.csv:2)", 4)]
    # a changed glossary is a new check, not a cached answer
    project.write("glossary/es.csv", GLOSSARY + "technique,método,,\n")
    report = json.loads(project.run("check", "--format", "json").stdout)
    assert len([f for f in report["problems"] if f["check"] == "glossary"]) == 2
    project.write("i18nflow.toml", 'locales = ["es"]\n[engines]\ndefault = "none"\n[check]\nskip = ["glossary"]\n')
    report = json.loads(project.run("check", "--format", "json").stdout)
    assert [f for f in report["problems"] if f["check"] == "glossary"] == []


@needs_gettext
def test_a_broken_glossary_is_a_configuration_error(make_project) -> None:
    project = translated_project(make_project)
    project.write("glossary/es.csv", "term,translation\nlonely,\n")
    result = project.run("check", check=2)
    assert "glossary/es.csv:2: term 'lonely' has no translation" in result.stderr


def test_glossary_suggest_lists_terms_not_yet_in_the_glossary(make_project) -> None:
    project = make_project('locales = ["es", "de"]\n[engines]\ndefault = "none"\n', seed=False)
    project.post("2020-06-15-pressotherapy.md", POST)
    rows = list(csv.DictReader(io.StringIO(project.run("glossary", "suggest").stdout)))
    assert [(r["term"], r["count"]) for r in rows] == [("Pressotherapy", "4"), ("Lumen", "2"),
                                                       ("Microcurrent Facial", "2")]
    project.write("glossary/es.csv", GLOSSARY)
    rows = list(csv.DictReader(io.StringIO(project.run("glossary", "suggest", "-l", "es").stdout)))
    assert [r["term"] for r in rows] == ["Microcurrent Facial"]
    # German has no glossary yet: every term is still a candidate for it
    assert len(list(csv.DictReader(io.StringIO(project.run("glossary", "suggest").stdout)))) == 3
    # the output is a glossary file to start from once translations are filled in
    project.write("glossary/de.csv", project.run("glossary", "suggest", "-l", "de").stdout.replace(",,,,", ",x,,,"))
    assert project.run("glossary", "suggest", "-l", "de").stdout == "term,translation,note,dnt,count\n"
