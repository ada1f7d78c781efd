"""Real content: the 59 corpus posts through the whole pipeline, and mutated into inputs no example shows.

e2e/test_corpus.py syncs the corpus and checks identity, msgcat and a hostile translation. Here:

* the corpus goes through ``extract``, ``update``, ``translate --engine pseudo`` and
  ``render --include-machine`` with the real CLI, as a site owner previewing a new language
  would run it: no crash, every copy keeps its structure and shows the pseudo-translation, every
  catalog passes ``msgfmt -c``, and a post i18nflow cannot handle gets a clear message;
* hypothesis mutates real posts (inserts, deletes, swaps and copies lines, inserts and deletes
  characters, among them Markdown punctuation, NUL, BOM, CR, U+2028) and checks the same
  properties as test_properties_markdown.py on each: a clear error or a post that renders
  byte-identical, keeps its msgids through a PO file, and keeps its structure under translation.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties_markdown import check_identity, check_msgids, check_translated, load

from conftest import CORPUS, Project, corpus_posts, needs_gettext
from i18nflow.source.content import load_post
from i18nflow.source.render import block_structure
from strategies import mutated, scaled

pytestmark = pytest.mark.skipif(not corpus_posts(), reason=f"corpus not found at {CORPUS}")

# Posts i18nflow cannot handle, with the message it gives (none today).
EXPECTED_ERRORS: dict[str, str] = {}
PSEUDO_LETTERS = set("ļōŕēɱîƥšûðţåç")


def corpus_texts() -> list[tuple[str, str]]:
    return [(post.name, post.read_bytes().decode("utf-8-sig")) for post in corpus_posts()]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mutated")


@settings(max_examples=scaled(150))
@given(
    st.sampled_from(corpus_texts() or [("none", "")]).flatmap(lambda item: mutated(item[1])),
    st.data(),
)
def test_mutated_real_posts_are_refused_clearly_or_render_faithfully(
    workdir: Path, text: str, draw: st.DataObject
) -> None:
    data = text.encode("utf-8", "surrogatepass")
    post = load(workdir, data, refusable=True)
    if post is None:
        return
    check_identity(post, data)
    check_msgids(post)
    check_translated(workdir, post, draw)


@needs_gettext
def test_corpus_is_extracted_pseudo_translated_and_rendered_by_the_cli(tmp_path: Path) -> None:
    project = Project(tmp_path / "site")
    project.write(
        "i18nflow.toml",
        'locales = ["de"]\nfront_matter = ["title", "description", "excerpt", "seo.description", "tags[]"]\n'
        '[engines]\ndefault = "none"\n',
    )
    for post in corpus_posts():
        target = project.root / "content" / "posts" / post.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(post, target)
    expected = 1 if EXPECTED_ERRORS else 0
    outputs = [
        project.run("extract", check=expected),
        project.run("update", check=expected),
        project.run("translate", "--engine", "pseudo", check=expected),
        project.run("render", "--include-machine", check=expected),
    ]
    stderr = "".join(result.stderr for result in outputs)
    assert "Traceback" not in stderr
    assert "not used" not in stderr, stderr  # escaping kept every machine translation usable
    for name, message in EXPECTED_ERRORS.items():
        assert f"content/posts/{name}" in stderr and message in stderr

    root = project.root
    for source in corpus_posts():
        if source.name in EXPECTED_ERRORS:
            continue
        post = load_post(root / "content" / "posts" / source.name, root, root / "content")
        copy_path = root / "build" / "de" / "posts" / source.name
        copy = load_post(copy_path, root, root / "build" / "de")
        assert block_structure(copy.body) == block_structure(post.body), source.name
        # the pseudo-translation shows (its padding letters are in no corpus post)
        assert PSEUDO_LETTERS & (set(copy.text) - set(post.text)), source.name
    catalogs = sorted((root / "locales" / "de").rglob("*.po"))
    assert len(catalogs) == len(corpus_posts()) - len(EXPECTED_ERRORS)
    for path in catalogs:
        check = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stderr
