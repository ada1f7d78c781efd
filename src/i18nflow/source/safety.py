"""What no translation may bring into a published page, whoever reviewed it.

Translations come from people and engines the site owner does not control (a PO file in a pull
request, an engine's answer), and they are published on the owner's domain: as Markdown that
Jekyll or Hugo turns into HTML (kramdown passes raw HTML through, Liquid and shortcodes run), and
in the preview. So a translation is published only when, compared with its source segment, it

- carries exactly the source's raw HTML (tags, attributes and their values; only the words of
  ``alt``/``title``-like attributes may change), read by a real HTML parser (``htmltags``),
  and exactly its kramdown/goldmark attribute lists (``{: onclick="…"}`` is an attribute);
- adds no ``javascript:``, ``vbscript:`` or ``data:`` URL;
- links to no URL and shows no image the source does not (a changed link is a new one), nor
  writes a web or e-mail address the source lacks (goldmark's linkify and GFM make it a link);
- adds no Liquid tag or output and no Hugo shortcode.

``check`` reports the same findings as errors that an ``i18nflow-skip-check`` flag cannot
silence (the flag sits in the same untrusted file), and ``render`` and the preview fall back to
the source text for such a segment. One function, :func:`refusal`, serves all three, so what
check passes is what render publishes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from i18nflow.source.markup import (
    Inventory,
    References,
    may_publish_markup,
    missing_and_added,
    publishing_inventory,
)

# The checks whose findings render refuses to publish; no flag in a PO file silences them.
REFUSED_CHECKS = frozenset({"html", "unsafe-url", "urls", "liquid"})


@dataclass(frozen=True)
class Refusal:
    check: str  # a QA check id: html, unsafe-url, urls or liquid
    message: str


def refusal(msgid: str, msgstr: str, references: References = (), markdown: bool = False) -> Refusal | None:
    """Why ``msgstr`` must not stand for ``msgid`` on a published page, or None when it may.
    ``markdown``: both are Markdown text (:func:`is_markdown_text`), not raw HTML."""
    if msgstr == msgid:
        return None
    # A link or image needs "](", a reference label the post defines, or "<" (an autolink): a
    # msgstr without them adds none, whatever its msgid has, and needs no Markdown parse
    # (render checks every translated segment). The verdict is inventory's either way, and
    # publishing_inventory holds the fields refusals_between reads of it.
    if "](" in msgstr or "<" in msgstr or (references and "]" in msgstr):
        source = publishing_inventory(msgid, references, markdown)
        target = publishing_inventory(msgstr, references, markdown)
    elif not may_publish_markup(msgstr) and "<" not in msgid and "{" not in msgid:
        return None  # refusals_between's "plain words on both sides", told without an inventory
    else:
        source = publishing_inventory(msgid, (), markdown, parse=False)
        target = publishing_inventory(msgstr, (), markdown, parse=False)
    refusals = refusals_between(source, target)
    return refusals[0] if refusals else None


def is_markdown_text(kinds: Iterable[str]) -> bool:
    """Whether text of these segment kinds is published as Markdown (a paragraph, a table
    cell…) rather than raw: text inside an HTML block or one of its tags' attributes, an
    abbreviation's tooltip, or a front matter value, which themes print unescaped. Unknown
    means raw, the strict reading."""
    kinds = [kind for kind in kinds if kind]
    return bool(kinds) and not any(kind.startswith(("html ", "front matter", "abbreviation ")) for kind in kinds)


def refusals_between(source: Inventory, target: Inventory) -> list[Refusal]:
    """Every reason :func:`refusal` knows, for QA to report each under its own check."""
    if not (target.unsafe_urls or target.html or target.attributes or target.links or target.images
            or target.bare_urls or target.liquid or source.html or source.attributes):
        return []  # plain words on both sides (most segments): nothing below can be found
    found = []
    added_urls = missing_and_added(source.unsafe_urls, target.unsafe_urls)[1]
    if added_urls:
        found.append(Refusal("unsafe-url", f"adds a script or data URL the source does not have: `{added_urls[0]}`"))
    # An attribute list is HTML attributes by another name: `*x*{: onclick="…"}` is
    # `<em onclick="…">` to kramdown, so it must match the source's like a tag.
    missing, added = missing_and_added(source.html + source.attributes, target.html + target.attributes)
    if added:
        found.append(Refusal("html", "adds HTML the source does not have: " + _quoted(added)))
    elif missing:
        found.append(Refusal("html", "HTML differs from the source: missing " + _quoted(missing)))
    added = missing_and_added(source.links, target.links)[1] + missing_and_added(source.images, target.images)[1]
    if added:
        found.append(Refusal("urls", "links to a URL the source does not have: " + _quoted(added)))
    else:
        known = {*source.bare_urls, *source.links, *source.images}
        new = [url for url in target.bare_urls if url not in known and not any(url in k for k in known)]
        if new:
            found.append(Refusal("urls", "adds a web or e-mail address the source does not have (Hugo and "
                                         "GitHub-style Markdown make it a link): " + _quoted(new)))
    added = missing_and_added(source.liquid, target.liquid)[1]
    if added:
        found.append(Refusal("liquid", "adds a Liquid tag or shortcode the source does not have: " + _quoted(added)))
    return found


def refusal_report(locale: str, refused: Refusal, msgid: str, where: str) -> str:
    """The one message for a refused translation, the same from render and from the preview
    (so a run that does both reports it once). ``where`` is the post and line it stands at."""
    return (f"translation for {locale} not published ({refused.message}); the source text stands "
            f"at {where}: {msgid[:60]!r}")


def _quoted(items: list[str]) -> str:
    shown = [item if len(item) <= 80 else item[:77] + "..." for item in items[:3]]
    more = f" and {len(items) - 3} more" if len(items) > 3 else ""
    return ", ".join(f"`{item}`" for item in shown) + more
