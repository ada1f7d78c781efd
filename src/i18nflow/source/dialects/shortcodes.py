"""Hugo shortcodes: opaque calls, some with code bodies, some with Markdown bodies.

A call is ``{{< name params >}}`` or ``{{% name params %}}``, over one line or several,
self-closing (``/>}}``) or paired with ``{{< /name >}}``. ``{{</* … */>}}`` is a call written
out as an example (Hugo prints it without the comment marks): markup all the same. Hugo
expands calls everywhere, code fences included, so they are found everywhere.

Paired calls whose body is code (``CODE_BODIES``: highlight, mermaid, katex, …) are masked
whole; the others (hint, notice, details, tab, …) keep their body, which is Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from i18nflow.source.dialects.masking import Span

CODE_BODIES = frozenset({
    "highlight", "code", "code-toggle", "mermaid", "katex", "math", "math.inline", "chart", "raw",
    "script", "style", "echarts", "mapbox", "music", "gist", "asciinema", "plantuml", "diagram",
    "tex", "latex", "prism", "codes", "file", "codeblock", "csv-table", "html",
})
_ESCAPED = re.compile(r"\{\{([<%])\s*/\*.*?\*/\s*[>%]\}\}", re.S)
CALL = re.compile(r"\{\{(?:<(?:[^>]|>(?!\}\}))*?>|%.*?%)\}\}", re.S)
_NAME = re.compile(r"\{\{[<%]-?\s*(/?)\s*([\w][\w/.-]*)")


def calls(text: str, code: list[Span]) -> Iterator[Span]:
    """Every shortcode call and escaped example, as Hugo finds them (code included)."""
    escaped = [(m.start(), m.end()) for m in _ESCAPED.finditer(text)]
    yield from escaped
    for match in CALL.finditer(text):
        if not any(s <= match.start() < e for s, e in escaped):
            yield match.start(), match.end()


def code_bodies(text: str, code: list[Span], names: frozenset[str] = CODE_BODIES) -> Iterator[Span]:
    """Paired calls of a code-bodied shortcode (``names``), opener to closer."""
    escaped = [(m.start(), m.end()) for m in _ESCAPED.finditer(text)]
    pos = 0
    for match in CALL.finditer(text):
        if match.start() < pos or any(s <= match.start() < e for s, e in escaped):
            continue
        name = _NAME.match(match.group())
        if name is None or name.group(1) or name.group(2) not in names or match.group().endswith("/>}}"):
            continue
        closer = re.compile(r"\{\{[<%]-?\s*/\s*" + re.escape(name.group(2)) + r"\s*-?[>%]\}\}").search(text, match.end())
        if closer is None:
            continue  # a lone call (congo's ``katex`` loads the script): only the call is markup
        yield match.start(), closer.end()
        pos = closer.end()
