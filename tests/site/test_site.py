"""The HTML preview (``render --html``), as a site owner and a reader see it."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEED, assert_msgcat_fixed_point, needs_gettext
from i18nflow.cli import cli
from i18nflow.config import load_config
from i18nflow.gettext.catalogs import MACHINE_COMMENT, merge, now_stamp
from i18nflow.gettext.po import format_po, read_po
from i18nflow.site.build import site_template

SEED_SLUG = "microcurrent-facial"
SKIN = "2021-03-01-skin-care.md"
SKIN_POST = """\
---
title: Skin Care Basics
description: A short guide to caring for your skin.
date: 2021-03-01
featured_image: /uploads/skin.jpg
---

Good skin care starts with a **gentle** cleanser.

## Morning routine

- Cleanse with lukewarm water
- Apply sunscreen every day

See the [evening routine](#evening) below.

## Evening routine {#evening}

<div class="tip">Remove make-up <strong>before</strong> bed.</div>

| Step | Product |
|------|---------|
| One | Cleanser |

Some text with <em>inline html</em> here.
{: .notice}
"""


def make_config(top: str = "", site: str = "") -> str:
    """The test site's settings; no machine translation, so every state is the test's choice."""
    return (
        f'locales = ["es", "de", "ar"]\n{top}\n'
        '[engines]\ndefault = "none"\n\n'
        f'[site]\ntitle = "Clinic Journal"\nstatic = ["uploads"]\n{site}'
    )


CONFIG = make_config()


# helpers ---------------------------------------------------------------------------


def run(project, *args: str, code: int = 0):
    """The real CLI, in process (fast): exit code checked, stderr kept apart."""
    result = CliRunner().invoke(cli, ["-C", str(project.root), *args], catch_exceptions=False)
    assert result.exit_code == code, result.output + result.stderr
    return result


def po_entry_line(path, start: str) -> int:
    """The line of the msgid that starts with ``start`` (where a refusal is reported)."""
    return next(e.linenum for e in read_po(path) if e.msgid.startswith(start))


def site(project, config: str = CONFIG):
    """The seed post plus a richer one, synced so every PO file exists."""
    project.write("i18nflow.toml", textwrap.dedent(config))
    project.write(f"content/posts/{SKIN}", SKIN_POST)
    project.write("uploads/skin.jpg", b"\xff\xd8\xff\xe0 not really a jpeg")
    run(project, "sync")
    return project


def translate(project, locale: str, domain: str, texts: dict[str, str], state: str = "reviewed") -> None:
    """Give entries (found by the start of their msgid) a translation in the given state."""
    path = project.po(locale, domain)
    catalog = read_po(path)
    for entry in catalog:
        for start, text in texts.items():
            if entry.msgid and entry.msgid.startswith(start):
                entry.msgstr = text
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
                entry.flags += [] if state == "reviewed" else ["fuzzy"]
                entry.tcomment = f"{MACHINE_COMMENT} apertium" if state == "machine" else ""
    path.write_text(format_po(catalog), encoding="utf-8")


def translate_site(project, locale: str, texts: dict[str, str]) -> Path:
    """What update will do once site.pot is hooked in: merge the template, then translate."""
    config = load_config(project.root)
    path = config.po_path(locale, "site")
    existing = read_po(path) if path.exists() else None
    catalog = merge(site_template(config), existing, locale, now_stamp()).catalog
    for entry in catalog:
        if entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(format_po(catalog), encoding="utf-8")
    return path


def page(project, locale: str, slug: str | None = None) -> str:
    parts = [locale, slug] if slug else [locale]
    return project.read("/".join(["build/site", *parts, "index.html"]))


def hreflangs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def html_attrs(html: str) -> tuple[str, str]:
    match = re.search(r'<html lang="([^"]+)" dir="([^"]+)">', html)
    assert match, html[:200]
    return match.group(1), match.group(2)


# pages and languages -----------------------------------------------------------------


def test_every_post_and_locale_gets_a_page_with_lang_dir_and_complete_hreflang(make_project) -> None:
    project = site(make_project())
    run(project, "render", "--html")
    out = project.root / "build/site"
    for locale in ("en", "es", "de", "ar"):
        for slug in (SEED_SLUG, "skin-care"):
            html = page(project, locale, slug)
            assert html_attrs(html) == (locale, "rtl" if locale == "ar" else "ltr")
            links = hreflangs(html)
            assert set(links) == {"en", "es", "de", "ar", "x-default"}
            assert links["x-default"] == links["en"] == f"../../en/{slug}/"
            for href in links.values():
                assert (out / locale / slug / href / "index.html").resolve().is_file()
            assert f'<link rel="canonical" href="../../{locale}/{slug}/">' in html
    assert "skin-care" in page(project, "de") and SEED_SLUG in page(project, "de")
    chooser = project.read("build/site/index.html")
    assert [name for name in re.findall(r'lang="[^"]+" dir="(?:ltr|rtl)">([^<]+)</a>', chooser)] == [
        "English", "Español", "Deutsch", "العربية",
    ]


def test_switcher_names_each_language_in_that_language_and_marks_the_current_one(make_project) -> None:
    project = site(make_project())
    run(project, "render", "--html")
    html = page(project, "de", "skin-care")
    assert '<a href="../../es/skin-care/" hreflang="es" lang="es" dir="ltr">Español</a>' in html
    assert '<span aria-current="page" lang="de" dir="ltr">Deutsch</span>' in html
    assert '<a href="../../ar/skin-care/" hreflang="ar" lang="ar" dir="rtl">العربية</a>' in html


def test_arabic_pages_are_right_to_left_with_source_passages_marked_left_to_right(make_project) -> None:
    project = site(make_project())
    run(project, "render", "--html")
    html = page(project, "ar", "skin-care")
    assert html_attrs(html) == ("ar", "rtl")
    assert '<p class="i18n-source" data-i18n-note="Not translated yet" title="Not translated yet" lang="en" dir="ltr">Good skin care' in html


def test_dates_are_written_the_way_each_locale_writes_them(make_project) -> None:
    project = site(make_project())
    run(project, "render", "--html")
    assert '<time datetime="2021-03-01">March 1, 2021</time>' in page(project, "en", "skin-care")
    assert '<time datetime="2021-03-01">1. März 2021</time>' in page(project, "de", "skin-care")
    assert '<time datetime="2021-03-01">1 de marzo de 2021</time>' in page(project, "es", "skin-care")
    assert '<time datetime="2020-06-01">1. Juni 2020</time>' in page(project, "de")  # from the file name


def test_reviewed_translation_is_shown_and_headings_keep_the_source_anchors(make_project) -> None:
    project = site(make_project())
    translate(project, "es", "skin-care", {
        "Skin Care Basics": "Lo básico del cuidado de la piel",
        "Good skin care": "Un buen cuidado empieza con un limpiador **suave**.",
        "Morning routine": "Rutina de mañana",
        "Evening routine": "Rutina de noche",
        "See the": "Vea la [rutina de noche](#evening) más abajo.",
        "Remove make-up": "Desmaquíllese <strong>antes</strong> de dormir.",
        "Product": "Producto",
    })
    run(project, "render", "--html")
    html = page(project, "es", "skin-care")
    assert '<h1>Lo básico del cuidado de la piel</h1>' in html
    assert "<title>Lo básico del cuidado de la piel · Clinic Journal</title>" in html
    assert "<p>Un buen cuidado empieza con un limpiador <strong>suave</strong>.</p>" in html
    assert '<h2 id="morning-routine">Rutina de mañana</h2>' in html
    assert '<h2 id="evening">Rutina de noche</h2>' in html
    assert '<a href="#evening">rutina de noche</a>' in html
    assert '<div class="tip">Desmaquíllese <strong>antes</strong> de dormir.</div>' in html
    assert "<th>Producto</th>" in html
    assert '<p class="notice i18n-source"' in html  # kramdown {: .notice} kept, passage marked
    assert '<h2 id="morning-routine">Morning routine</h2>' in page(project, "en", "skin-care")
    assert 'lang="es">Lo básico del cuidado de la piel</a>' not in page(project, "es")
    assert ">Lo básico del cuidado de la piel</a>" in page(project, "es")


def test_featured_image_comes_from_a_static_folder_copied_into_the_site(make_project) -> None:
    project = site(make_project())
    run(project, "render", "--html")
    assert '<img class="featured-image" src="../../uploads/skin.jpg" alt="">' in page(project, "es", "skin-care")
    assert (project.root / "build/site/uploads/skin.jpg").is_file()
    assert (project.root / "build/site/style.css").is_file()


# publishing rule ---------------------------------------------------------------------


def test_post_under_the_threshold_is_listed_in_translation_and_not_published(make_project) -> None:
    project = site(make_project(), make_config("threshold = { es = 50 }"))
    translate(project, "es", "skin-care", {"Skin Care Basics": "Lo básico del cuidado de la piel"})
    run(project, "render", "--html")
    assert not (project.root / "build/site/es/skin-care").exists()
    index = page(project, "es")
    waiting = index.split("In translation", 1)[1]
    assert '<a href="../en/skin-care/" hreflang="en" lang="en">Skin Care Basics</a>' in waiting
    assert "es" not in hreflangs(page(project, "de", "skin-care"))
    assert "Español" not in page(project, "de", "skin-care")
    assert (project.root / "build/site/de/skin-care/index.html").is_file()  # no threshold for de


def test_mixed_fallback_publishes_with_untranslated_passages_in_the_source_language(make_project) -> None:
    config = make_config("threshold = 50", 'fallback = "mixed"\n')
    project = site(make_project(), config)
    translate(project, "es", "skin-care", {"Morning routine": "Rutina de mañana"})
    run(project, "render", "--html")
    html = page(project, "es", "skin-care")
    assert '<h2 id="morning-routine">Rutina de mañana</h2>' in html
    assert 'class="i18n-source" data-i18n-note="Not translated yet" title="Not translated yet" lang="en">Good skin care' in html
    assert "Passages not translated yet are shown in the original language (English)." in html
    assert '<h1 class="i18n-source" lang="en">Skin Care Basics</h1>' in html
    assert "Partly translated" in page(project, "es")


def test_machine_translation_needs_the_flag_and_then_carries_a_banner_and_a_class(make_project) -> None:
    project = site(make_project())
    translate(project, "de", "skin-care", {"Good skin care": "Gute Hautpflege beginnt mit einem **milden** Reiniger."}, "machine")
    run(project, "render", "--html")
    assert "Gute Hautpflege" not in page(project, "de", "skin-care")
    run(project, "render", "--html", "--include-machine")
    html = page(project, "de", "skin-care")
    assert "This translation was produced by a machine and is awaiting review" in html
    assert ('<p class="i18n-machine" data-i18n-note="Machine translation, awaiting review" '
            'title="Machine translation, awaiting review">Gute Hautpflege beginnt mit einem <strong>milden</strong> Reiniger.</p>') in html
    assert "Machine translation, awaiting review" in page(project, "de")


def test_outdated_translation_is_shown_only_with_include_fuzzy_and_marked(make_project) -> None:
    project = site(make_project())
    translate(project, "de", "skin-care", {"Cleanse with": "Mit lauwarmem Wasser reinigen"}, "outdated")
    run(project, "render", "--html", "--include-fuzzy")
    html = page(project, "de", "skin-care")
    assert '<li class="i18n-outdated" data-i18n-note="Outdated translation" title="Outdated translation">Mit lauwarmem Wasser reinigen</li>' in html
    assert "Parts of this translation are outdated" in html
    run(project, "render", "--html")
    assert "Mit lauwarmem Wasser" not in page(project, "de", "skin-care")


def test_a_page_no_longer_published_is_removed_and_a_second_build_writes_nothing(make_project) -> None:
    project = site(make_project())
    run(project, "render", "--html")
    assert (project.root / "build/site/es/skin-care/index.html").is_file()
    second = run(project, "render", "--html")
    assert "0 files written" in second.stdout
    project.write("i18nflow.toml", make_config("threshold = { es = 10 }"))
    run(project, "render", "--html")
    assert not (project.root / "build/site/es/skin-care").exists()
    assert "skin-care" not in hreflangs(page(project, "en", "skin-care")).get("es", "")


def test_base_url_makes_canonical_and_hreflang_absolute(make_project) -> None:
    project = site(make_project(), CONFIG + 'base_url = "https://example.com/blog/"\n')
    run(project, "render", "--html")
    html = page(project, "de", "skin-care")
    assert '<link rel="canonical" href="https://example.com/blog/de/skin-care/">' in html
    assert hreflangs(html)["x-default"] == "https://example.com/blog/en/skin-care/"
    assert '<a href="../../es/skin-care/" hreflang="es"' in html  # navigation stays relative


# template strings ------------------------------------------------------------------------


@needs_gettext
def test_site_template_holds_every_template_string_and_is_a_valid_catalog(make_project, tmp_path) -> None:
    project = site(make_project())
    pot = site_template(load_config(project.root))
    msgids = {entry.msgid for entry in pot}
    for text in ("Other languages", "Published on %(date)s", "Back to all articles",
                 "This translation was produced by a machine and is awaiting review", "In translation"):
        assert text in msgids
    published = next(e for e in pot if e.msgid == "Published on %(date)s")
    assert published.occurrences[0][0] == "i18nflow/templates/post.html" and "python-format" in published.flags
    assert next(e for e in pot if e.msgctxt == "site title").msgid == "Clinic Journal"
    path = tmp_path / "site.pot"
    path.write_text(format_po(pot), encoding="utf-8")
    assert_msgcat_fixed_point(path)
    assert_msgcat_fixed_point(translate_site(project, "es", {"Other languages": "Otros idiomas"}))


def test_template_strings_and_site_title_are_translated_from_site_po(make_project) -> None:
    project = site(make_project())
    translate_site(project, "es", {
        "Other languages": "Otros idiomas",
        "Published on %(date)s": "Publicado el %(date)s",
        "Back to all articles": "Volver a todos los artículos",
        "Clinic Journal": "Diario de la clínica",
        "In translation": "En <script>alert(1)</script>traducción",
    })
    result = run(project, "render", "--html", code=1)
    html = page(project, "es", "skin-care")
    assert '<nav class="language-switcher" aria-label="Otros idiomas">' in html
    assert 'Publicado el <time datetime="2021-03-01">1 de marzo de 2021</time>' in html
    assert "Volver a todos los artículos" in html and "Diario de la clínica" in html
    assert "Other languages" in page(project, "de", "skin-care")  # no site.po for de
    assert "alert(1)" not in project.read("build/site/es/index.html")
    assert re.search(r"locales/es/LC_MESSAGES/site.po:\d+: error: template translation for es not used "
                     r"\(adds HTML the source does not have: `</script>`, `<script>`\)", result.stderr), result.stderr


def test_a_project_template_overrides_its_namesake_only(make_project) -> None:
    project = site(make_project())
    project.write("templates/post.html", textwrap.dedent("""\
        {% extends "base.html" %}
        {% block content %}<article class="custom"><h1>{{ post.title }}</h1>
        <p>{{ _("Read in your language") }}</p>{{ post.body() }}</article>{% endblock %}
        """))
    run(project, "render", "--html")
    assert '<article class="custom">' in page(project, "es", "skin-care")
    assert '<ul class="post-list">' in page(project, "es")  # the package's index.html
    pot = site_template(load_config(project.root))
    read = next(e for e in pot if e.msgid == "Read in your language")
    assert read.occurrences == [("templates/post.html", "3")]
    assert "Back to all articles" not in {e.msgid for e in pot}  # only used by the replaced file


def test_a_broken_template_is_reported_with_file_and_line(make_project) -> None:
    project = site(make_project())
    project.write("templates/index.html", "{% extends 'base.html' %}\n{% block content %}{{ nothing.here }}{% endblock %}\n")
    result = run(project, "render", "--html", code=1)
    assert "templates/index.html:2: error: 'nothing' is undefined" in result.stderr


# safety ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "translation"),
    [
        ("Good skin care", "Un buen cuidado<script>alert(1)</script> empieza con un limpiador **suave**."),
        ("Good skin care", 'Un buen cuidado <img src="x" onerror="alert(1)"> empieza aquí.'),
        ("Good skin care", "Un buen cuidado empieza [aquí](javascript:alert(1))."),
        ("Good skin care", 'Un buen <a href="java&#115;cript:alert(1)">cuidado</a>.'),
        ("Remove make-up", 'Desmaquíllese <strong onmouseover="alert(1)">antes</strong> de dormir.'),
        ("Some text with", 'Texto con <em>html</em> <svg onload="alert(1)"></svg> aquí.'),
    ],
)
def test_a_translation_that_brings_script_never_reaches_the_page(make_project, start: str, translation: str) -> None:
    project = site(make_project())
    translate(project, "es", "skin-care", {start: translation})
    result = run(project, "render", "--html", code=1)
    html = page(project, "es", "skin-care")
    copy = project.read(f"build/es/posts/{SKIN}")
    assert "alert(1)" not in html and "alert(1)" not in copy
    assert start in html and start in copy  # the passage falls back to the source text, in both
    line = next(n for n, text in enumerate(SKIN_POST.splitlines(), 1) if start in text)
    po_line = po_entry_line(project.po("es", "skin-care"), start)
    report = (f"locales/es/LC_MESSAGES/skin-care.po:{po_line}: error: translation for es not published (")
    assert report in result.stderr and f"the source text stands at content/posts/{SKIN}:{line}:" in result.stderr
    assert result.stderr.count(report) == 1  # render and the preview report it once


def test_a_translation_may_move_the_html_its_source_has(make_project) -> None:
    project = site(make_project())
    translate(project, "es", "skin-care", {"Some text with": "Aquí, un texto con <em>HTML en línea</em>."})
    result = run(project, "render", "--html")
    assert "Aquí, un texto con <em>HTML en línea</em>." in page(project, "es", "skin-care")
    assert "warning" not in result.stderr


def test_source_page_with_no_script_forbids_scripts(make_project) -> None:
    project = site(make_project())
    run(project, "render", "--html")
    assert "script-src &#39;none&#39;" in page(project, "es", "skin-care")


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('output = "../elsewhere"', "key 'site.output' must be a folder inside the project"),
        ('output = "public"', "key 'site.output' must be a folder below 'build/'"),
        ('fallback = "english"', "key 'site.fallback' must be 'hide' or 'mixed'"),
        ('base_url = "javascript:alert(1)"', "key 'site.base_url' must be an http(s) URL"),
        ('titel = "x"', "unknown key 'site.titel'"),
    ],
)
def test_site_settings_are_checked_and_name_the_key(make_project, setting: str, message: str) -> None:
    project = site(make_project())
    project.write("i18nflow.toml", CONFIG + setting + "\n")
    result = run(project, "render", "--html", code=2)
    assert message in result.stderr and "i18nflow.toml" in result.stderr


def test_nothing_is_written_outside_build_even_through_a_symlink(make_project, tmp_path) -> None:
    project = site(make_project())
    outside = tmp_path / "outside"
    outside.mkdir()
    (project.root / "build").mkdir(exist_ok=True)
    (project.root / "build/site").symlink_to(outside)
    result = run(project, "render", "--html", code=1)
    assert "resolves outside build/" in result.stderr
    assert list(outside.iterdir()) == []


def test_posts_sharing_a_slug_are_refused_before_anything_is_written(make_project) -> None:
    project = site(make_project())
    project.write("content/posts/2022-01-01-skin-care.md", "---\ntitle: Another\n---\nOther text.\n")
    result = run(project, "render", "--html", code=2)
    assert ("content/posts/2021-03-01-skin-care.md and content/posts/2022-01-01-skin-care.md "
            "would share the catalog 'skin-care'") in result.stderr
    assert not (project.root / "build/site").exists()


def test_bundles_and_sections_get_a_page_each_named_by_their_folder(make_project) -> None:
    project = site(make_project())
    project.write("content/posts/my-trip/index.md", "---\ntitle: My trip\n---\nWe went.\n")
    project.write("content/posts/_index.md", "---\ntitle: All posts\n---\nThe list.\n")
    run(project, "sync", "--html")
    assert "We went." in page(project, "es", "my-trip") and "We went." in page(project, "en", "my-trip")
    assert "The list." in page(project, "es", "posts")
    assert project.po("es", "my-trip").exists() and project.po("es", "posts").exists()


def test_seed_post_renders_without_front_matter_date(make_project) -> None:
    project = make_project('locales = ["es"]\n[engines]\ndefault = "none"\n')
    run(project, "sync", "--html")
    html = page(project, "es", SEED_SLUG)
    assert SEED.read_text().splitlines()[2].split(": ", 1)[1] in html  # the title
    assert '<time datetime="2020-06-01">1 de junio de 2020</time>' in html


def test_jekyll_markup_becomes_what_jekyll_would_show(make_project) -> None:
    project = site(make_project())
    project.write("content/posts/2021-04-01-jekyll.md", textwrap.dedent("""\
        ---
        title: Jekyll things
        ---

        * TOC
        {:toc}

        ## First part {#first .lead}

        {% include note.html %}

        A paragraph with a note.
        {: .notice}

        Some `code`{:.success} inline.

        {% highlight python %}
        print("{% not liquid %}")
        {% endhighlight %}

        ## Second part
        """))
    run(project, "render", "--html")
    html = page(project, "en", "jekyll")
    assert '<nav class="toc">' in html and '<li class="toc-h2"><a href="#first">First part</a></li>' in html
    assert '<li class="toc-h2"><a href="#second-part">Second part</a></li>' in html
    assert '<h2 id="first" class="lead">First part</h2>' in html
    assert '<p class="notice">A paragraph with a note.</p>' in html
    assert "<p>Some <code>code</code> inline.</p>" in html
    assert '<pre><code class="language-python">print(&quot;{% not liquid %}&quot;)\n</code></pre>' in html
    assert "include" not in html and "{:" not in html and "TOC" not in html


def test_raw_html_the_source_lacks_is_dropped_even_past_the_translation_check(tmp_path) -> None:
    from i18nflow.site.body import body_html
    from i18nflow.site.languages import language
    from i18nflow.source.content import load_post

    path = tmp_path / "post.md"
    path.write_text("---\ntitle: t\n---\n\nSome <em>text</em>.\n\n<div>Block</div>\n", encoding="utf-8")
    post = load_post(path, tmp_path, tmp_path)
    localized = 'Un <em>texto</em> <img src=x onerror="alert(1)">.\n\n<div onclick="alert(2)">Bloque</div>\n'
    reports: list[tuple[str, int]] = []
    body = body_html(post, localized, [], language("es"), "ltr", str, lambda message, line: reports.append((message, line)))
    html = body.html({})
    assert "<div>Block</div>" in html and "onclick" not in html
    assert '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;' in html and "<img" not in html
    assert [line for _, line in reports] == [5, 7]
