"""The words of ``alt``/``title`` attributes in raw HTML are translated, and stay words.

An image on a line of its own (``<img src=… alt="…">``, a ``<figure>``'s picture) has no text
run, so its alt text had no way into a catalog: a Spanish page kept its English alt text, which
is what a screen reader reads out, and so did a linked logo (a paragraph of tags alone). The
value is now a msgid of its own (``#. html img: alt``),
written back between its own quotes; a quote in a translation cannot end the attribute. Both
built by the real Jekyll (kramdown re-serialises the tag) and Hugo (goldmark with
``unsafe = true`` passes it through).
"""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from conftest import Project, have

POST = """\
---
title: Stone massage
---

<figure>
<img src="/stones.jpg" alt="Hot stones on a towel" title='Warm basalt' width="300">
<figcaption>Basalt stones, <img src="/i.png" alt="icon"> warmed to body heat</figcaption>
</figure>

<a href="/book" title="Book a visit"><img src="/b.png" alt="Booking"></a>

The massage lasts an hour.
"""
SPANISH = {
    "Hot stones on a towel": 'Piedras "calientes" sobre una toalla',
    "Warm basalt": "Basalto 'tibio'",
    "Book a visit": 'Reserve" onmouseover="alert(1)',
    "Booking": "Reserva",
    "Basalt stones, <img src=\"/i.png\" alt=\"icon\"> warmed to body heat":
        "Piedras de basalto, <img src=\"/i.png\" alt=\"icono\"> a temperatura corporal",
    "The massage lasts an hour.": "El masaje dura una hora.",
}


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, dict(attrs)))


def _parsed(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Attributes()
    parser.feed(page)
    return parser.seen


def _tags(page: str, name: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in _parsed(page) if tag == name]


def _project(root: Path, dialect: str | None = None) -> Project:
    """A Spanish project translated by hand, read as ``dialect`` (the default: CommonMark)."""
    project = Project(root)
    chosen = f'dialect = "{dialect}"\n' if dialect else ""
    project.write("i18nflow.toml", f'locales = ["es"]\n{chosen}[engines]\ndefault = "none"\n')
    return project


def _translated(project: Project) -> Path:
    project.write("content/posts/stones.md", POST)
    project.run("update")
    pot = (project.root / "locales/templates/stones.pot").read_text(encoding="utf-8")
    for kind, msgid in (("img: alt", "Hot stones on a towel"), ("img: title", "Warm basalt"),
                        ("a: title", "Book a visit"), ("img: alt", "Booking")):
        assert f'#. html {kind}\n#: content/posts/stones.md:' in pot and f'msgid "{msgid}"' in pot
    assert 'msgid "icon"' not in pot  # inside the caption's text run: the caption's msgid holds it
    po_path = project.root / "locales/es/LC_MESSAGES/stones.po"
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        entry.msgstr = SPANISH.get(entry.msgid, entry.msgstr)
    catalog.save(str(po_path))
    project.run("check", "--no-cache", check=None)
    project.run("render")
    return next((project.root / "build/es").rglob("stones.md"))


def _assert_spanish(page: str) -> None:
    images = {attrs.get("src"): attrs for attrs in _tags(page, "img")}
    assert images["/stones.jpg"]["alt"] == "Piedras “calientes” sobre una toalla"
    assert images["/stones.jpg"]["title"] == "Basalto ‘tibio’"
    assert images["/stones.jpg"]["width"] == "300"
    assert images["/b.png"]["alt"] == "Reserva"
    assert images["/i.png"]["alt"] == "icono"
    links = [attrs for attrs in _tags(page, "a") if attrs.get("href") == "/book"]
    assert links and links[0]["title"] == "Reserve“ onmouseover=”alert(1)"
    assert all("onmouseover" not in attrs for _tag, attrs in _parsed(page))
    assert "El masaje dura una hora." in page


def test_the_localized_copy_carries_the_translated_attribute_text(tmp_path: Path) -> None:
    copy = _translated(_project(tmp_path / "site")).read_text(encoding="utf-8")
    assert '<img src="/stones.jpg" alt="Piedras “calientes” sobre una toalla" title=\'Basalto ‘tibio’\' width="300">' in copy
    assert '<a href="/book" title="Reserve“ onmouseover=”alert(1)"><img src="/b.png" alt="Reserva"></a>' in copy


@pytest.mark.skipif(not have("jekyll"), reason="Jekyll is installed by scripts/install.sh --test")
def test_jekyll_publishes_the_translated_alt_text(tmp_path: Path) -> None:
    project = _project(tmp_path / "blog", "kramdown")
    project.write("_config.yml", "title: blog\n")
    copy = _translated(project)
    site = tmp_path / "jekyll"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: blog\n")
    (site / "_posts" / "2020-01-01-stones.md").write_bytes(copy.read_bytes())
    subprocess.run(["jekyll", "build", "-q", "-s", str(site), "-d", str(site / "_site")], check=True,
                   capture_output=True, timeout=300)
    _assert_spanish(next((site / "_site").rglob("stones.html")).read_text(encoding="utf-8"))


@pytest.mark.skipif(not have("hugo"), reason="Hugo is installed by scripts/install.sh --test")
def test_hugo_publishes_the_translated_alt_text(tmp_path: Path) -> None:
    copy = _translated(_project(tmp_path / "docs", "goldmark"))
    site = tmp_path / "hugo"
    (site / "content/posts").mkdir(parents=True)
    (site / "layouts/_default").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "/"\n[markup.goldmark.renderer]\nunsafe = true\n')
    (site / "layouts/_default/single.html").write_text("<html><body>{{ .Content }}</body></html>\n")
    (site / "content/posts/stones.md").write_bytes(copy.read_bytes())
    subprocess.run(["hugo", "--quiet", "-s", str(site), "-d", str(site / "public")], check=True,
                   capture_output=True, timeout=300)
    _assert_spanish((site / "public/posts/stones/index.html").read_text(encoding="utf-8"))
