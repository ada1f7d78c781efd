"""The shape of a front matter block: its keys, their nesting and the type of each value.

Render writes translated values into the header in place (``yaml_block.yaml_scalar`` quotes them
so each loads back as the string it is). That is checked, not assumed: the localized header must
load to the source's shape, or Jekyll and Hugo would build a page with a missing title, a list
turned into a string, or no page at all. Only the words may differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import tomllib
import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Shape = Any  # nested tuples of type names: hashable and comparable


class Unreadable(Exception):
    """The header does not load at all."""


def front_matter_shape(text: str, fm_format: str | None, added: Mapping[str, str] | None = None) -> Shape:
    """The shape of a YAML or TOML header; ``added`` top-level keys (``lang`` and the
    ``[render]`` fields) are strings in it. Raises :class:`Unreadable` when it does not load."""
    try:
        if fm_format == "yaml":
            data = yaml.load(text, Loader=_LOADER)
        elif fm_format == "toml":
            data = tomllib.loads(text)
        else:
            return None
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError) as exc:
        raise Unreadable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    if added and isinstance(data, dict):
        data = {**data, **dict.fromkeys(added, "")}
    return _shape(data)


def _shape(value: Any) -> Shape:
    if isinstance(value, dict):
        return ("mapping", tuple(sorted((str(key), _shape(item)) for key, item in value.items())))
    if isinstance(value, list):
        return ("list", tuple(_shape(item) for item in value))
    return type(value).__name__
