"""Links to ``#anchors`` inside a post must still land somewhere in its translation.

A translated heading gets a new generated id (the builder derives it from the heading's words),
so ``[see aftercare](#aftercare)`` silently breaks in the Spanish page unless the id is pinned
(``render.heading_ids = "source"``) or the translator updates the link. Only the rendered page
tells, so this check renders the post's body with the translations being checked and compares
the anchors and fragment links of the source with those of the result. Ids are the site's
builder's (the dialect's ``heading_id``: GitHub-style for Hugo's goldmark and Jekyll's kramdown
GFM parser, kramdown's own for plain CommonMark), read the way extraction reads the headings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from markdown_it.token import Token

from i18nflow.config import RenderOptions
from i18nflow.source.content import Post
from i18nflow.source.dialects.base import Dialect
from i18nflow.source.dialects.registry import dialect as dialect_named
from i18nflow.source.markup import inventory
from i18nflow.source.render import replacement
from i18nflow.source.segment import Segment

_FRAGMENT_HINT = re.compile(r"\]\(\s*<?#|\]:\s*<?#|href\s*=\s*[\"']?#", re.I)
_EXPLICIT_ID = re.compile(r"\{:?\s*#([^\s{}]+)[^{}]*\}\s*$")
_TRAILING_IAL = re.compile(r"[ \t]*\{[:#.][^{}]*\}[ \t]*$")
_HTML_ID = re.compile(r"\s(?:id|name)\s*=\s*[\"']?([^\s\"'>]+)", re.I)
_HTML_FRAGMENT = re.compile(r"href\s*=\s*[\"']?#([^\s\"'>]+)", re.I)
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.M)

Key = tuple[str | None, str]


@dataclass(frozen=True)
class AnchorIssue:
    key: Key  # the entry to blame: the heading that lost its id, or the translation with the link
    message: str


def check_anchors(
    post: Post,
    segments: Sequence[Segment],
    lookup: Callable[[Segment], str | None],
    options: RenderOptions,
    source_scan: Callable[[], tuple[set[str], set[str]]] | None = None,
    dialect: Dialect | str = "commonmark",
) -> list[AnchorIssue]:
    """Anchors the source links to that the translation lost, and links a translator pointed
    at an anchor the translated page does not have. ``source_scan`` gives :func:`scan` of the
    post's body, which every locale shares (called only when needed, so it can cache);
    ``dialect`` is the site's, whose builder makes the heading ids."""
    rules = dialect_named(dialect) if isinstance(dialect, str) else dialect
    translated = [(s, t) for s in segments if not s.in_front_matter and (t := lookup(s)) and t != s.msgid]
    new_links = [(s, t) for s, t in translated if "#" in t and inventory(t).fragments]
    if not translated or (not new_links and not _FRAGMENT_HINT.search(post.body)):
        return []
    source_anchors, _ = source_scan() if source_scan is not None else scan(post.body, rules)
    issues: list[AnchorIssue] = []
    lost: set[str] = set()
    target_anchors = source_anchors
    renamed = [s for s, _ in translated if s.anchor is not None and options.heading_ids != "source"]
    if renamed:
        # A translated heading gets a new id: only the page as rendered tells which ids remain.
        target_anchors, target_links = scan(_spliced_body(post, translated, options, rules), rules)
        for fragment in sorted(target_links & source_anchors - target_anchors):
            lost.add(fragment)
            heading = next((s for s in renamed if s.anchor == fragment), None)
            if heading is not None:
                issues.append(AnchorIssue(
                    (heading.msgctxt, heading.msgid),
                    f"the translated heading no longer has the anchor #{fragment} that a link in "
                    f"the post points to; end the translation with {{#{fragment}}} or set "
                    f"render.heading_ids = \"source\"",
                ))
    for segment, msgstr in new_links:
        source_links = set(inventory(segment.msgid).fragments)
        for href in sorted(set(inventory(msgstr).fragments)):
            fragment = href[1:]
            if fragment in target_anchors or fragment in lost:
                continue
            if href in source_links and fragment not in source_anchors:
                continue  # already broken in the source: not the translator's doing
            issues.append(AnchorIssue(
                (segment.msgctxt, segment.msgid),
                f"links to #{fragment}, which is no heading or id of the translated post",
            ))
    return issues


def _spliced_body(
    post: Post, translated: Sequence[tuple[Segment, str]], options: RenderOptions, dialect: Dialect
) -> str:
    """The body as render writes it (same :func:`~i18nflow.render.replacement` of each span),
    without render's structure verification, which re-parses the post once per translation."""
    parts: list[str] = []
    pos = post.body_start
    for segment, msgstr in sorted(translated, key=lambda pair: pair[0].start):
        if segment.start < pos:
            continue
        parts.append(post.text[pos : segment.start])
        parts.append(replacement(post, segment, msgstr, options, post.newline, dialect))
        pos = segment.end
    parts.append(post.text[pos:])
    return "".join(parts)


def scan(body: str, dialect: Dialect | str = "commonmark") -> tuple[set[str], set[str]]:
    """One parse of a body: the ids a browser can jump to (headings, explicit or generated the
    way the dialect's builder does, HTML ``id``/``name`` attributes, footnote ids) and the
    ``#fragment`` targets of its links (Markdown and raw HTML)."""
    rules = dialect_named(dialect) if isinstance(dialect, str) else dialect
    anchors: set[str] = set()
    links: set[str] = set()
    generated: dict[str, int] = {}
    masked = rules.mask(body)  # as extraction reads it: Liquid, shortcodes and math are no text
    tokens = rules.parser.parse(masked)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            anchors.add(_heading_id(tokens[index + 1], generated, rules))
        elif token.type == "html_block":
            anchors.update(_HTML_ID.findall(token.content))
            links.update(_HTML_FRAGMENT.findall(token.content))
        elif token.type == "inline":
            for child in _flatten(token.children or []):
                if child.type == "link_open":
                    href = str(child.attrs.get("href", ""))
                    if href.startswith("#") and len(href) > 1:
                        links.add(unquote(href[1:]))  # markdown-it percent-encodes "#ünïcode"
                elif child.type == "html_inline":
                    anchors.update(_HTML_ID.findall(child.content))
                    links.update(_HTML_FRAGMENT.findall(child.content))
    for label in _FOOTNOTE_DEF.findall(body):
        anchors.update((f"fn:{label}", f"fnref:{label}"))
    return anchors, links


def _heading_id(inline: Token, generated: dict[str, int], dialect: Dialect) -> str:
    explicit = _EXPLICIT_ID.search(inline.content)
    if explicit:
        return explicit.group(1)
    # GitHub-style ids keep a code span's text; kramdown's own (commonmark's) do not
    kinds = ("text",) if dialect.name == "commonmark" else ("text", "code_inline")
    plain = "".join(c.content for c in inline.children or [] if c.type in kinds)
    ident = dialect.heading_id(_TRAILING_IAL.sub("", plain))
    count = generated.get(ident, 0)
    generated[ident] = count + 1  # both number repeats: faq, faq-1, faq-2
    return ident if count == 0 else f"{ident}-{count}"


def _flatten(children: list[Token]) -> list[Token]:
    flat: list[Token] = []
    for child in children:
        flat.append(child)
        if child.children:
            flat.extend(_flatten(child.children))
    return flat
