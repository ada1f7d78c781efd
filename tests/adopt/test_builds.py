"""Each output layout, end to end: corpus pages laid out as a site, ``init``, ``sync --html``
twice (the second writes nothing), the snippet ``init`` printed added to the generator's
settings, then the real Jekyll or Hugo builds the site and every language is reachable in the
built HTML, with a reviewed translation showing. A handful of corpus files per layout keeps this
under a minute; bench/adopt_corpus.py runs the whole corpora.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from corpus_sites import hugo_files, hugo_site, jekyll_files, jekyll_site

LOCALES = ("es", "de")
JEKYLL_SUBSET = (
    "jekyll__minima__2016-05-20-welcome-to-jekyll.md",
    "poole__lanyon__2020-04-02-example-content.md",  # CRLF, highlight, HTML blocks
    "mmistakes__made-mistakes-jekyll__2015-02-10-jekyll-style-guide.md",  # includes, footnotes
    "untra__polyglot__2015-9-19-presenting-polyglot.md",
    "ftdgomez__bellaesthetic-site__hydrafacial.md",  # undated: the collection
)
HUGO_SUBSET = (
    "google__docsy__docsy.dev__content__en__docs__content__diagrams-and-formulae__index.md",  # bundle
    "adityatelange__hugo-PaperMod__content__posts__markdown-syntax.fr.md",  # French already
    "google__docsy__userguide__content__en__docs___index.md",  # section, blank line first
    "luizdepra__hugo-coder__exampleSite__content__posts__html-and-css-only-tabs.md",  # TOML front matter
    "dillonzq__LoveIt__exampleSite__content__posts__theme-documentation-content__index.en.md",  # index.en.md
    "panr__hugo-theme-terminal__exampleSite__content__showcase.md",
)

needs_jekyll = pytest.mark.skipif(
    shutil.which("jekyll") is None or not jekyll_files(), reason="jekyll or the corpus is missing")
needs_hugo = pytest.mark.skipif(shutil.which("hugo") is None or not hugo_files(), reason="hugo or the corpus is missing")


def i18nflow(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "i18nflow", "-C", str(root), *args],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stderr, result.stderr
    return result


def adopt(root: Path, *init_args: str) -> str:
    """init, then sync --html twice; returns the snippet init printed for the generator."""
    result = i18nflow(root, "init", *(f"--locale={code}" for code in LOCALES), *init_args)
    settings = root / "i18nflow.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('default = "auto"', 'default = "none"'),
                        encoding="utf-8")  # no machine translation: the layout is what is tested here
    i18nflow(root, "sync", "--html")
    assert re.search(r"^0 files written", i18nflow(root, "sync", "--html").stdout, re.M)
    return result.stdout.split(":\n\n", 1)[1].split("\n\nNext:", 1)[0] if ":\n\n" in result.stdout else ""


def review(root: Path, locale: str, domain: str, msgid: str, msgstr: str) -> None:
    """A translator's reviewed translation of one entry, then a sync to publish it."""
    path = root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgid == msgid)
    entry.msgstr = msgstr
    catalog.save()
    i18nflow(root, "sync", "--html")


def build(command: list[str], root: Path) -> None:
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def lang_of(page: Path) -> str:
    match = re.search(r'<html lang="([^"]*)"', page.read_text(encoding="utf-8"))
    assert match, page
    return match.group(1)


def corpus(names: tuple[str, ...], files: list[Path]) -> list[Path]:
    chosen = [path for path in files if path.name in names]
    assert len(chosen) == len(names)
    return chosen


@needs_jekyll
def test_jekyll_polyglot_publishes_every_language_at_the_same_url(tmp_path: Path) -> None:
    jekyll_site(tmp_path, corpus(JEKYLL_SUBSET, jekyll_files()))
    snippet = adopt(tmp_path)
    assert (tmp_path / "_posts/es/minima/2016-05-20-welcome-to-jekyll.md").is_file()
    assert "jekyll-polyglot" in snippet
    with (tmp_path / "_config.yml").open("a", encoding="utf-8") as config:
        config.write(snippet + "\n")
    review(tmp_path, "es", "example-content", "Example content", "Contenido de ejemplo")
    build(["jekyll", "build", "--quiet"], tmp_path)
    site = tmp_path / "_site"
    page = "2016/05/20/welcome-to-jekyll.html"
    assert [lang_of(site / prefix / page) for prefix in ("", "es", "de")] == ["en", "es", "de"]
    example = "2020/04/02/example-content.html"
    assert "<h1>Contenido de ejemplo</h1>" in (site / "es" / example).read_text(encoding="utf-8")
    assert "<h1>Example content</h1>" in (site / example).read_text(encoding="utf-8")
    assert "<h1>Example content</h1>" in (site / "de" / example).read_text(encoding="utf-8")
    assert not (site / "locales").exists() and not (site / "build").exists()  # the snippet's exclude


@needs_jekyll
def test_jekyll_language_folders_make_the_language_a_category(tmp_path: Path) -> None:
    dated = tuple(name for name in JEKYLL_SUBSET if re.search(r"__\d{4}-", name))
    jekyll_site(tmp_path, corpus(dated, jekyll_files()))
    snippet = adopt(tmp_path, "--layout=jekyll-folders")
    assert (tmp_path / "es/_posts/minima/2016-05-20-welcome-to-jekyll.md").is_file()
    with (tmp_path / "_config.yml").open("a", encoding="utf-8") as config:
        config.write(snippet + "\n")
    review(tmp_path, "de", "example-content", "Example content", "Beispielinhalt")
    build(["jekyll", "build", "--quiet"], tmp_path)
    site = tmp_path / "_site"
    assert lang_of(site / "es/2016/05/20/welcome-to-jekyll.html") == "es"
    assert "<h1>Beispielinhalt</h1>" in (site / "de/2020/04/02/example-content.html").read_text(encoding="utf-8")
    assert lang_of(site / "2016/05/20/welcome-to-jekyll.html") == "en"


def hugo_pages(site: Path) -> dict[str, Path]:
    return {page.relative_to(site).as_posix(): page for page in site.rglob("index.html")}


def check_hugo(root: Path, snippet: str) -> Path:
    """Add the languages snippet, build, and check each page is there in every language."""
    with (root / "hugo.toml").open("a", encoding="utf-8") as config:
        config.write("\n" + snippet + "\n")
    review(root, "es", "diagrams-and-formulae", "Diagrams and Formulae", "Diagramas y fórmulas")
    build(["hugo", "--quiet"], root)
    site = root / "public"
    page = "docsy/docs/content/diagrams-and-formulae/index.html"
    for prefix, code in (("", "en"), ("es/", "es"), ("de/", "de")):
        assert lang_of(site / f"{prefix}{page}") == code
    assert "<h1>Diagramas y fórmulas</h1>" in (site / "es" / page).read_text(encoding="utf-8")
    # every language links to the others (Hugo's .Translations): the pages are one page
    links = re.findall(r'hreflang="([^"]+)" href="([^"]+)"', (site / page).read_text(encoding="utf-8"))
    assert dict(links) == {"es": f"/es/{page[:-len('index.html')]}", "de": f"/de/{page[:-len('index.html')]}"}
    for section in ("docsy/docs/index.html", "hugo-theme-terminal/showcase/index.html",
                    "loveit/posts/theme-documentation-content/index.html", "hugo-coder/posts/html-and-css-only-tabs/index.html"):
        assert [lang_of(site / f"{prefix}{section}") for prefix in ("", "es/", "de/")] == ["en", "es", "de"], section
    return site


@needs_hugo
def test_hugo_by_file_name(tmp_path: Path) -> None:
    hugo_site(tmp_path, corpus(HUGO_SUBSET, hugo_files()))
    snippet = adopt(tmp_path)
    assert (tmp_path / "content/docsy/docs/content/diagrams-and-formulae/index.es.md").is_file()
    assert (tmp_path / "content/loveit/posts/theme-documentation-content/index.de.md").is_file()
    assert "[languages.es]" in snippet
    check_hugo(tmp_path, snippet)
    assert not (tmp_path / "content/hugo-papermod/posts/markdown-syntax.fr.es.md").exists()


@needs_hugo
def test_hugo_by_directory_with_pages_in_content_itself(tmp_path: Path) -> None:
    hugo_site(tmp_path, corpus(HUGO_SUBSET, hugo_files()))
    snippet = adopt(tmp_path, "--layout=directory")
    assert (tmp_path / "content/es/docsy/docs/content/diagrams-and-formulae/index.md").is_file()
    assert "[[module.mounts]]" in snippet
    check_hugo(tmp_path, snippet)


@needs_hugo
def test_hugo_by_directory_with_a_content_folder_per_language(tmp_path: Path) -> None:
    english = tuple(name for name in HUGO_SUBSET if not name.endswith(".fr.md"))
    hugo_site(tmp_path, corpus(english, hugo_files()), language_folder="en")
    snippet = adopt(tmp_path)  # content/en/ is found: the directory layout is the default
    assert (tmp_path / "content/es/docsy/docs/content/diagrams-and-formulae/index.md").is_file()
    assert 'contentDir = "content/en"' in snippet and 'contentDir = "content/es"' in snippet
    check_hugo(tmp_path, snippet)
