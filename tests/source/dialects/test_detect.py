"""The ``dialect`` setting: detected from the builder's config file, overridable."""

from __future__ import annotations

from pathlib import Path

import pytest

from i18nflow.config import load_config
from i18nflow.errors import ConfigError


def _project(tmp_path: Path, files: dict[str, str], config: str = "") -> Path:
    for name, text in {"i18nflow.toml": config, "content/a.md": "Hi.\n", **files}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"_config.yml": "title: x\n"}, "kramdown"),
        ({"hugo.toml": ""}, "goldmark"),
        ({"hugo.yaml": ""}, "goldmark"),
        ({"config.toml": ""}, "goldmark"),
        ({}, "commonmark"),
    ],
)
def test_dialect_is_detected_from_the_site(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    assert load_config(_project(tmp_path, files)).dialect == expected


def test_dialect_setting_overrides_detection(tmp_path: Path) -> None:
    root = _project(tmp_path, {"_config.yml": ""}, 'dialect = "goldmark"\n')
    assert load_config(root).dialect == "goldmark"


def test_unknown_dialect_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="dialect"):
        load_config(_project(tmp_path, {}, 'dialect = "pandoc"\n'))
