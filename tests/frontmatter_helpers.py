"""What the front matter tests share: a post from text, its header segments, a rendered copy
read back with the reader its builder uses."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomllib
import yaml

from i18nflow.config import RenderOptions
from i18nflow.source.content import Post
from i18nflow.source.render import RenderResult, render_post
from i18nflow.source.segment import Segment
from i18nflow.source.segments import extract_segments
from markdown_helpers import post_from_text

# everything that ends a plain YAML value, a TOML literal or a JSON string, and a line break
HOSTILE = "a, b: c] d} e # f \"g\" 'h' \\i `j` [k] {l}\nm --- +++ '''\"\"\" "


def header_segments(tmp_path: Path, text: str, keys: tuple[str, ...]) -> tuple[Post, list[Segment]]:
    post = post_from_text(tmp_path, text)
    return post, [s for s in extract_segments(post, keys) if s.in_front_matter]


def render(
    tmp_path: Path, text: str, keys: tuple[str, ...], translate: Callable[[Segment], str | None], lang: bool = False
) -> tuple[Post, RenderResult]:
    post = post_from_text(tmp_path, text)
    segments = extract_segments(post, keys)
    result = render_post(post, segments, translate, "es", RenderOptions(add_lang=lang))
    return post, result


def load_header(fm_format: str | None, text: str) -> Any:
    """The header of a whole rendered file, read as Hugo/Jekyll's reader would."""
    if fm_format == "toml":
        return tomllib.loads(text.split("+++\n")[1])
    if fm_format == "json":
        return json.JSONDecoder().raw_decode(text)[0]
    return yaml.safe_load(text.split("---\n")[1])
