"""Front matter read as plain values, in any of the three formats, where no positions are needed.

Extraction and render need the position of every value (they patch the text in place), so they
use ``yaml_block``. Code that only asks "what does this post say its ``translationKey`` is?"
(pairing translated files on import) reads the front matter through python-frontmatter, which
knows YAML (``---``), TOML (``+++``) and JSON (``{ … }``) front matter alike. Its TOML handler
needs the ``toml`` package; ``tomllib`` from the standard library does the same job here.
"""

from __future__ import annotations

import json
import re
from typing import Any

import frontmatter
import tomllib
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler


class _TOMLHandler(BaseHandler):  # type: ignore[misc]
    """Hugo's ``+++`` TOML front matter, read with the standard library."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:  # never written back
        raise NotImplementedError("i18nflow patches front matter in place; it never re-serializes it")


_HANDLERS = (YAMLHandler(), _TOMLHandler(), JSONHandler())


def metadata(text: str) -> dict[str, Any]:
    """The post's front matter as a dict; empty when it has none or it cannot be parsed."""
    start = len(text) - len(text.lstrip())
    if text.startswith("{", start):
        # Hugo's JSON header is the object the file starts with; python-frontmatter's JSON
        # handler wants "{" and "}" alone on lines and cuts a nested object at its first "}".
        try:
            values, _end = json.JSONDecoder().raw_decode(text, start)
        except ValueError:
            return {}
        return values if isinstance(values, dict) else {}
    for handler in _HANDLERS:
        if handler.detect(text):
            try:
                values, _body = frontmatter.parse(text, handler=handler)
            except Exception:  # a broken header is the reader's business, not the pairing's
                return {}
            return dict(values) if isinstance(values, dict) else {}
    return {}
