r"""The raw HTML in a string as a browser would see it: tags, attributes, comments, counted.

Translation QA and render compare what HTML a msgstr carries with what its msgid carries. A
regular expression cannot do that: one stray quote (``<img src=x onerror="…" x'>``) hides a tag
from it while a browser still runs the handler. So the string is read by the standard library's
``html.parser``, which tokenises the way browsers do (unquoted and oddly quoted attributes,
``<a/onclick=…>``, unknown tags). Where it is laxer than a browser we err on the strict side:
text that starts a tag but never ends it (``<img src=x onerror=…`` at the end of a translation,
which the page around it would complete) is an item of its own, and so is every comment, in
full, so ``<!--> <img …> -->`` (a comment that ends at once in a browser) cannot hide anything.

That strictness is for raw contexts: text inside an HTML block, and front matter values (themes
print ``{{ page.title }}`` unescaped). In Markdown text (``markdown=True``: paragraphs, headings,
list items, table cells) a backslash-escaped ``\<`` is a literal character and an unfinished tag
is shown as text by markdown-it, kramdown and goldmark alike, so neither counts there.

Each item is a normalised string (``<a href="x" class="y">``, attributes sorted), so a
translator may reorder attributes and change the words of ``alt``/``title``, nothing else.
Markdown autolinks (``<https://example.com>``) are not HTML and are left out.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser

# Attributes whose value is prose a translator translates; their value is not compared.
TEXT_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "aria-description", "placeholder", "label", "summary"})
# Attributes a browser follows or loads: a script URL in one of them runs or navigates.
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "content",
    "srcset", "cite", "longdesc", "codebase", "manifest", "ping", "dynsrc", "lowsrc",
})  # fmt: skip
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
_OPEN_TAG = re.compile(r"<[A-Za-z/!?]")
_ESCAPED_LT = re.compile(r"(?<!\\)((?:\\\\)*)\\<")
_SCRIPT_URL = re.compile(r"(?:^|url=|[\s,])(?:javascript|vbscript|data):")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20]+")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.items: list[str] = []
        self.scripts: list[str] = []
        self.urls: list[str] = []
        self.data: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items.append(_normal_tag(tag, attrs, self.get_starttag_text() or ""))
        self.urls.extend(_script_urls(attrs))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_script = False

    def handle_endtag(self, tag: str) -> None:
        self.items.append(f"</{tag}>")
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        else:
            self.data.append(data)

    def handle_comment(self, data: str) -> None:
        self.items.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.items.append(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self.items.append(f"<![{data}]>")

    def handle_pi(self, data: str) -> None:
        self.items.append(f"<?{data}>")

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """``<![name[`` with a keyword other than CDATA and its kin: Python 3.11's parser raises
        AssertionError on it (``<![[Pasted image]]`` from Obsidian did), a browser reads a
        bogus comment up to the next ``>``; read it as the browser does."""
        try:
            return int(super().parse_marked_section(i, report))
        except AssertionError:
            end = self.rawdata.find(">", i + 2)
            if end < 0:
                return -1  # unfinished: the rest is data, as for any unfinished declaration
            self.handle_comment(self.rawdata[i + 2 : end])
            return end + 1


def _normal_tag(tag: str, attrs: list[tuple[str, str | None]], raw: str) -> str:
    parts = []
    for name, value in sorted(attrs, key=lambda pair: (pair[0], pair[1] or "")):
        if name in TEXT_ATTRIBUTES:
            parts.append(f'{name}="…"')
        elif value is None:
            parts.append(name)
        else:
            parts.append(f'{name}="{value}"')
    closing = "/" if raw.rstrip().endswith("/>") else ""
    return f"<{tag}{''.join(' ' + part for part in parts)}{closing}>"


def _script_urls(attrs: list[tuple[str, str | None]]) -> list[str]:
    """Values of URL attributes that run script or carry a document (entities and the
    whitespace and controls browsers ignore in a scheme removed)."""
    found = []
    for name, value in attrs:
        if value is None or name not in URL_ATTRIBUTES:
            continue
        compact = _CONTROL_OR_SPACE.sub("", unescape(value)).lower()
        if _SCRIPT_URL.search(compact):
            found.append(compact)
    return found


class HtmlInventory:
    """The HTML of one string: normalised items, inline script bodies, script URLs."""

    def __init__(self, items: Counter[str], scripts: tuple[str, ...], urls: tuple[str, ...]):
        self.items = items
        self.scripts = scripts
        self.urls = urls


@lru_cache(maxsize=8192)
def html_inventory(text: str, markdown: bool = False) -> HtmlInventory:
    """Every tag, comment and declaration in ``text``, as a browser would find them (in
    Markdown text, see the module's docstring, escaped and unfinished tags are text)."""
    if "<" not in text:
        return HtmlInventory(Counter(), (), ())
    if markdown:
        text = _ESCAPED_LT.sub(lambda m: m.group(1) + "\\\ufffc", text)
    collector = _Collector()
    collector.feed(_AUTOLINK.sub(" ", text))
    collector.close()
    items = Counter(collector.items)
    if not markdown:
        # A tag the parser could not finish ("<img src=x onerror=…" at the very end) is data to
        # it, but raw HTML around the translation would finish it.
        for match in _OPEN_TAG.finditer("".join(collector.data)):
            items[f"unfinished {match.group(0)}"] += 1
    return HtmlInventory(items, tuple(collector.scripts), tuple(collector.urls))


def html_items(text: str, markdown: bool = False) -> tuple[str, ...]:
    """The normalised HTML items of ``text``, sorted (what QA compares)."""
    return tuple(sorted(html_inventory(text, markdown).items.elements()))


def inline_scripts(text: str) -> tuple[str, ...]:
    """The text of every inline ``<script>`` element, exactly as a browser hashes it."""
    return html_inventory(text).scripts
