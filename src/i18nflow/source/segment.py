"""The segment: one msgid of a post and where its text sits, the unit every stage passes on.

Kept apart from ``segments`` (which finds them) so front matter readers and render can use the
type without depending on the Markdown walker, the way markdown-it keeps ``Token`` in its own module.
"""

from __future__ import annotations

from dataclasses import dataclass

# ``Segment.form`` of a front matter value (YAML, TOML or JSON); the other forms are the body's.
FRONT_MATTER = "front matter"


@dataclass(frozen=True)
class Segment:
    """One msgid of a post and where its text sits in ``Post.text``.

    ``form`` tells render how a translation goes back: ``block`` text may hold hard breaks
    (continuation lines get ``prefix``), ``line`` text must stay on one line (headings, table
    cells, HTML text), ``front matter`` is a header value (:data:`FRONT_MATTER`), ``param`` a
    text parameter of a shortcode or include call (``prefix`` is its quote character).
    """

    kind: str
    msgid: str
    msgctxt: str | None
    line: int
    start: int
    end: int
    form: str
    prefix: str = ""
    anchor: str | None = None

    @property
    def in_front_matter(self) -> bool:
        return self.form == FRONT_MATTER
