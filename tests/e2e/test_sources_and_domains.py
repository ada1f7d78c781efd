"""Which files are posts, and which catalog each gets: ``exclude``, our own output never read
back, accidental catalog sharing refused with both files named, deliberate sharing allowed."""

from __future__ import annotations

from conftest import Project

ENGINELESS = '[engines]\ndefault = "none"\n'


def settings(project: Project, extra: str) -> None:
    project.write("i18nflow.toml", 'locales = ["es"]\n' + extra + ENGINELESS)


def test_excluded_files_and_folders_are_not_posts(make_project) -> None:
    project = make_project(seed=False)
    settings(project, 'exclude = ["content/drafts", "content/**/*.fr.md"]\n')
    project.write("content/posts/a.md", "A text.\n")
    project.write("content/posts/a.fr.md", "Un texte.\n")
    project.write("content/drafts/b.md", "Not yet.\n")
    project.run("sync")
    templates = sorted(p.name for p in (project.root / "locales/templates").glob("*.pot"))
    assert templates == ["a.pot"]


def test_output_inside_the_content_folder_is_never_read_back(make_project) -> None:
    project = make_project(seed=False)
    settings(project, 'output = "content/{locale}/{path}"\n')
    project.write("content/posts/a.md", "---\ntitle: A\n---\nA text.\n")
    project.run("sync")
    assert (project.root / "content/es/posts/a.md").is_file()
    second = project.run("sync")
    assert "0 files written" in second.stdout
    assert sorted(p.name for p in (project.root / "locales/templates").glob("*.pot")) == ["a.pot"]
    assert not (project.root / "content/es/es").exists()


def test_hugo_file_name_layout_round_trips(make_project) -> None:
    project = make_project(seed=False)
    settings(project, 'output = "{base}/{folder}/{stem}.{locale}.md"\n')
    project.write("content/posts/trip/index.md", "---\ntitle: Trip\n---\nWe went.\n")
    project.write("content/about.en.md", "---\ntitle: About\n---\nUs.\n")
    project.run("sync")
    assert (project.root / "content/posts/trip/index.es.md").is_file()
    assert (project.root / "content/about.es.md").is_file()
    assert "0 files written" in project.run("sync").stdout
    assert sorted(p.name for p in (project.root / "locales/es/LC_MESSAGES").glob("*.po")) == ["about.po", "trip.po"]


def test_two_dated_posts_with_one_slug_are_refused_naming_both(make_project) -> None:
    project = make_project(seed=False)
    settings(project, "")
    project.write("content/posts/2019-01-01-hello.md", "Old hello.\n")
    project.write("content/posts/2020-01-01-hello.md", "New hello.\n")
    for command in ("sync", "check", "status", "extract"):
        result = project.run(command, check=2)
        assert ("content/posts/2019-01-01-hello.md and content/posts/2020-01-01-hello.md "
                "would share the catalog 'hello'") in result.stderr, command
    assert not (project.root / "locales").exists()


def test_bundles_sections_and_plain_pages_each_get_a_catalog(make_project) -> None:
    project = make_project(seed=False)
    settings(project, "")
    project.write("content/posts/_index.md", "All posts.\n")
    project.write("content/posts/my-trip/index.md", "A trip.\n")
    project.write("content/posts/other/index.md", "Another.\n")
    project.write("content/docs/_index.md", "Docs.\n")
    project.run("sync")
    templates = sorted(p.stem for p in (project.root / "locales/templates").glob("*.pot"))
    assert templates == ["docs", "my-trip", "other", "posts"]


def test_a_bundle_and_a_page_of_the_same_name_are_refused(make_project) -> None:
    project = make_project(seed=False)
    settings(project, "")
    project.write("content/posts/trip.md", "A page.\n")
    project.write("content/guides/trip/index.md", "A bundle.\n")
    result = project.run("sync", check=2)
    assert "content/guides/trip/index.md and content/posts/trip.md would share the catalog 'trip'" in result.stderr


def test_a_deliberate_shared_catalog_is_fine(make_project) -> None:
    project = make_project(seed=False)
    settings(project, 'domain = "messages"\n')
    project.write("content/posts/2019-01-01-hello.md", "Old hello.\n")
    project.write("content/posts/2020-01-01-hello.md", "New hello.\n")
    project.run("sync")
    assert [p.name for p in (project.root / "locales/templates").glob("*.pot")] == ["messages.pot"]


def test_two_posts_rendered_to_one_file_are_refused(make_project) -> None:
    project = make_project(seed=False)
    settings(project, 'domain = "{name}"\noutput = "build/{locale}/{slug}.md"\n')
    project.write("content/a/hello.md", "One.\n")
    project.write("content/b/hello.md", "Two.\n")
    result = project.run("sync", check=2)
    assert "content/a/hello.md and content/b/hello.md would both be rendered to 'build/es/hello.md'" in result.stderr


def test_a_post_called_site_does_not_fight_with_the_preview(make_project) -> None:
    project = make_project(seed=False)
    project.write("i18nflow.toml", 'locales = ["es"]\n' + ENGINELESS + '[site]\ntitle = "Clinic"\n')
    project.write("content/posts/site.md", "---\ntitle: Our site\n---\nWhere we are.\n")
    project.run("sync", "--html")
    assert (project.root / "locales/es/LC_MESSAGES/site-post.po").is_file()
    assert "Clinic" in (project.root / "locales/es/LC_MESSAGES/site.po").read_text(encoding="utf-8")
    project.run("check")
    assert "0 files written" in project.run("sync", "--html").stdout
    assert (project.root / "build/site/es/site-post/index.html").is_file()


def test_translations_follow_pages_when_a_shared_catalog_is_split(make_project) -> None:
    """A site whose bundles shared one catalog (as every index.md did before names were unique)
    keeps its reviewed translations when each page gets its own catalog."""
    import polib

    project = make_project(seed=False)
    settings(project, 'domain = "messages"\n')
    project.write("content/posts/trip/index.md", "We went away.\n")
    project.write("content/posts/peel/index.md", "A gentle peel.\n")
    project.run("sync")
    catalog = polib.pofile(str(project.po("es", "messages")))
    for entry in catalog:
        entry.msgstr = {"We went away.": "Nos fuimos.", "A gentle peel.": "Un peeling suave."}[entry.msgid]
    catalog.save()
    settings(project, "")
    project.run("sync")
    trip = {e.msgid: e for e in polib.pofile(str(project.po("es", "trip")))}
    peel = {e.msgid: e for e in polib.pofile(str(project.po("es", "peel")))}
    assert trip["We went away."].msgstr == "Nos fuimos." and not trip["We went away."].fuzzy
    assert peel["A gentle peel."].msgstr == "Un peeling suave." and not peel["A gentle peel."].fuzzy
    assert "Nos fuimos." in project.read("build/es/posts/trip/index.md")
