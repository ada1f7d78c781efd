"""Render a post in memory: what the render tests and corpus tests share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from i18nflow.config import RenderOptions
from i18nflow.source.content import Post, load_post
from i18nflow.source.render import RenderResult, block_structure, render_post
from i18nflow.source.segment import Segment
from i18nflow.source.segments import extract_segments


def post_from_text(tmp_path: Path, text: str | bytes, name: str = "post.md") -> Post:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return load_post(path, tmp_path, tmp_path)


def render_with(
    post: Post,
    translate: Callable[[Segment], str | None],
    keys: tuple[str, ...] = ("title", "description"),
    options: RenderOptions | None = None,
) -> RenderResult:
    segments = extract_segments(post, keys)
    return render_post(post, segments, translate, "es", options or RenderOptions(add_lang=False))


def structure(text: str) -> list[tuple[str, str, int]]:
    return block_structure(text)


PUNCTUATION_TRANSLATION = "Traducción *con* | barra # almohadilla > mayor - guion 1. `tilde [corchete _ "


def hostile(segment: Segment) -> str:
    """A translation full of Markdown punctuation a translator might type."""
    if segment.in_front_matter:
        return "Título: «traducido» # no es comentario"
    return f"{PUNCTUATION_TRANSLATION}{segment.msgid}\n# > - 1. ``` |"
