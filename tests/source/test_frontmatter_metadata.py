"""Front matter as plain values (python-frontmatter), for code that needs no positions."""

from __future__ import annotations

import pytest

from i18nflow.source.frontmatter.metadata import metadata


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: Peeling\ntranslationKey: peel\n---\nBody\n",
        '+++\ntitle = "Peeling"\ntranslationKey = "peel"\n+++\nBody\n',
        '{\n  "title": "Peeling",\n  "translationKey": "peel"\n}\nBody\n',
    ],
    ids=["yaml", "toml", "json"],
)
def test_every_front_matter_format_gives_its_values(text: str) -> None:
    assert metadata(text) == {"title": "Peeling", "translationKey": "peel"}


@pytest.mark.parametrize("text", ["Just a body\n", "---\ntitle: [unclosed\n---\n", "+++\ntitle = \n+++\n"])
def test_no_or_broken_front_matter_gives_nothing(text: str) -> None:
    assert metadata(text) == {}
