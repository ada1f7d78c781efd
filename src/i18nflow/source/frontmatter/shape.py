"""After render: does the localized header still read, for the site's builder, as the source's?

Quoting (``yaml_block``, ``toml_block``, ``json_block``) is meant to make every translation
safe; this is the proof, not the hope. The rendered header is read back with the same kind of
reader a builder uses (PyYAML, tomllib, json) and compared with the source's: the same keys
in the same nesting, lists of the same lengths, scalars of the same types, and each
translated value reading back as exactly its translation. A translation that fails is left
out (its value stays the source's) and reported with its file and line, as render does for
the body's block structure.

This is the one place that verifies a header after render (issues 14 and 17): render calls
:func:`keep_shape`; :func:`front_matter_shape` is the same comparison on header text.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

from i18nflow.source.frontmatter.header import Edit, ValueEdit, load_plain
from i18nflow.source.frontmatter.keypaths import Address
from i18nflow.source.frontmatter.protocol import HeaderPost

CHANGES_SHAPE = "the front matter would no longer load to the source's keys and types"
UNREADABLE = "the front matter would no longer load"
READS_OTHERWISE = "the front matter value would not read back as the translation"


class Unreadable(Exception):
    """The header does not load at all."""


def shape(data: Any) -> Hashable:
    """Keys, nesting, list lengths and scalar types of plain header data; no text (key order
    neither: splicing never reorders keys, and the readers do not care)."""
    if isinstance(data, dict):
        return ("mapping", tuple(sorted((str(key), shape(value)) for key, value in data.items())))
    if isinstance(data, list):
        return ("list", tuple(shape(item) for item in data))
    return type(data).__name__


def front_matter_shape(text: str, fm_format: str | None, added: Mapping[str, str] | None = None) -> Hashable:
    """The shape of a header's text; ``added`` top-level keys (``lang`` and the ``[render]``
    fields) are strings in it. Raises :class:`Unreadable` when it does not load."""
    if fm_format is None:
        return None
    try:
        data = load_plain(fm_format, text)
    except ValueError as exc:
        raise Unreadable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    if added and isinstance(data, dict):
        data = {**data, **dict.fromkeys(added, "")}
    return shape(data)


def header_span(post: HeaderPost) -> tuple[int, int]:
    """The characters of ``post.text`` the header's reader reads (JSON: with its braces)."""
    return post.fm_start, post.fm_end


def rendered_header(post: HeaderPost, edits: Sequence[Edit]) -> str:
    """The header text with ``edits`` (offsets in ``post.text``) applied."""
    start, end = header_span(post)
    parts, pos = [], start
    for edit_start, edit_end, text in sorted(edits, key=lambda edit: edit[0]):
        if edit_start < pos or edit_end > end:
            continue  # overlapping or outside the header: render skips it the same way
        parts.append(post.text[pos:edit_start])
        parts.append(text)
        pos = edit_end
    parts.append(post.text[pos:end])
    return "".join(parts)


def keep_shape(
    post: HeaderPost, changes: Sequence[ValueEdit], fields: Sequence[Edit] = ()
) -> tuple[list[ValueEdit], list[tuple[ValueEdit, str]]]:
    """The value edits that keep the header's shape, and the others with the reason.

    ``fields`` (``lang`` and the like) are always applied; the shape the translated header must
    have is the source header's with them. One read when all is well; otherwise one per change.
    A header that does not load even so is load_post's to report, not the translations' fault.
    """
    if not changes or post.fm_format is None:
        return list(changes), []
    try:
        expected = shape(load_plain(post.fm_format, rendered_header(post, fields)))
    except ValueError:
        return list(changes), []

    def problem(selected: Sequence[ValueEdit]) -> str | None:
        edits = [*fields, *((c.slot.start, c.slot.end, c.text) for c in selected)]
        try:
            data = load_plain(post.fm_format, rendered_header(post, edits))
        except ValueError:
            return UNREADABLE
        if shape(data) != expected:
            return CHANGES_SHAPE
        for change in selected:
            if not _reads_as(data, change.slot.address, change.value, change.slot.style in ("|", ">")):
                return READS_OTHERWISE
        return None

    if problem(changes) is None:
        return list(changes), []
    verdicts = [(change, problem([change])) for change in changes]
    kept = [change for change, reason in verdicts if reason is None]
    rejected = [(change, reason) for change, reason in verdicts if reason is not None]
    if kept and problem(kept) is not None:  # each alone is fine, together they are not
        rejected.extend((change, CHANGES_SHAPE) for change in kept)
        kept = []
    return kept, rejected


def _reads_as(data: Any, address: Address, value: str, block: bool) -> bool:
    node = data
    for step in address:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return False
    if not isinstance(node, str):
        return False
    got, wanted = node.replace("\r\n", "\n"), value.replace("\r\n", "\n")
    if block:  # a block scalar's final line break is its chomping, not text
        return got.rstrip("\n") == wanted.rstrip("\n")
    return got == wanted
