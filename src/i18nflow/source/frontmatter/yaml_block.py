"""Front matter values: which ones are text (key paths), and writing a translation back in place.

Key paths name values in the YAML header: ``title``, ``seo.description``, ``tags[]`` (each item of
a list), ``faq[].question``. A key whose value is a list of strings counts item by item too. The
key path is the entry's ``msgctxt``, so the same words as title and as body text stay separate.

A value's node starts at its properties (``&anchor``, ``!tag``), which are YAML, not text: the
segment starts after them, so render replaces the words and keeps ``title: &t Hola`` an anchor
that ``og_title: *t`` still refers to. An alias is not offered for translation on its own: it
*is* the anchored value, translated once where the anchor is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import yaml

from i18nflow.source.text import has_letters

if TYPE_CHECKING:
    from i18nflow.source.content import Post
    from i18nflow.source.segment import Segment

_STR_TAG = "tag:yaml.org,2002:str"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# YAML folds a raw line break (CR too) inside a quoted scalar; only double quotes escape it.
_LINE_BREAK = re.compile("[\r\n]")
_FLOW_INDICATOR = re.compile(r"[,\[\]{}]")
_PROPERTIES = re.compile(r"(?:[&!][^\s]*\s+)+")
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def front_matter_segments(post: Post, keys: Sequence[str]) -> Iterator[Segment]:
    from i18nflow.source.segment import Segment

    root = post.yaml_root()
    if root is None:
        return
    seen: set[int] = set()
    in_flow = _flow_items(root)
    for key_path in keys:
        for node in find_nodes(root, key_path):
            value = node.value
            if not isinstance(value, str) or not has_letters(value) or id(node) in seen:
                continue
            seen.add(id(node))  # an alias composes to its anchor's very node
            start = node.start_mark.index
            properties = _PROPERTIES.match(post.text, start, node.end_mark.index)
            if properties:
                start = properties.end()
            if node.style in ("|", ">"):
                # The line break a block scalar ends with is its layout (chomping), not text: a
                # msgid ending in "\n" makes msgfmt -c reject every msgstr that does not.
                value = value.rstrip("\n")
            yield Segment(
                kind=f"front matter: {key_path}",
                msgid=value,
                msgctxt=key_path,
                line=post.line_of(start),
                start=start,
                end=node.end_mark.index,
                form="yaml",
                yaml_style=node.style or ("flow" if id(node) in in_flow else ""),
            )


def _flow_items(root: yaml.Node) -> set[int]:
    """Scalars inside ``[…]`` or ``{…}``, where a plain ``,`` or ``]`` ends the value."""
    found: set[int] = set()
    pending: list[tuple[yaml.Node, bool]] = [(root, False)]
    while pending:
        node, flow = pending.pop()
        if isinstance(node, yaml.ScalarNode):
            if flow:
                found.add(id(node))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend((item, flow or bool(node.flow_style)) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            pending.extend((value, flow or bool(node.flow_style)) for _, value in node.value)
    return found


def find_nodes(root: yaml.Node, key_path: str) -> list[yaml.ScalarNode]:
    """String scalars at a key path; lists of strings are expanded item by item."""
    current: list[yaml.Node] = [root]
    for part in key_path.split("."):
        many = part.endswith("[]")
        name = part[:-2] if many else part
        following: list[yaml.Node] = []
        for node in current:
            if not isinstance(node, yaml.MappingNode):
                continue
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == name:
                    if many and isinstance(value, yaml.SequenceNode):
                        following.extend(value.value)
                    elif not many:
                        following.append(value)
        current = following
    result: list[yaml.ScalarNode] = []
    for node in current:
        if isinstance(node, yaml.SequenceNode):
            result.extend(item for item in node.value if _is_string(item))
        elif _is_string(node):
            assert isinstance(node, yaml.ScalarNode)
            result.append(node)
    return result


def _is_string(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _STR_TAG


def yaml_scalar(original: str, style: str, value: str, newline: str = "\n") -> str:
    """Text that replaces a scalar node's source ``original`` so it loads as ``value``.

    The source's style is kept where the value allows it (a plain title stays plain, a ``>-``
    description stays folded), so a localized header diffs against its source only in the text.
    """
    if style in ("|", ">"):
        block = _block_scalar(original, style, value, newline)
        if block is not None:
            return block
        return double_quoted(value) + _block_tail(original)
    if style == "" and is_plain_safe(value):
        return value
    if style == "flow" and is_plain_safe(value) and not _FLOW_INDICATOR.search(value):
        return value
    if style == "'" and not _LINE_BREAK.search(value) and not _NOT_PRINTABLE.search(value):
        return "'" + value.replace("'", "''") + "'"
    return double_quoted(value)


def double_quoted(value: str) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


@lru_cache(maxsize=4096)
def is_plain_safe(value: str) -> bool:
    """True when ``value`` written bare after ``key: `` loads back as the same string."""
    if not value or value != value.strip() or _NOT_PRINTABLE.search(value):
        return False
    if "\n" in value or "\t" in value:  # libyaml and PyYAML disagree on tabs in plain scalars
        return False
    try:
        return yaml.load(f"k: {value}\n", Loader=_LOADER) == {"k": value}
    except yaml.YAMLError:
        return False


def _block_tail(original: str) -> str:
    """The line break(s) a block scalar's node text ends with (they belong to the layout)."""
    stripped = original.rstrip("\r\n \t")
    return original[len(stripped) :]


def _block_scalar(original: str, style: str, value: str, newline: str) -> str | None:
    lines = original.split("\n")
    header = lines[0].rstrip("\r")
    content = [line for line in lines[1:] if line.strip()]
    if not content or header[1:2].isdigit() or header[2:3].isdigit():
        return None
    indent = content[0][: len(content[0]) - len(content[0].lstrip(" "))]
    if not indent or _NOT_PRINTABLE.search(value) or "\r" in value:
        return None
    if any(line != line.strip() for line in value.split("\n")):
        return None  # edge blanks and tabs of a line are indentation or folding to YAML
    if style == ">":
        if "\n" in value:
            return None
        body = indent + value
    else:
        body = newline.join(indent + line if line else "" for line in value.rstrip("\n").split("\n"))
    return header + newline + body + _block_tail(original)


def top_level_scalars(post: Post) -> Iterator[tuple[str, str]]:
    root = post.yaml_root()
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):
                yield str(key.value), str(value.value)


def field_edits(post: Post, fields: dict[str, str]) -> list[tuple[int, int, str]]:
    """Edits of ``post.text`` that set top-level front matter fields (``lang``, permalink...).

    An existing scalar is replaced in place; a missing key is added as the header's last line,
    indented like the header's other keys.
    """
    if not fields or post.fm_format is None:
        return []
    if post.fm_format == "toml":
        return _toml_field_edits(post, fields)
    existing: dict[str, yaml.Node] = {}
    indent = ""
    root = post.yaml_root()
    if isinstance(root, yaml.MappingNode):
        if root.value:
            indent = " " * root.value[0][0].start_mark.column  # some headers indent every key
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode):
                existing[str(key.value)] = value
    edits: list[tuple[int, int, str]] = []
    newline = post.newline
    for key, value in fields.items():
        scalar = value if is_plain_safe(value) else double_quoted(value)
        node = existing.get(key)
        if isinstance(node, yaml.ScalarNode) and node.style not in ("|", ">"):
            edits.append((node.start_mark.index, node.end_mark.index, scalar))
        elif node is None:
            edits.append((post.fm_end, post.fm_end, f"{indent}{key}: {scalar}{newline}"))
    return edits


def _toml_field_edits(post: Post, fields: dict[str, str]) -> list[tuple[int, int, str]]:
    """Top-level TOML keys go before the first ``[table]``, or they would land inside it."""
    header = post.text[post.fm_start : post.fm_end]
    table = re.search(r"^[ \t]*\[", header, re.M)
    insert_at = post.fm_start + (table.start() if table else len(header))
    edits = []
    for key, value in fields.items():
        quoted = double_quoted(value)
        line = re.search(rf"^{re.escape(key)}[ \t]*=[^\r\n]*", header[: insert_at - post.fm_start], re.M)
        if line:
            edits.append((post.fm_start + line.start(), post.fm_start + line.end(), f"{key} = {quoted}"))
        else:
            edits.append((insert_at, insert_at, f"{key} = {quoted}{post.newline}"))
    return edits
