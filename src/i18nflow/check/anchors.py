"""Links to ``#anchors`` inside a post must still land somewhere in its translation.

A translated heading gets a new generated id (kramdown derives it from the heading's words),
so ``[see aftercare](#aftercare)`` silently breaks in the Spanish page unless the id is pinned
(``render.heading_ids = "source"``) or the translator updates the link. Only the rendered page
tells, so this check renders the post's body with the translations being checked and compares
the anchors and fragment links of the source with those of the result.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from i18nflow.config import RenderOptions
from i18nflow.source.content import Post
from i18nflow.source.markup import inventory
from i18nflow.source.render import replacement
from i18nflow.source.segment import Segment
from i18nflow.source.segments import markdown_parser
from i18nflow.source.text import kramdown_id

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
) -> list[AnchorIssue]:
    """Anchors the source links to that the translation lost, and links a translator pointed
    at an anchor the translated page does not have. ``source_scan`` gives :func:`scan` of the
    post's body, which every locale shares (called only when needed, so it can cache)."""
    translated = [(s, t) for s in segments if not s.in_front_matter and (t := lookup(s)) and t != s.msgid]
    new_links = [(s, t) for s, t in translated if "#" in t and inventory(t).fragments]
    if not translated or (not new_links and not _FRAGMENT_HINT.search(post.body)):
        return []
    source_anchors, _ = source_scan() if source_scan is not None else scan(post.body)
    issues: list[AnchorIssue] = []
    lost: set[str] = set()
    target_anchors = source_anchors
    renamed = [s for s, _ in translated if s.anchor is not None and options.heading_ids != "source"]
    if renamed:
        # A translated heading gets a new id: only the page as rendered tells which ids remain.
        target_anchors, target_links = scan(_spliced_body(post, translated, options))
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


def _spliced_body(post: Post, translated: Sequence[tuple[Segment, str]], options: RenderOptions) -> str:
    """The body as render writes it (same :func:`~i18nflow.render.replacement` of each span),
    without render's structure verification, which re-parses the post once per translation."""
    parts: list[str] = []
    pos = post.body_start
    for segment, msgstr in sorted(translated, key=lambda pair: pair[0].start):
        if segment.start < pos:
            continue
        parts.append(post.text[pos : segment.start])
        parts.append(replacement(post, segment, msgstr, options, post.newline))
        pos = segment.end
    parts.append(post.text[pos:])
    return "".join(parts)


def scan(body: str) -> tuple[set[str], set[str]]:
    """One parse of a body: the ids a browser can jump to (headings, explicit or generated the
    way kramdown does, HTML ``id``/``name`` attributes, kramdown footnote ids) and the
    ``#fragment`` targets of its links (Markdown and raw HTML)."""
    anchors: set[str] = set()
    links: set[str] = set()
    generated: dict[str, int] = {}
    tokens = markdown_parser().parse(body)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            anchors.add(_heading_id(tokens[index + 1], generated))
        elif token.type == "html_block":
            anchors.update(_HTML_ID.findall(token.content))
            links.update(_HTML_FRAGMENT.findall(token.content))
        elif token.type == "inline":
            for child in _flatten(token.children or []):
                if child.type == "link_open":
                    href = str(child.attrs.get("href", ""))
                    if href.startswith("#") and len(href) > 1:
                        links.add(href[1:])
                elif child.type == "html_inline":
                    anchors.update(_HTML_ID.findall(child.content))
                    links.update(_HTML_FRAGMENT.findall(child.content))
    for label in _FOOTNOTE_DEF.findall(body):
        anchors.update((f"fn:{label}", f"fnref:{label}"))
    return anchors, links


def _heading_id(inline: Token, generated: dict[str, int]) -> str:
    explicit = _EXPLICIT_ID.search(inline.content)
    if explicit:
        return explicit.group(1)
    plain = "".join(c.content for c in inline.children or [] if c.type == "text")
    ident = kramdown_id(_TRAILING_IAL.sub("", plain))
    count = generated.get(ident, 0)
    generated[ident] = count + 1  # kramdown numbers repeats: faq, faq-1, faq-2
    return ident if count == 0 else f"{ident}-{count}"


def _flatten(children: list[Token]) -> list[Token]:
    flat: list[Token] = []
    for child in children:
        flat.append(child)
        if child.children:
            flat.extend(_flatten(child.children))
    return flat
