"""A body as the site's builder reads it: markdown-it tokens of the masked text, with the text
the masks hid put back.

Masking (masking.py) keeps math, shortcodes, Liquid and kramdown extensions away from
markdown-it, so ``$$a_b$$`` is not emphasis and a multi-line ``{{< img … >}}`` is not a
blockquote; the tokens then hold mask characters where that markup was. The structure check
(render.py) needs only their block skeleton; the preview shows them, so it needs the markup's
own text back. Masking is character for character on each line, so the n-th run of mask
characters on a line stands for the text at the same place of the original: :func:`read_body`
hands each token the runs of the lines it comes from, in the order they appear there.

:class:`BodyReadings` keeps the last few readings of a process by their text, so the preview
reads a localized body once for the structure check and the page (it used to parse it twice).
"""

from __future__ import annotations

import re
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any, TypeVar

import mdurl
from markdown_it.token import Token

from i18nflow.source.dialects.base import Dialect
from i18nflow.source.dialects.masking import MASK

Structure = list[tuple[str, str, int]]
Reading = tuple[list[Token], dict[str, Any]]  # tokens and markdown-it's env

_T = TypeVar("_T")
_RUN = re.compile(MASK + "+")
_ENCODED_RUN = re.compile("(?:%EE%80%80)+")  # a masked run inside a URL, as normalizeLink writes it
_LINE_BREAK = re.compile(r"\r\n?|\n")  # markdown-it's (its normalize rule makes them all \n)


def structure_of(tokens: list[Token]) -> Structure:
    """The block skeleton render.py compares: every token but the inline ones, by type, tag, level."""
    return [(t.type, t.tag, t.level) for t in tokens if t.type != "inline"]


def read_body(text: str, dialect: Dialect) -> Reading:
    """``text`` parsed with ``dialect``'s parser (inline pass included) after masking, every
    masked span given its own text back. Its :func:`structure_of` is ``block_structure``'s."""
    masked = dialect.mask(text)
    env: dict[str, Any] = {}
    tokens = dialect.parser.parse(masked, env)
    if masked != text:
        _restore(tokens, _Runs(text, masked), (0, 0))
    return tokens, env


class _Runs:
    """What each masked run of each line stood for, taken in reading order."""

    def __init__(self, text: str, masked: str):
        self.lines: dict[int, deque[str]] = {}
        start = 0
        ends = [m.start() for m in _LINE_BREAK.finditer(masked)] + [len(masked)]
        breaks = [m.end() for m in _LINE_BREAK.finditer(masked)]
        for number, end in enumerate(ends):
            for run in _RUN.finditer(masked, start, end):
                self.lines.setdefault(number, deque()).append(text[run.start() : run.end()])
            if number < len(breaks):
                start = breaks[number]

    def fill(self, text: str, span: tuple[int, int]) -> str:
        return _RUN.sub(lambda _m: self.take(span), text) if MASK in text else text

    def take(self, span: tuple[int, int]) -> str:
        """The next run of the first line of ``span`` that has one left ("" if none: a run
        markdown-it dropped elsewhere, never seen on real posts)."""
        for number in range(span[0], max(span[1], span[0] + 1)):
            queue = self.lines.get(number)
            if queue:
                return queue.popleft()
        return ""


class _Local:
    """One inline token's runs, handed to its children in the order they were written."""

    def __init__(self, runs: list[str]):
        self.runs, self.next = runs, 0

    def fill(self, text: str, encoded: bool = False) -> str:
        pattern = _ENCODED_RUN if encoded else _RUN
        return pattern.sub(lambda _m: self._take(encoded), text)

    def _take(self, encoded: bool) -> str:
        run = self.runs[self.next] if self.next < len(self.runs) else ""
        self.next += 1
        return mdurl.encode(run) if encoded else run


def _restore(tokens: list[Token], runs: _Runs, span: tuple[int, int]) -> None:
    for token in tokens:
        if token.map:
            span = (token.map[0], token.map[1])
        if token.type == "inline":
            local = _Local([runs.take(span) for _ in _RUN.findall(token.content)])
            token.content = local.fill(token.content)
            local.next = 0  # the children are the same text, parsed
            _restore_inline(token.children or [], local)
            continue
        # a fence's info string is on its first line, before its content
        token.info, token.content = runs.fill(token.info, span), runs.fill(token.content, span)
        for name, value in list(token.attrs.items()):
            if isinstance(value, str):
                token.attrs[name] = runs.fill(value, span)
        if token.children:
            _restore(token.children, runs, span)


def _restore_inline(children: list[Token], local: _Local) -> None:
    """Children in source order: a link's text comes before its destination, an image's alt
    before its source; an autolink's text is its destination."""
    open_links: list[Token] = []
    for child in children:
        if child.type == "link_open" and child.markup in ("autolink", "linkify"):
            mark = local.next
            _fill_attrs(child, ("href",), local)
            local.next = mark
        elif child.type == "link_open":
            open_links.append(child)
        elif child.type == "link_close" and open_links:
            _fill_attrs(open_links.pop(), ("href", "title"), local)
        elif child.type == "image":
            mark = local.next
            child.content = local.fill(child.content)  # the alt text as written; its children parse it
            local.next = mark
            _restore_inline(child.children or [], local)
            _fill_attrs(child, ("src", "title"), local)
        else:
            if MASK in child.content:
                child.content = local.fill(child.content)
            if child.children:
                _restore_inline(child.children, local)


def _fill_attrs(token: Token, names: tuple[str, ...], local: _Local) -> None:
    for name in names:
        value = token.attrs.get(name)
        if isinstance(value, str):
            token.attrs[name] = local.fill(local.fill(value), encoded=True) if name != "title" else local.fill(value)


class BodyReadings:
    """The last bodies read in this process, by their text.

    ``prepare`` is what the caller does to a body before reading it for display (the preview
    turns ``{% highlight %}`` into fences); where it changes the text, the structure check's
    reading and the display's differ, and :meth:`structure` says so with None.
    """

    def __init__(self, dialect: Dialect, prepare: Callable[[str], str] | None = None, size: int = 8):
        self.dialect, self.prepare, self.size = dialect, prepare, size
        self._kept: OrderedDict[str, Reading] = OrderedDict()
        self._skeletons: OrderedDict[str, Structure] = OrderedDict()  # the source's, asked once a locale
        self._prepared: OrderedDict[str, str] = OrderedDict()  # prepare parses: once a text, not a call

    def _remember(self, kept: OrderedDict[str, _T], text: str, make: Callable[[], _T]) -> _T:
        """``kept[text]``, made if missing; the last ``size`` texts used are kept."""
        found = kept.get(text)
        if found is None:
            found = kept[text] = make()
            if len(kept) > self.size:
                kept.popitem(last=False)
        else:
            kept.move_to_end(text)
        return found

    def _prepare(self, body: str) -> str:
        prepare = self.prepare
        return body if prepare is None else self._remember(self._prepared, body, lambda: prepare(body))

    def tokens(self, body: str) -> Reading:
        """The reading of ``body`` (prepared): shared, so only to be read, never changed."""
        text = self._prepare(body)
        return self._remember(self._kept, text, lambda: read_body(text, self.dialect))

    def take(self, body: str) -> Reading:
        """The reading of ``body`` (prepared), the caller's own to change: no longer kept."""
        text = self._prepare(body)
        found = self._kept.pop(text, None)
        return found if found is not None else read_body(text, self.dialect)

    def structure(self, body: str) -> Structure | None:
        """``block_structure(body)``, from the reading the display will use; None when the
        display reads another text (``prepare`` changed it)."""
        if self._prepare(body) != body:
            return None
        return self._remember(self._skeletons, body, lambda: structure_of(self.tokens(body)[0]))
