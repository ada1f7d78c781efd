"""The 59 real-world posts (Jekyll, Hugo, Astro; CRLF, Hebrew, Russian, Liquid, kramdown)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest

from conftest import CORPUS, Project, assert_msgcat_fixed_point, corpus_posts, needs_gettext
from i18nflow.source.content import load_post
from i18nflow.source.render import block_structure

pytestmark = pytest.mark.skipif(not corpus_posts(), reason=f"corpus not found at {CORPUS}")

# Posts whose header is not valid front matter: reported as an error, never a crash.
EXPECTED_ERRORS: dict[str, str] = {}


@pytest.fixture(scope="module")
def corpus_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = Project(tmp_path_factory.mktemp("corpus") / "site")
    project.write("i18nflow.toml", 'locales = ["es", "he"]\nfront_matter = ["title", "description", "excerpt", "seo.description", "tags[]"]\n')
    for post in corpus_posts():
        target = project.root / "content" / "posts" / post.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(post, target)
    result = project.run("sync", check=None)
    assert result.returncode == (1 if EXPECTED_ERRORS else 0), result.stderr
    assert "Traceback" not in result.stderr
    return project


def test_every_post_renders_byte_identical_without_translations(corpus_project: Project) -> None:
    """Byte for byte the source, except the ``lang`` field (added, or its value set)."""
    lang_line = re.compile(rb'^[ \t]*lang(?:: es| = "es")(\r\n|\r|\n)', re.M)
    for post in corpus_posts():
        source = post.read_bytes()
        rendered = (corpus_project.root / "build" / "es" / "posts" / post.name).read_bytes()
        if not source.startswith((b"---", b"+++", b"\xef\xbb\xbf---")):
            assert rendered == source, post.name
            continue
        assert len(lang_line.findall(rendered)) == 1, post.name
        without = lang_line.sub(b"", rendered, count=1)
        had_lang = re.compile(rb"^[ \t]*lang(?::| =) [^\r\n]*(\r\n|\r|\n)", re.M)
        assert without == source or without == had_lang.sub(b"", source, count=1), post.name


@needs_gettext
def test_every_catalog_is_a_msgcat_fixed_point_and_passes_msgfmt(corpus_project: Project) -> None:
    catalogs = sorted((corpus_project.root / "locales").rglob("*.po*"))
    assert len(catalogs) == 3 * len(corpus_posts())
    for path in catalogs:
        assert_msgcat_fixed_point(path)


def test_translated_posts_keep_their_block_structure(corpus_project: Project, tmp_path: Path) -> None:
    """Fill every msgstr with text full of Markdown punctuation; render must keep each structure."""
    root = corpus_project.root
    for po_path in sorted((root / "locales" / "he" / "LC_MESSAGES").glob("*.po")):
        po = polib.pofile(str(po_path))
        for entry in po:
            entry.msgstr = f"תרגום | *{entry.msgid}* # > - 1. `"
        po.save()
    result = corpus_project.run("render", "--locale", "he", check=None)
    assert "Traceback" not in result.stderr
    assert "not used" not in result.stderr, result.stderr  # escaping kept every translation
    for source in corpus_posts():
        post = load_post(root / "content" / "posts" / source.name, root, root / "content")
        copy = (root / "build" / "he" / "posts" / source.name).read_bytes().decode("utf-8-sig")
        rendered = load_post(_write(tmp_path / source.name, copy), tmp_path, tmp_path)
        assert block_structure(rendered.body) == block_structure(post.body), source.name
        if post.body.strip():
            assert "תרגום" in copy, source.name


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path
