"""The CLI on temp projects, as a site owner runs it."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import polib
import pytest

from conftest import SEED, assert_msgcat_fixed_point, needs_gettext
from i18nflow.source.render import block_structure

SEED_DOMAIN = "microcurrent-facial"
SEED_REF = f"content/posts/{SEED.name}"


def all_catalogs(root: Path) -> list[Path]:
    return sorted((root / "locales").rglob("*.po")) + sorted((root / "locales").rglob("*.pot"))


def snapshot(root: Path) -> dict[Path, tuple[int, bytes]]:
    return {
        p: (p.stat().st_mtime_ns, p.read_bytes())
        for p in root.rglob("*")
        if p.is_file() and ".i18nflow" not in p.parts
    }


@needs_gettext
def test_sync_fills_locales_and_build_with_valid_catalogs(make_project) -> None:
    project = make_project()
    project.run("sync")
    pot = polib.pofile(str(project.root / "locales/templates" / f"{SEED_DOMAIN}.pot"))
    assert len(pot) == 10
    assert pot[0].occurrences == [(SEED_REF, "3")] and pot[0].msgctxt == "title"
    assert pot[0].comment == "front matter: title"
    for locale in ("es", "de"):
        po = polib.pofile(str(project.po(locale, SEED_DOMAIN)))
        assert po.metadata["Language"] == locale and "nplurals" in po.metadata["Plural-Forms"]
        copy = project.read(f"build/{locale}/posts/{SEED.name}")
        source = SEED.read_text(encoding="utf-8")
        assert copy == source.replace("---\n\n#", f"lang: {locale}\n---\n\n#", 1)
    for path in all_catalogs(project.root):
        assert_msgcat_fixed_point(path)


def test_second_sync_writes_nothing(make_project) -> None:
    project = make_project()
    project.run("sync")
    before = snapshot(project.root)
    result = project.run("sync")
    assert "0 files written" in result.stdout
    assert snapshot(project.root) == before


@needs_gettext
def test_human_translation_is_rendered_and_survives_an_edit_as_fuzzy(make_project) -> None:
    project = make_project()
    project.run("sync")
    po_path = project.po("es", SEED_DOMAIN)
    po = polib.pofile(str(po_path))
    paragraph = po[2]
    assert paragraph.msgid.startswith("Microcurrent Facial is a new")
    paragraph.msgstr = "El **Microcurrent Facial** es una innovación nueva."
    po[1].msgstr = "Descripción: «traducida»"
    po.save()
    project.run("sync")
    copy = project.read(f"build/es/posts/{SEED.name}")
    assert "El **Microcurrent Facial** es una innovación nueva." in copy
    assert 'description: >-\n  Descripción: «traducida»\nfeatured_image' in copy
    assert block_structure(copy.split("---\n", 2)[2]) == block_structure(SEED.read_text().split("---\n", 2)[2])

    # the author fixes the typo "microcurrects" in that paragraph
    post = project.root / SEED_REF
    post.write_text(post.read_text().replace("microcurrects", "microcurrents"))
    project.run("sync")
    text = po_path.read_text()
    entry = next(e for e in polib.pofile(str(po_path)) if e.msgid.startswith("Microcurrent Facial is a new"))
    assert "fuzzy" in entry.flags and entry.msgstr == "El **Microcurrent Facial** es una innovación nueva."
    assert "microcurrects" in entry.previous_msgid and '#| msgid "' in text
    copy = project.read(f"build/es/posts/{SEED.name}")
    assert "es una innovación nueva" not in copy  # fuzzy is not published
    project.run("render", "--include-fuzzy")
    assert "es una innovación nueva" in project.read(f"build/es/posts/{SEED.name}")
    assert_msgcat_fixed_point(po_path)


def test_removed_paragraph_translation_becomes_obsolete_and_returns(make_project) -> None:
    project = make_project()
    project.run("sync")
    po_path = project.po("de", SEED_DOMAIN)
    po = polib.pofile(str(po_path))
    last = po[-1]
    last.msgstr = "Die Behandlung wird 2 bis 4 Mal pro Woche empfohlen."
    po.save()
    post = project.root / SEED_REF
    source = post.read_text()
    post.write_text(source.replace(last.msgid, ""))
    project.run("sync")
    assert "#~ msgid" in po_path.read_text()
    assert "Die Behandlung" in po_path.read_text()
    post.write_text(source)
    project.run("sync")
    restored = next(e for e in polib.pofile(str(po_path)) if e.msgid == last.msgid)
    assert restored.msgstr.startswith("Die Behandlung") and not restored.obsolete and "fuzzy" not in restored.flags


def test_broken_yaml_is_reported_with_file_and_line_and_other_posts_still_sync(make_project) -> None:
    project = make_project()
    project.post("2021-01-01-broken.md", "---\ntitle: ok\ndescription: [unclosed\nlayout: post\n---\nBody.\n")
    result = project.run("sync", check=1)
    assert "content/posts/2021-01-01-broken.md:4" in result.stderr
    assert "broken YAML front matter" in result.stderr
    assert (project.root / f"build/es/posts/{SEED.name}").exists()
    assert not (project.root / "build/es/posts/2021-01-01-broken.md").exists()


def test_invalid_utf8_names_file_and_line(make_project) -> None:
    project = make_project()
    project.write("content/posts/latin1.md", "---\ntitle: ok\n---\nCaf\xe9\n".encode("latin-1"))
    result = project.run("extract", check=1)
    assert "content/posts/latin1.md:4: error: not valid UTF-8" in result.stderr
    assert (project.root / f"locales/templates/{SEED_DOMAIN}.pot").exists()


def test_post_with_unclosed_front_matter_is_an_error(make_project) -> None:
    project = make_project()
    project.post("open.md", "---\ntitle: never closed\nBody.\n")
    result = project.run("sync", check=1)
    assert "content/posts/open.md:1: error: front matter opened with '---' is never closed" in result.stderr


def test_broken_po_file_is_reported_and_not_overwritten(make_project) -> None:
    project = make_project()
    project.run("sync")
    po_path = project.po("es", SEED_DOMAIN)
    broken = po_path.read_text().replace('msgstr ""\n\n#. paragraph', 'msgstr "unterminated\n\n#. paragraph', 1)
    po_path.write_text(broken)
    post = project.root / SEED_REF
    post.write_text(post.read_text().replace("microcurrects", "microcurrents"))
    result = project.run("sync", check=1)
    assert f"locales/es/LC_MESSAGES/{SEED_DOMAIN}.po:" in result.stderr
    assert po_path.read_text() == broken
    assert "microcurrents" in project.po("de", SEED_DOMAIN).read_text()  # other locales processed


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('locales = ["es"]\nlocale = "de"\n', "unknown key 'locale'"),
        ('locales = ["xx_YY_bogus"]\n', "key 'locales': unknown locale 'xx_YY_bogus'"),
        ('locales = ["es"]\ncontent = ["posts/*.md"]\n', "key 'content': pattern 'posts/*.md' matches no file"),
        ('locales = ["es"]\noutput = "../outside/{locale}/{path}"\n', "key 'output' must be a path inside the project"),
        ('locales = ["es"]\n[catalogs]\nwrap = -1\n', "key 'catalogs.wrap' must be a line width"),
        ('locales = ["es"]\n[catalogs]\nwidth = 60\n', "unknown key 'catalogs.width'"),
        ('locales = ["es"]\n[translate]\nmax_table_cells = -1\n', "key 'translate.max_table_cells' must be a whole"),
        ('locales = ["es"]\n[translate]\nmax_cells = 10\n', "unknown key 'translate.max_cells'"),
    ],
)
def test_configuration_errors_name_the_key_and_exit_2(make_project, config: str, message: str) -> None:
    project = make_project(config)
    result = project.run("sync", check=2)
    assert message in result.stderr
    assert "i18nflow.toml" in result.stderr


def test_config_in_pyproject_and_single_catalog_domain(make_project) -> None:
    project = make_project("")
    (project.root / "i18nflow.toml").unlink()
    project.write("pyproject.toml", '[project]\nname = "site"\n\n[tool.i18nflow]\nlocales = ["es"]\ndomain = "messages"\n')
    project.post("2021-02-02-other.md", "---\ntitle: Other\n---\nAnother post.\n")
    project.run("sync")
    pot = polib.pofile(str(project.root / "locales/templates/messages.pot"))
    assert len(pot) == 12
    assert (project.root / "build/es/posts/2021-02-02-other.md").exists()


def test_status_counts_entries_and_words_per_locale_and_post(make_project) -> None:
    project = make_project()
    project.run("sync")
    po = polib.pofile(str(project.po("es", SEED_DOMAIN)))
    po[0].msgstr = "¿Qué es el Microcurrent Facial?"
    po[2].msgstr = "Traducción"
    po[2].flags.append("fuzzy")
    po.save()
    report = json.loads(project.run("status", "--json", "--posts").stdout)
    es = report["locales"]["es"]
    assert es["entries"] == {"reviewed": 1, "machine": 0, "imported": 0, "outdated": 1, "untranslated": 8, "total": 10}
    assert es["words"]["reviewed"] == 4
    assert es["posts"][SEED_REF]["entries"]["total"] == 10
    assert report["locales"]["de"]["entries"]["reviewed"] == 0
    table = project.run("status").stdout
    assert "es" in table and "reviewed" in table


def test_help_and_module_entry_point(make_project) -> None:
    project = make_project()
    result = project.run("--help")
    for command in ("extract", "update", "render", "sync", "status"):
        assert command in result.stdout


def test_lock_refuses_a_second_concurrent_run(make_project) -> None:
    import fcntl

    project = make_project()
    (project.root / ".i18nflow").mkdir()
    with open(project.root / ".i18nflow" / "lock", "a+") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        result = project.run("sync", check=1)
    assert "another i18nflow run is working on this project" in result.stderr
    assert not (project.root / "locales").exists()


def test_extract_writes_only_templates(make_project) -> None:
    project = make_project()
    project.run("extract")
    assert (project.root / f"locales/templates/{SEED_DOMAIN}.pot").exists()
    assert not (project.root / "locales/es").exists()
    assert not (project.root / "build").exists()
    assert os.listdir(project.root / "locales") == ["templates"]


def test_shards_write_disjoint_files_that_together_equal_a_full_sync(make_project, tmp_path) -> None:
    import shutil

    project = make_project()
    for index in range(6):
        project.post(f"2021-0{index + 1}-01-post-{index}.md", f"---\ntitle: Post {index}\n---\nParagraph {index}.\n")
    full = tmp_path / "full"
    shutil.copytree(project.root, full)
    project.run("sync", "--shard", "1/2")
    first = {p.relative_to(project.root) for p in project.root.rglob("*") if p.is_file() and ".i18nflow" not in p.parts}
    project.run("sync", "--shard", "2/2")
    both = {p.relative_to(project.root) for p in project.root.rglob("*") if p.is_file() and ".i18nflow" not in p.parts}
    from conftest import Project

    Project(full).run("sync")
    expected = {p.relative_to(full) for p in full.rglob("*") if p.is_file() and ".i18nflow" not in p.parts}
    assert first < both == expected
    def undated(path: Path) -> bytes:  # the runs may fall on two sides of a minute
        return re.sub(rb'"(POT-Creation|PO-Revision)-Date: [^"]*"', b"", path.read_bytes())

    for relative in expected:
        assert undated(project.root / relative) == undated(full / relative), relative


def test_sync_of_one_locale_leaves_the_others_alone(make_project) -> None:
    project = make_project()
    project.run("sync", "--locale", "de")
    assert project.po("de", SEED_DOMAIN).exists()
    assert not project.po("es", SEED_DOMAIN).exists()
