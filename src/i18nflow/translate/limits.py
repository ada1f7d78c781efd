"""Blocks too large for machine translation: held back, named, and left to translators.

A generated table of thousands of cells or a post of tens of thousands of entries is data more
than prose. Pretranslating it costs more than the rest of the site (every cell is protected,
sent, checked and written back as a fuzzy entry nobody reviews one by one), so such a block is
held back: it is still extracted, its entries stay in the catalog untranslated for translators,
and render publishes it as it publishes any untranslated text. The run says which block, where,
and which ``[translate]`` setting (:class:`~i18nflow.config.MachineLimits`) lets it through.

A table is a run of table cells with no other entry between them and no blank line either: two
tables a paragraph apart are two blocks, and a row without letters (numbers only) does not
split one. An entry that also occurs outside every held block (a cell reading "Yes" and a
paragraph reading "Yes") is translated as usual: it is one catalog entry, and the paragraph
wants it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from i18nflow.config import MachineLimits
from i18nflow.gettext.catalogs import Key
from i18nflow.source.content import Post
from i18nflow.source.segment import Segment

TABLE_CELL = "table cell"  # Segment.kind of a table cell (source/segments.py)


@dataclass(frozen=True)
class Oversized:
    """A block (or a whole post) held back from machine translation."""

    post: str  # the post's reference, as messages name it
    line: int  # its first line in the post
    what: str  # "table" or "post"
    size: int  # cells of the table, entries of the post
    setting: str  # the [translate] key that raises the limit
    limit: int

    def message(self) -> str:
        unit = "cells" if self.what == "table" else "entries"
        return (
            f"{self.what} of {self.size:,} {unit} not machine translated (more than [translate] "
            f"{self.setting} = {self.limit:,} in i18nflow.toml; raise it, then run `i18nflow translate`, "
            "to translate it): its entries stay in the catalog for translators"
        )


@dataclass(frozen=True)
class HeldBack:
    """What a domain holds back: the keys not to pretranslate, and the blocks that hold them."""

    keys: frozenset[Key]
    blocks: tuple[Oversized, ...]

    def __bool__(self) -> bool:
        return bool(self.keys)


def held_back(posts: Iterable[tuple[Post, Sequence[Segment]]], limits: MachineLimits) -> HeldBack:
    """The keys of one domain's posts that machine translation leaves alone, and why.

    A key is held back when every one of its segments is in an oversized block or post."""
    held: set[Key] = set()
    wanted: set[Key] = set()
    blocks: list[Oversized] = []
    for post, segments in posts:
        entries = len({(s.msgctxt, s.msgid) for s in segments})
        if limits.max_post_entries and entries > limits.max_post_entries:
            blocks.append(Oversized(post.ref, 1, "post", entries, "max_post_entries", limits.max_post_entries))
            held.update((s.msgctxt, s.msgid) for s in segments)
            continue
        in_tables: set[int] = set()
        if limits.max_table_cells:
            lines = post.text.split("\n")
            for table in _tables(segments, lines):
                if len(table) > limits.max_table_cells:
                    first = segments[table[0]]
                    blocks.append(Oversized(post.ref, first.line, "table", len(table), "max_table_cells",
                                            limits.max_table_cells))
                    in_tables.update(table)
        for index, segment in enumerate(segments):
            (held if index in in_tables else wanted).add((segment.msgctxt, segment.msgid))
    return HeldBack(frozenset(held - wanted), tuple(blocks))


def _tables(segments: Sequence[Segment], lines: Sequence[str]) -> Iterator[list[int]]:
    """Indexes of the segments of each table, in order (see the module's docstring)."""
    table: list[int] = []
    for index, segment in enumerate(segments):
        if segment.kind != TABLE_CELL:
            if table:
                yield table
                table = []
            continue
        if table and not _same_table(segments[table[-1]].line, segment.line, lines):
            yield table
            table = []
        table.append(index)
    if table:
        yield table


def _same_table(line: int, next_line: int, lines: Sequence[str]) -> bool:
    """No blank line between two cells' lines (1-based lines of the post's text)."""
    return all(lines[n - 1].strip() for n in range(line + 1, next_line) if 0 < n <= len(lines))
