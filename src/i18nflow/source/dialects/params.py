"""Text parameters of calls: the words inside a shortcode or include call a reader sees.

``{{< figure src="a.png" caption="A network" >}}`` and ``{% include figure.html caption="…" %}``
print their caption, title or alt text on the page. Those values are entries of their own
(``#. shortcode figure: caption``); everything else in the call (the name, ``src``, ``class``)
is markup. Which parameters are text is a per-call list (``"*"`` for every call): named ones
by name, positional ones by position (``"0"``, ``"1"``). A translation goes back inside the
value's own quotes; a quote of that kind in it becomes its typographic form, since neither
Hugo's nor Liquid's strings can escape one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from i18nflow.source.dialects import liquid, shortcodes
from i18nflow.source.dialects.masking import Span, inside

_ARGUMENT = re.compile(
    r"""(?:(?P<name>[A-Za-z_][\w.-]*)\s*=\s*)?(?P<value>"(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|[^\s"'`=]+)""", re.S
)
_SHORTCODE_HEAD = re.compile(r"\{\{([<%])-?\s*(?P<name>[\w][\w/.-]*)")
_INCLUDE = re.compile(r"\{%-?\s*include(?:_cached|_relative)?\s+(?P<name>[^\s%]+)(?P<args>.*?)-?%\}", re.S)

TextParams = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Param:
    """One text value inside a call: ``[start, end)`` is the text between its quotes."""

    call: str
    name: str
    start: int
    end: int
    quote: str


def _wanted(table: TextParams, call: str) -> set[str]:
    return set(table.get(call, ())) | set(table.get("*", ()))


def _arguments(text: str, start: int, end: int, call: str, table: TextParams) -> Iterator[Param]:
    wanted = _wanted(table, call)
    position = 0
    for match in _ARGUMENT.finditer(text, start, end):
        raw = match.group("value")
        name = match.group("name")
        key = name if name is not None else str(position)
        if name is None:
            position += 1
        if key not in wanted or raw[0] not in "\"'`":
            continue
        inner_start = match.start("value") + 1
        inner_end = match.end("value") - 1
        if inner_end > inner_start and any(ch.isalpha() for ch in text[inner_start:inner_end]):
            yield Param(call, key, inner_start, inner_end, raw[0])


def shortcode_params(text: str, code: list[Span], table: TextParams) -> Iterator[Param]:
    """Text parameters of every shortcode call outside code (examples in fences are not text)."""
    for start, end in shortcodes.calls(text, code):
        head = _SHORTCODE_HEAD.match(text, start)
        if head is None or inside(start, code):
            continue
        closer = end - 3
        yield from _arguments(text, head.end(), closer, head.group("name"), table)


def include_params(text: str, code: list[Span], table: TextParams) -> Iterator[Param]:
    """Text parameters of ``{% include name.html key="value" %}`` calls outside code, and
    outside ``{% raw %}``/``{% highlight %}`` bodies (an include written out as an example)."""
    bodies = sorted(liquid.code_bodies(text, code)) if "{%" in text else []
    for match in _INCLUDE.finditer(text):
        if inside(match.start(), code) or any(a < match.start() < b for a, b in bodies):
            continue
        yield from _arguments(text, match.start("args"), match.end("args"), match.group("name"), table)


_TYPOGRAPHIC = {"\"": ("“", "”"), "'": ("‘", "’"), "`": ("‘", "’")}


def requote(value: str, quote: str) -> str:
    """A translated value that fits back between ``quote`` characters, on one line."""
    value = " ".join(value.split())
    opening, closing = _TYPOGRAPHIC[quote]
    out: list[str] = []
    open_next = True
    for char in value:
        if char == quote:
            if quote == "'" and out and out[-1].isalpha():
                out.append("’")  # an apostrophe: l'article
                continue
            out.append(opening if open_next else closing)
            open_next = not open_next
        else:
            out.append(char)
    return "".join(out)


def param_msgid(text: str, start: int, end: int) -> str:
    """A text parameter's value as its reader sees it: one line, as render writes it back, and
    Hugo's ``\\"`` a quote (render writes a quote in its typographic form). A value over several
    lines (a Liquid string, a Hugo raw string) inside a blockquote repeats the quote's ``>``
    markers on its later lines, which are the container's, not the caption's."""
    value = text[start:end]
    if text[start - 1 : start] == '"' and '\\"' in value:
        value = value.replace('\\"', '"')  # Hugo's escaped quote is a quote to the reader
    if "\n" not in value and "\r" not in value:
        return value
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    depth = re.match(r"[ \t>]*", text[line_start:start]).group().count(">")  # type: ignore[union-attr]
    lines = value.splitlines()
    if depth:
        marker = re.compile(r"^[ \t]*" + r"(?:>[ \t]?)?" * depth)
        lines = [lines[0]] + [marker.sub("", line, count=1) for line in lines[1:]]
    return " ".join(" ".join(lines).split())
