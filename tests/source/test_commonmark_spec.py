"""Every example of the CommonMark spec: identity without translations, structure with them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CORPUS
from i18nflow.errors import ContentError
from i18nflow.source.content import load_post
from markdown_helpers import hostile, render_with, structure

EXAMPLES = json.loads((Path(__file__).parents[1] / "data" / "commonmark-0.31.2-examples.json").read_text())
# Example 96 starts with a '---' line followed by a non-mapping: not front matter we can use.
NOT_FRONT_MATTER = {96}


@pytest.fixture(scope="module")
def spec_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("spec")


def load(spec_dir: Path, example: dict) -> object:
    path = spec_dir / f"example-{example['example']}.md"
    path.write_bytes(example["markdown"].encode("utf-8"))
    return load_post(path, spec_dir, spec_dir)


def test_all_examples_render_identically_and_keep_structure_under_translation(spec_dir: Path) -> None:
    failures = []
    for example in EXAMPLES:
        try:
            post = load(spec_dir, example)
        except ContentError as exc:
            assert example["example"] in NOT_FRONT_MATTER, exc
            continue
        identity = render_with(post, lambda s: None).text  # type: ignore[arg-type]
        if identity != example["markdown"]:
            failures.append((example["example"], "identity"))
        translated = render_with(post, hostile)  # type: ignore[arg-type]
        if translated.rejected or structure(translated.text) != structure(example["markdown"]):
            failures.append((example["example"], "structure"))
    assert failures == []


def test_the_inline_shortcuts_extract_exactly_what_the_inline_parse_does(
    spec_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """segments skips the inline parse where plain text already answers; prove it changes nothing
    on every spec example and every real post."""
    from i18nflow.source import segments
    from i18nflow.source.segments import extract_segments
    from i18nflow.source.text import has_letters

    posts = []
    for example in EXAMPLES:
        if example["example"] not in NOT_FRONT_MATTER:
            posts.append(load(spec_dir, example))
    corpus = CORPUS
    for path in sorted(corpus.glob("*.md")):
        try:
            posts.append(load_post(path, corpus, corpus))
        except ContentError:
            continue

    def extract_all() -> list[object]:
        return [extract_segments(post, ("title", "description")) for post in posts]  # type: ignore[arg-type]

    fast = extract_all()
    monkeypatch.setattr(segments, "_has_visible_letters", lambda t, f: has_letters(segments._visible(t, f)))
    monkeypatch.setattr(
        segments, "_plain_text", lambda t: "".join(c.content for c in segments._children(t) if c.type == "text")
    )
    assert extract_all() == fast
    assert len(posts) > 600
