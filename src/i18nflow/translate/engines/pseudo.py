"""Pseudo-localization: a fake "translation" that shows layout and i18n bugs offline.

``Read the docs`` becomes ``[Ŕēåð ţĥē ðōçš ļōŕēɱ]``: accented letters show text that was
never extracted (it stays plain ASCII), the ~30 % padding shows layouts that break with
longer languages (German, French), and the brackets show truncation.  Placeholders and any
leftover markup are not touched, so the result goes through the same checks as a real
translation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from i18nflow.translate.engines.base import EngineFailure, setting_number

_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðēƒĝĥîĵķļɱñōƥʠŕšţûṽŵẋýžÅƁÇÐĒƑĜĤÎĴĶĻṀÑŌƤɊŔŠŢÛṼŴẊÝŽ",
)
_PADDING = "ļōŕēɱ îƥšûɱ ðōļōŕ šîţ åɱēţ çōñšēçţēţûŕ "
# Left as they are: placeholders of both styles and, for raw strings, obvious markup.
_KEEP = re.compile(
    r"\[X\d+X\]|<x id=\"\d+\"/>|`[^`]*`|<[^<>]*>|\{\{.*?\}\}|\{%.*?%\}|\{:[^}]*\}"
    r"|&[#\w]+;|https?://\S+|\]\([^)]*\)"
)


def pseudolocalize(text: str, expansion: float = 0.3) -> str:
    """Accent ``text`` outside placeholders and markup, pad it by ``expansion``, bracket it."""
    out: list[str] = []
    visible = 0
    pos = 0
    for match in _KEEP.finditer(text):
        chunk = text[pos : match.start()]
        out.append(chunk.translate(_ACCENTS))
        visible += len(chunk)
        out.append(match.group())
        pos = match.end()
    tail = text[pos:]
    out.append(tail.translate(_ACCENTS))
    visible += len(tail)
    padding_length = math.ceil(visible * expansion)
    repeats = padding_length // len(_PADDING) + 1
    padding = (_PADDING * repeats)[:padding_length].rstrip()
    return "[" + "".join(out) + (" " + padding if padding else "") + "]"


class PseudoEngine:
    name = "pseudo"
    placeholder_style = "bracket"
    limits = None

    def __init__(self, settings: Mapping[str, Any] | None = None):
        self.expansion = setting_number(settings or {}, "expansion", 0.3)

    def available(self, source: str, target: str) -> bool:
        return True

    def label(self, source: str, target: str) -> str:
        return f"pseudo {source}→{target}"

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str | EngineFailure]:
        return [pseudolocalize(text, self.expansion) for text in texts]
