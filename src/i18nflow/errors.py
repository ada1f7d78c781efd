"""One exception type per kind of user mistake, each carrying the file and line it is about.

The CLI turns any :class:`I18nflowError` into one readable line (``path:line: message``) and a
non-zero exit; a traceback is never what a user sees for a mistake in their own files.
"""

from __future__ import annotations

import re
from pathlib import Path

# What must not reach a terminal or a CI log as itself: C0/C1 controls (an ESC sequence can
# recolour, hide or rewrite the lines around it) and the bidirectional overrides that reorder
# what a reader sees ("Trojan Source"). Messages quote translations, which are untrusted.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control and bidi override shown as its escape (``\\x1b``)."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class I18nflowError(Exception):
    """Base of every error a user can act on."""

    kind = "error"

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def location(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        where = self.location()
        return printable(f"{where}: {self.message}" if where else self.message)


class ConfigError(I18nflowError):
    """The project configuration (i18nflow.toml / [tool.i18nflow]) is wrong."""

    kind = "config error"


class ContentError(I18nflowError):
    """A post cannot be read: bad encoding, broken front matter."""

    kind = "content error"


class CatalogError(I18nflowError):
    """A PO/POT file cannot be read or written."""

    kind = "catalog error"


class EngineError(I18nflowError):
    """A machine translation engine failed; never carries an API key."""

    kind = "engine error"


class LockError(I18nflowError):
    """Another i18nflow run holds the project lock."""

    kind = "lock error"
