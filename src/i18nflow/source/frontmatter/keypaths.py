"""Key paths (``title``, ``params.description``, ``menu.main[].name``, ``tags[]``) and the values
they name, with the same meaning in YAML, TOML and JSON front matter.

A path is a dotted list of keys; ``name[]`` steps into every item of the list at ``name`` (a
YAML sequence, a TOML array or array of tables, a JSON array). A path that ends on a list
names each of its items, so ``tags`` and ``tags[]`` are the same path for a list of strings.
Only string values are text; numbers, dates and booleans at a path are skipped.

Each format walks its own tree (YAML nodes, tomlkit items, JSON nodes with offsets) with
:func:`walk`, and so does the check that reads a rendered header back as plain Python values:
one rule, so extraction and verification always agree on which values a path names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

N = TypeVar("N")
# a value's address in the plain data: the keys and list indexes that lead to it
Address = tuple[str | int, ...]


@dataclass(frozen=True)
class Slot:
    """One string value at a key path, and the characters of ``Post.text`` that spell it.

    ``style`` is how the source writes it (YAML ``""``/``'``/``"``/``|``/``>``; TOML ``"``,
    ``'``, ``\"\"\"``, ``'''``; JSON ``"``); ``flow`` is True inside a YAML flow collection
    (``[a, b]``, ``{k: v}``), where a plain scalar may not hold ``,[]{}``.
    """

    value: str
    start: int
    end: int
    style: str
    address: Address
    flow: bool = False


def parse_key_path(key_path: str) -> list[tuple[str, bool]]:
    """``menu.main[].name`` → ``[("menu", False), ("main", True), ("name", False)]``."""
    parts = []
    for part in key_path.split("."):
        many = part.endswith("[]")
        parts.append((part[:-2] if many else part, many))
    return parts


def walk(
    root: N,
    key_path: str,
    children: Callable[[N, str], Sequence[N]],
    items: Callable[[N], Sequence[N] | None],
) -> list[N]:
    """Every node a key path names, in document order.

    ``children(node, name)`` gives the values under key ``name`` of a mapping node (none when it
    is not a mapping; several when YAML repeats a key); ``items(node)`` gives a list node's items,
    or None when ``node`` is not a list. The caller keeps the string nodes among the result.
    """
    current: list[N] = [root]
    for name, many in parse_key_path(key_path):
        following: list[N] = []
        for node in current:
            for value in children(node, name):
                if many:
                    listed = items(value)
                    if listed is not None:
                        following.extend(listed)
                else:
                    following.append(value)
        current = following
    result: list[N] = []
    for node in current:
        listed = items(node)
        result.extend(listed if listed is not None else [node])
    return result


@dataclass(frozen=True)
class _Plain:
    value: Any
    address: Address


def plain_values(data: Any, key_path: str) -> list[tuple[Address, str]]:
    """The string values a key path names in plain loaded data (``yaml.safe_load``, ``tomllib``,
    ``json``), with their addresses: what a builder will read from the header."""

    def children(node: _Plain, name: str) -> list[_Plain]:
        if isinstance(node.value, dict) and name in node.value:
            return [_Plain(node.value[name], (*node.address, name))]
        return []

    def items(node: _Plain) -> list[_Plain] | None:
        if isinstance(node.value, list):
            return [_Plain(item, (*node.address, index)) for index, item in enumerate(node.value)]
        return None

    found = walk(_Plain(data, ()), key_path, children, items)
    return [(node.address, node.value) for node in found if isinstance(node.value, str)]
