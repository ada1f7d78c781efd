"""A catalog's layout (wrapping, entry order, line endings, BOM) as opposed to its content.

Layout belongs to the translator: Poedit, Lokalize, Weblate (translate-toolkit), polib, babel and
``msgcat --no-wrap`` / ``-w 60`` / ``--sort-output`` all save the same messages with other line
breaks, another order or CRLF line ends. Rewriting such a file whenever it is not laid out as
our writer would lay it out makes an editor set to another width ping-pong with every sync and
fails CI on a valid file. So a catalog is written only when its *content* changes
(:func:`same_content`), and when it is written it keeps the file's line endings and byte order
mark (:class:`Layout`); the wrap width is the project's ``[catalogs] wrap``.
"""

from __future__ import annotations

from dataclasses import dataclass

import polib

NO_WRAP = 2**31 - 1  # INT_MAX: gettext's page width for --no-wrap


@dataclass(frozen=True)
class Layout:
    newline: str = "\n"  # "\n" or "\r\n"
    bom: bool = False  # the file starts with a UTF-8 byte order mark


def layout_of(catalog: polib.POFile) -> Layout:
    found = getattr(catalog, "_i18nflow_layout", None)
    return found if isinstance(found, Layout) else Layout()


def set_layout(catalog: polib.POFile, layout: Layout) -> None:
    catalog._i18nflow_layout = layout


def copy_layout(source: polib.POFile | None, target: polib.POFile) -> None:
    """A catalog made from another one (a merge) is written with the other's line endings."""
    if source is not None:
        set_layout(target, layout_of(source))


def apply_layout(text: str, data: bytes, layout: Layout) -> bytes:
    """``data`` (the text encoded) with the layout's line endings and byte order mark."""
    if layout.newline != "\n":
        data = data.replace(b"\n", layout.newline.encode("ascii"))
    if layout.bom:
        data = b"\xef\xbb\xbf" + data
    return data
