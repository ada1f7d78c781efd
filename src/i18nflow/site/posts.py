"""One post in one language as the site shows it: published or not, in which words, marked how.

The publishing rule: a post appears in a locale when the share of its words with a reviewed
translation reaches the locale's threshold. Below it the post is hidden there (the index lists
it as "in translation"), or, with ``fallback = "mixed"``, published with its untranslated
passages in the source language. Machine and outdated translations never count towards the
threshold; they are shown only when asked (``--include-machine``, ``--include-fuzzy``) and are
then marked. A translation that ``render`` would refuse (source/safety.py: new HTML, a script URL,
a new link or Liquid tag) is not shown either, and reported as an error at its PO entry.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import polib

from i18nflow.config import RenderOptions
from i18nflow.gettext.catalogs import Key, entry_key, entry_state
from i18nflow.gettext.stats import count_keys
from i18nflow.problems import Problems
from i18nflow.site.body import MARKED_STATES, BodyHtml, Passage, body_html, body_readings
from i18nflow.site.languages import Language
from i18nflow.source.content import Post
from i18nflow.source.dialects.reading import BodyReadings
from i18nflow.source.frontmatter.header import load_plain
from i18nflow.source.markup import references_in
from i18nflow.source.render import render_post
from i18nflow.source.safety import is_markdown_text, refusal, refusal_report
from i18nflow.source.segment import Segment

IMAGE_KEYS = ("featured_image", "image", "cover_image", "cover", "header.image")
# The Markdown copy carries no extra front matter here: the page is built from its body.
_PLAIN = RenderOptions(fields={}, heading_ids="none", add_lang=False)
_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True)
class PostFacts:
    """What the pages show about a post besides its body, read from the source front matter."""

    title: str
    description: str
    date: dt.date | None
    image: str | None


@dataclass(frozen=True)
class Text:
    """A front matter value as shown, with its state (``source``: not translated)."""

    value: str
    state: str


@dataclass(frozen=True)
class Rules:
    allowed: frozenset[str]  # entry states whose translation is shown
    threshold: float  # percent of words reviewed
    fallback: str  # "hide" or "mixed"


@dataclass(frozen=True)
class EditionContext:
    source: Language
    language: Language
    rules: Rules
    rewrite_url: Callable[[str], str]
    problems: Problems
    po_ref: str  # the catalog a warning sends the translator to
    readings: BodyReadings | None = None  # the site's dialect (body_readings): bodies parsed once


@dataclass(frozen=True)
class Publication:
    published: bool
    partial: bool  # published below the threshold, under fallback = "mixed"
    percent_reviewed: float


@dataclass
class Edition:
    post: Post
    language: Language
    published: bool
    partial: bool  # published below the threshold, under fallback = "mixed"
    percent_reviewed: float
    title: Text
    description: Text
    body: BodyHtml | None = None
    states: set[str] = field(default_factory=set)  # marked states shown anywhere on the page


def allowed_states(include_fuzzy: bool, include_machine: bool) -> frozenset[str]:
    """Which translations pages show: the same choice ``render`` makes for Markdown copies."""
    allowed = {"reviewed"}
    if include_machine or include_fuzzy:
        allowed.add("machine")
    if include_fuzzy:
        allowed.add("outdated")
    return frozenset(allowed)


def publication(
    segments: Sequence[Segment], catalog: polib.POFile | None, is_source: bool, rules: Rules
) -> Publication:
    """The publishing rule: reviewed words against the threshold, then the fallback."""
    if is_source:
        return Publication(published=True, partial=False, percent_reviewed=100.0)
    states = {entry_key(e): entry_state(e) for e in catalog or () if e.msgid and not e.obsolete}
    return publication_of(count_keys([(s.msgctxt, s.msgid) for s in segments], states).percent_reviewed(), rules)


def publication_of(percent_reviewed: float, rules: Rules) -> Publication:
    """The rule itself, for a translation with this share of its words reviewed."""
    below = percent_reviewed < rules.threshold
    return Publication(not below or rules.fallback == "mixed", below, percent_reviewed)


def make_edition(
    post: Post,
    segments: Sequence[Segment],
    facts: PostFacts,
    catalog: polib.POFile | None,
    context: EditionContext,
    status: Publication | None = None,
) -> Edition:
    """``post`` in ``context.language``, with the publishing rule applied (``status``: already
    worked out by the caller, who counted the words once for all languages)."""
    is_source = context.language.locale == context.source.locale
    if status is None:
        status = publication(segments, catalog, is_source, context.rules)
    edition = Edition(
        post=post,
        language=context.language,
        published=status.published,
        partial=status.partial,
        percent_reviewed=status.percent_reviewed,
        title=Text(facts.title, "reviewed" if is_source else "source"),
        description=Text(facts.description, "reviewed" if is_source else "source"),
    )
    if not edition.published:
        return edition
    entries = {entry_key(e): e for e in catalog or () if e.msgid and not e.obsolete}
    shown, states = _choose(post, segments, entries, is_source, context)
    body_segments = [s for s in segments if not s.in_front_matter]
    readings = context.readings or body_readings()
    # render applies the publishing rule to the body (once: _choose does the front matter)
    result = render_post(post, body_segments, shown.get, context.language.locale, _PLAIN, readings.dialect, readings)
    for segment, refused in result.refused:
        states[segment] = "source"
        entry = entries[(segment.msgctxt, segment.msgid)]
        context.problems.error(
            refusal_report(context.language.locale, refused, segment.msgid, f"{post.ref}:{segment.line}"),
            context.po_ref,
            entry.linenum,
            check=refused.check,
        )
    for segment, _reason in result.rejected:
        states[segment] = "source"  # render reports these already, for the Markdown copy
    for segment in segments:
        if segment.in_front_matter and segment.msgctxt in ("title", "description"):
            text = Text(shown.get(segment) or segment.msgid, states[segment])
            setattr(edition, segment.msgctxt, text)
    edition.body = body_html(
        post,
        result.text[post.body_start :],
        [Passage(s, states[s]) for s in body_segments],
        context.source,
        context.language.dir,
        context.rewrite_url,
        lambda message, line: context.problems.warning(f"{context.language.locale}: {message}", post.ref, line),
        readings,
    )
    edition.states = set(edition.body.states)
    edition.states.update(t.state for t in (edition.title, edition.description) if t.value)
    edition.states &= set(MARKED_STATES)
    return edition


def _choose(
    post: Post,
    segments: Sequence[Segment],
    entries: dict[Key, polib.POEntry],
    is_source: bool,
    context: EditionContext,
) -> tuple[dict[Segment, str], dict[Segment, str]]:
    """The msgstr shown for each segment, and the state of what is shown. The publishing rule
    is applied here to front matter values; render applies it to the body."""
    shown: dict[Segment, str] = {}
    states: dict[Segment, str] = {}
    references = references_in(post.text) if not is_source and any(s.in_front_matter for s in segments) else ()
    for segment in segments:
        if is_source:
            states[segment] = "reviewed"
            continue
        entry = entries.get((segment.msgctxt, segment.msgid))
        state = entry_state(entry) if entry is not None else "untranslated"
        if entry is None or state not in context.rules.allowed:
            states[segment] = "source"
            continue
        refused = (refusal(segment.msgid, entry.msgstr, references, is_markdown_text([segment.kind]))
                   if segment.in_front_matter else None)
        if refused:
            states[segment] = "source"
            context.problems.error(
                refusal_report(context.language.locale, refused, segment.msgid, f"{post.ref}:{segment.line}"),
                context.po_ref,
                entry.linenum,
                check=refused.check,
            )
            continue
        shown[segment] = entry.msgstr
        states[segment] = state
    return shown, states


# front matter facts ------------------------------------------------------------------


def post_facts(post: Post) -> PostFacts:
    data = _front_matter(post)
    return PostFacts(
        title=_string(data.get("title")) or post.stem,
        description=_string(data.get("description")) or _string(data.get("excerpt")),
        date=_date(data.get("date")) or _date_from_name(post.stem),
        image=_image(data),
    )


def _front_matter(post: Post) -> dict[str, Any]:
    if post.fm_format is None:
        return {}
    try:
        data = load_plain(post.fm_format, post.text[post.fm_start : post.fm_end])  # LibYAML's loader when built
    except ValueError:
        data = None
    return data if isinstance(data, dict) else {}


def _string(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _date_from_name(stem: str) -> dt.date | None:
    """Jekyll's ``2020-06-01-title.md``."""
    match = _DATE_PREFIX.match(stem)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _image(data: dict[str, Any]) -> str | None:
    for key in IMAGE_KEYS:
        value: Any = data
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, dict):
            value = value.get("path") or value.get("src") or value.get("url")
        url = _string(value)
        scheme = _SCHEME.match(url)
        if url and (scheme is None or scheme.group(1).lower() in ("http", "https")):
            return url
    return None
