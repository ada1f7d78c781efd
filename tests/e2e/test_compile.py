"""`i18nflow compile`: MO files gettext consumers can read, with the reviewed entries only."""

from __future__ import annotations

import gettext
import subprocess
from pathlib import Path

import polib

from conftest import needs_gettext
from i18nflow.gettext.po import read_po, write_po

SEED_DOMAIN = "microcurrent-facial"


def review(po_path: Path, count: int, fuzzy: int) -> tuple[dict[tuple[str | None, str], str], dict[tuple[str | None, str], str]]:
    """Give the first ``count`` entries a reviewed translation and the next ``fuzzy`` a fuzzy one."""
    catalog = read_po(po_path)
    reviewed, unreviewed = {}, {}
    for index, entry in enumerate(e for e in catalog if not e.obsolete and e.msgid):
        entry.tcomment = ""
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        if index < count:
            entry.msgstr = f"traducción {index}"
            reviewed[(entry.msgctxt, entry.msgid)] = entry.msgstr
        elif index < count + fuzzy:
            entry.msgstr = f"borrador {index}"
            entry.flags.append("fuzzy")
            unreviewed[(entry.msgctxt, entry.msgid)] = entry.msgstr
        else:
            entry.msgstr = ""
    write_po(catalog, po_path)
    return reviewed, unreviewed


def unpacked(mo_path: Path) -> dict[tuple[str | None, str], str]:
    """What msgunfmt reads back from an MO file, header left out."""
    result = subprocess.run(["msgunfmt", str(mo_path)], capture_output=True, text=True, check=True)
    catalog = polib.pofile(result.stdout)
    return {(e.msgctxt, e.msgid): e.msgstr for e in catalog if e.msgid}


@needs_gettext
def test_compile_round_trips_the_reviewed_entries_through_msgunfmt(make_project) -> None:
    project = make_project('locales = ["es", "de"]\n')
    project.run("update")
    reviewed, unreviewed = review(project.po("es", SEED_DOMAIN), count=4, fuzzy=2)
    project.run("compile")
    mo_path = project.po("es", SEED_DOMAIN).with_suffix(".mo")
    assert unpacked(mo_path) == reviewed
    assert any(ctx == "title" for ctx, _ in reviewed)  # msgctxt survives
    header = subprocess.run(["msgunfmt", str(mo_path)], capture_output=True, text=True, check=True).stdout
    assert "Language: es" in header and "Plural-Forms: nplurals=3" in header
    assert unpacked(project.po("de", SEED_DOMAIN).with_suffix(".mo")) == {}

    project.run("compile", "--include-fuzzy", "-o", "build/mo")
    assert unpacked(project.root / "build/mo/es/LC_MESSAGES" / f"{SEED_DOMAIN}.mo") == {**reviewed, **unreviewed}
    assert unpacked(mo_path) == reviewed  # the default output was left alone


def test_python_gettext_reads_the_compiled_catalog(make_project) -> None:
    project = make_project('locales = ["es"]\n')
    project.run("update")
    reviewed, _ = review(project.po("es", SEED_DOMAIN), count=3, fuzzy=1)
    project.run("compile")
    translations = gettext.translation(SEED_DOMAIN, localedir=project.root / "locales", languages=["es"])
    for (msgctxt, msgid), msgstr in reviewed.items():
        got = translations.pgettext(msgctxt, msgid) if msgctxt else translations.gettext(msgid)
        assert got == msgstr


def test_second_compile_writes_nothing_and_a_broken_po_is_named(make_project) -> None:
    project = make_project('locales = ["es", "de"]\n')
    project.run("update")
    first = project.run("compile").stdout
    assert "2 files written" in first
    assert "0 files written, 2 unchanged" in project.run("compile").stdout
    po_path = project.po("es", SEED_DOMAIN)
    po_path.write_text(po_path.read_text().replace('msgstr ""\n\n#. paragraph', 'msgstr "open\n\n#. paragraph', 1))
    result = project.run("compile", check=1)
    assert f"locales/es/LC_MESSAGES/{SEED_DOMAIN}.po:" in result.stderr
    assert "1 unchanged" in result.stdout  # de was still compiled
