"""YAML front matter (``---``): the values at key paths with their positions, and a translation
written back in place in the source's style.

The header is composed with libyaml (:func:`parse`): nodes carry offsets, so a value is
replaced where it stands and comments, key order and the other values' quoting stay as they
are (a dump would lose them). A plain value that would not load back as itself in its place (a
``: `` or `` #`` in a title, a ``,`` inside ``[a, b]``) is quoted.

A value's node starts at its properties (``&anchor``, ``!tag``), which are YAML, not text: the
slot starts after them, so render replaces the words and keeps ``title: &t Hola`` an anchor
that ``og_title: *t`` still refers to. An alias composes to its anchor's very node, so it has
the anchor's span: ``header`` offers the value once, where the anchor is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache

import yaml

from i18nflow.errors import ContentError
from i18nflow.source.frontmatter.keypaths import Address, Slot, walk
from i18nflow.source.frontmatter.protocol import HeaderPost


def parse(post: HeaderPost) -> yaml.Node | None:
    """Compose the YAML header into nodes whose marks are offsets in ``post.text``."""
    source = post.text[post.fm_start : post.fm_end]
    # libyaml's composer is ~15x faster and gives the same node positions.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(source, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = post.line_of(post.fm_start) + (mark.line if mark else 0)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ContentError(f"broken YAML front matter: {problem}", post.ref, line) from None
    if node is None:
        return None
    if not isinstance(node, yaml.MappingNode):
        raise ContentError(
            "front matter is not a mapping of keys to values", post.ref, post.line_of(post.fm_start)
        )
    _shift_marks(node, post.fm_start)
    return node


def _shift_marks(root: yaml.Node, offset: int) -> None:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        # libyaml's marks are read-only: give the node shifted copies
        node.start_mark = _shifted(node.start_mark, offset)
        node.end_mark = _shifted(node.end_mark, offset)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _shifted(mark: yaml.Mark, offset: int) -> yaml.Mark:
    return yaml.Mark(mark.name, mark.index + offset, mark.line, mark.column, None, None)  # type: ignore[arg-type]


_STR_TAG = "tag:yaml.org,2002:str"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# YAML folds a raw line break (CR too) inside a quoted scalar; only double quotes escape it.
_LINE_BREAK = re.compile("[\r\n]")
# Hugo reads YAML with Go's yaml.v2, which takes y/n as booleans and 0o17, 1e3, 1_000 as
# numbers where PyYAML (and Jekyll's Psych) read strings: such a value is quoted for both.
_GO_YAML_SCALAR = re.compile(r"^(?:[yYnN]|[-+]?\.?[0-9][0-9A-Za-z_.+-]*)$")
_PROPERTIES = re.compile(r"(?:[&!][^\s]*\s+)+")
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _root(post: HeaderPost) -> yaml.Node | None:
    root = post.header_tree()
    return root if isinstance(root, yaml.MappingNode) else None


def slots(post: HeaderPost, key_path: str) -> list[Slot]:
    """The string scalars at a key path, with their positions, styles and flow context."""
    root = _root(post)
    if root is None:
        return []
    found = []
    for node, address, flow in _located(root, key_path):
        if not (isinstance(node, yaml.ScalarNode) and _is_string(node)):
            continue
        start = node.start_mark.index
        properties = _PROPERTIES.match(post.text, start, node.end_mark.index)
        if properties:
            start = properties.end()
        found.append(Slot(node.value, start, node.end_mark.index, node.style or "", address, flow))
    return found


def find_nodes(root: yaml.Node, key_path: str) -> list[yaml.ScalarNode]:
    """String scalars at a key path; lists of strings are expanded item by item."""
    found = (node for node, _, _ in _located(root, key_path))
    return [node for node in found if isinstance(node, yaml.ScalarNode) and _is_string(node)]


_Located = tuple[yaml.Node, Address, bool]  # node, its address, inside a flow collection


def _located(root: yaml.Node, key_path: str) -> list[_Located]:
    top: _Located = (root, (), False)

    def children(located: _Located, name: str) -> list[_Located]:
        node, address, flow = located
        if not isinstance(node, yaml.MappingNode):
            return []
        inner = flow or bool(node.flow_style)
        return [
            (value, (*address, name), inner)
            for key, value in node.value
            if isinstance(key, yaml.ScalarNode) and key.value == name
        ]

    def items(located: _Located) -> list[_Located] | None:
        node, address, flow = located
        if not isinstance(node, yaml.SequenceNode):
            return None
        inner = flow or bool(node.flow_style)
        return [(item, (*address, index), inner) for index, item in enumerate(node.value)]

    return walk(top, key_path, children, items)


def _is_string(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _STR_TAG


def yaml_scalar(original: str, style: str, value: str, newline: str = "\n", flow: bool = False) -> str:
    """Text that replaces a scalar node's source ``original`` so it loads as ``value``.

    The source's style is kept where the value allows it (a plain title stays plain, a ``>-``
    description stays folded), so a localized header diffs against its source only in the text.
    Inside a flow collection (``tags: [a, b]``) a plain value must not hold ``,``, ``[]``,
    ``{}`` or ``: ``, or the list gains an item or stops parsing: such a value is quoted.
    """
    if style in ("|", ">"):
        block = _block_scalar(original, style, value, newline)
        if block is not None:
            return block
        return double_quoted(value) + _block_tail(original)
    if style == "" and is_plain_safe(value, flow):
        return value
    if style == "'" and not _LINE_BREAK.search(value) and not _NOT_PRINTABLE.search(value):
        return "'" + value.replace("'", "''") + "'"
    return double_quoted(value)


def double_quoted(value: str) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


@lru_cache(maxsize=4096)
def is_plain_safe(value: str, flow: bool = False) -> bool:
    """True when ``value`` written bare loads back as the same string where a plain scalar can
    stand: after ``key: ``, after ``- ``, and with ``flow`` inside ``[…]`` and ``{k: …}``."""
    if not value or value != value.strip() or _NOT_PRINTABLE.search(value):
        return False
    if "\n" in value or "\t" in value:  # libyaml and PyYAML disagree on tabs in plain scalars
        return False
    if _GO_YAML_SCALAR.match(value):
        return False
    tests = [f"k: {value}\n", f"- {value}\n"]
    if flow:
        tests += [f"[{value}]\n", f"{{k: {value}}}\n", f"[\n  {value},\n  x]\n", f"{{k: {value}, j: x}}\n"]
    try:
        loaded = [yaml.load(test, Loader=_LOADER) for test in tests]
    except yaml.YAMLError:
        return False
    wanted = [{"k": value}, [value]]
    if flow:
        wanted += [[value], {"k": value}, [value, "x"], {"k": value, "j": "x"}]
    return loaded == wanted


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


def top_level_scalars(post: HeaderPost) -> Iterator[tuple[str, str]]:
    root = _root(post)
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):
                yield str(key.value), str(value.value)


def field_edits(post: HeaderPost, fields: dict[str, str]) -> list[tuple[int, int, str]]:
    """Edits of ``post.text`` that set top-level front matter fields (``lang``, permalink...).

    An existing scalar is replaced in place; a missing key is added as the header's last line,
    indented like the header's other keys.
    """
    if not fields:
        return []
    existing: dict[str, yaml.Node] = {}
    indent = ""
    root = _root(post)
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
