"""Sites nobody on the team had seen: the project's own posts (``tests/fixtures/unseen``) written as
theme documentation, clinic and spa sites write them, with the constructs the shared corpus lacks
(kramdown: ``\\\\`` breaks, ``* TOC`` / ``{:toc}``, ALDs, ``parse_block_html``, footnotes with
code, includes with text; Hugo: TOML/JSON front matter, notices with titles, ``{{% mark %}}``
inside a sentence, shortcodes in quotes and list items, ref links, task and definition lists).

Each is rendered by the CLI with the pseudo engine and with hostile translations, then built by
the real Jekyll or Hugo (``builders_harness``): same element structure as the source page, the
same ``<br>`` count (pseudo), calls byte for byte, no code offered. A Hugo site with sections
(``_index.md``) and a page bundle with its resource is also localized and built multilingual.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from conftest import REPO

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from builders_harness import run_cli, run_corpus  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "unseen"


@pytest.mark.parametrize("corpus", ["posts", "hugo"])
def test_unseen_posts_build_with_their_source_structure(corpus: str, tmp_path: Path) -> None:
    builder = "hugo" if corpus == "hugo" else "jekyll"
    if shutil.which(builder) is None:
        pytest.skip(f"{builder} is missing")
    reports = run_corpus(FIXTURES / corpus, tmp_path, ("pseudo", "hostile"))
    for report in reports:
        assert report.pages == len(list((FIXTURES / corpus).glob("*.md"))), report.line()
        assert report.built == report.pages and not report.build_error, report.line()
        assert (report.differ, report.calls_changed, report.code_offered) == ([], [], []), report.line()
        assert report.rejected == 0, report.line()
    # what is left as it was, on purpose: {::nomarkdown} and {% raw %} bodies (README)
    expected = ["This paragraph is raw HTML", "Use {{ page.title }} to print"] if corpus == "posts" else []
    missed = [m.split(": ", 1)[1] for m in reports[0].missed]
    assert len(missed) == len(expected) and all(m.startswith(repr(e)[:-1]) for m, e in zip(missed, expected, strict=False)), missed


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0")) + chunk(b"IEND", b"")


HUGO_SITE = {
    "hugo.toml": 'baseURL = "http://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
                 "[languages.en]\nweight = 1\n[languages.es]\nweight = 2\n",
    "layouts/_default/single.html": "<main>{{ .Content }}{{ range .Resources }}<img src=\"{{ .RelPermalink }}\">{{ end }}</main>\n",
    "layouts/_default/list.html": "<main><h1>{{ .Title }}</h1>{{ .Content }}</main>\n",
    "content/_index.md": '+++\ntitle = "Lumen Spa"\n[params]\nsubtitle = "Day spa"\n+++\n\nWelcome to **Lumen**.\n',
    "content/docs/_index.md": '---\ntitle: "Guides"\nlinkTitle: "Guides"\n---\n\nGuides for first-time guests.\n',
    "content/posts/trip/index.md": '---\ntitle: "A day at the salt pool"\n---\n\nWe spent a day at the pool.\n\n'
                                   '{{< figure src="photo.png" caption="The pool at noon" >}}\n\n![The pool again](photo.png)\n',
    "i18nflow.toml": 'locales = ["es"]\ncontent = ["content/**/*.md"]\noutput = "{base}/{folder}/{stem}.{locale}.md"\n'
                     'front_matter = ["title", "linkTitle", "params.subtitle"]\n[engines]\ndefault = "pseudo"\n',
}


def test_hugo_sections_and_a_bundle_with_its_resource_are_localized_and_built(tmp_path: Path) -> None:
    """``_index.md`` sections and a bundle's ``index.md`` get their own catalogs and copies next to
    them (``index.es.md``), and Hugo builds the Spanish pages, the bundle's image included."""
    if shutil.which("hugo") is None:
        pytest.skip("hugo is missing")
    for name, text in HUGO_SITE.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "content/posts/trip/photo.png").write_bytes(_png())
    assert run_cli(tmp_path, "sync").returncode == 0
    assert run_cli(tmp_path, "render", "--include-machine").returncode == 0
    templates = sorted(p.name for p in (tmp_path / "locales" / "templates").glob("*.pot"))
    assert templates == ["docs.pot", "index.pot", "trip.pot"]  # one catalog per section and per bundle
    for copy in ("content/_index.es.md", "content/docs/_index.es.md", "content/posts/trip/index.es.md"):
        assert (tmp_path / copy).is_file(), copy
    built = subprocess.run(["hugo", "--quiet", "-s", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    public = tmp_path / "public"
    trip = (public / "es/posts/trip/index.html").read_text(encoding="utf-8")
    assert "Ŵē šƥēñţ" in trip and "Ţĥē ƥōōļ åţ ñōōñ" in trip  # body and the figure's caption
    assert (public / "es/posts/trip/photo.png").read_bytes() == _png()  # the resource, shared
    assert "Ĝûîðēš" in (public / "es/docs/index.html").read_text(encoding="utf-8")
    assert "Ŵēļçōɱē ţō" in (public / "es/index.html").read_text(encoding="utf-8")
