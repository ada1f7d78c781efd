"""Hugo shortcodes: opaque calls, some with code bodies, some with Markdown bodies.

A call is ``{{< name params >}}`` or ``{{% name params %}}``, over one line or several,
self-closing (``/>}}``) or paired with ``{{< /name >}}``. ``{{</* … */>}}`` is a call written
out as an example (Hugo prints it without the comment marks): markup all the same. Hugo
expands calls everywhere, code fences included, so they are found everywhere.

Paired calls whose body is code (``CODE_BODIES``: highlight, mermaid, katex, …; or any call
with ``code=true``, as docsy's ``card``) are masked whole; the others (hint, notice, details, tab, …) keep their body, which is Markdown.
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
# a paired call that says its body is code (docsy's ``{{< card code=true >}}``)
_CODE_PARAM = re.compile(r"""\scode\s*=\s*["']?true\b""")


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
        if name is None or name.group(1) or match.group().endswith("/>}}"):
            continue
        if name.group(2) not in names and not _CODE_PARAM.search(match.group()):
            continue
        closer = re.compile(r"\{\{[<%]-?\s*/\s*" + re.escape(name.group(2)) + r"\s*-?[>%]\}\}").search(text, match.end())
        if closer is None:
            continue  # a lone call (congo's ``katex`` loads the script): only the call is markup
        yield match.start(), closer.end()
        pos = closer.end()


# calls and paragraph lines ---------------------------------------------------------------
#
# Hugo runs ``{{% … %}}`` calls before goldmark and puts their output into the Markdown: a
# call that begins a line may begin an HTML block (an alert's ``<div>``), which ends the
# paragraph above it; one inside a line cannot. ``{{< … >}}`` calls become placeholders, and a
# paragraph that is one placeholder (a paired call and its body) loses its ``<p>``. What a
# template prints is unknown, so a translation keeps each call where it began a line.

def markdown_call_at(line: str) -> int:
    """Length of the ``{{% … %}}`` call that ``line`` starts with (0 when it starts otherwise)."""
    if _ESCAPED.match(line):
        return 0
    match = CALL.match(line)
    return match.end() if match and line.startswith("{{%") else 0


def call_name(call: str) -> tuple[bool, str]:
    """(is a closer, name) of a call's text; ``(False, "")`` for an escaped example."""
    if _ESCAPED.match(call):
        return False, ""
    name = _NAME.match(call)
    return (bool(name.group(1)), name.group(2)) if name else (False, "")


def paired_names(text: str) -> frozenset[str]:
    """Names of the shortcodes ``text`` closes somewhere: those are containers, not inline calls."""
    return frozenset(name for closer, name in map(call_name, (m.group() for m in CALL.finditer(text))) if closer)


def trailing_call(line: str) -> int:
    """Where the call that ends ``line`` (trailing blanks aside) begins, or -1."""
    end = len(line.rstrip())
    for match in CALL.finditer(line):
        if match.end() == end:
            return match.start()
    return -1


def keep_line_starts(source: str, text: str, joiner: str) -> str:
    """``text`` (a translation of ``source``) with every ``{{% … %}}`` call that began a line of
    ``source`` beginning a line again (``joiner``: the line break and its container prefix).

    Calls are matched by their order, which render has verified (a translation that changes
    them is refused), so ``text`` is left as it is when they differ.
    """
    starts = [m for m in CALL.finditer(source) if m.group().startswith("{{%")]
    placed = [m for m in CALL.finditer(text) if m.group().startswith("{{%")]
    if [m.group() for m in starts] != [m.group() for m in placed]:
        return text
    out, pos = [], 0
    for before, after in zip(starts, placed, strict=True):
        line_start = source.rfind("\n", 0, before.start()) + 1
        if before.start() and (line_start == 0 or source[line_start : before.start()].strip(" \t>")):
            continue  # inside a line (the segment's own first line begins where its block does)
        before_call = text[: after.start()].rstrip(" \t>")
        if not before_call or before_call.endswith("\n"):
            continue  # already at a line start
        out.append(text[pos : after.start()].rstrip(" \t") + joiner)
        pos = after.start()
    out.append(text[pos:])
    return "".join(out)
