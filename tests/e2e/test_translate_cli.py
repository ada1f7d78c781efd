"""`i18nflow translate` with real engines: Apertium offline, deep-translator over real HTTP."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from conftest import Project, assert_msgcat_fixed_point, needs_gettext
from libretranslate_server import FakeLibreTranslate

needs_apertium = pytest.mark.skipif(
    shutil.which("apertium") is None or not Path("/usr/share/apertium/modes/eng-spa.mode").exists(),
    reason="Apertium with the eng-spa pair is not installed (scripts/install.sh installs it)",
)

POST = """---
title: Laser hair removal
description: Smooth skin with fewer sessions
---
Book your session with **our team** at [the clinic](https://example.com/book) and use code `SPRING20`.

The treatment is quick and comfortable.

Duplicate sentence shared by posts.
"""
OTHER = """---
title: Chemical peel
---
Duplicate sentence shared by posts.

A peel renews the skin.
"""


def libre_project(make_project, server: FakeLibreTranslate, extra: str = "") -> Project:
    config = f"""locales = ["de"]
[engines]
default = "libre"
[engines.libre]
url = "{server.url}"
timeout = 2
max_retries = 3
retry_base_delay = 0.01
{extra}"""
    project = make_project(config, seed=False)
    project.post("2021-01-01-laser.md", POST)
    project.post("2021-01-02-peel.md", OTHER)
    return project


def entries(project: Project, locale: str, domain: str) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(project.po(locale, domain)))}


@needs_apertium
@needs_gettext
def test_apertium_fills_spanish_entries_fuzzy_with_markup_intact(make_project) -> None:
    project = make_project('locales = ["es"]\n', seed=False)
    project.post("2021-01-01-laser.md", POST)
    project.run("translate", "--locale", "es")
    found = entries(project, "es", "laser")
    paragraph = next(e for k, e in found.items() if k.startswith("Book your session"))
    assert "fuzzy" in paragraph.flags
    assert paragraph.tcomment == "machine translation: apertium eng→spa"
    assert "](https://example.com/book)" in paragraph.msgstr and "`SPRING20`" in paragraph.msgstr
    assert paragraph.msgstr.count("**") == 2 and "*" not in paragraph.msgstr.replace("**", "")
    assert "sesión" in paragraph.msgstr or "equipo" in paragraph.msgstr
    assert_msgcat_fixed_point(project.po("es", "laser"))
    # machine translations are not published unless asked for
    project.run("render")
    assert "Book your session" in project.read("build/es/posts/2021-01-01-laser.md")
    project.run("render", "--include-machine")
    assert "https://example.com/book" in project.read("build/es/posts/2021-01-01-laser.md")
    assert "Book your session" not in project.read("build/es/posts/2021-01-01-laser.md")


def test_each_distinct_string_goes_to_the_engine_once_and_memory_makes_reruns_free(
    make_project, libretranslate_server: FakeLibreTranslate
) -> None:
    project = libre_project(make_project, libretranslate_server)
    project.run("translate")
    sent = libretranslate_server.texts()
    assert len(sent) == len(set(sent))  # deduplicated across both posts
    assert sum("DUPLICATE" in t.upper() for t in sent) == 1
    peel = entries(project, "de", "peel")
    assert peel["Duplicate sentence shared by posts."].msgstr == "DUPLICATE SENTENCE SHARED BY POSTS."
    assert peel["A peel renews the skin."].tcomment.startswith("machine translation: libre")
    first = libretranslate_server.count()
    project.run("translate")
    assert libretranslate_server.count() == first  # nothing untranslated left
    for po in (project.root / "locales" / "de").rglob("*.po"):
        po.unlink()
    project.run("translate")
    assert libretranslate_server.count() == first  # the memory answered everything
    assert entries(project, "de", "laser")["The treatment is quick and comfortable."].msgstr


def test_human_translations_are_never_touched(make_project, libretranslate_server: FakeLibreTranslate) -> None:
    project = libre_project(make_project, libretranslate_server)
    project.run("update")
    po = polib.pofile(str(project.po("de", "peel")))
    for entry in po:
        if entry.msgid == "A peel renews the skin.":
            entry.msgstr = "Ein Peeling erneuert die Haut."
    po.save()
    project.run("translate")
    entry = entries(project, "de", "peel")["A peel renews the skin."]
    assert entry.msgstr == "Ein Peeling erneuert die Haut." and "fuzzy" not in entry.flags
    assert "A peel renews the skin." not in libretranslate_server.texts()


def test_429_is_retried_and_a_dropped_placeholder_leaves_the_entry_untranslated(
    make_project, libretranslate_server: FakeLibreTranslate
) -> None:
    project = libre_project(make_project, libretranslate_server)
    libretranslate_server.fail_first = 2
    project.run("translate")
    assert entries(project, "de", "peel")["A peel renews the skin."].msgstr == "A PEEL RENEWS THE SKIN."

    libretranslate_server.reset()
    libretranslate_server.mode = "drop"
    project.post("2021-01-03-new.md", "New paragraph with a [link](https://example.com/x) inside.\n")
    result = project.run("translate", "--strict", check=1)
    assert "stay untranslated" in result.stderr
    new = entries(project, "de", "new")["New paragraph with a [link](https://example.com/x) inside."]
    assert new.msgstr == ""
    assert_msgcat_fixed_point(project.po("de", "new"))


def test_unreachable_server_warns_and_sync_goes_on(make_project, refused_url: str) -> None:
    project = make_project(f'locales = ["de"]\n[engines]\ndefault = "libre"\n[engines.libre]\nurl = "{refused_url}"\ntimeout = 1\n')
    result = project.run("sync")
    assert "stay untranslated" in result.stderr
    assert (project.root / "build/de/posts").is_dir()


def test_dry_run_counts_and_costs_without_calling_or_writing(make_project, libretranslate_server: FakeLibreTranslate) -> None:
    project = libre_project(make_project, libretranslate_server, extra="price_per_million = 20\n")
    project.run("update")
    before = {p: p.read_bytes() for p in (project.root / "locales").rglob("*.po")}
    result = project.run("translate", "--dry-run")
    assert libretranslate_server.count() == 0 and libretranslate_server.count("/languages") == 0
    assert "de: libre" in result.stdout and "would be sent" in result.stdout and "cost 0.00" in result.stdout
    assert {p: p.read_bytes() for p in (project.root / "locales").rglob("*.po")} == before


def test_api_key_comes_from_the_environment_and_never_shows(make_project, libretranslate_server: FakeLibreTranslate, monkeypatch) -> None:
    secret = "sk-very-secret-key-123"
    libretranslate_server.api_key = "another-key"  # the server refuses ours: errors must not echo it
    project = libre_project(make_project, libretranslate_server, extra='api_key_env = "I18NFLOW_TEST_KEY"\n')
    monkeypatch.setenv("I18NFLOW_TEST_KEY", secret)
    result = project.run("-v", "translate")
    assert secret not in result.stdout + result.stderr
    for path in project.root.rglob("*"):
        if path.is_file() and path.suffix in (".po", ".pot", ".md", ".json", ".toml"):
            assert secret not in path.read_text(encoding="utf-8", errors="replace")


def test_status_counts_machine_translations_apart_from_reviewed(make_project, libretranslate_server: FakeLibreTranslate) -> None:
    import json

    project = libre_project(make_project, libretranslate_server)
    project.run("translate")
    report = json.loads(project.run("status", "--json").stdout)
    counts = report["locales"]["de"]["entries"]
    assert counts["machine"] == counts["total"] > 0 and counts["reviewed"] == 0
