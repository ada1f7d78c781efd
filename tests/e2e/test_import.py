"""``i18nflow import`` on temp projects: existing hand-written translations into the catalogs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
import yaml

from conftest import CORPUS, SEED, Project, assert_msgcat_fixed_point, needs_gettext
from i18nflow.gettext.catalogs import entry_state

DATA = Path(__file__).parents[1] / "data"
SEED_ES = DATA / "microcurrent-facial.es.md"
AFTERCARE = (DATA / "aftercare.md").read_text(encoding="utf-8")
AFTERCARE_ES = (DATA / "aftercare.es.md").read_text(encoding="utf-8")  # laid out like its source
# Merges the first two paragraphs, drops "Avoid saunas", adds a paragraph (line 18).
AFTERCARE_ES_LOOSE = (DATA / "aftercare-loose.es.md").read_text(encoding="utf-8")
SEED_REF = f"content/posts/{SEED.name}"
DOMAIN = "microcurrent-facial"


def entries(project: Project, domain: str = DOMAIN) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(project.po("es", domain))) if not e.obsolete}


def without_lang(text: str) -> str:
    return text.replace("lang: es\n", "", 1)


def body(text: str) -> str:
    return text.split("---\n", 2)[2]


def header(text: str) -> dict[str, object]:
    return yaml.safe_load(text.split("---\n", 2)[1])


def import_json(project: Project, *args: str) -> dict:
    return json.loads(project.run("import", "--locale", "es", "--format", "json", *args).stdout)


@needs_gettext
def test_seed_translation_imports_completely_and_renders_back_to_it(make_project) -> None:
    project = make_project()
    project.write("es.md", SEED_ES.read_bytes())
    result = project.run("import", "--locale", "es", "--trust", SEED_REF, "es.md")
    assert "10 imported as reviewed" in result.stdout
    imported = entries(project)
    assert len(imported) == 10
    assert all(entry_state(e) == "reviewed" for e in imported.values())
    assert imported["What is Microcurrent Facial?"].msgstr == "¿Qué es el Microcurrent Facial?"
    assert imported["How is Microcurrent Facial performed?"].tcomment == "imported from es.md:20"
    assert_msgcat_fixed_point(project.po("es", DOMAIN))

    project.run("render", "--locale", "es")
    rendered = project.read(f"build/es/posts/{SEED.name}")
    written = SEED_ES.read_text(encoding="utf-8")
    assert body(rendered) == body(written)  # same layout: byte for byte
    assert header(rendered) == {**header(written), "lang": "es"}  # description re-wrapped only

    again = project.run("import", "--locale", "es", "--trust", SEED_REF, "es.md")
    assert "0 files written" in again.stdout and "10 already in the catalog" in again.stdout


def test_a_translation_laid_out_like_its_source_renders_byte_identical(make_project) -> None:
    project = make_project(seed=False)
    project.write("content/posts/aftercare.md", AFTERCARE)
    project.write("translations/aftercare.md", AFTERCARE_ES)
    project.run(
        "import", "-l", "es", "--trust", "content/posts/aftercare.md", "translations/aftercare.md"
    )
    project.run("render", "-l", "es")
    assert without_lang(project.read("build/es/posts/aftercare.md")) == AFTERCARE_ES


def test_without_trust_imports_are_fuzzy_and_published_only_when_asked(make_project) -> None:
    project = make_project()
    project.write("es/microcurrent.md", SEED_ES.read_bytes())
    told = project.run("import", "-l", "es", SEED_REF, "es/microcurrent.md").stdout
    assert "the 10 fuzzy entries are not published until reviewed" in told  # before a sync undoes the page
    imported = entries(project)
    assert all("fuzzy" in e.flags for e in imported.values())
    assert imported["What is Microcurrent Facial?"].tcomment == "imported from es/microcurrent.md:3"
    project.run("render", "-l", "es")
    assert without_lang(project.read(f"build/es/posts/{SEED.name}")) == SEED.read_text(
        encoding="utf-8"
    )
    project.run("render", "-l", "es", "--include-fuzzy")
    assert body(project.read(f"build/es/posts/{SEED.name}")) == body(
        SEED_ES.read_text(encoding="utf-8")
    )


@needs_gettext
def test_a_loose_translation_aligns_the_rest_and_reports_the_differences(make_project) -> None:
    project = make_project(seed=False)
    project.write("content/posts/aftercare.md", AFTERCARE)
    project.write("es/aftercare.md", AFTERCARE_ES_LOOSE)
    report = import_json(project, "--trust", "content/posts/aftercare.md", "es/aftercare.md")
    (post,) = report["posts"]
    assert post["certain"] is False and post["trusted"] is False
    assert post["unaligned_source"] == [
        {"line": 17, "kind": "list item", "text": "Avoid saunas and hot baths."}
    ]
    assert [b["line"] for b in post["unaligned_translation"]] == [18]
    merged = [p for p in post["pairs"] if p["shape"] == "2-1"]
    assert merged == [
        {
            "source_lines": [8, 10],
            "translation_lines": [8],
            "kind": "paragraph",
            "shape": "2-1",
            "confidence": 0.5,
        }
    ]
    assert all(p["confidence"] >= 0.8 for p in post["pairs"] if p["shape"] == "1-1")
    assert post["counts"] == {"fuzzy": 15}
    imported = entries(project, "aftercare")
    assert imported["Avoid saunas and hot baths."].msgstr == ""
    assert imported[
        "Keep your face clean and use the [gentle cleanser](/shop/cleanser) we gave you, twice a day."
    ].tcomment == (
        "imported from es/aftercare.md:8\none translated block for two source blocks: check where it was cut"
    )
    assert_msgcat_fixed_point(project.po("es", "aftercare"))
    args = ("--trust", "--dry-run", "content/posts/aftercare.md", "es/aftercare.md")
    text = project.run("import", "-l", "es", *args).stdout
    assert "alignment needs review; --trust not applied, imported as fuzzy" in text
    assert "line 17: list item: 'Avoid saunas and hot baths.'" in text
    assert "line 18: paragraph: 'Si tiene cualquier duda" in text
    assert re.search(r"8\+10 <- 8\s+0\.50\s+paragraph\s+merged in the translation", text)


def test_a_reviewed_translation_is_never_overwritten(make_project) -> None:
    project = make_project()
    project.run("update", "-l", "es")
    catalog = polib.pofile(str(project.po("es", DOMAIN)))
    catalog.find("How is Microcurrent Facial performed?").msgstr = "¿Cómo funciona?"
    catalog.save()
    project.write("es.md", SEED_ES.read_bytes())
    report = import_json(project, "--trust", SEED_REF, "es.md")
    (conflict,) = [e for e in report["posts"][0]["entries"] if e["status"] == "conflict"]
    assert conflict["source_line"] == 20 and conflict["catalog_msgstr"] == "¿Cómo funciona?"
    assert conflict["msgstr"] == "¿Cómo se realiza el Microcurrent Facial?"
    assert entries(project)["How is Microcurrent Facial performed?"].msgstr == "¿Cómo funciona?"
    assert report["posts"][0]["counts"] == {"reviewed": 9, "conflict": 1}


def test_dry_run_prints_the_report_and_writes_nothing(make_project) -> None:
    project = make_project()
    project.write("es.md", SEED_ES.read_bytes())
    before = sorted(p for p in project.root.rglob("*") if ".i18nflow" not in p.parts)
    result = project.run("import", "-l", "es", "--dry-run", SEED_REF, "es.md")
    assert (
        "10 imported as fuzzy" in result.stdout and "dry run: nothing was written" in result.stdout
    )
    assert sorted(p for p in project.root.rglob("*") if ".i18nflow" not in p.parts) == before


def test_from_pattern_pairs_translations_even_inside_the_content_globs(make_project) -> None:
    project = make_project()  # content = content/**/*.md matches content/es/ too
    project.write(f"content/es/posts/{SEED.name}", SEED_ES.read_bytes())
    project.write("content/posts/no-translation.md", "# Alone\n\nNo Spanish yet.\n")
    result = project.run("import", "-l", "es", "--from", "content/es/{path}")
    assert (
        f"content/es/posts/{SEED.name}: warning: a translation matched by 'content'"
        in result.stderr
    )
    assert "no translation found for 1 post(s): content/posts/no-translation.md" in result.stdout
    template = (project.root / "locales/templates" / f"{DOMAIN}.pot").read_text(encoding="utf-8")
    assert "Microcurrent Facial?" in template and "¿Qué es" not in template
    assert len(entries(project)) == 10 and all(e.msgstr for e in entries(project).values())


def test_from_folder_pairs_by_shared_key_file_name_and_language_suffix(make_project) -> None:
    project = make_project(seed=False)
    project.write("content/a.md", "---\ntranslationKey: peel\ntitle: Peel\n---\nA peel.\n")
    project.write("content/b.md", "---\ntitle: Mask\n---\nA mask.\n")
    project.write("content/2020-01-05-c.md", "---\ntitle: Cream\n---\nA cream.\n")
    project.write("es/x.md", "---\ntranslationKey: peel\ntitle: Peeling\n---\nUn peeling.\n")
    project.write("es/b.md", "---\ntitle: Mascarilla\n---\nUna mascarilla.\n")
    project.write("es/c.es.md", "---\ntitle: Crema\n---\nUna crema.\n")
    report = import_json(project, "--from", "es")
    pairs = {p["source"]: p["translation"] for p in report["posts"]}
    assert pairs == {
        "content/a.md": "es/x.md",
        "content/b.md": "es/b.md",
        "content/2020-01-05-c.md": "es/c.es.md",
    }
    assert entries(project, "c")["A cream."].msgstr == "Una crema."


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not found")
def test_a_corpus_page_against_the_wrong_source_is_not_trusted(make_project) -> None:
    project = make_project(seed=False)
    project.write(
        "content/hydrafacial.md",
        (CORPUS / "ftdgomez__bellaesthetic-site__hydrafacial.md").read_bytes(),
    )
    project.write("ipl-es.md", (CORPUS / "ftdgomez__bellaesthetic-site__ipl-es.md").read_bytes())
    report = import_json(project, "--trust", "content/hydrafacial.md", "ipl-es.md")
    (post,) = report["posts"]
    assert post["trusted"] is False and len(post["unaligned_translation"]) >= 8
    assert {e["status"] for e in post["entries"]} <= {"fuzzy", "uncertain"}
