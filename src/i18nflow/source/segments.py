"""Post → segments: every piece of visible text, with the exact place it came from.

markdown-it-py gives the block structure and each block's line span; we then find each block's
text inside the original lines, so a segment knows the character range render will replace.
Markdown is never re-serialized: what is not a segment is copied from the source untouched.
One msgid per block, inline Markdown kept as the translator should see it, soft line breaks
folded to spaces (re-wrapping a paragraph changes no msgid), hard breaks kept as ``\\n``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from i18nflow.source import htmltext
from i18nflow.source.callruns import shares_a_line, split_runs
from i18nflow.source.content import Post, split_lines
from i18nflow.source.dialects.base import Dialect, dispatched_inline, quick_links, quick_references
from i18nflow.source.dialects.kramdown_blocks import toc_list_end
from i18nflow.source.dialects.masking import is_masked_line
from i18nflow.source.dialects.params import param_msgid
from i18nflow.source.dialects.registry import dialect as dialect_named
from i18nflow.source.dialects.shortcodes import paired_names
from i18nflow.source.frontmatter.header import front_matter_segments
from i18nflow.source.segment import Segment
from i18nflow.source.text import backslash_break, has_letters, is_markup_line

_TRAILING_IAL = re.compile(r"[ \t]*\{[:#.][^{}]*\}[ \t]*$")
_TASK_BOX = re.compile(r"\[[ xX]\][ \t]+(?=\S)")
# Container markers before a table row: any mix of blockquotes and (nested) list items.
_ROW_PREFIX = re.compile(r"^(?:[ \t]*(?:>[ \t]?|(?:[-+*]|\d{1,9}[.)])[ \t]+))*[ \t]*")


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """CommonMark plus GFM tables, strikethrough and footnotes: what Jekyll/Hugo sites write."""
    from mdit_py_plugins.footnote import footnote_plugin

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    quick_references(parser)
    quick_links(parser)
    dispatched_inline(parser)
    return parser


@lru_cache(maxsize=1)
def block_parser() -> MarkdownIt:
    """The same parser without the inline pass: blocks, their lines and their raw content.

    Inline parsing is half of markdown-it's time; extraction and the structure check need it
    only for the few blocks whose raw text could hide or fake letters (see ``_visible``).
    """
    from mdit_py_plugins.footnote import footnote_plugin

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    quick_references(parser)
    parser.disable("inline")
    return parser


def parser_for(text: str) -> MarkdownIt:
    """The block parser, unless footnotes need the inline pass (only referenced ones are kept)."""
    return markdown_parser() if "[^" in text else block_parser()


def extract_segments(
    post: Post, front_matter_keys: Sequence[str], dialect: str | Dialect = "commonmark"
) -> list[Segment]:
    """All segments of a post: front matter values first, then the body in reading order.

    ``dialect`` is the site's Markdown (``Config.dialect``): what its builder reads as code or
    markup is masked before markdown-it parses the body, and its own blocks are parsed.
    """
    key = (post, tuple(front_matter_keys), dialect)
    try:
        known = _RECENT.pop(key, None)
        remembered = True
    except TypeError:  # a dialect that cannot be hashed: not remembered
        known, remembered = None, False
    if known is None:
        known = list(front_matter_segments(post, front_matter_keys))
        known.extend(body_segments(post, dialect_named(dialect) if isinstance(dialect, str) else dialect))
    if remembered:
        _RECENT[key] = known
        while len(_RECENT) > _RECENT_POSTS:
            del _RECENT[next(iter(_RECENT))]
    return list(known)


# The last posts extracted, by their exact text and the settings: a run extracts a domain again
# after machine translation (to write the fills), and a post of 100,000 table cells took seconds
# each time. Segments are frozen, so sharing them is safe; a post edited in between is another key.
_RECENT: dict[tuple[Post, tuple[str, ...], str | Dialect], list[Segment]] = {}
_RECENT_POSTS = 4


def body_segments(post: Post, dialect: Dialect | None = None) -> list[Segment]:
    dialect = dialect or dialect_named("commonmark")
    masked = dialect.mask(post.body)
    lines = split_lines(masked)
    starts = _line_offsets(lines, post.body_start)
    tokens = dialect.parser_for(masked).parse(masked)
    walker = _BodyWalker(post, lines, split_lines(post.body), starts, dialect)
    found = list(walker.walk(tokens))
    found.extend(_param_segments(post, dialect, found))
    # Footnote definitions come last in markdown-it's stream; translators read in file order.
    return sorted(found, key=lambda segment: segment.start)


def _param_segments(post: Post, dialect: Dialect, blocks: list[Segment]) -> Iterator[Segment]:
    """Text parameters of calls (``#. shortcode figure: caption``), wherever the call stands.

    A call on lines of its own has no other way to its words. A call inside a paragraph,
    heading or cell is in that block's msgid too, whole (its placeholder keeps it byte for byte
    for engines, and render refuses a translation that changes it); its parameters are entries
    all the same, written back inside whatever the block becomes (``render.nest_params``). A
    parameter that straddles a block's edge is left alone: it cannot be written back in place.
    """
    spans = sorted((s.start, s.end) for s in blocks)
    for param in dialect.text_params(post.body):
        start, end = post.body_start + param.start, post.body_start + param.end
        if any(a < end and start < b and not (a <= start and end <= b) for a, b in spans):
            continue
        what = "include" if dialect.name == "kramdown" else "shortcode"
        yield Segment(
            kind=f"{what} {param.call}: {param.name}",
            msgid=param_msgid(post.text, start, end),
            msgctxt=None,
            line=post.line_of(start),
            start=start,
            end=end,
            form="param",
            prefix=param.quote,
        )


def _line_offsets(lines: list[str], base: int) -> list[int]:
    offsets = []
    pos = base
    for line in lines:
        offsets.append(pos)
        pos += len(line)
    offsets.append(pos)
    return offsets


def _strip_eol(line: str) -> str:
    return line.rstrip("\r\n")


_ABBREVIATION = re.compile(r"[ \t]{0,3}\*\[([^\]\n]+)\]:[ \t]*(.*?)[ \t]*$")


class _BodyWalker:
    """Walks the token stream once, keeping the container stack for each segment's kind."""

    def __init__(self, post: Post, lines: list[str], source: list[str], starts: list[int], dialect: Dialect):
        self.post = post
        self.lines = lines  # masked: what markdown-it parsed
        self.source = source  # the post's own lines, same lengths
        self.starts = starts
        self.dialect = dialect
        self.containers: list[str] = []
        self.cell_index = 0
        self.row_cells: tuple[int, list[tuple[int, int]]] = (-1, [])  # one split per row, not per cell
        self.anchors: dict[str, int] = {}
        self.paired: frozenset[str] | None = None

    def walk(self, tokens: list[Token]) -> Iterator[Segment]:
        skip_to = -1
        for index, token in enumerate(tokens):
            kind = token.type
            if index <= skip_to:
                continue
            if kind in ("bullet_list_open", "ordered_list_open") and self.dialect.name == "kramdown":
                skip_to = toc_list_end(tokens, index)
                if skip_to > index:
                    continue
            if kind in ("blockquote_open", "list_item_open", "footnote_open", "dd_open"):
                self.containers.append(kind[: -len("_open")])
            elif kind in ("blockquote_close", "list_item_close", "footnote_close", "dd_close"):
                if self.containers:
                    self.containers.pop()
            elif kind == "tr_open":
                self.cell_index = 0
            elif kind == "inline" and token.map is None:
                continue  # an inline footnote's body ("^[…]", or "[^[^a]"): its paragraph's msgid has it
            elif kind == "inline":
                parent = tokens[index - 1]
                if parent.type == "paragraph_open":
                    task = index >= 2 and tokens[index - 2].type == "list_item_open"
                    yield from self._paragraph(token, task_list=task)
                elif parent.type == "dt_open":
                    yield from self._paragraph(token, "definition term")
                elif parent.type == "heading_open":
                    yield from self._heading(token, parent)
                elif parent.type in ("th_open", "td_open"):
                    yield from self._cell(token)
                    self.cell_index += 1
            elif kind == "html_block":
                yield from self._html_block(token)
            elif kind == "kramdown_abbreviation":
                yield from self._abbreviation(token)

    def _original(self, pieces: list[Piece]) -> list[Piece]:
        """Pieces found in the masked lines, with the post's own text at the same columns."""
        return [(n, a, b, _strip_eol(self.source[n])[a:b]) for n, a, b, _ in pieces]

    def _container_kind(self) -> str:
        names = {"list_item": "list item", "blockquote": "blockquote", "footnote": "footnote", "dd": "definition"}
        return names[self.containers[-1]] if self.containers else "paragraph"

    def _file_line(self, body_line: int) -> int:
        return self.post.body_line + body_line + 1

    # paragraphs -------------------------------------------------------------

    def _paragraph(self, token: Token, kind: str | None = None, task_list: bool = False) -> Iterator[Segment]:
        assert token.map is not None
        first = token.map[0]
        found = _locate(self.lines, first, token.content.split("\n"))
        if found is None:
            return
        masked = {piece[0]: piece[3] for piece in found}
        pieces = self._original(found)

        def markup(piece: Piece) -> bool:
            return is_masked_line(masked[piece[0]]) or is_markup_line(piece[3])

        # Liquid tags, kramdown attribute lists and the like on lines of their own are markup;
        # where they stand between lines of text (a {% highlight %} body in the middle of what
        # markdown-it reads as one paragraph), the text on each side is an entry of its own.
        runs: list[list[Piece]] = [[]]
        for piece in pieces:
            if markup(piece):
                if piece[3].strip().lower() in ("{:toc}", "{::toc}"):
                    return
                runs.append([])
            else:
                runs[-1].append(piece)
        if task_list and runs[0]:
            # a task list item's "[ ] " / "[x] " is a checkbox (GFM, kramdown-gfm, goldmark)
            line_no, start, end, text = runs[0][0]
            box = _TASK_BOX.match(text)
            if box:
                runs[0][0] = (line_no, start + box.end(), end, text[box.end() :])
        one_line: list[bool] = [False] * len(runs)
        if self.dialect.markdown_calls:
            runs = split_runs(runs, self._paired())
            one_line = [shares_a_line(run, self.source) for run in runs]
        for run, alone in zip(runs, one_line, strict=True):
            if run and _has_visible_letters(token, [masked[p[0]] for p in run]):
                yield self._block_segment(run, kind, alone)
            elif any("<" in piece[3] for piece in run):  # a linked logo: no msgid holds its tags
                for line_no, start_col, _end, text in run:
                    yield from self._attributes(self.starts[line_no] + start_col, text, masked[line_no], [])

    def _paired(self) -> frozenset[str]:
        """The shortcodes this post closes somewhere (containers), found once per post."""
        if self.paired is None:
            self.paired = paired_names(self.post.body)
        return self.paired

    def _block_segment(self, pieces: list[Piece], kind: str | None, one_line: bool = False) -> Segment:
        msgid = _fold(pieces, self.dialect.name == "kramdown")
        line_no, start_col = pieces[0][0], pieces[0][1]
        prefix = _continuation_prefix(self.lines, pieces, start_col)
        # A definition term is one line (a break would end the term), and so is a one-line
        # footnote: kramdown reads every line after an indented continuation as part of it,
        # the next footnote's definition included
        kind = kind or self._container_kind()
        form = "line" if one_line or kind in ("definition term", "footnote") and len(pieces) == 1 else "block"
        return Segment(
            kind=kind,
            msgid=msgid,
            msgctxt=None,
            line=self._file_line(line_no),
            start=self.starts[line_no] + start_col,
            end=self.starts[pieces[-1][0]] + pieces[-1][2],
            form=form,
            prefix=prefix,
        )

    # headings ---------------------------------------------------------------

    def _heading(self, token: Token, parent: Token) -> Iterator[Segment]:
        assert token.map is not None
        first, last = token.map
        setext = parent.markup in ("=", "-")
        content_lines = token.content.split("\n")
        if setext:
            pieces = _locate(self.lines, first, content_lines)
        else:
            pieces = _locate_atx(self.lines[first], first, token.content)
        if not pieces:
            return
        pieces = self._original(pieces)
        text = pieces[-1][3]
        trailing = _TRAILING_IAL.search(text)
        explicit_id = trailing is not None and "#" in trailing.group(0)
        if trailing:
            line_no, start, end, _ = pieces[-1]
            text = text[: trailing.start()]
            if text.strip() or len(pieces) == 1:
                pieces[-1] = (line_no, start, start + len(text), text)
            else:
                pieces.pop()  # a setext heading's last line is the attribute list alone: no text
        if not _has_visible_letters(token, [p[3] for p in pieces]):
            return
        plain = _plain_text(token) if self.dialect.name == "commonmark" else _plain_text(token, True)
        anchor = None if explicit_id else self._unique_anchor(self.dialect.heading_id(plain))
        yield Segment(
            kind="heading",
            msgid=_fold(pieces, self.dialect.name == "kramdown"),
            msgctxt=None,
            line=self._file_line(first),
            start=self.starts[pieces[0][0]] + pieces[0][1],
            end=self.starts[pieces[-1][0]] + pieces[-1][2],
            # kramdown's setext heading is one line (kramdown_paragraphs), CommonMark's may be more
            form="line" if not setext or self.dialect.name == "kramdown" else "block",
            anchor=anchor,
        )
        del last

    def _unique_anchor(self, anchor: str) -> str:
        """kramdown numbers repeated ids: ``faq``, ``faq-1``, ``faq-2``."""
        count = self.anchors.get(anchor, 0)
        self.anchors[anchor] = count + 1
        return anchor if count == 0 else f"{anchor}-{count}"

    # table cells ------------------------------------------------------------

    def _cell(self, token: Token) -> Iterator[Segment]:
        assert token.map is not None
        row = token.map[0]
        line = _strip_eol(self.lines[row])
        if self.row_cells[0] != row:
            self.row_cells = (row, split_table_row(line))
        cells = self.row_cells[1]
        if self.cell_index >= len(cells):
            return
        start, end = cells[self.cell_index]
        text = _strip_eol(self.source[row])[start:end]
        if not text or not _has_visible_letters(token, [line[start:end]]):
            return
        yield Segment(
            kind="table cell",
            msgid=text,
            msgctxt=None,
            line=self._file_line(row),
            start=self.starts[row] + start,
            end=self.starts[row] + end,
            form="line",
        )

    # HTML blocks ------------------------------------------------------------

    def _html_block(self, token: Token) -> Iterator[Segment]:
        assert token.map is not None
        first, last = token.map
        if not self.containers:
            yield from self._html_text(self.starts[first], "".join(self.source[first:last]), "".join(self.lines[first:last]))
            return
        # Inside a container each line carries a prefix: runs stay within one line.
        content_lines = token.content.rstrip("\n").split("\n")
        pieces = _locate(self.lines, first, content_lines) or []
        for line_no, start_col, end_col, hidden in pieces:
            text = _strip_eol(self.source[line_no])[start_col:end_col]
            yield from self._html_text(self.starts[line_no] + start_col, text, hidden)

    def _html_text(self, base: int, block: str, hidden: str) -> Iterator[Segment]:
        """The text runs of HTML (``hidden``: the same, masked), then the text attributes of
        its tags outside them (inside one, the run's msgid holds the tag as it is)."""
        runs = list(htmltext.text_runs(block))
        for run_start, run_end, msgid in runs:
            if has_letters(hidden[run_start:run_end]):
                yield self._html_segment(base, run_start, run_end, msgid)
        yield from self._attributes(base, block, hidden, [(a, b) for a, b, _ in runs])

    def _attributes(self, base: int, html: str, hidden: str, runs: list[tuple[int, int]]) -> Iterator[Segment]:
        """The text attributes (``alt``, ``title``…) of the tags of ``html`` outside ``runs``."""
        for start, end, tag, name, quote in htmltext.attribute_texts(html):
            if has_letters(hidden[start:end]) and not any(a <= start < b for a, b in runs):
                yield Segment(kind=f"html {tag}: {name}", msgid=" ".join(html[start:end].split()), msgctxt=None,
                              line=self.post.line_of(base + start), start=base + start, end=base + end,
                              form="param", prefix=quote)

    def _abbreviation(self, token: Token) -> Iterator[Segment]:
        """``*[WHO]: World Health Organization``: the expansion is the tooltip kramdown gives every
        ``WHO`` of the page, text a reader sees (a translation that keeps the word gets it)."""
        assert token.map is not None
        line = token.map[0]
        found = _ABBREVIATION.match(_strip_eol(self.source[line]))
        if found is None or not has_letters(found.group(2)):
            return
        yield Segment(
            kind=f"abbreviation {found.group(1)}",
            msgid=found.group(2),
            msgctxt=None,
            line=self._file_line(line),
            start=self.starts[line] + found.start(2),
            end=self.starts[line] + found.end(2),
            form="line",
        )

    def _html_segment(self, base: int, run_start: int, run_end: int, msgid: str) -> Segment:
        return Segment(
            kind="html text",
            msgid=msgid,
            msgctxt=None,
            line=self.post.line_of(base + run_start),
            start=base + run_start,
            end=base + run_end,
            form="line",
        )


Piece = tuple[int, int, int, str]  # body line, start column, end column, text


def _locate(lines: list[str], first: int, content_lines: list[str]) -> list[Piece] | None:
    """Find each content line inside its source line (container prefixes come before it)."""
    pieces: list[Piece] = []
    for k, content in enumerate(content_lines):
        if first + k >= len(lines):
            return None
        source = _strip_eol(lines[first + k])
        text = content.lstrip(" \t")
        if source.endswith(text):
            start = len(source) - len(text)
        else:
            trimmed = source.rstrip()
            if trimmed.endswith(text.rstrip()):
                text = text.rstrip()
                start = len(trimmed) - len(text)
            else:
                text = text.strip()
                start = source.rfind(text)
                if start < 0 or not text:
                    return None
        pieces.append((first + k, start, start + len(text), text))
    return pieces


def _locate_atx(source_line: str, number: int, content: str) -> list[Piece] | None:
    source = _strip_eol(source_line)
    marker = re.match(r"^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)*[ \t>]*#{1,6}[ \t]*", source)
    offset = marker.end() if marker else 0
    start = source.find(content, offset) if content else -1
    if start < 0:
        return None
    return [(number, start, start + len(content), content)]


def _fold(pieces: list[Piece], kramdown: bool = False) -> str:
    """Join a block's lines: soft breaks become spaces, hard breaks stay as newlines.

    A backslash hard break is an odd count of them in CommonMark, any count in kramdown
    (``line\\\\`` is its own LINE_BREAK): ``text.backslash_break``.
    """
    parts: list[str] = []
    for index, (_, _, _, text) in enumerate(pieces):
        last = index == len(pieces) - 1
        stripped = text.strip(" \t")
        if last:
            parts.append(stripped)
            break
        trailing_spaces = len(text) - len(text.rstrip(" "))
        backslashes = len(stripped) - len(stripped.rstrip("\\"))
        if trailing_spaces >= 2 and not text.rstrip(" ").endswith("\t"):
            parts.append(stripped + "\n")
        elif backslash_break(backslashes, kramdown):
            parts.append(stripped + "\n")
        else:
            parts.append(stripped + " ")
    return "".join(parts)


def _continuation_prefix(lines: list[str], pieces: list[Piece], start_col: int) -> str:
    """Prefix for lines a translation adds after its first (hard breaks).

    The source's own second line is the best model when it is not a lazy continuation;
    otherwise the first line's prefix with list markers blanked keeps the text in its container.
    """
    first_line = _strip_eol(lines[pieces[0][0]])
    derived = "".join(ch if ch in ">\t" else " " for ch in first_line[:start_col])
    if len(pieces) > 1:
        line_no, col = pieces[1][0], pieces[1][1]
        own = _strip_eol(lines[line_no])[:col]
        if own.count(">") == derived.count(">"):
            return own
    return derived


def split_table_row(line: str) -> list[tuple[int, int]]:
    """Column ranges of a GFM table row: split on unescaped pipes, cells trimmed."""
    prefix = _ROW_PREFIX.match(line)
    pos = prefix.end() if prefix else 0
    end = len(line.rstrip())
    if pos < end and line[pos] == "|":
        pos += 1
    bounds: list[tuple[int, int]] = []
    cell_start = pos
    index = pos
    find = line.find
    while index < end:  # from pipe to pipe; a backslash escapes the character after it
        pipe = find("|", index, end)
        if pipe < 0:
            break
        escape = find("\\", index, pipe)
        if escape >= 0:
            index = escape + 2
            continue
        bounds.append((cell_start, pipe))
        cell_start = index = pipe + 1
    if cell_start < end:
        bounds.append((cell_start, end))
    cells = []
    for start, stop in bounds:
        while start < stop and line[start] in " \t":
            start += 1
        while stop > start and line[stop - 1] in " \t":
            stop -= 1
        cells.append((start, stop))
    return cells


_MAY_HIDE = re.compile(r"[\[\]<>&`\\!{}*_~]")
_MAX_PARSED_BRACKETS = 2000


def _children(token: Token) -> list[Token]:
    """Inline tokens of a block, parsed on demand (the block parser skips the inline pass)."""
    if not token.children and token.content:
        parsed = markdown_parser().parseInline(token.content)
        token.children = parsed[0].children if parsed else []
    return token.children or []


def _has_visible_letters(token: Token, fallback: list[str]) -> bool:
    """``has_letters(_visible(...))`` without the inline parse when the answer is already plain.

    A letter before the first character that can start markup (``_MAY_HIDE``) can only be in a
    text token, so a reader sees it; most paragraphs start with one. Only the others are parsed.
    """
    raw = " ".join(fallback)
    hide = _MAY_HIDE.search(raw)
    if any(ch.isalpha() for ch in (raw if hide is None else raw[: hide.start()])):
        return True
    if hide is None or ("&" not in raw and not any(ch.isalpha() for ch in raw)):
        return False  # no letter to hide (an entity like &#233; is the one letter spelt without one)
    if raw.count("[") > _MAX_PARSED_BRACKETS:
        # markdown-it-py scans forward from every "[" for its "]": quadratic on "[[[[…". A
        # block with thousands of brackets is no prose; letters in it are taken as visible.
        return any(ch.isalpha() for ch in raw)
    return has_letters(_visible(token, fallback))


def _plain_text(token: Token, with_code: bool = False) -> str:
    """The heading's text tokens joined (what kramdown's ids are made of), parsed only when the
    content has a character that can start markup or spans lines."""
    if "\n" not in token.content and not _MAY_HIDE.search(token.content):
        return token.content
    kinds = ("text", "code_inline") if with_code else ("text",)  # GitHub-style ids keep code text
    return "".join(child.content for child in _children(token) if child.type in kinds)


def _visible(token: Token, fallback: list[str]) -> str:
    """The text a reader sees: text, image alt, and link and image titles (their tooltips:
    ``![]({{ site.baseurl }}/logo.png "Our logo")`` is no empty block), not URLs, code or tags.

    Plain prose (no character that starts markup) is its own visible text, so only blocks with
    markup pay for inline parsing.
    """
    raw = " ".join(fallback)
    if not _MAY_HIDE.search(raw):
        return raw
    seen: list[str] = []
    for child in _children(token):
        if child.type == "text":
            seen.append(child.content)
        elif child.type in ("image", "link_open"):
            seen.extend((child.content, str(child.attrGet("title") or "")))
    return " ".join(seen)
