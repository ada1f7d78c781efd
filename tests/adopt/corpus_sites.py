"""The shared corpora laid out as the sites they came from, with what a build needs to run.

The corpus files are flat (``owner__repo__path__to__file.md``); here each goes back to a path
like the one it had: Hugo pages below ``content/<repo>/`` (the repository's own language folder
dropped, other languages kept as Hugo's file-name suffix), Jekyll posts in ``_posts/<repo>/``
and undated pages in a ``_treatments`` collection. Themes are not part of the corpus, so the
layouts are minimal and every shortcode, include and Liquid tag the pages use gets a stub that
shows its inner text: the real generators then build the real pages.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve()
# ../shared next to the repository (CI, /work/main), or next to the worktrees' folder
CORPUS = next((p for p in (HERE.parents[3] / "shared" / "corpus", HERE.parents[4] / "shared" / "corpus")
               if p.is_dir()), HERE.parents[3] / "shared" / "corpus")
HUGO_CORPUS = CORPUS / "hugo"
JEKYLL_CORPUS = CORPUS / "posts"
_LANG_DIR = re.compile(r"^(?:[a-z]{2}|[a-z]{2}-[A-Za-z]{2,4})$")
_DATED = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}-")


def hugo_files() -> list[Path]:
    return sorted(p for p in HUGO_CORPUS.glob("*.md") if "__" in p.name) if HUGO_CORPUS.is_dir() else []


def jekyll_files() -> list[Path]:
    return sorted(p for p in JEKYLL_CORPUS.glob("*.md") if "__" in p.name) if JEKYLL_CORPUS.is_dir() else []


def hugo_path(name: str) -> str:
    """``google__docsy__docsy.dev__content__en__docs__x.md`` → ``content/docsy/docs/x.md``."""
    parts = name.split("__")
    repo = parts[1].lower()
    marks = [i for i, part in enumerate(parts) if part == "content" or part.startswith("content.")]
    rest = parts[marks[0] + 1 :] if marks else parts[2:]
    lang = marks and parts[marks[0]].partition(".")[2]
    if len(rest) > 1 and _LANG_DIR.match(rest[0]):
        lang = rest[0] if rest[0] != "en" else lang
        rest = rest[1:]
    stem, ext = rest[-1].rsplit(".", 1)
    if lang and lang != "en" and not stem.endswith(f".{lang}"):
        rest[-1] = f"{stem}.{lang}.{ext}"
    return "/".join(["content", repo, *rest])


def jekyll_path(name: str) -> str:
    """Dated posts into ``_posts/<repo>/``, the others into the ``_treatments`` collection."""
    owner, repo, rest = name.split("__", 2)
    folder = "_posts" if _DATED.match(rest) else "_treatments"
    return f"{folder}/{repo.lower()}/{rest}"


def hugo_site(root: Path, files: list[Path] | None = None, language_folder: str = "") -> list[str]:
    """A Hugo site of the corpus (or of ``files``); returns the pages' paths. With
    ``language_folder`` the pages go to ``content/<it>/`` (a content folder per language)."""
    written = []
    for source in files if files is not None else hugo_files():
        path = hugo_path(source.name)
        if language_folder:
            path = path.replace("content/", f"content/{language_folder}/", 1)
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(path)
    (root / "hugo.toml").write_text(textwrap.dedent("""\
        baseURL = "http://example.org/"
        title = "Corpus"
        defaultContentLanguage = "en"
        refLinksErrorLevel = "WARNING"
        disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
        [markup.goldmark.renderer]
        unsafe = true
        [outputFormats.Reveal]
        baseName = "index"
        mediaType = "text/html"
        isHTML = true
        """))
    layouts = root / "layouts"
    page = ('<!DOCTYPE html><html lang="{{ .Lang }}"><body><h1>{{ .Title }}</h1>{{ .Content }}'
            '<nav>{{ range .Translations }}<a hreflang="{{ .Lang }}" href="{{ .RelPermalink }}">{{ .Lang }}</a>'
            '{{ end }}</nav></body></html>\n')
    listing = ('<!DOCTYPE html><html lang="{{ .Lang }}"><body><h1>{{ .Title }}</h1>{{ .Content }}<ul>'
               '{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>'
               '<nav>{{ range .Translations }}<a hreflang="{{ .Lang }}" href="{{ .RelPermalink }}">{{ .Lang }}</a>'
               '{{ end }}</nav></body></html>\n')
    _write(layouts / "_default" / "single.html", page)
    _write(layouts / "_default" / "list.html", listing)
    _write(layouts / "index.html", listing)
    shortcodes = _shortcodes(root / "content")
    _self_close(root / "content", [name for name, paired in shortcodes.items() if paired])
    for name, paired in shortcodes.items():
        # Hugo wants a closing tag for every use of a shortcode whose template reads .Inner
        _write(layouts / "shortcodes" / f"{name}.html", "{{ with .Inner }}{{ . }}{{ end }}" if paired else "")
    return written


def _self_close(content: Path, paired: list[str]) -> None:
    """The themes disagree (hugo-book's ``katex`` wraps text, congo's is a bare marker), and one
    site has one template per shortcode: a page that never closes one that others pair gets the
    self-closing form, ``{{< katex />}}``, which Hugo reads as the same call without inner text."""
    for path in content.rglob("*.md"):
        text = path.read_text(encoding="utf-8", errors="replace")
        new = text
        for name in paired:
            if re.search(r"\{\{[<%]\s*/\s*" + re.escape(name) + r"\b", text) is None:
                new = re.sub(r"(\{\{([<%])\s*" + re.escape(name) + r"\b[^}]*?)\s*(?<!/)([>%]\}\})",
                             lambda m: f"{m.group(1)} /{m.group(3)}", new)
        if new != text:
            path.write_text(new, encoding="utf-8")


def _shortcodes(content: Path) -> dict[str, bool]:
    """Every shortcode the pages use, and whether any use has a closing tag."""
    found: dict[str, bool] = {}
    for path in content.rglob("*.md"):
        text = path.read_text(encoding="utf-8", errors="replace")
        text = re.sub(r"\{\{<\s*/\*.*?\*/\s*>\}\}|\{\{%\s*/\*.*?\*/\s*%\}\}", "", text, flags=re.S)
        for name in re.findall(r"\{\{[<%]\s*([\w][\w./-]*)", text):
            found.setdefault(name, False)
        for name in re.findall(r"\{\{[<%]\s*/\s*([\w][\w./-]*)", text):
            found[name] = True
    return {name: paired for name, paired in found.items() if name not in {"ref", "relref", "highlight"}}


def jekyll_site(root: Path, files: list[Path] | None = None) -> list[str]:
    """A Jekyll site of the corpus (or of ``files``); returns the pages' paths."""
    written = []
    for source in files if files is not None else jekyll_files():
        target = root / jekyll_path(source.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        # Jekyll refuses a document with an empty date: (its own site had it as a page)
        target.write_bytes(re.sub(rb"(?m)^date:[ \t]*\r?\n", b"", data, count=1) if data.startswith(b"---") else data)
        written.append(jekyll_path(source.name))
    (root / "_config.yml").write_text(textwrap.dedent("""\
        title: Corpus
        collections:
          treatments:
            output: true
        defaults:
          - scope: {path: ""}
            values: {layout: default}
        liquid:
          error_mode: lax
        """))
    layout = ('<!DOCTYPE html><html lang="{{ page.lang | default: site.default_lang | default: "en" }}"><body>'
              "<h1>{{ page.title }}</h1>{{ content }}</body></html>\n")
    for name in {"default"} | _layouts(root):  # the themes' layouts, all one page here
        _write(root / "_layouts" / f"{name}.html", layout)
    includes = _includes(root)
    for name in includes:
        if not any(other.startswith(name + "/") for other in includes):  # "embed" next to "embed/x.html"
            _write(root / "_includes" / name, "")
    _write(root / "_plugins" / "stubs.rb", _liquid_stubs(root))
    return written


def _layouts(root: Path) -> set[str]:
    found: set[str] = set()
    for path in root.rglob("*.md"):
        found.update(re.findall(r"^layout:\s*[\"']?([\w-]+)", path.read_text(encoding="utf-8", errors="replace"), re.M))
    return found


def _includes(root: Path) -> set[str]:
    found: set[str] = set()
    for path in root.rglob("*.md"):
        found.update(re.findall(r"\{%-?\s*include\s+([\w./-]*\w)(?=[\s%-])", path.read_text(encoding="utf-8", errors="replace")))
    return found


_LIQUID_BUILTIN = {
    "if", "elsif", "else", "endif", "unless", "endunless", "case", "when", "endcase", "for",
    "endfor", "break", "continue", "assign", "capture", "endcapture", "raw", "endraw", "comment",
    "endcomment", "highlight", "endhighlight", "include", "include_relative", "increment",
    "decrement", "cycle", "tablerow", "endtablerow", "liquid", "echo", "render", "link",
}


def _liquid_stubs(root: Path) -> str:
    """A plugin giving every tag of a theme or plugin the posts use a stub (Jekyll stops on an
    unknown tag): blocks show their inner text, tags show nothing, ``post_url`` a fixed URL."""
    tags: set[str] = set()
    ends: set[str] = set()
    for path in root.rglob("*.md"):
        text = path.read_text(encoding="utf-8", errors="replace")
        for name in re.findall(r"\{%-?\s*([A-Za-z_][\w-]*)", text):
            (ends if name.startswith("end") else tags).add(name)
    tags -= _LIQUID_BUILTIN | {"post_url"}
    blocks = sorted(name for name in tags if f"end{name}" in ends)
    singles = sorted(tags - set(blocks))
    return "\n".join([
        "class CorpusBlock < Liquid::Block; end",
        "class CorpusTag < Liquid::Tag; def render(context) = ''; end",
        "class CorpusPostUrl < Liquid::Tag; def render(context) = '/posts/'; end",
        *(f"Liquid::Template.register_tag({name!r}, CorpusBlock)" for name in blocks),
        *(f"Liquid::Template.register_tag({name!r}, CorpusTag)" for name in singles),
        "Liquid::Template.register_tag('post_url', CorpusPostUrl)",
        "",
    ])


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
