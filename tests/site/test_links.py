"""Links between posts in the preview lead to the same language's page of the other post."""

from __future__ import annotations

import re

import polib

from conftest import Project

SETTINGS = 'locales = ["es"]\n{extra}[engines]\ndefault = "none"\n[site]\ntitle = "Clinic"\n'
ABOUT = """\
---
title: About
---
Read about [our trip](posts/trip/), [the same trip](posts/trip/index.md#day-1),
[its Hugo URL](/posts/trip/), [the peel](posts/2020-01-02-peel.md) and [elsewhere](https://example.org/).
"""


def site(make_project, extra: str = "") -> Project:
    project = make_project(SETTINGS.format(extra=extra), seed=False)
    project.write("content/about.md", ABOUT)
    project.write("content/posts/trip/index.md", "---\ntitle: Trip\n---\nBack to [about](../../about.md).\n")
    project.write("content/posts/2020-01-02-peel.md", "---\ntitle: Peel\n---\nA peel.\n")
    project.run("sync", "--html")
    return project


def translate_all(project: Project, domain: str) -> None:
    path = project.po("es", domain)
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = f"ES {entry.msgid}"
    catalog.save()


def hrefs(project: Project, locale: str, name: str) -> list[str]:
    html = project.read(f"build/site/{locale}/{name}/index.html")
    body = html.split("<article", 1)[1] if "<article" in html else html
    return [href for href in re.findall(r'<a href="([^"]+)"', body) if "posts" in href or "example" in href
            or href.startswith("../../")]


def test_links_to_other_posts_stay_in_the_pages_language(make_project) -> None:
    project = site(make_project)
    for domain in ("about", "trip", "peel"):
        translate_all(project, domain)
    project.run("sync", "--html")
    links = hrefs(project, "es", "about")
    assert "../../es/trip/" in links and "../../es/trip/#day-1" in links and "../../es/peel/" in links
    assert links.count("../../es/trip/") == 2  # the file link and the Hugo URL
    assert "https://example.org/" in links
    assert "../../es/about/" in hrefs(project, "es", "trip")
    assert "../../en/trip/" in hrefs(project, "en", "about")


def test_a_post_not_published_in_the_language_is_linked_in_the_source_language(make_project) -> None:
    project = site(make_project, "threshold = 50\n")
    translate_all(project, "about")
    project.run("sync", "--html")
    assert "../../en/trip/" in hrefs(project, "es", "about")
    assert not (project.root / "build/site/es/trip/index.html").exists()
