"""The one interface to front matter, whatever its format: segments for key paths, and edits
that write translated values (and added fields such as ``lang``) back in place.

Each format is a module of its own behind the same four functions — ``parse`` (the header
with positions), ``slots`` (the string values at a key path), the value's text in the
format's quoting, ``field_edits`` — so extraction and render never ask which format a post
uses. Format modules load on first use: a YAML-only site never imports tomlkit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from i18nflow.source.frontmatter.keypaths import Slot
from i18nflow.source.frontmatter.protocol import HeaderPost
from i18nflow.source.segment import FRONT_MATTER, Segment
from i18nflow.source.text import has_letters

Edit = tuple[int, int, str]


def _module(fm_format: str | None) -> ModuleType | None:
    if fm_format == "yaml":
        from i18nflow.source.frontmatter import yaml_block

        return yaml_block
    if fm_format == "toml":
        from i18nflow.source.frontmatter import toml_block

        return toml_block
    if fm_format == "json":
        from i18nflow.source.frontmatter import json_block

        return json_block
    return None


def parse_header(post: HeaderPost) -> object | None:
    """The header parsed with positions (``Post.header_tree`` caches it); None without one."""
    module = _module(post.fm_format)
    return module.parse(post) if module is not None else None


def slots(post: HeaderPost, key_path: str) -> list[Slot]:
    """The string values at ``key_path`` with their spans in ``post.text``."""
    module = _module(post.fm_format)
    return list(module.slots(post, key_path)) if module is not None else []


def front_matter_segments(post: HeaderPost, keys: Sequence[str]) -> Iterator[Segment]:
    """A segment for each string with letters at each configured key path (key path order,
    then document order); the key path is its ``msgctxt``. A YAML alias is its anchor's value
    (same span): it is offered once, under the first key path that reaches it."""
    seen: set[int] = set()
    for key_path in keys:
        for slot in slots(post, key_path):
            value = slot.value
            if not has_letters(value) or slot.start in seen:
                continue
            seen.add(slot.start)
            if slot.style in ("|", ">"):
                # The line break a block scalar ends with is its layout (chomping), not text: a
                # msgid ending in "\n" makes msgfmt -c reject every msgstr that does not.
                value = value.rstrip("\n")
            yield Segment(
                kind=f"front matter: {key_path}",
                msgid=value,
                msgctxt=key_path,
                line=post.line_of(slot.start),
                start=slot.start,
                end=slot.end,
                form=FRONT_MATTER,
            )


def value_text(post: HeaderPost, slot: Slot, value: str) -> str:
    """The text that stands for ``value`` where ``slot`` stood, quoted as its format needs."""
    original = post.text[slot.start : slot.end]
    if post.fm_format == "yaml":
        from i18nflow.source.frontmatter.yaml_block import yaml_scalar

        return yaml_scalar(original, slot.style, value, post.newline, slot.flow)
    if post.fm_format == "toml":
        from i18nflow.source.frontmatter.toml_block import toml_string

        return toml_string(original, value, post.newline)
    from i18nflow.source.frontmatter.json_block import json_string

    return json_string(original, value)


@dataclass(frozen=True)
class ValueEdit:
    """A translated value ready to splice: its segment, its slot, the text written, and the
    value a reader must get back from it."""

    segment: Segment
    slot: Slot
    text: str
    value: str


def value_edits(post: HeaderPost, translations: Iterable[tuple[Segment, str]]) -> list[ValueEdit]:
    """Each translated front matter segment as an edit of ``post.text`` (slots found once per
    key path); a segment whose value is no longer where it was is left out."""
    by_path: dict[str, dict[int, Slot]] = {}
    edits = []
    for segment, msgstr in translations:
        key_path = segment.msgctxt or ""
        if key_path not in by_path:
            by_path[key_path] = {slot.start: slot for slot in slots(post, key_path)}
        slot = by_path[key_path].get(segment.start)
        if slot is not None:
            edits.append(ValueEdit(segment, slot, value_text(post, slot, msgstr), msgstr))
    return edits


def field_edits(post: HeaderPost, fields: dict[str, str]) -> list[Edit]:
    """Edits that set top-level fields (``lang``, ``[render]`` templates) in any format."""
    module = _module(post.fm_format)
    return list(module.field_edits(post, fields)) if module is not None and fields else []


def top_level_scalars(post: HeaderPost) -> Iterator[tuple[str, str]]:
    """Top-level keys with a scalar value, as text (what ``[render]`` templates may use)."""
    module = _module(post.fm_format)
    if module is None:
        return
    if post.fm_format == "yaml":
        yield from module.top_level_scalars(post)
        return
    for key, value in module.top_level_values(post).items():
        if isinstance(value, bool):
            yield key, "true" if value else "false"
        elif isinstance(value, (str, int, float, dt.date, dt.time)):
            yield key, value.isoformat() if isinstance(value, (dt.date, dt.time)) else str(value)


def load_plain(fm_format: str | None, text: str) -> Any:
    """The header text read as a builder reads it (PyYAML, tomllib, json): plain values.
    Raises ValueError when it does not parse."""
    if fm_format == "yaml":
        import yaml

        try:
            return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as exc:
            raise ValueError(str(exc)) from None
    if fm_format == "toml":
        import tomllib

        return tomllib.loads(text)  # TOMLDecodeError is a ValueError
    import json

    return json.loads(text)  # JSONDecodeError is a ValueError
