"""TOML front matter (Hugo's ``+++``): the values at key paths with their positions, and a
translation written back in place in the source's string style.

tomlkit reads TOML without losing a character (``dumps(parse(text)) == text``) but gives no
offsets. Offsets come from that exactness: every string value of a copy of the document is
swapped for a numbered marker, the copy is dumped, and each marker's place in the dump, less
what the markers before it added, is where the value stands in the source. Each span is then
checked against the source text; a value whose span does not spell it is left out (never
patched), so a tomlkit quirk can cost a segment but never write garbage.

A translation keeps the source's string kind where TOML allows it: a literal ``'…'`` string
stays literal unless the text holds a ``'`` or a line break, a ``\"\"\"`` string stays
multi-line; everything else is a basic string with TOML's escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import tomlkit
import tomlkit.exceptions
import tomllib
from tomlkit.items import String

from i18nflow.errors import ContentError
from i18nflow.source.frontmatter.keypaths import Address, Slot, walk
from i18nflow.source.frontmatter.protocol import HeaderPost

_MARKER = "\ue000i18nflow{}\ue001"
_MARKER_TEXT = re.compile('"\ue000i18nflow(\\d+)\ue001"')
# what a basic string must escape (TOML 1.0: control characters other than tab, ", \)
_BASIC_ESCAPES = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # LF is allowed in multi-line strings
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class TomlHeader:
    """A parsed TOML header: the document, and where each string value stands in ``HeaderPost.text``."""

    document: tomlkit.TOMLDocument
    spans: dict[Address, tuple[int, int, str]]  # address → (start, end, source text)


def parse(post: HeaderPost) -> TomlHeader:
    """Parse the header; a TOML error is a :class:`ContentError` with the header's line."""
    source = post.text[post.fm_start : post.fm_end]
    try:
        document = tomlkit.parse(source)
        tomllib.loads(source)  # Hugo's reader is strict TOML 1.0; tomlkit forgives a little more
    except tomlkit.exceptions.ParseError as exc:
        line = post.line_of(post.fm_start) + exc.line - 1
        raise ContentError(f"broken TOML front matter: {_problem(str(exc))}", post.ref, line) from None
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"broken TOML front matter: {exc}", post.ref, post.line_of(post.fm_start)) from None
    return TomlHeader(document, _spans(source, post.fm_start))


def _problem(message: str) -> str:
    return re.sub(r" at line \d+ col \d+$", "", message)


def _strings(node: Any, address: Address = ()) -> Iterator[tuple[Address, String]]:
    if isinstance(node, dict):
        for key in list(node.keys()):
            yield from _strings(node[key], (*address, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _strings(item, (*address, index))
    elif isinstance(node, String):
        yield address, node


def _spans(source: str, offset: int) -> dict[Address, tuple[int, int, str]]:
    copy = tomlkit.parse(source)
    originals: list[tuple[Address, str]] = []
    for number, (address, item) in enumerate(list(_strings(copy))):
        originals.append((address, item.as_string()))
        parent: Any = copy
        for step in address[:-1]:
            parent = parent[step]
        parent[address[-1]] = tomlkit.string(_MARKER.format(number))
    dumped = tomlkit.dumps(copy)
    spans: dict[Address, tuple[int, int, str]] = {}
    shift = 0
    for match in _MARKER_TEXT.finditer(dumped):
        address, original = originals[int(match.group(1))]
        start = match.start() - shift
        if source[start : start + len(original)] == original:
            spans[address] = (offset + start, offset + start + len(original), original)
        shift += len(match.group(0)) - len(original)
    return spans


def slots(post: HeaderPost, key_path: str) -> list[Slot]:
    header = post.header_tree()
    if not isinstance(header, TomlHeader):
        return []

    def children(located: tuple[Any, Address], name: str) -> list[tuple[Any, Address]]:
        node, address = located
        if isinstance(node, dict) and name in node:
            return [(node[name], (*address, name))]
        return []

    def items(located: tuple[Any, Address]) -> list[tuple[Any, Address]] | None:
        node, address = located
        if isinstance(node, list):
            return [(item, (*address, index)) for index, item in enumerate(node)]
        return None

    found: list[Slot] = []
    top: tuple[Any, Address] = (header.document, ())
    for node, address in walk(top, key_path, children, items):
        span = header.spans.get(address)
        if isinstance(node, String) and span is not None:
            start, end, original = span
            # tomlkit keeps a multi-line string's CRLF; TOML readers (tomllib, Hugo's) give LF
            found.append(Slot(str(node).replace("\r\n", "\n"), start, end, _style(original), address))
    return sorted(found, key=lambda slot: slot.start)


def _style(original: str) -> str:
    for delimiter in ('"""', "'''", '"', "'"):
        if original.startswith(delimiter):
            return delimiter
    return '"'


def toml_string(original: str, value: str, newline: str = "\n") -> str:
    """The TOML text of ``value``, in the kind of string ``original`` is where it can hold it."""
    style = _style(original)
    value = value.replace("\r\n", "\n")  # a line break is written as the post's own
    if style == "'" and "'" not in value and not _CONTROL.search(value.replace("\t", "")):
        return f"'{value}'"
    if style in ('"""', "'''"):
        lead = newline if original[3:4] in ("\r", "\n") or value.startswith(("\n", "\r")) else ""
        if (
            style == "'''"
            and "'''" not in value
            and not value.endswith("'")
            and not _CONTROL_MULTILINE.search(value.replace("\t", "").replace("\r\n", "\n"))
        ):
            return "'''" + lead + value.replace("\n", newline) + "'''"
        return '"""' + lead + _multiline_basic(value, newline) + '"""'
    return basic_string(value)


def basic_string(value: str) -> str:
    """``value`` as a TOML basic string (``"…"``), escaped as TOML 1.0 requires."""
    return '"' + "".join(_BASIC_ESCAPES.get(ch) or _escape_control(ch) for ch in value) + '"'


def _escape_control(ch: str) -> str:
    return f"\\u{ord(ch):04X}" if _CONTROL.match(ch) else ch


def _multiline_basic(value: str, newline: str) -> str:
    out = []
    for index, ch in enumerate(value):
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"' and (index + 1 == len(value) or value[index + 1] == '"'):
            out.append('\\"')  # never three quotes in a row, never one against the closing """
        elif ch == "\n":
            out.append(newline)
        elif ch == "\r":
            out.append("\\r")
        elif _CONTROL_MULTILINE.match(ch):
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def top_level_values(post: HeaderPost) -> dict[str, Any]:
    header = post.header_tree()
    return dict(header.document.unwrap()) if isinstance(header, TomlHeader) else {}


def field_edits(post: HeaderPost, fields: dict[str, str]) -> list[tuple[int, int, str]]:
    """Edits that set top-level keys (``lang``...): an existing string in place, a new key as a
    line of its own before the first ``[table]`` (after it, the key would belong to the table)."""
    header = post.header_tree()
    if not fields or not isinstance(header, TomlHeader):
        return []
    source = post.text[post.fm_start : post.fm_end]
    edits: list[tuple[int, int, str]] = []
    added: dict[str, str] = {}
    for key, value in fields.items():
        span = header.spans.get((key,))
        if span is not None:
            edits.append((span[0], span[1], toml_string(span[2], value, post.newline)))
        elif key not in header.document:
            added[key] = value
    if added:
        lines = "".join(f"{_key(k)} = {basic_string(v)}{post.newline}" for k, v in added.items())
        at = _top_level_insertion(source, lines, added)
        edits.append((post.fm_start + at, post.fm_start + at, lines))
    return edits


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else basic_string(key)


def _top_level_insertion(source: str, lines: str, added: dict[str, str]) -> int:
    """Where new top-level lines go: before the first line that opens a table, proven by
    reading the result back (a ``[`` line inside a multi-line array or string is no table)."""
    wanted = {**tomllib.loads(source), **added}
    candidates = [m.start() for m in re.finditer(r"^[ \t]*\[", source, re.M)]
    end = len(source)
    if source and not source.endswith(("\n", "\r")):
        end = -1  # a header without a final line break: never append after its last line
    for at in [*candidates, *([end] if end >= 0 else []), 0]:
        try:
            if tomllib.loads(source[:at] + lines + source[at:]) == wanted:
                return at
        except tomllib.TOMLDecodeError:
            continue
    return 0
