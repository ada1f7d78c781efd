"""What the front matter readers need of a post, so they do not import ``content``.

``content.Post`` parses its header through this package (``Post.header_tree``); with the
readers importing ``Post`` the two would import each other. They ask for this instead.
"""

from __future__ import annotations

from typing import Protocol


class HeaderPost(Protocol):
    """A post as the front matter readers see it (``content.Post`` is one)."""

    @property
    def ref(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def fm_format(self) -> str | None: ...
    @property
    def fm_start(self) -> int: ...
    @property
    def fm_end(self) -> int: ...
    @property
    def newline(self) -> str: ...

    def line_of(self, offset: int) -> int: ...

    def header_tree(self) -> object | None: ...
