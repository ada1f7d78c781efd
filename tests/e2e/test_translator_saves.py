"""Every editor's save is the translator's: ``check`` passes and the next ``sync`` rewrites nothing.

A project with reviewed, machine, outdated, untranslated, plural and obsolete entries (a post's
catalog and the preview's ``site.po``) is saved the way the tools translators use save it:
Weblate's translate-toolkit, polib, babel, msgcat as Poedit- and Lokalize-style saves (default
width, ``--no-wrap``, ``-w 60``, ``--sort-output``), an editor that writes CRLF or a BOM, one
that saves Latin-1. None of them may turn the file "stale", and none may be rewritten.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from conftest import Project, have
from i18nflow.gettext.catalogs import MACHINE_COMMENT
from i18nflow.gettext.po import read_po, write_po

POST = """\
---
title: Opening hours
---

The clinic opens at nine in the morning.

Our team welcomes you with a cup of tea.

- Facials on Monday
- Massages on Friday

Book a visit today.
"""
EXTRA_TEMPLATE = """\
<p>{{ _("Posted on %(date)s", date="today") }}</p>
<p>{% trans count=3 %}One post{% pluralize %}{{ count }} posts{% endtrans %}</p>
"""
CONFIG = """\
locales = ["es"]
[engines]
default = "none"
[site]
title = "Clinic"
"""


def _edit_catalog(path: Path, edit: Callable[[polib.POEntry], None]) -> None:
    catalog = read_po(path)
    for entry in catalog:
        edit(entry)
    write_po(catalog, path)


def _translate_post(entry: polib.POEntry) -> None:
    reviewed = {
        "Opening hours": "Horario",
        "The clinic opens at nine in the morning.": "La clínica abre a las nueve de la mañana.",
        "Facials on Monday": "Faciales el lunes",
    }
    if entry.msgid in reviewed:
        entry.msgstr = reviewed[entry.msgid]
    elif entry.msgid == "Our team welcomes you with a cup of tea.":
        entry.msgstr = "Nuestro equipo le recibe con una taza de té."
        entry.flags = ["fuzzy"]
        entry.tcomment = f"{MACHINE_COMMENT} apertium eng-spa"  # Latin-1 has no arrow


def _translate_site(entry: polib.POEntry) -> None:
    if entry.msgid_plural:
        entry.msgstr_plural = {i: f"%(count)s entradas ({i})" for i in entry.msgstr_plural}
    elif "%(" in entry.msgid:
        entry.msgstr = entry.msgid + " (es)"


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = Project(tmp_path_factory.mktemp("saves") / "site")
    project.write("i18nflow.toml", CONFIG)
    project.write("templates/extra.html", EXTRA_TEMPLATE)
    post = project.post("2024-01-01-hours.md", POST)
    project.run("sync")
    _edit_catalog(project.po("es", "hours"), _translate_post)
    _edit_catalog(project.po("es", "site"), _translate_site)
    # an edit: "nine" → "ten" makes the reviewed translation outdated and keeps it as #~ too
    post.write_text(POST.replace("at nine", "at ten"), encoding="utf-8")
    project.run("sync")
    return project.root


def _msgcat(*options: str) -> Callable[[Path], None]:
    def save(path: Path) -> None:
        result = subprocess.run(["msgcat", *options, "-o", str(path), str(path)], capture_output=True)
        assert result.returncode == 0, result.stderr.decode()

    return save


def _translate_toolkit(path: Path) -> None:
    """What Weblate does: translate-toolkit's PO store, header updated, saved."""
    from translate.storage import po

    store = po.pofile.parsefile(str(path))
    store.updateheader(add=True, Last_Translator="Ana <ana@example.com>", X_Generator="Weblate 5.4")
    path.write_bytes(bytes(store))


def _polib(path: Path) -> None:
    polib.pofile(str(path)).save()


def _babel(path: Path) -> None:
    from babel.messages.pofile import read_po as babel_read
    from babel.messages.pofile import write_po as babel_write

    with path.open("rb") as handle:
        catalog = babel_read(handle, abort_invalid=True)
    out = io.BytesIO()
    babel_write(out, catalog, include_previous=True)
    path.write_bytes(out.getvalue())


def _crlf(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def _bom(path: Path) -> None:
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def _latin1(path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=ISO-8859-1")
    path.write_bytes(text.encode("latin-1"))


SAVES: dict[str, Callable[[Path], None]] = {
    "translate-toolkit": _translate_toolkit,
    "polib": _polib,
    "babel": _babel,
    "msgcat": _msgcat(),
    "msgcat --no-wrap": _msgcat("--no-wrap"),
    "msgcat -w 60": _msgcat("-w", "60"),
    "msgcat --sort-output": _msgcat("--sort-output"),
    "CRLF": _crlf,
    "BOM": _bom,
    "Latin-1": _latin1,
}


def _catalog_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "locales").rglob("*.po*"))}


@pytest.mark.skipif(not have("msgcat"), reason="GNU gettext is not installed")
@pytest.mark.parametrize("tool", list(SAVES))
def test_a_save_is_not_stale_and_is_not_rewritten(translated: Path, tmp_path: Path, tool: str) -> None:
    if tool == "translate-toolkit":
        pytest.importorskip("translate.storage.po")
    project = Project(tmp_path / "site")
    shutil.copytree(translated, project.root)
    for path in sorted((project.root / "locales" / "es").rglob("*.po")):
        SAVES[tool](path)
    saved = _catalog_bytes(project.root)
    check = project.run("check", "--no-cache", check=None)
    assert check.returncode == 0, textwrap.indent(check.stdout + check.stderr, "  ")
    project.run("sync", "--no-cache")
    after = _catalog_bytes(project.root)
    assert [name for name in saved if after[name] != saved[name]] == []


def test_the_project_holds_every_kind_of_entry(translated: Path) -> None:
    """The matrix is only as good as what it saves: every state, plurals, formats, obsolete."""
    post = read_po(translated / "locales/es/LC_MESSAGES/hours.po")
    site = read_po(translated / "locales/es/LC_MESSAGES/site.po")
    states = {e.msgid: e for e in post}
    assert "fuzzy" in states["The clinic opens at ten in the morning."].flags
    assert states["The clinic opens at ten in the morning."].previous_msgid
    assert MACHINE_COMMENT in states["Our team welcomes you with a cup of tea."].tcomment
    assert any(e.obsolete for e in post) and any(not e.msgstr for e in post)
    assert any(e.msgid_plural and any(e.msgstr_plural.values()) for e in site)
    assert any("python-format" in e.flags and e.msgstr for e in site)


@pytest.mark.parametrize("save", ["CRLF", "BOM", "Latin-1"])
def test_a_catalog_written_after_a_change_keeps_the_files_layout(translated: Path, tmp_path: Path, save: str) -> None:
    """When its content does change (the post is edited), the catalog is written with the line
    endings, byte order mark and charset the translator's file had, wrapped at [catalogs] wrap."""
    project = Project(tmp_path / "site")
    shutil.copytree(translated, project.root)
    (project.root / "i18nflow.toml").write_text(CONFIG + "[catalogs]\nwrap = 0\n", encoding="utf-8")
    po = project.po("es", "hours")
    SAVES[save](po)
    post = project.root / "content/posts/2024-01-01-hours.md"
    long = "A long new paragraph " + "about the opening hours of the clinic " * 4 + "."
    post.write_text(post.read_text(encoding="utf-8") + f"\n{long}\n", encoding="utf-8")
    project.run("sync")
    data = po.read_bytes()
    assert long.encode("ascii") in data  # one line: wrap = 0
    if save == "CRLF":
        assert data.count(b"\r\n") == data.count(b"\n")
    elif save == "BOM":
        assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    else:
        assert b"charset=ISO-8859-1" in data and "clínica".encode("latin-1") in data
    assert project.run("check", "--no-cache", check=None).returncode == 0
