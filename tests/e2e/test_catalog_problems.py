"""Catalog problems a translator's file can have, each reported once, at its line, and never
rewritten into something worse: headers gettext accepts, charsets, NUL, plural form counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import Project, needs_gettext
from i18nflow.gettext.po import read_po, write_po

POST = "---\ntitle: Opening hours\n---\n\nThe clinic opens at nine.\n"
EXTRA_TEMPLATE = '<p>{% trans count=3 %}One post{% pluralize %}{{ count }} posts{% endtrans %}</p>\n'
GNU_SPANISH = "nplurals=2; plural=(n != 1);"


def _project(make_project: Any) -> Project:
    project = make_project('locales = ["es"]\n[engines]\ndefault = "none"\n[site]\ntitle = "Clinic"\n', seed=False)
    project.write("templates/extra.html", EXTRA_TEMPLATE)
    project.post("2024-01-01-hours.md", POST)
    project.run("update")
    return project


def _check(project: Project, status: int) -> list[dict[str, Any]]:
    result = project.run("check", "--no-cache", "--format", "json", check=status)
    return list(json.loads(result.stdout)["problems"])


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _line(path: Path, needle: bytes) -> int:
    lines = path.read_bytes().splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def _plural_forms(path: Path) -> str:
    return str(read_po(path, plural_forms=False).metadata["Plural-Forms"])


def _set_header(path: Path, field: str, value: str) -> None:
    catalog = read_po(path, plural_forms=False)
    catalog.metadata[field] = value
    write_po(catalog, path)


@needs_gettext
def test_gnu_spanish_plural_forms_and_a_region_variant_are_fine(make_project: Any) -> None:
    project = _project(make_project)
    for domain in ("hours", "site"):
        po = project.po("es", domain)
        _set_header(po, "Plural-Forms", GNU_SPANISH)
        _set_header(po, "Language", "es_ES")
    before = {d: project.po("es", d).read_bytes() for d in ("hours", "site")}
    assert _check(project, 0) == []
    project.run("sync")
    assert {d: project.po("es", d).read_bytes() for d in ("hours", "site")} == before


@needs_gettext
def test_other_plural_forms_are_a_warning_that_fix_headers_repairs_keeping_translations(make_project: Any) -> None:
    project = _project(make_project)
    po = project.po("es", "site")
    cldr = _plural_forms(po)
    _set_header(po, "Plural-Forms", "nplurals=2; plural=(n > 1);")
    _replace(po, 'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""', 'msgstr[0] "Un artículo"\nmsgstr[1] "%(count)s artículos"')
    (warning,) = [p for p in _check(project, 0) if p["check"] == "plural-forms"]
    assert warning["level"] == "warning" and cldr in warning["message"] and "--fix-headers" in warning["message"]
    assert warning["line"] == _line(po, b'"Plural-Forms:')
    project.run("update", "--fix-headers")
    assert _plural_forms(po) == cldr
    text = po.read_text(encoding="utf-8")
    assert 'msgstr[0] "Un artículo"\nmsgstr[1] "%(count)s artículos"\nmsgstr[2] "%(count)s artículos"' in text
    assert _check(project, 0) == []


@needs_gettext
def test_an_unreadable_plural_forms_is_an_error_that_fix_headers_repairs(make_project: Any) -> None:
    project = _project(make_project)
    po = project.po("es", "hours")
    _set_header(po, "Plural-Forms", "nplurals=2; plural=n !!= 1;")
    (error,) = _check(project, 1)
    assert error["check"] == "syntax" and "--fix-headers" in error["message"]
    project.run("update", "--fix-headers")
    assert _check(project, 0) == []


@needs_gettext
def test_a_message_with_too_few_plural_forms_is_reported_at_the_message(make_project: Any) -> None:
    project = _project(make_project)
    po = project.po("es", "site")
    _replace(po, 'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""', 'msgstr[0] "Un artículo"\nmsgstr[1] "%(count)s artículos"')
    (error,) = [p for p in _check(project, 1) if p["check"] == "msgfmt"]
    assert error["line"] == _line(po, b'msgstr[0] "Un art')
    assert "this message has only 2 plural forms" in error["message"] and "nplurals = 3" in error["message"]


@needs_gettext
def test_a_syntax_error_is_reported_once(make_project: Any) -> None:
    project = _project(make_project)
    po = project.po("es", "hours")
    _replace(po, 'msgid "The clinic opens at nine."\nmsgstr ""', 'msgid "The clinic opens at nine."\nmsgstr "La clínica')
    problems = _check(project, 1)
    assert [(p["check"], p["file"]) for p in problems] == [("syntax", "locales/es/LC_MESSAGES/hours.po")]


def test_a_latin1_header_over_utf8_text_is_an_error_at_the_header_and_the_file_is_kept(make_project: Any) -> None:
    project = _project(make_project)
    po = project.po("es", "hours")
    _replace(po, 'msgid "The clinic opens at nine."\nmsgstr ""', 'msgid "The clinic opens at nine."\nmsgstr "Qué bien"')
    _replace(po, "charset=UTF-8", "charset=ISO-8859-1")
    before = po.read_bytes()
    (error,) = _check(project, 1)
    assert error["line"] == _line(po, b"charset=ISO-8859-1") and "UTF-8" in error["message"]
    assert "QuÃ©" in error["message"]
    project.run("sync", check=1)
    assert po.read_bytes() == before


def test_nul_in_a_translation_is_refused_at_its_line(make_project: Any) -> None:
    project = _project(make_project)
    po = project.po("es", "hours")
    _replace(po, 'msgid "The clinic opens at nine."\nmsgstr ""', 'msgid "The clinic opens at nine."\nmsgstr "La\\0 clínica"')
    before = po.read_bytes()
    (error,) = _check(project, 1)
    assert error["line"] == _line(po, b'msgstr "La\\0') and "NUL" in error["message"]
    project.run("sync", check=1)
    assert po.read_bytes() == before and b"\0" not in before


def test_a_raw_nul_byte_is_refused_by_check_as_by_sync(make_project: Any) -> None:
    """check read an up-to-date catalog block by block, which let a raw NUL byte through
    ("locales are in order") while sync refused the file."""
    project = _project(make_project)
    po = project.po("es", "hours")
    _replace(po, 'msgid "The clinic opens at nine."\nmsgstr ""', 'msgid "The clinic opens at nine."\nmsgstr "La\x00 clínica"')
    (error,) = _check(project, 1)
    assert error["line"] == _line(po, b'msgstr "La\x00') and "NUL byte" in error["message"]
    assert "a NUL byte is not allowed" in project.run("sync", check=1).stderr


@needs_gettext
def test_a_placeholder_renamed_in_a_site_translation_is_caught_by_check(make_project: Any) -> None:
    """site.po carries the template's python-format flag (as msgmerge copies it), so msgfmt -c
    sees a translator's %(datum)s for %(date)s instead of the preview failing on it."""
    project = _project(make_project)
    project.write("templates/extra.html", EXTRA_TEMPLATE + '<p>{{ _("Posted on %(date)s", date="x") }}</p>\n')
    project.run("update")
    po = project.po("es", "site")
    text = po.read_text(encoding="utf-8")
    assert '#, python-format\nmsgid "Posted on %(date)s"' in text
    _replace(po, 'msgid "Posted on %(date)s"\nmsgstr ""', 'msgid "Posted on %(date)s"\nmsgstr "Publicado el %(datum)s"')
    errors = [p for p in _check(project, 1) if p["check"] == "msgfmt"]
    assert errors and "'date' doesn't exist in 'msgstr'" in errors[0]["message"]
    assert errors[0]["line"] == _line(po, b"Publicado el")
