"""No path leads outside the project, and no file name or file kind breaks a run (issue 17, 8-9, 12).

Every file a run reads, writes or deletes is checked by its real path: a symlinked PO, ``build``,
static folder, ``locales/<locale>`` or ``.i18nflow`` is an error naming the link, the file behind
it is never read (its lines never reach a CI log) nor written, and the other files are processed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Project, needs_gettext

SECRET = "API_TOKEN=supersecret-123"
CONFIG = 'locales = ["es"]\n[engines]\ndefault = "none"\n'
POST_A = "---\ntitle: Hello world\n---\nA paragraph about the sea.\n"
POST_B = "---\ntitle: Second post\n---\nAnother paragraph about the hills.\n"


def site(tmp_path: Path, config: str = CONFIG) -> Project:
    project = Project(tmp_path / "site")
    project.write("i18nflow.toml", config)
    project.post("2020-01-01-a.md", POST_A)
    project.post("2020-01-02-b.md", POST_B)
    return project


def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir(exist_ok=True)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def no_traceback(*results: subprocess.CompletedProcess[str]) -> None:
    for result in results:
        assert "Traceback" not in result.stdout + result.stderr, result.stderr


# -- symlinks that lead outside -----------------------------------------------------------------


@needs_gettext
def test_a_po_linked_to_a_secrets_file_is_never_read_nor_printed(tmp_path: Path) -> None:
    project = site(tmp_path)
    secrets = outside(tmp_path) / "secrets.env"
    secrets.write_text(f"{SECRET}\nDB_PASSWORD=hunter2\n", encoding="utf-8")
    project.run("sync")
    link = project.po("es", "a")
    link.unlink()
    link.symlink_to(secrets)
    project.post("2020-01-02-b.md", POST_B + "\nA paragraph added later.\n")
    results = [project.run(*command, check=None) for command in
               (["sync"], ["check"], ["check", "--format", "json"], ["status"], ["compile"], ["update"])]  # fmt: skip
    no_traceback(*results)
    for result in results:
        assert result.returncode == 1, result
        assert "supersecret" not in result.stdout + result.stderr and "hunter2" not in result.stdout + result.stderr
        assert "locales/es/LC_MESSAGES/a.po" in result.stdout + result.stderr
        assert "leads outside the project through a symlink" in result.stdout + result.stderr
    assert secrets.read_text(encoding="utf-8").startswith(SECRET)  # never written either
    assert "A paragraph added later." in project.read("build/es/posts/2020-01-02-b.md")  # the rest went on


@needs_gettext
def test_a_valid_po_outside_the_project_is_not_merged_nor_published(tmp_path: Path) -> None:
    project = site(tmp_path)
    project.run("sync")
    foreign = outside(tmp_path) / "a.po"
    text = project.po("es", "a").read_text(encoding="utf-8")
    foreign.write_text(text.replace('msgid "A paragraph about the sea."\nmsgstr ""',
                                    'msgid "A paragraph about the sea."\nmsgstr "Un párrafo ajeno."'), encoding="utf-8")
    assert "Un párrafo ajeno." in foreign.read_text(encoding="utf-8")
    project.po("es", "a").unlink()
    project.po("es", "a").symlink_to(foreign)
    before = snapshot(foreign.parent)
    result = project.run("sync", "--no-cache", check=1)
    no_traceback(result)
    assert "Un párrafo ajeno." not in project.read("build/es/posts/2020-01-01-a.md")
    assert snapshot(foreign.parent) == before


@needs_gettext
def test_a_build_folder_linked_outside_is_neither_written_nor_pruned(tmp_path: Path) -> None:
    project = site(tmp_path)
    target = outside(tmp_path)
    (target / "precious.html").write_text("<p>mine</p>", encoding="utf-8")
    (project.root / "build").symlink_to(target)
    result = project.run("sync", "--html", check=1)
    no_traceback(result)
    assert "build/site: error: the site folder leads outside the project through a symlink" in result.stderr
    assert "would be outside the project" in result.stderr  # the localized copies
    assert snapshot(target) == {"precious.html": b"<p>mine</p>"}
    assert project.po("es", "a").is_file()  # the catalogs were still made


@needs_gettext
def test_a_static_folder_linked_outside_is_not_copied(tmp_path: Path) -> None:
    project = site(tmp_path, CONFIG + '[site]\nstatic = ["uploads", "images"]\n')
    (outside(tmp_path) / "id_rsa").write_text("PRIVATE KEY", encoding="utf-8")
    (project.root / "uploads").symlink_to(outside(tmp_path))
    project.write("images/logo.svg", "<svg/>")
    result = project.run("sync", "--html", check=1)
    no_traceback(result)
    assert "uploads: error: [site] static folder 'uploads' leads outside the project through a symlink" in result.stderr
    assert not list((project.root / "build").rglob("id_rsa"))
    assert (project.root / "build/site/images/logo.svg").is_file()  # the other one is copied


@needs_gettext
@pytest.mark.parametrize("linked", ["locales/es", ".i18nflow"])
def test_a_linked_locale_or_state_folder_is_not_written_through(tmp_path: Path, linked: str) -> None:
    project = site(tmp_path)
    target = outside(tmp_path) / "folder"
    target.mkdir()
    (project.root / linked).parent.mkdir(parents=True, exist_ok=True)
    (project.root / linked).symlink_to(target)
    result = project.run("sync", check=1)
    no_traceback(result)
    assert "leads outside the project through a symlink" in result.stderr
    assert snapshot(target) == {}


@needs_gettext
def test_a_post_linked_outside_needs_allow_outside_links(tmp_path: Path) -> None:
    project = site(tmp_path)
    shared = outside(tmp_path) / "2020-01-03-shared.md"
    shared.write_text("---\ntitle: Shared\n---\nA post kept in another repository.\n", encoding="utf-8")
    (project.root / "content/posts/2020-01-03-shared.md").symlink_to(shared)
    result = project.run("sync", check=1)
    assert ("content/posts/2020-01-03-shared.md: error: leads outside the project through a symlink"
            in result.stderr)  # fmt: skip
    assert "allow_outside_links = true" in result.stderr
    assert not project.po("es", "shared").exists() and project.po("es", "a").is_file()
    project.write("i18nflow.toml", "allow_outside_links = true\n" + CONFIG)
    project.run("sync")
    assert "A post kept in another repository." in project.read("build/es/posts/2020-01-03-shared.md")


# -- file names and kinds ------------------------------------------------------------------------


@needs_gettext
def test_a_file_name_with_a_line_break_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    project = site(tmp_path)
    project.post("2020-01-04-two\nlines.md", "---\ntitle: Odd name\n---\nText.\n")
    result = project.run("sync", check=1)
    no_traceback(result)
    assert "has a line break, which no catalog reference can hold; rename the file" in result.stderr
    assert len([line for line in result.stderr.splitlines() if ": error: " in line]) == 1  # one line, escaped
    for path in (project.root / "locales").rglob("*.po*"):
        assert subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)]).returncode == 0 or path.suffix == ".pot"
    check = project.run("check", check=1)
    assert "line break" in check.stdout
    assert project.po("es", "a").is_file()


@needs_gettext
def test_a_dangling_symlinked_post_is_reported(tmp_path: Path) -> None:
    project = site(tmp_path)
    (project.root / "content/posts/2020-01-05-gone.md").symlink_to(tmp_path / "nowhere.md")
    result = project.run("sync", check=1)
    assert "content/posts/2020-01-05-gone.md: error: symlink to a missing file" in result.stderr
    assert project.po("es", "b").is_file()
    assert "symlink to a missing file" in project.run("check", check=1).stdout


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_import_reads_only_regular_files(tmp_path: Path, kind: str) -> None:
    project = site(tmp_path)
    if kind == "fifo":
        source = tmp_path / "translation.md"
        os.mkfifo(source)
    else:
        source = Path("/dev/zero")
    result = subprocess.run([sys.executable, "-m", "i18nflow", "-C", str(project.root), "import", "-l", "es",
                             "content/posts/2020-01-01-a.md", str(source)],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 1
    assert f"{source}: error: is not a regular file (a FIFO, device or socket); not read" in result.stderr
    no_traceback(result)


def test_a_locale_that_is_the_source_locale_in_another_case_is_a_config_error(tmp_path: Path) -> None:
    project = site(tmp_path, 'locales = ["es", "EN"]\n[engines]\ndefault = "none"\n')
    result = project.run("sync", check=2)
    assert "key 'locales' lists the source locale 'en' (as 'EN')" in result.stderr
    project.write("i18nflow.toml", 'locales = ["es", "ES"]\n')
    assert "lists a locale twice" in project.run("check", check=2).stderr


# -- clean errors ------------------------------------------------------------------------------


@needs_gettext
def test_a_folder_where_a_catalog_should_be_is_a_clean_error(tmp_path: Path) -> None:
    project = site(tmp_path)
    project.run("sync")
    project.po("es", "a").unlink()
    project.po("es", "a").mkdir()
    for command in (["check"], ["sync", "--no-cache"], ["status"]):
        result = project.run(*command, check=1)
        no_traceback(result)
        assert "locales/es/LC_MESSAGES/a.po" in result.stdout + result.stderr
        assert "is a directory" in (result.stdout + result.stderr).lower()


@needs_gettext
def test_a_deleted_posts_localized_copy_is_removed_like_its_page(tmp_path: Path) -> None:
    project = site(tmp_path)
    project.run("sync", "--html")
    copy = project.root / "build/es/posts/2020-01-02-b.md"
    assert copy.is_file()
    (project.root / "content/posts/2020-01-02-b.md").unlink()
    project.run("sync", "--html")
    assert not copy.exists()
    assert not list((project.root / "build/site").rglob("*b/index.html"))
    assert (project.root / "build/es/posts/2020-01-01-a.md").is_file()
    (project.root / "content/posts/2020-01-01-a.md").rename(project.root / "content/posts/2020-01-01-a-new.md")
    project.run("sync", "-l", "es")
    assert not (project.root / "build/es/posts/2020-01-01-a.md").exists()  # a rename too
    assert (project.root / "build/es/posts/2020-01-01-a-new.md").is_file()
