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
        '{\n  "title": "Peeling",\n  "menu": {\n  "x": 1\n}, "translationKey": "peel"\n}\nBody {x}\n',
    ],
    ids=["yaml", "toml", "json", "json nested"],
)
def test_every_front_matter_format_gives_its_values(text: str) -> None:
    values = metadata(text)
    assert {key: values[key] for key in ("title", "translationKey")} == {"title": "Peeling", "translationKey": "peel"}


@pytest.mark.parametrize("text", ["Just a body\n", "---\ntitle: [unclosed\n---\n", "+++\ntitle = \n+++\n"])
def test_no_or_broken_front_matter_gives_nothing(text: str) -> None:
    assert metadata(text) == {}
