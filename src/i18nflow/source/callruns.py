"""Paragraph lines around Hugo's shortcode calls: where a call ends an entry, and which calls at
an entry's edges stay outside its msgid.

Hugo expands ``{{% … %}}`` calls into the Markdown before goldmark reads it, so a paired one
(``alert``, ``tab``: a container) that begins a line may begin an HTML block and end the
paragraph above: the line it begins starts an entry of its own (so does a ``{{< … >}}``
container's, whose body is a template's to place). A ``{{% … %}}`` call that begins an entry
stays out of its msgid when it is the page's (alone on its line, a container wrapping the
entry) and in it when it is part of the sentence (``{{% param x %}} recommends…``, ``{{% mark
%}}Few{{% /mark %}} left``: a call followed by words on its line prints inline, or the source
page itself would be an HTML block), where render keeps it at a line start; a closing call
whose opener is not in the entry (``Text{{% /tab %}}``) stays out: text must not move out of a
shortcode's body. A paired ``{{< … >}}`` call wrapping the whole entry stays out too:
Hugo unwraps the ``<p>`` of a paragraph that is one such call, so text outside it would change
the page. A lone call inside a line stays in the msgid, where the translator moves it with its
words (``source/dialects/shortcodes.keep_line_starts`` keeps one that began a line there).
"""

from __future__ import annotations

from i18nflow.source.dialects.shortcodes import CALL, call_name, markdown_call_at, trailing_call
from i18nflow.source.text import has_letters

Piece = tuple[int, int, int, str]  # body line, start column, end column, text


def split_runs(runs: list[list[Piece]], paired: frozenset[str]) -> list[list[Piece]]:
    """``runs`` (a paragraph's lines between markup lines) split where a container call begins a
    line, each trimmed of the calls at its edges that belong to the page."""
    out: list[list[Piece]] = []
    for run in runs:
        current: list[Piece] = []
        for piece in run:
            if current and _is_container(_leading_call(piece[3]), paired):
                out.append(current)
                current = []
            current.append(piece)
        out.append(current)
    return [_trim(run, paired) for run in out]


def shares_a_line(run: list[Piece], lines: list[str]) -> bool:
    """A one-line entry with a call beside it on its line (``{{% tab %}}Text{{% /tab %}}``): its
    translation stays on that line, since a break would reach into the call's body."""
    if len(run) != 1:
        return False
    line, start, end, _ = run[0]
    source = lines[line].rstrip("\r\n")
    return bool(source[end:].strip()) or _leading_call(source[:start].lstrip(" \t>-+*0123456789.)")) != ""


def _leading_call(text: str) -> str:
    match = CALL.match(text)
    return match.group() if match else ""


def _is_container(call: str, paired: frozenset[str]) -> bool:
    closer, name = call_name(call)
    return bool(name) and (closer or name in paired)


def _trim(run: list[Piece], paired: frozenset[str]) -> list[Piece]:
    """Drop edge calls until the entry starts and ends with what a translation may move."""
    while run:
        first = _leading_call(run[0][3])
        at = trailing_call(run[-1][3])
        last = run[-1][3][at:].rstrip() if at >= 0 else ""
        if first and (markdown_call_at(first) and not _in_sentence(first, run, paired) or _outside(first, run, paired)):
            run = _cut_start(run, len(first))
        elif last and _outside(last, run, paired):
            run = _cut_end(run, at)
        elif first and last and _pair(first, last) and _count(run, first) == 1:
            run = _cut_end(run, at)  # one paired call wrapping the entry: Hugo unwraps its <p>
            run = _cut_start(run, len(first)) if run else run
        else:
            return run
    return run


def _in_sentence(call: str, run: list[Piece], paired: frozenset[str]) -> bool:
    """A ``{{% … %}}`` call at the run's start that is part of its sentence, so it stays in the
    msgid, where render keeps it at a line start (``keep_line_starts``): a paired one closed
    inside the run (``{{% mark %}}Few{{% /mark %}} places left``: cut, its closer would be left
    alone, and words could leave its body; one wrapping the whole run is cut below), or a lone
    one with words after it on its line (``{{% param "name" %}} recommends…``: cut, the
    translator would get a sentence without its subject). A lone call alone on its line, or a
    container's opener, is the page's."""
    closer, name = call_name(call)
    if not name or closer:
        return False
    if _count(run, (name, True)) > 0:
        return True
    return name not in paired and has_letters(run[0][3][len(call) :])


def _outside(call: str, run: list[Piece], paired: frozenset[str]) -> bool:
    """A closer whose opener is not in the run, or a container's opener whose closer is not."""
    closer, name = call_name(call)
    if not name or not (closer or name in paired):
        return False
    return _count(run, (name, not closer)) == 0


def _pair(first: str, last: str) -> bool:
    opened, closed = call_name(first), call_name(last)
    return bool(opened[1]) and not opened[0] and closed == (True, opened[1])


def _count(run: list[Piece], call: str | tuple[str, bool]) -> int:
    """How many calls of the run are ``call`` (a call's text, or (name, is a closer))."""
    wanted = call_name(call) if isinstance(call, str) else (call[1], call[0])
    return sum(call_name(m.group()) == wanted for piece in run for m in CALL.finditer(piece[3]))


def _cut_start(run: list[Piece], length: int) -> list[Piece]:
    line, start, end, text = run[0]
    rest = text[length:]
    kept = rest.lstrip(" \t")
    if not kept:
        return run[1:]
    return [(line, start + len(text) - len(kept), end, kept), *run[1:]]


def _cut_end(run: list[Piece], at: int) -> list[Piece]:
    line, start, _end, text = run[-1]
    kept = text[:at].rstrip(" \t")
    if not kept:
        return run[:-1]
    return [*run[:-1], (line, start, start + len(kept), kept)]
