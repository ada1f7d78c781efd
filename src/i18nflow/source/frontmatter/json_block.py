"""JSON front matter (Hugo: the file starts with a JSON object): the values at key paths with
their positions, and a translation written back in place as a JSON string.

The standard ``json`` module gives values without offsets, so this is a small scanner that
keeps the span of every value; each string's text is decoded by ``json`` itself. Hugo ends the
header at the ``}`` that closes the first ``{`` (counting braces outside strings) and starts
the body after one line break; so does :func:`header_end`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from i18nflow.errors import ContentError
from i18nflow.source.frontmatter.keypaths import Address, Slot, walk
from i18nflow.source.frontmatter.protocol import HeaderPost

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"')
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_LITERALS = {"true": True, "false": False, "null": None}
_MAX_DEPTH = 200
# A file that opens with "{" and then a key (or "}") has JSON front matter; "{:" (a kramdown
# attribute list) or "{{<" (a Hugo shortcode) does not.
OPENER = re.compile(r'\{[ \t\r\n]*["}]')


class JsonSyntaxError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass
class JsonNode:
    """A JSON value and its span ``[start, end)``: an object's ``value`` is its (key, node)
    pairs in order, an array's its nodes, a string's the decoded text."""

    kind: str  # "object", "array", "string", "number", "literal"
    start: int
    end: int
    value: Any


def header_end(text: str, ref: str, start: int = 0) -> int:
    """The offset just after the ``}`` that closes the JSON object at ``start``."""
    try:
        return scan(text, start).end
    except JsonSyntaxError as exc:
        line = text.count("\n", 0, exc.offset) + 1
        raise ContentError(f"broken JSON front matter: {exc}", ref, line) from None


def scan(text: str, pos: int, depth: int = 0) -> JsonNode:
    """The JSON value at ``pos`` (after optional whitespace), with every span inside it."""
    pos = _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]
    if depth > _MAX_DEPTH:
        raise JsonSyntaxError("nested too deeply", pos)
    char = text[pos : pos + 1]
    if char == "{":
        return _object(text, pos, depth)
    if char == "[":
        return _array(text, pos, depth)
    if char == '"':
        return _string(text, pos)
    match = _NUMBER.match(text, pos)
    if match:
        return JsonNode("number", pos, match.end(), json.loads(match.group(0)))
    for word, value in _LITERALS.items():
        if text.startswith(word, pos):
            return JsonNode("literal", pos, pos + len(word), value)
    raise JsonSyntaxError(f"expected a value, found {char or 'the end'!r}", pos)


def _string(text: str, pos: int) -> JsonNode:
    match = _STRING.match(text, pos)
    if not match:
        raise JsonSyntaxError("unterminated string or bad escape", pos)
    return JsonNode("string", pos, match.end(), json.loads(match.group(0)))


def _object(text: str, start: int, depth: int) -> JsonNode:
    members: list[tuple[str, JsonNode]] = []
    pos = _WHITESPACE.match(text, start + 1).end()  # type: ignore[union-attr]
    if text.startswith("}", pos):
        return JsonNode("object", start, pos + 1, members)
    while True:
        if not text.startswith('"', pos):
            raise JsonSyntaxError("expected a key in double quotes", pos)
        key = _string(text, pos)
        pos = _WHITESPACE.match(text, key.end).end()  # type: ignore[union-attr]
        if not text.startswith(":", pos):
            raise JsonSyntaxError("expected ':' after a key", pos)
        value = scan(text, pos + 1, depth + 1)
        members.append((key.value, value))
        pos = _WHITESPACE.match(text, value.end).end()  # type: ignore[union-attr]
        if text.startswith("}", pos):
            return JsonNode("object", start, pos + 1, members)
        if not text.startswith(",", pos):
            raise JsonSyntaxError("expected ',' or '}'", pos)
        pos = _WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]


def _array(text: str, start: int, depth: int) -> JsonNode:
    items: list[JsonNode] = []
    pos = _WHITESPACE.match(text, start + 1).end()  # type: ignore[union-attr]
    if text.startswith("]", pos):
        return JsonNode("array", start, pos + 1, items)
    while True:
        item = scan(text, pos, depth + 1)
        items.append(item)
        pos = _WHITESPACE.match(text, item.end).end()  # type: ignore[union-attr]
        if text.startswith("]", pos):
            return JsonNode("array", start, pos + 1, items)
        if not text.startswith(",", pos):
            raise JsonSyntaxError("expected ',' or ']'", pos)
        pos += 1


def parse(post: HeaderPost) -> JsonNode:
    """The header's node tree (``HeaderPost.text`` offsets); load_post has already checked it."""
    return scan(post.text, post.fm_start)


def slots(post: HeaderPost, key_path: str) -> list[Slot]:
    root = post.header_tree()
    if not isinstance(root, JsonNode):
        return []

    def children(located: tuple[JsonNode, Address], name: str) -> list[tuple[JsonNode, Address]]:
        node, address = located
        if node.kind != "object":
            return []
        # Go's encoding/json, like Python's, keeps the last of repeated keys
        last = [value for key, value in node.value if key == name][-1:]
        return [(value, (*address, name)) for value in last]

    def items(located: tuple[JsonNode, Address]) -> list[tuple[JsonNode, Address]] | None:
        node, address = located
        if node.kind != "array":
            return None
        return [(item, (*address, index)) for index, item in enumerate(node.value)]

    top: tuple[JsonNode, Address] = (root, ())
    return [
        Slot(node.value, node.start, node.end, '"', address)
        for node, address in walk(top, key_path, children, items)
        if node.kind == "string"
    ]


def json_string(original: str, value: str) -> str:
    """``value`` as a JSON string; ``\\u`` escapes for non-ASCII text where the source used them."""
    ascii_only = bool(re.search(r"\\u00[89a-fA-F][0-9a-fA-F]|\\u0[1-9a-fA-F][0-9a-fA-F]{2}|\\u[1-9a-fA-F][0-9a-fA-F]{3}", original))
    return json.dumps(value, ensure_ascii=ascii_only)


def top_level_values(post: HeaderPost) -> dict[str, Any]:
    root = post.header_tree()
    if not isinstance(root, JsonNode):
        return {}
    return {key: node.value for key, node in root.value if node.kind in ("string", "number", "literal")}


def field_edits(post: HeaderPost, fields: dict[str, str]) -> list[tuple[int, int, str]]:
    """Edits that set top-level keys (``lang``...): an existing string in place, a new member
    after the last one, on a line of its own indented like it when the object is one per line."""
    root = post.header_tree()
    if not fields or not isinstance(root, JsonNode):
        return []
    existing = {key: node for key, node in root.value}
    edits: list[tuple[int, int, str]] = []
    added = []
    for key, value in fields.items():
        node = existing.get(key)
        if node is None:
            added.append(f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}")
        elif node.kind == "string":
            edits.append((node.start, node.end, json_string(post.text[node.start : node.end], value)))
    if not added:
        return edits
    if not root.value:
        edits.append((root.start + 1, root.start + 1, ", ".join(added)))
        return edits
    last = root.value[-1][1]
    line_start = max(post.text.rfind("\n", 0, last.start), post.text.rfind("\r", 0, last.start)) + 1
    line = post.text[line_start : last.start]
    lead = line[: len(line) - len(line.lstrip(" \t"))]
    separator = "," + post.newline + lead if line.lstrip(" \t").startswith('"') else ", "
    edits.append((last.end, last.end, "".join(separator + member for member in added)))
    return edits
