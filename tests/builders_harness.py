"""Build a corpus and its localized copies with the real site builders (Jekyll, Hugo).

Shared by ``tests/e2e/test_builders.py`` (a few posts) and ``bench/builders.py`` (the whole
corpus × every variant). A variant is one locale of one i18nflow project: no translations,
Apertium, the pseudo engine, or hostile translations full of Markdown punctuation. Each is
rendered by the real CLI, then built as a site of its own by the real builder, and every page
compared with its source page: the element skeleton (tags in order, text aside), and the
Liquid, shortcode and math calls of the Markdown, byte for byte apart from text parameters.

The sites are minimal: one layout that marks the page body, stub includes, tags and shortcodes
that print their parameters (so a broken call shows in the skeleton), nothing else.
"""

from __future__ import annotations

import html as html_module
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import polib

from i18nflow.source.dialects import shortcodes
from i18nflow.source.htmltags import TEXT_ATTRIBUTES

VARIANTS = ("none", "apertium", "pseudo", "hostile")
# each variant is a locale of its own, so one project serves all four
VARIANT_LOCALE = {"none": "it", "apertium": "es", "pseudo": "fr", "hostile": "de"}
# what a translator might type: every character that opens Markdown somewhere (not Liquid or
# shortcode calls, nor attribute lists: the publishing rule refuses a translation that adds
# those, which would test nothing; a line starting "{:" or "{::" is still there, unclosed)
# (and no inline markup that pairs with the msgid's: the structure compared includes inline tags)
HOSTILE = "Traducción | barra # almohadilla > mayor - guion 1. + = {: $ < "
# markers the layouts write (Go templates drop HTML comments, so they are elements)
BODY_START, BODY_END = "<i18nflow-body>", "</i18nflow-body>"
_PAGE_MARK = re.compile(r'<i18nflow-page path="(.*?)">')

# Liquid tags Jekyll knows; anything else the corpus uses gets a stub tag in _plugins.
_LIQUID_BUILTIN = {
    "if", "elsif", "else", "endif", "unless", "endunless", "case", "when", "endcase", "for",
    "endfor", "break", "continue", "assign", "capture", "endcapture", "raw", "endraw", "comment",
    "endcomment", "highlight", "endhighlight", "include", "include_relative", "increment",
    "decrement", "cycle", "tablerow", "endtablerow", "liquid", "echo", "render",
}
_TAG_NAME = re.compile(r"\{%-?\s*([A-Za-z_][\w-]*)")
_INCLUDE = re.compile(r"\{%-?\s*include(?:_cached)?\s+([\w./-]*\w)(?=[\s%-])")
_INCLUDE_RELATIVE = re.compile(r"\{%-?\s*include_relative\s+([\w./-]*\w)(?=[\s%-])")
_SHORTCODE_NAME = re.compile(r"\{\{[<%]\s*(/?)\s*(\w[\w/.-]*)")
_LAYOUT = re.compile(r"^layout:\s*[\"']?([\w-]+)", re.M)


@dataclass
class Page:
    source: str  # the Markdown file's name inside the site
    html: str  # the page body between the layout's markers


@dataclass
class Build:
    ok: bool
    error: str
    pages: dict[str, Page] = field(default_factory=dict)


# sites -------------------------------------------------------------------------------


def site_kind(corpus: Path) -> str:
    return "hugo" if corpus.name == "hugo" else "jekyll"


def corpus_files(corpus: Path, limit: int | None = None, names: Sequence[str] = ()) -> list[Path]:
    files = sorted(f for f in corpus.glob("*.md") if f.name != "SOURCES.md")
    if names:
        files = [f for f in files if any(n in f.name for n in names)]
    return files[:limit] if limit else files


def page_names(files: Sequence[Path]) -> dict[str, Path]:
    """Short names: Hugo reads ``_index`` and ``.fr.md`` as meaning, Jekyll dates in names."""
    return {f"p{index:03d}.md": path for index, path in enumerate(files)}


def make_project(root: Path, kind: str, files: Sequence[Path]) -> dict[str, Path]:
    """The i18nflow project: the site's own config (which detection reads) and its pages."""
    root.mkdir(parents=True, exist_ok=True)
    names = page_names(files)
    folder = root / ("content/posts" if kind == "hugo" else "pages")
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in names.items():
        shutil.copyfile(path, folder / name)
    glob = "content/posts/*.md" if kind == "hugo" else "pages/*.md"
    locales = ", ".join(f'"{VARIANT_LOCALE[v]}"' for v in VARIANTS)
    (root / "i18nflow.toml").write_text(
        f'locales = [{locales}]\ncontent = ["{glob}"]\noutput = "build/{{locale}}/{{path}}"\n'
        'front_matter = ["title", "description", "summary"]\n[engines]\ndefault = "none"\n'
        '[render]\nadd_lang = false\n',
        encoding="utf-8",
    )
    if kind == "hugo":
        (root / "hugo.toml").write_text('baseURL = "http://example.org/"\n', encoding="utf-8")
    else:
        (root / "_config.yml").write_text("title: corpus\n", encoding="utf-8")
    return names


def write_site(site: Path, kind: str, pages: dict[str, bytes], inline: frozenset[str] = frozenset()) -> list[Path]:
    """Minimal sites of ``kind`` holding ``pages`` (name → Markdown bytes); their folders.

    Jekyll gets one site. Hugo insists that a shortcode whose template uses ``.Inner`` is closed
    and one that does not is not, and themes disagree (congo's ``katex`` is alone, hugo-book's
    wraps TeX), so Hugo pages go to as many sites as it takes for each stub to be one or the other.
    The stubs of ``inline`` shortcodes (:func:`inline_shortcodes` of the source pages) print a
    ``<span>``, the others a ``<div>``.
    """
    if site.exists():
        shutil.rmtree(site)
    if kind != "hugo":
        texts = [data.decode("utf-8", "replace") for data in pages.values()]
        _jekyll_skeleton(site, texts)
        _write_pages(site / "pages", pages)
        return [site]
    groups: list[tuple[dict[str, bool], dict[str, bytes]]] = []
    for name, data in pages.items():
        usage = _shortcode_usage(data.decode("utf-8", "replace"))
        for decided, members in groups:
            if all(decided.get(n, paired) == paired for n, paired in usage.items()):
                decided.update(usage)
                members[name] = data
                break
        else:
            groups.append((dict(usage), {name: data}))
    sites = []
    for index, (decided, members) in enumerate(groups):
        folder = site / f"part{index}"
        _hugo_skeleton(folder, decided, inline)
        _write_pages(folder / "content" / "posts", members)
        sites.append(folder)
    return sites


def _write_pages(folder: Path, pages: dict[str, bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in pages.items():
        (folder / name).write_bytes(data)


_ESCAPED_SHORTCODE = re.compile(r"\{\{[<%]\s*/\*.*?\*/\s*[>%]\}\}", re.S)


def _shortcode_usage(text: str) -> dict[str, bool]:
    """Each shortcode a page calls: True when it is closed somewhere (paired)."""
    calls = _SHORTCODE_NAME.findall(_ESCAPED_SHORTCODE.sub("", text))
    closed = {name for slash, name in calls if slash}
    return {name: name in closed for _, name in calls}


def _layout(path_expr: str, content: str) -> str:
    return f'<html><body><i18nflow-page path="{path_expr}"></i18nflow-page>{BODY_START}{content}{BODY_END}</body></html>\n'


def _jekyll_skeleton(site: Path, texts: list[str]) -> None:
    site.mkdir(parents=True)
    (site / "_config.yml").write_text("title: corpus\nexclude: []\ndefaults:\n  - scope: {path: \"\"}\n    values: {layout: default}\n", encoding="utf-8")
    layouts = site / "_layouts"
    layouts.mkdir()
    names = {"default", "post", "page"} | {m for t in texts for m in _LAYOUT.findall(t)}
    for name in names:
        (layouts / f"{name}.html").write_text(_layout("{{ page.path }}", "{{ content }}"), encoding="utf-8")
    includes = site / "_includes"
    stubs = [(includes, m) for t in texts for m in _INCLUDE.findall(t)]
    stubs += [(site / "pages", m) for t in texts for m in _INCLUDE_RELATIVE.findall(t)]  # next to the page
    for folder, name in sorted(set(stubs), key=lambda stub: len(stub[1]), reverse=True):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            continue
        path.write_text(
            f'<span data-include="{name}">{{% for p in include %}}<span data-p="{{{{ p[0] }}}}">'
            "{{ p[1] }}</span>{% endfor %}</span>",
            encoding="utf-8",
        )
    used = {m for t in texts for m in _TAG_NAME.findall(t)}
    blocks = sorted(n for n in used if f"end{n}" in used and n not in _LIQUID_BUILTIN)
    simple = sorted(n for n in used - _LIQUID_BUILTIN if not n.startswith("end") and n not in blocks)
    simple = sorted(set(simple) | {"post_url", "link"})
    plugins = site / "_plugins"
    plugins.mkdir()
    # post_url and link print a URL, mostly inside an href: a span there would break the tag
    urls = {"post_url", "link"}
    (plugins / "stubs.rb").write_text(
        "class StubTag < Liquid::Tag\n  def render(context) '<span data-tag=\"stub\"></span>' end\nend\n"
        "class StubUrl < Liquid::Tag\n  def render(context) '/stub-url/' end\nend\n"
        "class StubBlock < Liquid::Block\n  def render(context) '<div data-tag=\"stub\">' + super + '</div>' end\nend\n"
        + "".join(f"Liquid::Template.register_tag({n!r}, {'StubUrl' if n in urls else 'StubTag'})\n" for n in simple)
        + "".join(f"Liquid::Template.register_tag({n!r}, StubBlock)\n" for n in blocks),
        encoding="utf-8",
    )


def inline_shortcodes(pages: Iterable[bytes]) -> frozenset[str]:
    """Shortcodes every call of which sits inside a line of text: words before it on its line
    (``Text {{< icon >}} more``), closed on its line with words after (``{{% mark %}}Few{{%
    /mark %}} left``), or never closed with words after it (``{{% param x %}} says``). Such a call prints inline HTML on a real site (a mark, an icon, a kbd); a
    ``<div>`` stub there would make an HTML block of the paragraph the page never has."""
    inline: set[str] = set()
    block: set[str] = set()
    closed = {name for data in pages for name, paired in _shortcode_usage(data.decode("utf-8", "replace")).items() if paired}
    for data in pages:
        text = _ESCAPED_SHORTCODE.sub("", data.decode("utf-8", "replace"))
        for line in text.splitlines():
            for match in _SHORTCODE_NAME.finditer(line):
                slash, name = match.groups()
                if slash:
                    continue
                before = re.sub(r"^[\s>]*(?:[-+*]|\d+[.)])?\s*", "", line[: match.start()])
                closer = re.search(r"\{\{[<%]\s*/\s*" + re.escape(name) + r"\s*[>%]\}\}(.*)$", line[match.end():])
                words = bool(re.search(r"\w", _SHORTCODES.sub("", before)))
                # words after its closer on the line, or after a lone call (never closed)
                rest = closer.group(1) if closer is not None else "" if name in closed else line[match.end():]
                after = bool(re.search(r"\w", _SHORTCODES.sub("", rest)))
                (inline if words or after else block).add(name)
    return frozenset(inline - block)


def _hugo_skeleton(site: Path, usage: dict[str, bool], inline: frozenset[str] = frozenset()) -> None:
    layouts = site / "layouts"
    (layouts / "_default").mkdir(parents=True)
    (site / "hugo.toml").write_text(
        'baseURL = "http://example.org/"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
        "[markup.goldmark.renderer]\nunsafe = true\n"
        # reveal-hugo's pages ask for their own output format
        '[outputFormats.Reveal]\nbaseName = "index"\nmediaType = "text/html"\nisHTML = true\n',
        encoding="utf-8",
    )
    (layouts / "_default" / "single.html").write_text(_layout("{{ .File.Path }}", "{{ .Content }}"), encoding="utf-8")
    (layouts / "_default" / "list.html").write_text(_layout("{{ with .File }}{{ .Path }}{{ end }}", "{{ .Content }}"), encoding="utf-8")
    shortcodes = layouts / "shortcodes"
    for name, paired in usage.items():
        path = shortcodes / f"{name}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        inner = "{{ .Inner }}" if paired else ""
        tag = "span" if name in inline else "div"
        path.write_text(
            f'<{tag} data-sc="{name}">{{{{ range $k, $v := .Params }}}}<span data-p="{{{{ $k }}}}">'
            f"{{{{ $v }}}}</span>{{{{ end }}}}{inner}</{tag}>",
            encoding="utf-8",
        )


_FAILED_PAGE = re.compile(r"(p\d{3}\.md)")


def build(sites: Sequence[Path], kind: str) -> Build:
    """Run the real builder on each site; pages by source file name.

    A page the builder refuses is taken out and the site built again, so one broken page is
    one failure (its error kept), not a whole corpus without figures.
    """
    found = Build(True, "")
    errors = []
    for site in sites:
        for _attempt in range(20):
            part = _build_one(site, kind)
            if part.ok:
                break
            page = _FAILED_PAGE.search(part.error)
            folder = site / ("content/posts" if kind == "hugo" else "pages")
            if page is None or not (folder / page.group(1)).exists():
                return part
            (folder / page.group(1)).unlink()
            errors.append(f"{page.group(1)}: {part.error[:300]}")
        found.pages.update(part.pages)
    found.error = "\n".join(errors)
    return found


def _build_one(site: Path, kind: str) -> Build:
    if kind == "hugo":
        command = ["hugo", "--quiet", "--buildDrafts", "--buildFuture", "--buildExpired", "-s", str(site)]
        out = site / "public"
    else:
        command = ["jekyll", "build", "-q", "-s", str(site), "-d", str(site / "_site")]
        out = site / "_site"
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        return Build(False, (result.stderr or result.stdout).strip()[:1500])
    found = Build(True, "")
    for path in out.rglob("*.html"):
        text = path.read_text(encoding="utf-8", errors="replace")
        mark = _PAGE_MARK.search(text)
        if not mark or not mark.group(1):
            continue
        name = Path(mark.group(1)).name
        body = text[text.find(BODY_START) + len(BODY_START) : text.rfind(BODY_END)]
        found.pages[name] = Page(name, body)
    return found


# comparison ------------------------------------------------------------------------


class _Skeleton(HTMLParser):
    """Tags in order and text nodes, each text marked when it sits in code (pre/code/script)."""

    CODE = {"pre", "code", "script", "style", "svg", "math"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        # (text, in code, index of the tag before it): texts align by their place among tags
        self.texts: list[tuple[str, bool, int]] = []
        self.stack: list[tuple[str, bool]] = []  # open tags, each with "is code"
        self.calls: list[str] = []  # stub shortcodes and includes met so far (their parameters follow)
        self.breaks = 0  # <br>s: not structure for the hostile variant, which adds lines
        self.attributes: list[str] = []  # alt/title… words, in order (same tags: same order)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        marker = named.get("data-sc") or named.get("data-include") or ""
        if tag in ("abbr", "br"):
            # kramdown abbreviations mark words of the text, and a translation may break its
            # lines elsewhere (the hostile one does): text, not structure
            self.breaks += tag == "br"
            return
        self.attributes += [value for name, value in attrs if name in TEXT_ATTRIBUTES and value and not self.stack_is_code()]
        self.tags.append(f"<{tag}{' ' + marker if marker else ''}>")
        if marker:
            self.calls.append(marker)
        if tag not in ("br", "img", "hr", "input", "meta", "link", "source", "wbr"):
            # a stub's parameter that is not text (src, class, id, an admonition's type) is code
            param = named.get("data-p")
            code = param is not None and not is_text_param(self.calls[-1] if self.calls else "", param)
            self.stack.append((tag, code or tag in self.CODE))

    def stack_is_code(self) -> bool:
        return any(code for _, code in self.stack)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("abbr", "br"):
            return
        self.tags.append(f"</{tag}>")
        if any(open_tag == tag for open_tag, _ in self.stack):
            while self.stack and self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append((data, any(code for _, code in self.stack), len(self.tags)))

    def grouped(self) -> dict[int, tuple[str, bool]]:
        groups: dict[int, tuple[str, bool]] = {}
        for text, code, place in self.texts:
            old = groups.get(place, ("", False))
            groups[place] = (old[0] + text, old[1] or code)
        return groups


def skeleton(html: str) -> _Skeleton:
    parser = _Skeleton()
    parser.feed(html)
    parser.close()
    return parser


_CALLS = re.compile(r"\{\{[<%].*?[>%]\}\}|\{%.*?%\}|\{\{.*?\}\}", re.S)  # shortcode, Liquid
# Hugo runs no template code in content: only shortcodes are calls (``{{??}X}`` is text)
_SHORTCODES = re.compile(r"\{\{[<%].*?[>%]\}\}", re.S)
_MATH = re.compile(r"\$\$.*?\$\$|\\\[(?:(?!\n[ \t]*\n).)*?\\\]|\\\((?:(?!\n[ \t]*\n).)*?\\\)", re.S)
_TEXT_PARAM_NAME = re.compile(r"caption|title|alt|header|text|description|summary|label|subtitle")


def is_text_param(call: str, param: str) -> bool:
    """A stub's parameter is text when its name says so, or when the dialect's default table
    names it for that call (positional ones mean what each shortcode makes them mean: a tab's
    ``0`` is its label, an admonition's ``0`` its type)."""
    from i18nflow.source.dialects.registry import INCLUDE_TEXT, SHORTCODE_TEXT

    if _TEXT_PARAM_NAME.fullmatch(param):
        return True
    return any(name in (call, "*") and param in params for name, params in (*SHORTCODE_TEXT, *INCLUDE_TEXT))
_TEXT_PARAM = re.compile(
    r"\b(caption|title|alt|header|text|description|summary|label|name|subtitle)\s*=\s*(\"[^\"]*\"|'[^']*'|`[^`]*`)"
)


_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)\r?\n.*?^(?:---|\+\+\+)[ \t]*$", re.S | re.M)
_CODE = re.compile(r"^[ \t>]*(`{3,}|~{3,}).*?^[ \t>]*\1|(`+)[^`].*?\2", re.S | re.M)


_POSITIONAL = re.compile(r"(?<=[\s(])(\"[^\"]*\"|'[^']*')(?=[\s)%>/-])")


def _blank_text(call: str) -> str:
    """A call with its text parameters blanked: named ones, and positional quoted strings."""
    call = _TEXT_PARAM.sub(lambda m: m.group(1) + "=…", call)
    return _POSITIONAL.sub("…", call) if call.startswith("{{") else call


def calls(markdown: str, kind: str = "jekyll") -> list[str]:
    r"""The body's Liquid (Jekyll) or shortcode (Hugo) and math calls, text parameters blanked.

    Math is not math in code (``\`$$\``` is a code span about the delimiter); Liquid and
    shortcodes are expanded there too, so code is searched again for those alone.
    """
    pattern = _SHORTCODES if kind == "hugo" else _CALLS
    body = _FRONT_MATTER.sub("", markdown, count=1)
    prose = _CODE.sub(lambda m: " " * len(m.group()), body)
    found = [(m.start(), m.group()) for m in _MATH.finditer(pattern.sub(lambda m: " " * len(m.group()), prose))]
    found += [(m.start(), m.group()) for m in pattern.finditer(body)]
    return [_blank_text(c) for _, c in sorted(found)]


@dataclass
class Report:
    corpus: str
    variant: str
    pages: int = 0
    built: int = 0
    build_error: str = ""
    differ: list[str] = field(default_factory=list)
    calls_changed: list[str] = field(default_factory=list)
    code_offered: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    rejected: int = 0

    def line(self) -> str:
        return (
            f"{self.corpus:6} {self.variant:8} pages {self.built}/{self.pages}  structure differs {len(self.differ)}"
            f"  calls changed {len(self.calls_changed)}  code offered {len(self.code_offered)}"
            f"  text missed {len(self.missed)}  fallbacks {self.rejected}"
            + (f"\n  BUILD FAILED: {self.build_error[:600]}" if self.build_error else "")
        )


def compare(
    report: Report, source: Build, localized: Build, source_md: dict[str, str], localized_md: dict[str, str],
    offered: dict[str, str] | None = None,
) -> None:
    """Fill ``report`` with the pages that differ from their source page.

    ``offered`` (page → its msgids, :func:`words` of each, one per line) makes "text missed"
    precise: text the pseudo engine left as it was counts only when no msgid of the page holds
    its words (an entry the engine kept as it was, a reference link's label, is offered) and
    the Markdown has them only as prose, not as code, math, a link definition or a call (which
    the minimal site's stubs print as they are).
    """
    report.pages = len(source.pages)
    report.built = len([name for name in localized.pages if name in source.pages]) if localized.ok else 0
    report.build_error = localized.error
    if not localized.ok:
        return
    for name, page in sorted(source.pages.items()):
        other = localized.pages.get(name)
        if other is None:
            report.differ.append(f"{name}: not built")
            continue
        a, b = skeleton(page.html), skeleton(other.html)
        if a.tags != b.tags:
            report.differ.append(f"{name}: {_first_difference(a.tags, b.tags)}")
        elif a.breaks != b.breaks and report.variant != "hostile":
            # an engine keeps the source's hard breaks (a kramdown "\\" read as text lost one)
            report.differ.append(f"{name}: {a.breaks} line breaks ≠ {b.breaks}")
        elif report.variant == "pseudo":
            after = b.grouped()
            for place, (text, in_code) in a.grouped().items():
                new = after.get(place, ("", False))[0]
                if in_code and text != new:
                    report.code_offered.append(f"{name}: {text.strip()[:70]!r}")
                elif not in_code and text == new and _is_prose(text) and not _accounted(
                    text, (offered or {}).get(name), source_md.get(name, "")
                ):
                    report.missed.append(f"{name}: {text.strip()[:70]!r}")
            # an image's alt, a link's title: words a reader meets too
            for text, new in zip(a.attributes, b.attributes, strict=False):
                if text == new and _is_prose(text) and not _accounted(text, (offered or {}).get(name), source_md.get(name, "")):
                    report.missed.append(f"{name}: attribute {text.strip()[:60]!r}")
        kind = "hugo" if report.corpus == "hugo" else "jekyll"
        if name in source_md and name in localized_md and calls(source_md[name], kind) != calls(localized_md[name], kind):
            before, after = calls(source_md[name], kind), calls(localized_md[name], kind)
            diff = next(((x, y) for x, y in zip(before, after, strict=False) if x != y), (len(before), len(after)))
            report.calls_changed.append(f"{name}: {diff!r}"[:200])


# markup a page shows as it is written (kramdown prints a tag or an attribute list in a table
# cell as text, and its math as MathJax's \[…\], \(…\) and LaTeX environments): never offered
_LITERAL_MARKUP = re.compile(
    r"\s*(?:<[^<>]+>|\{:[^{}]*\}|\\\[.*\\\]|\\\(.*\\\)|\\begin\{([\w*]+)\}.*\\end\{\1\})\s*", re.S
)
_LINK_DEFINITION = re.compile(r"^[ \t>]*\[[^\]\n]+\]:.*(?:\n[ \t]+\S.*)?$", re.M)
_ALERT_MARK = re.compile(r"\[![A-Za-z]+\]")
_LATEX_ENVIRONMENT = re.compile(r"\\begin\{([A-Za-z]+\*?)\}.*?\\end\{\1\}", re.S)  # math wherever it stands


def words(text: str) -> str:
    """Letters and digits only, one space between runs: typography, markup and entities aside."""
    text = html_module.unescape(text).replace("’", "'").replace("‘", "'")
    return " ".join(re.findall(r"[^\W_]+", text)).lower()


@lru_cache(maxsize=4)
def _not_prose(markdown: str) -> str:
    """What the Markdown holds as code, math, link definitions, alert marks or calls, as words."""
    body = _FRONT_MATTER.sub("", markdown, count=1)
    found = [m.group() for pattern in (_CODE, _MATH, _LATEX_ENVIRONMENT, _LINK_DEFINITION, _ALERT_MARK) for m in pattern.finditer(body)]
    found += [_blank_text(m.group()) for m in _SHORTCODES.finditer(body)]  # text parameters are prose
    # bodies of code shortcodes (highlight, mermaid, code=true…), which the stubs print as they are
    found += [body[start:end] for start, end in shortcodes.code_bodies(body, [])]
    return "\n".join(f" {words(piece)} " for piece in found)


def _accounted(text: str, offered: str | None, markdown: str) -> bool:
    """Text the pseudo engine left alone that is no missed prose (see :func:`compare`), line by
    line (a paragraph of link definitions the stubs broke is one text node)."""
    if offered is None:
        return False
    for line in text.splitlines():
        said = words(line)
        stub = "data-sc=" in line or "data-p=" in line  # a stub's own output, printed as text
        if said and not stub and f" {said} " not in offered and f" {said} " not in _not_prose(markdown):
            return False
    return True


def _is_prose(text: str) -> bool:
    """Words a reader reads: not a URL, a path or a file name shown as link text, nor markup
    shown as it is written."""
    words = text.split()
    if _LITERAL_MARKUP.fullmatch(text):
        return False
    return bool(re.search(r"[A-Za-z]{3}", text)) and not (len(words) == 1 and re.search(r"[/@.:_]", text))


def _first_difference(a: list[str], b: list[str]) -> str:
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return f"tag {index}: {' '.join(a[max(0, index - 3) : index + 2])} ≠ {' '.join(b[max(0, index - 3) : index + 2])}"
    return f"{len(a)} tags ≠ {len(b)}"


# the run -------------------------------------------------------------------------


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "i18nflow", "-C", str(root), "-q", *args],
        capture_output=True, text=True, timeout=1800,
    )


def fill_hostile(root: Path, locale: str) -> None:
    for path in sorted((root / "locales" / locale / "LC_MESSAGES").glob("*.po")):
        po = polib.pofile(str(path))
        for entry in po:
            if entry.msgid and not entry.obsolete:
                entry.msgstr = f"{HOSTILE}{entry.msgid}\n# > - 1. | : * \n~~~ nota\n[nota]: y\n: def\n| a | b |\n{{:: y"
        po.save()


def localize(root: Path, variants: Iterable[str]) -> dict[str, int]:
    """Sync, translate each variant's locale its way, render; fallbacks per variant."""
    variants = list(variants)
    result = run_cli(root, "sync")
    if result.returncode not in (0, 1) or "Traceback" in result.stderr:
        raise RuntimeError(f"sync failed: {result.stderr[-2000:]}")
    for variant in variants:
        locale = VARIANT_LOCALE[variant]
        if variant in ("apertium", "pseudo"):
            run_cli(root, "translate", "--locale", locale, "--engine", variant)
        elif variant == "hostile":
            fill_hostile(root, locale)
    fallbacks: dict[str, int] = {}
    for variant in variants:
        result = run_cli(root, "-v", "render", "--include-machine", "--include-fuzzy", "--locale", VARIANT_LOCALE[variant])
        if "Traceback" in result.stderr:
            raise RuntimeError(result.stderr[-2000:])
        fallbacks[variant] = len(re.findall(r"not used|falls back|fell back", result.stderr + result.stdout))
    return fallbacks


def run_corpus(corpus: Path, work: Path, variants: Sequence[str] = VARIANTS, limit: int | None = None,
               names: Sequence[str] = ()) -> list[Report]:
    """Every step for one corpus; one report per variant."""
    kind = site_kind(corpus)
    files = corpus_files(corpus, limit, names)
    project = work / "project"
    mapping = make_project(project, kind, files)
    fallbacks = localize(project, variants)
    folder = "content/posts" if kind == "hugo" else "pages"
    source_md = {name: (project / folder / name).read_bytes() for name in mapping}
    inline = inline_shortcodes(source_md.values()) if kind == "hugo" else frozenset()
    source = build(write_site(work / "site-source", kind, source_md, inline), kind)
    if not source.ok:
        raise RuntimeError(f"the source site does not build: {source.error}")
    reports = []
    for variant in variants:
        locale = VARIANT_LOCALE[variant]
        pages = {name: (project / "build" / locale / name).read_bytes() for name in mapping}
        localized = build(write_site(work / f"site-{variant}", kind, pages, inline), kind)
        report = Report(corpus.name, variant, rejected=fallbacks.get(variant, 0))
        compare(report, source, localized,
                {n: d.decode("utf-8", "replace") for n, d in source_md.items()},
                {n: d.decode("utf-8", "replace") for n, d in pages.items()},
                offered_words(project, mapping))
        report.differ = [f"{mapping[n.split(':')[0]].name if n.split(':')[0] in mapping else ''} {n}" for n in report.differ]
        reports.append(report)
    return reports


def offered_words(project: Path, mapping: dict[str, Path]) -> dict[str, str]:
    """Each page's msgids (its template's), as :func:`words`, one per line."""
    found = {}
    for name in mapping:
        template = project / "locales" / "templates" / f"{Path(name).stem}.pot"
        if template.exists():
            found[name] = "\n".join(f" {words(entry.msgid)} " for entry in polib.pofile(str(template)))
    return found


def to_json(reports: Sequence[Report]) -> str:
    return json.dumps([r.__dict__ for r in reports], indent=1, ensure_ascii=False)
