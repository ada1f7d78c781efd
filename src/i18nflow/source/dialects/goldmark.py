"""Hugo's goldmark: CommonMark with GFM tables, definition lists, footnotes, and shortcodes."""

from __future__ import annotations

import re
import unicodedata

from i18nflow.source.dialects import kramdown_blocks, math, shortcodes
from i18nflow.source.dialects.base import Dialect


def goldmark_id(text: str) -> str:
    """Hugo's ``autoHeadingIDType = "github"``: lower case, letters/digits/``_`` kept, spaces
    and ``-`` become ``-``, anything else dropped (Hugo's ``sanitizeAnchorName``)."""
    out = []
    for char in text.strip():
        if char in "- ":
            out.append("-")
        elif char == "_" or unicodedata.category(char)[0] in "LN" and unicodedata.category(char) in (
            "Lu", "Ll", "Lt", "Lm", "Lo", "Nd"
        ):
            out.append(char.lower())
    return "".join(out)


_DEFINITION = re.compile(r":[ \t]")


DIALECT = Dialect(
    name="goldmark",
    masks=(shortcodes.code_bodies, shortcodes.calls, math.display_math),
    calls=(shortcodes.calls, math.display_math),
    blocks=(kramdown_blocks.definition_lists,),
    heading_id=goldmark_id,
    escape_line=lambda line: "\\" + line if _DEFINITION.match(line) else line,
)
