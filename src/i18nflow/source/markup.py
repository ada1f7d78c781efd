"""What a Markdown string carries besides its words: the inventory translation QA compares.

A translation must keep every URL, code span, HTML tag, Liquid tag, footnote reference and
do-not-translate term of its source, and must not add block structure or leave emphasis open.
:func:`inventory` lists those things for one msgid or msgstr, so QA is a comparison of two
inventories. It is built from markdown-it's tokens (the parser render uses), not from regular
expressions, so ``[text](url "title")``, nested brackets, reference links and autolinks are read
the way the site's renderer reads them.

``placeholders.markdown_signature`` fingerprints the same markup for machine translation, but as
one opaque tuple; QA needs each kind on its own to say *what* a translator dropped.

Most strings a translator touches are plain prose: :func:`inventory` parses only text that holds
a character that can start markup, which keeps ``check`` on a large site fast.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim, normalizeReference
from markdown_it.token import Token

from i18nflow.source.dialects.base import (
    cached_links,
    dispatched_inline,
    quick_links,
    quick_passes,
    quick_references,
)
from i18nflow.source.dialects.block_dispatch import dispatched_blocks
from i18nflow.source.dialects.fast_tokens import fast_tokens
from i18nflow.source.dialects.link_destinations import quick_destinations
from i18nflow.source.htmltags import html_inventory

_INLINE_TRIGGER = re.compile(r"[\[\]`<>*_~&\\!|]")
_BLOCK_TRIGGER = re.compile(r"(?:^|\n)[ \t]*(?:[#>\-+*=_`~<|:]|\d)")
_LIQUID = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}|\{%-?\s*(.*?)\s*-?%\}", re.S)
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
# A script or document URL where Markdown or HTML takes a URL; captured (briefly) so a
# translation cannot swap the source's ``data:`` image for a ``javascript:`` link unnoticed.
_UNSAFE_URL = re.compile(r"(?:\]\(<?|\]:<?|=[\"']?|<)((?:javascript|vbscript|data):[^\"'<>()\[\]]{0,40})")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20]+")
_NOT_PROSE = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\[\^[^\]\s]+\]|\]\([^)]*\)|(?:https?|ftp|javascript|mailto):\S*", re.S | re.I
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+|[\u00a0\u202f ]\d{3}(?!\d))*")
_NUMBER_SEPARATORS = re.compile(r"[.,\u00a0\u202f ]")
_ESCAPED_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\\\|")
_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")
_DIGIT = re.compile(r"\d")  # what _NUMBER needs (any Unicode decimal digit, as \d in it)
# What GFM's extended autolinks and Hugo's goldmark ``linkify`` (on by default) turn into a link
# without any markup: a scheme or ``www.`` address, or an e-mail address.
_WEB = r"(?:https?://|ftp://|www\.)[^\s<>`\"']+"
_BARE_URL = re.compile(_WEB + r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
# Its first alternative alone finds the same in a text without "@": the e-mail alternative,
# which tries each word from every letter on, was most of the scan of a long paragraph.
_WEB_ADDRESS = re.compile(_WEB, re.I)
_BARE_URL_TAIL = ".,:;!?*_~'\""
# An attribute list the builder puts on an element as HTML attributes: kramdown's span and
# block IALs and extensions (``*x*{: onclick="…"}``, ``{:.note}``, ``{::nomarkdown}``), and
# goldmark's (``## Title {#id .class}``). Liquid's ``{{``/``{%`` and prose braces are not.
# goldmark's stand at a line's end after a space (a heading's, or a block's own line), which
# keeps LaTeX such as ``\sum_{k=1}`` out.
_ATTRIBUTE_LIST = re.compile(
    r"\{:[^{}\n]*\}|(?:(?<=[ \t])|^)\{[ \t]*(?:[.#][\w-]|[\w-]+[ \t]*=)[^{}\n]*\}(?=[ \t]*$)", re.M
)
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:[ \t]*<?([^\s>]+)>?", re.M)
# What a block other than a paragraph can begin with on a line of its own (see _one_paragraph)
_BLOCK_START = frozenset("#>*-_+`~<0123456789")
# The parser's block rules and core chain _one_paragraph was worked out for, in order
_SHORTCUT_BLOCK_RULES = ("table", "code", "fence", "blockquote", "hr", "list", "reference", "html_block",
                         "heading", "lheading", "paragraph")
_SHORTCUT_CORE_RULES = ("normalize", "block", "inline")

References = tuple[tuple[str, str], ...]  # (normalized label, href) of a post's link definitions

BLOCK_NAMES = {
    "bullet_list_open": "a list",
    "ordered_list_open": "a numbered list",
    "heading_open": "a heading",
    "fence": "a code block",
    "code_block": "a code block",
    "blockquote_open": "a blockquote",
    "html_block": "an HTML block",
    "hr": "a horizontal rule",
    "table_open": "a table",
}


@dataclass(frozen=True)
class Inventory:
    """The markup of one string; each field is a sorted tuple so equal markup compares equal."""

    links: tuple[str, ...] = ()  # link URLs, fragment-only ones excluded (see ``fragments``)
    fragments: tuple[str, ...] = ()  # ``#anchor`` links inside the post
    images: tuple[str, ...] = ()
    code: tuple[str, ...] = ()
    html: tuple[str, ...] = ()
    liquid: tuple[str, ...] = ()
    footnotes: tuple[str, ...] = ()
    blocks: tuple[str, ...] = ("paragraph_open",)  # block token types, in order
    stray_emphasis: int = 0  # ``*``/``_``/``~~`` runs that opened or closed nothing
    unsafe_urls: tuple[str, ...] = ()  # javascript:/vbscript:/data: URLs (Markdown or HTML)
    bare_urls: tuple[str, ...] = ()  # addresses a builder links without markup (see bare_urls)
    attributes: tuple[str, ...] = ()  # kramdown/goldmark attribute lists, spaces normalised
    escaped_pipes: int = 0
    unescaped_pipes: int = 0
    numbers: tuple[str, ...] = ()
    visible: str = field(default="", compare=False)  # the words a reader sees


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """The site's Markdown dialect, with escapes kept apart from text (``text_join`` off):
    an escaped ``\\*`` is a literal star, not a stray emphasis delimiter."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")
    quick_references(parser)
    quick_links(parser)
    quick_destinations(parser)
    dispatched_inline(parser)
    quick_passes(parser)
    cached_links(parser)  # a msgid's links recur in each language's msgstr
    dispatched_blocks(parser)
    fast_tokens(parser)
    return parser


@lru_cache(maxsize=1)
def _shortcut_applies() -> bool:
    """Whether :func:`_one_paragraph`'s reading of the block rules holds for :func:`_parser`:
    the same rules, enabled, in the same order (a parser that grew one parses in full)."""
    parser = _parser()
    block = tuple(rule.name for rule in parser.block.ruler.__rules__ if rule.enabled)
    core = tuple(rule.name for rule in parser.core.ruler.__rules__ if rule.enabled)
    return block == _SHORTCUT_BLOCK_RULES and core == _SHORTCUT_CORE_RULES


@lru_cache(maxsize=16)
def references_in(text: str) -> References:
    """The reference-style link definitions (``[label]: url``) of a post, for :func:`inventory`;
    remembered: render and the preview ask once per language of the same post."""
    found = {
        normalizeReference(label): url for label, url in _REFERENCE_DEFINITION.findall(text)
    }
    return tuple(sorted(found.items()))


@lru_cache(maxsize=8192)
def inventory(text: str, references: References = (), markdown: bool = False) -> Inventory:
    """The markup of ``text`` as a translator must keep it; cached, since every locale of a
    post compares against the same msgid. ``markdown``: the text is Markdown, not raw HTML
    (``htmltags``: escaped and unfinished tags are text there)."""
    plain = plain_inventory(text, markdown)
    if not _INLINE_TRIGGER.search(text) and not _BLOCK_TRIGGER.search(text):
        return plain
    return _parsed(text, references, plain)


@lru_cache(maxsize=8192)
def plain_inventory(text: str, markdown: bool = False) -> Inventory:
    """What :func:`inventory` finds without the Markdown parse: everything but links, images,
    code spans, blocks and emphasis. Equal to it for those fields; and a text with neither
    ``[`` nor ``<`` has no link or image, so it is all the publishing rule needs then."""
    liquid, unsafe, bare, attributes, tags = _published_markup(text, markdown)
    footnotes = tuple(sorted(_FOOTNOTE_REF.findall(text))) if "[^" in text else ()
    escaped = len(_ESCAPED_PIPE.findall(text)) if "|" in text else 0
    unescaped = len(_PIPE.findall(text)) - escaped if "|" in text else 0
    return Inventory(
        liquid=liquid,
        footnotes=footnotes,
        unsafe_urls=unsafe,
        bare_urls=bare,
        attributes=attributes,
        html=tags,
        escaped_pipes=escaped,
        unescaped_pipes=unescaped,
        numbers=numbers_in(text),
        visible=text,
    )


@lru_cache(maxsize=8192)
def publishing_inventory(text: str, references: References = (), markdown: bool = False,
                         parse: bool = True) -> Inventory:
    """The fields of :func:`inventory` (with ``parse``, else of :func:`plain_inventory`) that
    the publishing rule reads (``safety.refusals_between``): links, images, HTML, attribute
    lists, script, bare and Liquid URLs, each equal to theirs. The others keep their defaults:
    QA, which reports numbers, code and blocks too, takes the full inventory. Cheaper for the
    preview, which asks for every translated segment: no number, emphasis or visible text."""
    liquid, unsafe, bare, attributes, tags = _published_markup(text, markdown)
    links: list[str] = []
    images: list[str] = []
    if parse and (_INLINE_TRIGGER.search(text) or _BLOCK_TRIGGER.search(text)):
        for token in _tokens(text, references):
            if token.type == "inline":
                _links_and_images(token.children or [], links, images)
    return Inventory(links=tuple(sorted(links)), images=tuple(sorted(images)), html=tags, liquid=liquid,
                     unsafe_urls=unsafe, bare_urls=bare, attributes=attributes)


def may_publish_markup(text: str) -> bool:
    """Whether :func:`plain_inventory` can find Liquid, an attribute list, HTML, a script URL
    or a bare address in ``text``: what each of them needs (``{``, ``<``, a script or data
    URL's colon or an entity, an address's dot and ``://``, ``www.`` or ``@``) is there. Told
    from characters, each looked for at C speed (a regular expression's scan of a long
    non-Latin-1 paragraph costs more than the rest of the check)."""
    return "{" in text or "<" in text or _may_be_url(text) or _may_be_bare_url(text)


def _may_be_url(text: str) -> bool:
    """What :data:`_UNSAFE_URL` needs in the text it reads (entities decoded, control
    characters and spaces dropped, lowered): ``javascript:``, ``vbscript:`` or ``data:``, so an
    entity, or a colon after a ``t`` or an ``a`` (the only characters ``str.lower`` ends in
    those) with only such dropped characters between. A ``https:`` link is not scanned."""
    if "&" in text:
        return True
    colon = text.find(":")
    while colon >= 0:
        at = colon - 1
        while at >= 0 and text[at] <= " ":
            at -= 1
        if at >= 0 and text[at] in "tTaA":
            return True
        colon = text.find(":", colon + 1)
    return False


def _may_be_bare_url(text: str) -> bool:
    """What one of :data:`_BARE_URL`'s alternatives needs: a dot, and ``://``, ``@`` or
    ``www.`` (which ends in ``w.`` or ``W.``: no other character is a ``w`` to ``re.I``)."""
    return "." in text and ("://" in text or "@" in text or "w." in text or "W." in text)


def _published_markup(text: str, markdown: bool) -> tuple[tuple[str, ...], ...]:
    """(liquid, unsafe_urls, bare_urls, attributes, html) of ``text``, as :class:`Inventory`
    holds them: what a builder publishes from its characters alone, without a Markdown parse."""
    liquid = tuple(sorted(_normal_liquid(m) for m in _LIQUID.finditer(text))) if "{" in text else ()
    attributes = tuple(sorted(" ".join(m.split()) for m in _ATTRIBUTE_LIST.findall(text))) if "{" in text else ()
    scripts = _UNSAFE_URL.findall(_CONTROL_OR_SPACE.sub("", html.unescape(text)).lower()) if _may_be_url(text) else []
    if "<" not in text:  # html_inventory finds no tag, comment or script URL
        return liquid, tuple(sorted(scripts)), bare_urls(text), attributes, ()
    tags = html_inventory(text, markdown)
    unsafe = tuple(sorted([*scripts, *tags.urls]))
    return liquid, unsafe, bare_urls(text), attributes, tuple(sorted(tags.items.elements()))


def bare_urls(text: str) -> tuple[str, ...]:
    """Web and e-mail addresses written as plain text, as GFM and goldmark's linkify cut them
    (trailing punctuation and an unbalanced ``)`` are not part of the link). Hugo publishes
    each as a link, so a translation may not bring one its source lacks."""
    if not _may_be_bare_url(text):
        return ()
    found = []
    for match in (_BARE_URL if "@" in text else _WEB_ADDRESS).finditer(text):
        url = match.group().rstrip(_BARE_URL_TAIL)
        while url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1].rstrip(_BARE_URL_TAIL)
        if "." in url:
            found.append(url)
    return tuple(sorted(found))


def _tokens(text: str, references: References) -> list[Token]:
    """markdown-it's tokens for ``text`` (``_parser().parse``), parsing a text that can only be
    one paragraph as such without the block pass (see :func:`_one_paragraph`)."""
    # no "references" without any: a missing key, like an empty one, makes no reference link,
    # and lets quick_links skip a "[" that no "](" follows
    env: dict[str, object] = {"references": {label: {"href": url, "title": ""} for label, url in references}} if references else {}
    parser = _parser()
    if not _one_paragraph(text) or not _shortcut_applies():
        return parser.parse(text, env)
    # what the block pass's paragraph rule pushes, and the core chain's inline rule then parses
    opening = Token("paragraph_open", "p", 1, map=[0, 1], block=True)
    content = mdTrim(text)
    children: list[Token] = []
    parser.inline.parse(content, parser, env, children)
    inline = Token("inline", "", 0, map=[0, 1], level=1, children=children, content=content, block=True)
    return [opening, inline, Token("paragraph_close", "p", -1, block=True)]


def _one_paragraph(text: str) -> bool:
    """Whether markdown-it reads ``text`` as one paragraph of all its text, which the block
    pass (splitting lines, trying a dozen rules) only confirms: a single line (no ``\r``, nor
    the NUL that normalize would replace) with words on it, indented less than a code block
    (spaces only), not beginning as a heading, blockquote, rule, list, fence or HTML block
    would, nor as a link reference definition (which needs ``]:``). GFM tables and setext
    headings need a second line. tests/source/test_publishing_inventory.py holds the tokens
    equal to the full parse's on every kind of text."""
    if "\n" in text or "\r" in text or "\0" in text:
        return False
    words = text.lstrip(" ")
    if not words or len(text) - len(words) > 3 or words[0] in _BLOCK_START or words[0] == "\t":
        return False
    return not (words[0] == "[" and "]:" in words)


def _parsed(text: str, references: References, plain: Inventory) -> Inventory:
    tokens = _tokens(text, references)
    collected = _Collector()
    for token in tokens:
        if token.type == "inline":
            collected.walk(token.children or [])
    visible = " ".join(collected.visible)
    return replace(
        plain,
        links=tuple(sorted(collected.links)),
        fragments=tuple(sorted(collected.fragments)),
        images=tuple(sorted(collected.images)),
        code=tuple(sorted(collected.code)),
        blocks=tuple(t.type for t in tokens if t.type != "inline" and not t.type.endswith("_close")),
        stray_emphasis=collected.stray,
        numbers=numbers_in(visible),
        visible=visible,
    )


def _links_and_images(children: list[Token], links: list[str], images: list[str]) -> None:
    """:class:`_Collector`'s links (fragment-only ones left out) and images, and nothing else."""
    for child in children:
        kind = child.type
        if kind == "link_open":
            href = str(child.attrs.get("href", ""))
            if not href.startswith("#"):
                links.append(href)
        elif kind == "image":
            images.append(str(child.attrs.get("src", "")))
            _links_and_images(child.children or [], links, images)


class _Collector:
    """One pass over inline tokens, sorting each into the inventory's lists."""

    def __init__(self) -> None:
        self.links: list[str] = []
        self.fragments: list[str] = []
        self.images: list[str] = []
        self.code: list[str] = []
        self.visible: list[str] = []
        self.stray = 0

    def walk(self, children: list[Token]) -> None:
        for child in children:
            kind = child.type
            if kind == "link_open":
                href = str(child.attrs.get("href", ""))
                (self.fragments if href.startswith("#") else self.links).append(href)
            elif kind == "image":
                self.images.append(str(child.attrs.get("src", "")))
                self.walk(child.children or [])
            elif kind == "code_inline":
                self.code.append(child.content)
            elif kind == "text":
                self.visible.append(child.content)
                self.stray += _stray_delimiters(child.content)
            elif kind == "text_special":
                self.visible.append(child.content)


def _stray_delimiters(text: str) -> int:
    """Delimiter runs markdown-it left as text: an emphasis the translator opened but never
    closed. Underscores inside words (``snake_case``) are never delimiters."""
    count = len(re.findall(r"\*+|~~+", text))
    for run in re.finditer(r"_+", text):
        before = text[run.start() - 1] if run.start() else " "
        after = text[run.end()] if run.end() < len(text) else " "
        count += not (before.isalnum() and after.isalnum())
    return count


def _normal_liquid(match: re.Match[str]) -> str:
    """``{{site.url}}`` and ``{{ site.url }}`` are the same Liquid output."""
    inner = re.sub(r"\s+", " ", match.group(1) if match.group(1) is not None else match.group(2))
    return ("{{ %s }}" if match.group(1) is not None else "{%% %s %%}") % inner


def numbers_in(visible: str) -> tuple[str, ...]:
    """Numbers a reader sees, with grouping and decimal separators ignored, so ``1,000.5``
    and ``1.000,5`` (the same number written for another locale) compare equal."""
    if not _DIGIT.search(visible):
        return ()
    prose = _NOT_PROSE.sub(" ", visible)
    return tuple(sorted(_NUMBER_SEPARATORS.sub("", n) for n in _NUMBER.findall(prose)))


def count_term(text: str, term: str) -> int:
    """Occurrences of a do-not-translate term as a whole word (case-sensitive: it is a name)."""
    return len(re.findall(rf"(?<!\w){re.escape(term)}(?!\w)", text))


def missing_and_added(source: tuple[str, ...], translation: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Items the translation lost and items it gained, counting repeats."""
    if source == translation:
        return [], []
    have, want = Counter(translation), Counter(source)
    return sorted((want - have).elements()), sorted((have - want).elements())


def edge_whitespace(text: str) -> tuple[str, str]:
    """Leading and trailing whitespace, which render copies into the page as they are."""
    core = text.strip()
    if not core:
        return text, ""
    start = text.index(core[0])
    return text[:start], text[start + len(core) :]


def first_new_block(source: Inventory, translation: Inventory) -> str | None:
    """The block a translation opens that its source does not have, named for a translator."""
    if source.blocks == translation.blocks:
        return None
    extra = Counter(translation.blocks) - Counter(source.blocks)
    for block in translation.blocks:
        if extra.get(block):
            return BLOCK_NAMES.get(block, block.removesuffix("_open"))
    return "a different block structure"

