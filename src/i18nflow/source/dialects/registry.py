"""The dialects by name, as the ``dialect`` setting names them."""

from __future__ import annotations

from i18nflow.source.dialects.base import Dialect


def dialect(name: str) -> Dialect:
    """The dialect ``name`` (``kramdown``, ``goldmark`` or ``commonmark``), imported on demand."""
    if name == "kramdown":
        from i18nflow.source.dialects import kramdown

        return kramdown.DIALECT
    if name == "goldmark":
        from i18nflow.source.dialects import goldmark

        return goldmark.DIALECT
    from i18nflow.source.dialects import commonmark

    return commonmark.DIALECT
