"""Every corpus file's header (YAML, TOML, JSON; Jekyll and Hugo) through ``sync`` with the pseudo
engine and with hostile translations: each localized header reads, with the reader its builder
uses, as its source's shape with the configured values translated; Hugo builds the TOML, JSON
and YAML headers of the Hugo corpus."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import polib
import pytest
import tomllib
import yaml

from conftest import SHARED, Project, have
from i18nflow.source.content import load_post
from i18nflow.source.frontmatter.keypaths import plain_values
from i18nflow.source.frontmatter.shape import shape
from i18nflow.source.text import has_letters

HUGO = SHARED / "corpus" / "hugo"
POSTS = SHARED / "corpus" / "posts"
KEYS = [
    "title", "description", "excerpt", "summary", "linkTitle", "linktitle", "tags", "categories",
    "series", "keywords", "author", "authors", "author.display_name", "seo.description",
    "resources[].title", "resources[].params.credits", "reveal_hugo.plugins[].name",
    "gallery[].title", "gallery[].alt", "toc[].name", "process[].step", "process[].description",
    "benefits[].benefitName", "benefits[].benefitBody", "menu.main[].name",
]
# everything that ends a plain YAML value, a TOML literal string or a JSON string
HOSTILE = "Título, con: coma] y} # no \"es\" 'un' \\ comentario\n--- +++ ''' \"\"\" [x] {y} "
# plain in a block mapping, but ends an item of [a, b] or {k: v}: only flow context quotes it
MILD = ", más] y} fin"
LOCALES = {"es": "the pseudo engine", "de": HOSTILE, "fr": MILD}

pytestmark = pytest.mark.skipif(not (HUGO.is_dir() and POSTS.is_dir()), reason=f"corpus not found at {SHARED}")


def sources() -> list[tuple[str, Path]]:
    """(path below content/, corpus file) for every Hugo and Jekyll corpus file. A Hugo file's
    language suffix (``callout.fa.md``) becomes part of its name: the corpus mixes sites, and
    two files that differ only by it would be one page in two languages to i18nflow."""
    return [(f"hugo/{p.stem.replace('.', '-')}.md", p) for p in sorted(HUGO.glob("*.md"))] + [
        (f"posts/{p.name}", p) for p in sorted(POSTS.glob("*.md"))
    ]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """Synced with the pseudo engine for ``es``; ``de`` and ``fr`` get hostile front matter
    translations (the body is other tests' business)."""
    project = Project(tmp_path_factory.mktemp("fm") / "site")
    keys = ", ".join(json.dumps(key) for key in KEYS)
    project.write(
        "i18nflow.toml",
        f'locales = ["es", "de", "fr"]\ncontent = ["content/**/*.md"]\ndomain = "{{name}}"\nfront_matter = [{keys}]\n'
        '[engines]\ndefault = "none"\nes = "pseudo"\n',
    )
    for rel, source in sources():
        target = project.root / "content" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    result = project.run("sync", "--include-machine", check=None)
    assert_no_front_matter_problem(result)
    for locale in ("de", "fr"):
        for po_path in sorted((project.root / "locales" / locale / "LC_MESSAGES").glob("*.po")):
            po = polib.pofile(str(po_path))
            for entry in po:
                if entry.msgctxt:  # front matter entries only
                    entry.msgstr = HOSTILE + entry.msgid if locale == "de" else entry.msgid + MILD
            po.save()
        result = project.run("render", "--locale", locale, check=None)
        assert_no_front_matter_problem(result)
    return project


def assert_no_front_matter_problem(result: subprocess.CompletedProcess[str]) -> None:
    """Quoting kept every header translation. The body's findings (the pseudo engine's text
    may be refused by the publishing rule) are other tests' business: exit 1 is allowed."""
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    assert "front matter" not in result.stderr, result.stderr


def header(text: str, fm_format: str | None, start: int, end: int) -> Any:
    part = text[start:end]
    if fm_format == "toml":
        return tomllib.loads(part)
    if fm_format == "json":
        return json.loads(part)
    return yaml.safe_load(part) if fm_format == "yaml" else None


def translations(project: Project, locale: str) -> dict[tuple[str | None, str], str]:
    table: dict[tuple[str | None, str], str] = {}
    for po_path in (project.root / "locales" / locale / "LC_MESSAGES").glob("*.po"):
        for entry in polib.pofile(str(po_path)):
            if entry.msgstr:
                table[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return table


@pytest.mark.parametrize("locale", sorted(LOCALES))
def test_every_localized_header_has_its_source_shape_and_translated_values(project: Project, locale: str) -> None:
    table = translations(project, locale)
    formats: dict[str | None, int] = {}
    translated = 0
    for rel, _ in sources():
        post = load_post(project.root / "content" / rel, project.root, project.root / "content")
        copy_path = project.root / "build" / locale / rel
        copy = load_post(copy_path, copy_path.parent, copy_path.parent)
        formats[post.fm_format] = formats.get(post.fm_format, 0) + 1
        assert copy.fm_format == post.fm_format, rel
        if post.fm_format is None:
            continue
        source = header(post.text, post.fm_format, post.fm_start, post.fm_end)
        localized = header(copy.text, copy.fm_format, copy.fm_start, copy.fm_end)
        assert localized.pop("lang") == locale, rel
        if isinstance(source, dict) and "lang" in source:
            source.pop("lang")
        assert shape(localized) == shape(source), rel
        for key in KEYS:
            copies = dict(plain_values(localized, key))
            for address, value in plain_values(source, key):
                msgid = value.rstrip("\n")
                expected = table.get((key, msgid), msgid) if has_letters(value) else msgid
                assert copies[address].rstrip("\n") == expected.rstrip("\n"), (rel, key, address)
                translated += expected != msgid
    assert formats.get("toml", 0) >= 7 and formats.get("json", 0) >= 3 and formats.get("yaml", 0) >= 100
    assert translated > 300


HUGO_CONFIG = """baseURL = "http://example.org/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "home", "section"]
[permalinks]
p = "/:filename/"
[outputs]
page = ["JSON"]
[outputFormats.Reveal]
mediaType = "text/html"
baseName = "reveal"
isHTML = true
"""


@pytest.mark.skipif(not have("hugo"), reason="hugo is not installed")
def test_hugo_reads_every_localized_header_of_the_hugo_corpus(project: Project, tmp_path: Path) -> None:
    """Each header with a one-line body (the body's shortcodes are another test's), built by Hugo;
    each page's title and description are the translated ones."""
    site = tmp_path / "hugo"
    (site / "layouts" / "_default").mkdir(parents=True)
    page = '{{ dict "file" .File.BaseFileName "title" .Title "description" .Description | jsonify | safeHTML }}\n'
    (site / "layouts" / "_default" / "single.json").write_text(page)
    (site / "layouts" / "_default" / "single.reveal.html").write_text(page)  # outputs = ["Reveal"]
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    expected: dict[str, dict[str, Any]] = {}
    for locale in ("en", *sorted(LOCALES)):
        for source in sorted(HUGO.glob("*.md")):
            rel = f"hugo/{source.stem.replace('.', '-')}.md"
            path = source if locale == "en" else project.root / "build" / locale / rel
            post = load_post(path, path.parent, path.parent)
            if post.fm_format is None:
                continue
            data = header(post.text, post.fm_format, post.fm_start, post.fm_end)
            name = f"{locale}-{source.stem.replace('.', '-').lower()}"
            target = site / "content" / "p" / f"{name}.md"  # at /<name>/ whatever its slug
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(post.text[: post.body_start] + "\nOne line.\n", encoding="utf-8")
            expected[name] = data
    build = subprocess.run(
        ["hugo", "--quiet", "--buildDrafts", "--buildFuture", "--buildExpired", "-s", str(site), "-d", str(site / "public")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    built = [json.loads(path.read_text(encoding="utf-8")) for path in (site / "public").rglob("*") if path.name in ("index.json", "reveal.html")]
    pages = {page["file"]: page for page in built}
    assert sorted(pages) == sorted(expected)
    for name, data in expected.items():
        for key in ("title", "description"):
            if isinstance(data.get(key), str):
                assert pages[name][key] == data[key], (name, key)
    hostile = [name for name, page in pages.items() if page["title"].startswith(HOSTILE)]
    assert len(hostile) == len([name for name, data in expected.items() if name.startswith("de-") and "title" in data])
