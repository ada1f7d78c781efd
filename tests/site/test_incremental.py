"""The preview rebuilds only what changed, and shows how far each translation is."""

from __future__ import annotations

import re

from click.testing import CliRunner

from conftest import Project
from i18nflow.cli import cli
from i18nflow.gettext.catalogs import MACHINE_COMMENT
from i18nflow.gettext.po import format_po, read_po

CONFIG = 'locales = ["es", "de"]\n[engines]\ndefault = "none"\n[site]\ntitle = "Clinic Journal"\n'
POST = """\
---
title: {title}
date: 2021-03-0{day}
---
First paragraph of post {day}.

Second paragraph of post {day}.
"""


def run(project: Project, *args: str, code: int = 0):
    result = CliRunner().invoke(cli, ["-C", str(project.root), *args], catch_exceptions=False)
    assert result.exit_code == code, result.output + result.stderr
    return result


def blog(make_project, count: int = 3) -> Project:
    project = make_project(CONFIG, seed=False)
    for day in range(1, count + 1):
        project.post(f"2021-03-0{day}-post-{day}.md", POST.format(title=f"Post {day}", day=day))
    run(project, "sync", "--html")
    return project


def pages(project: Project) -> dict[str, int]:
    """Every file of the preview with its mtime."""
    out = project.root / "build/site"
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name in after if before.get(name) != after[name]}


def translate(project: Project, locale: str, domain: str, texts: dict[str, str], machine: bool = False) -> None:
    path = project.po(locale, domain)
    catalog = read_po(path)
    for entry in catalog:
        if entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
            if machine:
                entry.flags.append("fuzzy")
                entry.tcomment = f"{MACHINE_COMMENT} test engine"
    path.write_text(format_po(catalog), encoding="utf-8")


def test_nothing_changed_rebuilds_nothing(make_project) -> None:
    project = blog(make_project)
    before = pages(project)
    assert len([name for name in before if name.endswith("index.html")]) == 3 * 3 + 3 + 1
    result = run(project, "sync", "--html")
    assert "0 files written" in result.output
    assert pages(project) == before


def test_an_edited_post_rebuilds_its_own_pages_only(make_project) -> None:
    project = blog(make_project)
    before = pages(project)
    path = project.root / "content/posts/2021-03-02-post-2.md"
    path.write_text(path.read_text().replace("Second paragraph", "Edited paragraph"))
    run(project, "sync", "--html")
    assert rewritten(before, pages(project)) == {"en/post-2/index.html", "es/post-2/index.html",
                                                 "de/post-2/index.html"}
    assert "Edited paragraph" in (project.root / "build/site/es/post-2/index.html").read_text()


def test_a_translated_title_rebuilds_that_post_and_the_lists_it_is_on(make_project) -> None:
    project = blog(make_project)
    before = pages(project)
    translate(project, "es", "post-1", {"Post 1": "Entrada 1"})
    run(project, "sync", "--html")
    changed = rewritten(before, pages(project))
    assert {"es/post-1/index.html", "es/index.html", "index.html"} <= changed
    assert not any("post-2" in name or "post-3" in name for name in changed)
    assert "Entrada 1" in (project.root / "build/site/es/index.html").read_text()


def test_a_template_or_the_site_settings_rebuild_every_page(make_project) -> None:
    project = blog(make_project)
    project.write("templates/post.html", '{% extends "base.html" %}{% block content %}CUSTOM {{ post.title }}'
                                         '{% endblock %}\n')
    run(project, "sync", "--html")
    for locale in ("en", "es", "de"):
        assert "CUSTOM Post 3" in (project.root / f"build/site/{locale}/post-3/index.html").read_text()
    before = pages(project)
    project.write("i18nflow.toml", CONFIG.replace("Clinic Journal", "Skin Journal"))
    run(project, "sync", "--html")
    changed = rewritten(before, pages(project))
    assert {name for name in before if name.endswith(".html")} <= changed


def test_deleted_posts_and_deleted_pages(make_project) -> None:
    project = blog(make_project)
    (project.root / "build/site/de/post-1/index.html").unlink()  # someone cleaned by hand
    run(project, "sync", "--html")
    assert (project.root / "build/site/de/post-1/index.html").is_file()
    (project.root / "content/posts/2021-03-03-post-3.md").unlink()
    run(project, "sync", "--html")
    assert not (project.root / "build/site/es/post-3").exists()
    assert "post-3" not in (project.root / "build/site/es/index.html").read_text()


def test_a_stray_page_goes_when_there_is_no_record_of_the_last_build(make_project) -> None:
    project = blog(make_project)
    project.write("build/site/es/gone/index.html", "<p>old</p>")
    (project.root / ".i18nflow/site.json").unlink()
    run(project, "sync", "--html")
    assert not (project.root / "build/site/es/gone").exists()


def test_include_machine_uses_machine_translations_of_the_site_strings(make_project) -> None:
    project = blog(make_project, 1)
    translate(project, "es", "site", {"Other languages": "Otros idiomas",
                                      "This translation was produced by a machine and is awaiting review":
                                      "Traducción automática, pendiente de revisión"}, machine=True)
    translate(project, "es", "post-1", {"First paragraph of post 1.": "Primer párrafo."}, machine=True)
    run(project, "sync", "--html")
    page = (project.root / "build/site/es/post-1/index.html").read_text()
    assert "Otros idiomas" not in page and "Primer párrafo." not in page  # reviewed only by default
    run(project, "sync", "--html", "--include-machine")
    page = (project.root / "build/site/es/post-1/index.html").read_text()
    assert "Primer párrafo." in page and 'aria-label="Otros idiomas"' in page
    assert "Traducción automática, pendiente de revisión" in page


# the progress page ------------------------------------------------------------------


def bars(html: str) -> list[dict[str, float]]:
    """Each bar's parts: state → width (percent)."""
    found = []
    for svg in re.findall(r'<svg viewBox="0 0 100 4".*?</svg>', html, re.S):
        found.append({m[0]: float(m[1]) for m in re.findall(r'class="progress-(\w+)" x="[\d.]+" y="0" '
                                                            r'width="([\d.]+)"', svg)})
    return found


def test_home_page_shows_progress_per_language_and_post_with_links_to_the_catalogs(make_project) -> None:
    project = blog(make_project, 2)
    translate(project, "es", "post-1", {"Post 1": "Entrada 1", "First paragraph of post 1.": "Primero."})
    translate(project, "es", "post-1", {"Second paragraph of post 1.": "Segundo."}, machine=True)
    run(project, "sync", "--html")
    home = (project.root / "build/site/index.html").read_text()
    es_total, de_total = bars(home)[:2]
    # es: post-1 has 2 + 5 reviewed words ("Post 1", the first paragraph), 5 machine; post-2's 12
    # words are untranslated
    assert es_total == {"reviewed": round(100 * 7 / 24, 2), "machine": round(100 * 5 / 24, 2),
                        "untranslated": round(100 * 12 / 24, 2)}
    assert de_total == {"untranslated": 100.0}
    rows = re.findall(r'<tr><th scope="row"><a href="en/(post-\d)/">', home)
    assert rows == ["post-2", "post-1"]  # newest first, as the indexes
    links = re.findall(r'<a class="progress-bar" href="([^"]+)"', home)
    assert "../../locales/es/LC_MESSAGES/post-1.po" in links
    assert (project.root / "build/site" / "../../locales/es/LC_MESSAGES/post-1.po").resolve() == \
        project.po("es", "post-1").resolve()


def test_status_html_writes_the_progress_page_alone(make_project) -> None:
    project = make_project(CONFIG, seed=False)
    project.post("2021-03-01-post-1.md", POST.format(title="Post 1", day=1))
    run(project, "update")
    translate(project, "de", "post-1", {"Post 1": "Beitrag 1"})
    run(project, "status", "--html")
    out = project.root / "build/site"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["index.html"]
    home = (out / "index.html").read_text()
    assert bars(home)[1] == {"reviewed": round(100 * 2 / 12, 2), "untranslated": round(100 * 10 / 12, 2)}
    assert 'href="../../locales/de/LC_MESSAGES/post-1.po"' in home
    assert home.count('<tr><th scope="row"') == 3  # de, es; post-1


def test_a_page_linking_to_a_post_follows_that_post_into_its_language(make_project) -> None:
    """post-1 is unchanged, but the post it links to crosses its threshold: its page is rebuilt."""
    project = make_project(CONFIG.replace("[engines]", "threshold = 50\n[engines]"), seed=False)
    project.post("2021-03-01-post-1.md", POST.format(title="Post 1", day=1)
                 + "\nSee [the other one](2021-03-02-post-2.md).\n")
    project.post("2021-03-02-post-2.md", POST.format(title="Post 2", day=2))
    run(project, "update")
    translate(project, "es", "post-1", {"Post 1": "Entrada 1", "First paragraph of post 1.": "Primero.",
                                        "Second paragraph of post 1.": "Segundo."})
    run(project, "sync", "--html")
    page = project.root / "build/site/es/post-1/index.html"
    assert 'href="../../en/post-2/"' in page.read_text()  # not published in Spanish yet
    assert not (project.root / "build/site/es/post-2").exists()
    translate(project, "es", "post-2", {"Post 2": "Entrada 2", "First paragraph of post 2.": "Primero.",
                                        "Second paragraph of post 2.": "Segundo."})
    run(project, "sync", "--html")
    assert (project.root / "build/site/es/post-2/index.html").is_file()
    assert 'href="../../es/post-2/"' in page.read_text()


def test_a_run_that_wrote_only_preview_pages_does_not_wait_for_the_disk(make_project, monkeypatch) -> None:
    """Catalogs and copies are flushed at the end of the run; pages, made again from them, are not."""
    import i18nflow.fsutil

    flushes: list[str] = []
    monkeypatch.setattr(i18nflow.fsutil, "flush_to_disk", lambda: flushes.append("sync"))
    project = make_project(CONFIG, seed=False)
    project.post("2021-03-01-post-1.md", POST.format(title="Post 1", day=1))
    run(project, "sync")
    assert flushes == ["sync"]  # catalogs and copies written
    (project.root / "build/site").mkdir(parents=True, exist_ok=True)
    run(project, "sync", "--html")
    assert flushes == ["sync"] and (project.root / "build/site/es/post-1/index.html").is_file()
    project.post("2021-03-01-post-1.md", POST.format(title="Post 1", day=1).replace("First", "1st"))
    run(project, "sync", "--html")
    assert flushes == ["sync", "sync"]  # the catalogs changed too
