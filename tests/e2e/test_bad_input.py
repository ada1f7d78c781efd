"""Bad input: each is one clear line naming file and line, a non-zero exit, the other files processed.

test_cli_pipeline.py has the first examples (broken YAML, Latin-1 bytes, an unclosed header, a
PO syntax error, config mistakes). Here: the rest of the list a site owner's files can hold
(headers that are not mappings, UTF-16, huge and deeply nested posts, symlink loops, PO files
with duplicates, broken plural forms or another charset, outputs that would leave the project)
and the security rules (API keys only from the environment and never shown, no path escapes).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import SEED, Project, needs_gettext
from i18nflow.gettext.po import read_po
from i18nflow.source.content import MAX_POST_BYTES
from libretranslate_server import FakeLibreTranslate

SEED_DOMAIN = "microcurrent-facial"
LINE = re.compile(
    r"^(?P<path>[^:\s]+)(?::(?P<line>\d+))?: (?P<level>error|warning): (?P<message>.+)$"
)


def errors_by_file(stderr: str) -> dict[str, tuple[int, str]]:
    """``path: (line, message)`` of every error line; fails on a line that is no problem line."""
    found = {}
    for line in stderr.splitlines():
        if line.startswith("i18nflow: ") and "error(s)" in line:
            continue
        match = LINE.match(line)
        assert match, f"not a one-line 'file:line: error: message': {line!r}"
        if match["level"] == "error":
            found[match["path"]] = (int(match["line"] or 0), match["message"])
    return found


BAD_POSTS: dict[str, tuple[bytes, int, str]] = {
    # file: (bytes, line of the error, what the message says)
    "list-header.md": (b"---\n- a\n- b\n---\nBody text.\n", 2, "front matter is not a mapping"),
    "scalar-header.md": (
        b"---\njust a sentence\n---\nBody text.\n",
        2,
        "front matter is not a mapping",
    ),
    "utf16.md": (
        "---\ntitle: Hi\n---\nBody text.\n".encode("utf-16"),
        1,
        "file is UTF-16; save it as UTF-8",
    ),
    "utf16-no-bom.md": ("---\ntitle: Hi\n---\nBody text.\n".encode("utf-16-le"), 1, "NUL bytes"),
    "nul.md": (b"---\ntitle: Hi\n---\nBody\n\x00text.\n", 5, "NUL bytes"),
    "huge.md": (b"", 1, f"i18nflow reads posts up to {MAX_POST_BYTES // 1_000_000} MB"),
    "tab-yaml.md": (
        b"---\ntitle: ok\n\tdescription: tab\n---\nBody.\n",
        3,
        "broken YAML front matter",
    ),
}
DEEP_POSTS = {
    "deep-list.md": "---\ntitle: Deep list\n---\n" + "- " * 10_000 + "the deepest item\n",
    "deep-quote.md": "---\ntitle: Deep quote\n---\n" + "> " * 10_000 + "the deepest quote\n",
    "deep-mixed.md": "---\ntitle: Deep mix\n---\n" + "> 1. " * 5_000 + "the deepest text\n",
    "deep-emphasis.md": "---\ntitle: Deep emphasis\n---\n"
    + "*" * 10_000
    + "text"
    + "*" * 10_000
    + "\n",
}


@pytest.fixture(scope="module")
def bad_site(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Project, subprocess.CompletedProcess[str]]:
    project = Project(tmp_path_factory.mktemp("bad") / "site")
    project.write("i18nflow.toml", 'locales = ["es"]\n[engines]\ndefault = "none"\n')
    project.write(f"content/posts/{SEED.name}", SEED.read_bytes())
    for name, (data, _, _) in BAD_POSTS.items():
        project.write(f"content/posts/{name}", data)
    with open(project.root / "content" / "posts" / "huge.md", "wb") as handle:  # 50 MB of prose
        paragraph = b"A paragraph of a post that grew far too big to translate. " * 16 + b"\n\n"
        for _ in range(50_000_000 // len(paragraph) + 1):
            handle.write(paragraph)
    for name, text in DEEP_POSTS.items():
        project.write(f"content/posts/{name}", text)
    os.symlink("..", project.root / "content" / "posts" / "loop")  # content/posts/loop → content/
    return project, project.run("sync", check=1)


def test_every_bad_post_is_one_clear_line_and_the_good_ones_are_processed(
    bad_site: tuple[Project, subprocess.CompletedProcess[str]],
) -> None:
    project, result = bad_site
    assert "Traceback" not in result.stderr
    errors = errors_by_file(result.stderr)
    for name, (_, line, message) in BAD_POSTS.items():
        assert f"content/posts/{name}" in errors, (name, result.stderr)
        assert errors[f"content/posts/{name}"][0] == line, (name, errors[f"content/posts/{name}"])
        assert message in errors[f"content/posts/{name}"][1]
    assert (project.root / "build" / "es" / "posts" / SEED.name).exists()
    for name in DEEP_POSTS:  # deep nesting is no error: parsed and rendered, no recursion crash
        assert f"content/posts/{name}" not in errors


def test_deeply_nested_posts_render_byte_identical(
    bad_site: tuple[Project, subprocess.CompletedProcess[str]],
) -> None:
    project, _ = bad_site
    for name in DEEP_POSTS:
        source = (project.root / "content" / "posts" / name).read_bytes()
        copy = (project.root / "build" / "es" / "posts" / name).read_bytes()
        assert copy == source.replace(b"\n---\n", b"\nlang: es\n---\n", 1), name


def test_a_symlink_loop_under_content_is_not_followed(
    bad_site: tuple[Project, subprocess.CompletedProcess[str]],
) -> None:
    """Python's glob follows content/posts/loop → content/ ~40 levels deep: every post found 40 times."""
    project, _ = bad_site
    assert not (project.root / "build" / "es" / "posts" / "loop").exists()
    pots = sorted(p.name for p in (project.root / "locales" / "templates").glob("*.pot"))
    assert len(pots) == len(set(pots)) <= 1 + len(DEEP_POSTS) + len(BAD_POSTS)


def test_a_symlink_loop_under_content_is_reported(make_project) -> None:
    project = make_project()
    os.symlink("..", project.root / "content" / "posts" / "loop")
    result = project.run("sync", check=None)
    assert result.returncode == 1
    assert "content/posts/loop: error: symlink loop" in result.stderr


def test_a_post_that_cannot_be_read_leaves_its_catalogs_alone(make_project) -> None:
    project = make_project()
    project.run("sync")
    po_path = project.po("es", SEED_DOMAIN)
    po = polib.pofile(str(po_path))
    po[2].msgstr = "Traducción revisada."
    po.save()
    project.run("sync")
    before = po_path.read_bytes()
    pot = project.root / "locales" / "templates" / f"{SEED_DOMAIN}.pot"
    pot_before = pot.read_bytes()
    post = project.root / "content" / "posts" / SEED.name
    post.write_text(post.read_text().replace("title:", "title: [unclosed", 1))
    project.post("2022-02-02-new-and-broken.md", "---\ntitle: [oops\n---\nText.\n")
    project.run("sync", check=1)
    assert po_path.read_bytes() == before
    assert pot.read_bytes() == pot_before
    assert not (project.root / "locales" / "templates" / "new-and-broken.pot").exists()


# -- catalogs --------------------------------------------------------------------------------------


def break_catalog(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


@needs_gettext
def test_catalog_mistakes_are_one_line_each_and_leave_the_file_alone(make_project) -> None:
    project = make_project('locales = ["es", "de", "fr"]\n[engines]\ndefault = "none"\n')
    project.run("sync")
    es, de, fr = (project.po(locale, SEED_DOMAIN) for locale in ("es", "de", "fr"))
    first = next(e.msgid for e in read_po(es) if e.msgctxt is None)
    duplicate = es.read_text(encoding="utf-8") + f'\nmsgid "{first}"\nmsgstr "otra vez"\n'
    es.write_text(duplicate, encoding="utf-8")
    unknown = break_catalog(de, "charset=UTF-8", "charset=KLINGON-8")
    de_bytes = de.read_bytes()
    fr_text = fr.read_text(encoding="utf-8")
    post = project.root / "content" / "posts" / SEED.name
    post.write_text(post.read_text() + "\nA new paragraph for everyone.\n")
    result = project.run("sync", check=1)
    errors = errors_by_file(result.stderr)
    es_ref, de_ref = (f"locales/{loc}/LC_MESSAGES/{SEED_DOMAIN}.po" for loc in ("es", "de"))
    assert errors[es_ref][1].startswith("duplicate message definition")
    assert errors[es_ref][0] == duplicate.count("\n") - 1
    assert "unknown charset 'KLINGON-8'" in errors[de_ref][1]
    assert (
        es.read_text(encoding="utf-8") == duplicate
        and de.read_bytes() == de_bytes == unknown.encode()
    )
    assert (
        fr.read_text(encoding="utf-8") != fr_text
        and "A new paragraph for everyone." in fr.read_text()
    )


@needs_gettext
@pytest.mark.parametrize("plural", ["nplurals=2; plural=(n != 1", "nplurals=x; plural=n;"])
def test_a_broken_plural_forms_header_is_reported(make_project, plural: str) -> None:
    project = make_project('locales = ["pl", "de"]\n[engines]\ndefault = "none"\n')
    project.run("sync")
    path = project.po("pl", SEED_DOMAIN)
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        r'"Plural-Forms: .*?\\n"\n',
        lambda _: f'"Plural-Forms: {plural}\\n"\n',
        text,
        count=1,
        flags=re.S,
    )
    path.write_text(text, encoding="utf-8")
    assert (
        subprocess.run(
            ["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True
        ).returncode
        != 0
    )
    post = project.root / "content" / "posts" / SEED.name
    post.write_text(post.read_text() + "\nA new paragraph for everyone.\n")
    result = project.run("sync", check=None)
    assert result.returncode == 1
    ref = f"locales/pl/LC_MESSAGES/{SEED_DOMAIN}.po"
    line = text[: text.index('"Plural-Forms:')].count("\n") + 1
    assert errors_by_file(result.stderr)[ref][0] == line
    assert f"{ref}:{line}: error: invalid Plural-Forms header: " in result.stderr
    assert path.read_text(encoding="utf-8") == text  # left alone: nothing of it is lost
    assert "A new paragraph for everyone." in project.po("de", SEED_DOMAIN).read_text()
    checked = project.run("check", check=None)
    assert checked.returncode == 1
    assert f"  {line}: error [syntax] invalid Plural-Forms header: " in checked.stdout


@needs_gettext
def test_a_catalog_saved_in_another_charset_is_kept_in_it(make_project) -> None:
    project = make_project('locales = ["es"]\n[engines]\ndefault = "none"\n', seed=False)
    project.post("2021-01-01-cafe.md", "---\ntitle: Café crème\n---\nUn café très crémeux.\n")
    project.run("sync")
    path = project.po("es", "cafe")
    _translate_and_save_as_latin1(path)
    post = project.root / "content" / "posts" / "2021-01-01-cafe.md"
    post.write_text(post.read_text() + "\nEncore un paragraphe.\n")
    project.run("sync")
    data = path.read_bytes()
    assert "crémeux".encode("latin-1") in data and "crémeux".encode() not in data
    reviewed = {
        e.msgid: e.msgstr
        for e in read_po(path)
        if e.msgstr and "fuzzy" not in e.flags and not e.obsolete
    }
    assert reviewed == {
        "Café crème": "Traducción de «Café crème»",
        "Un café très crémeux.": "Traducción de «Un café très crémeux.»",
    }
    assert _msgfmt_accepts(path)


def _translate_and_save_as_latin1(path: Path) -> None:
    """What a translator's editor does when told to save in Latin-1."""
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = f"Traducción de «{entry.msgid}»"
    po.metadata["Content-Type"] = "text/plain; charset=ISO-8859-1"
    po.encoding = "iso-8859-1"
    po.save()


def _msgfmt_accepts(path: Path) -> bool:
    return subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True).returncode == 0


@needs_gettext
def test_a_catalog_in_another_charset_turns_utf8_for_text_it_cannot_hold(make_project) -> None:
    project = make_project('locales = ["es"]\n[engines]\ndefault = "none"\n', seed=False)
    post = project.post("2021-01-01-cafe.md", "---\ntitle: Café crème\n---\nUn café.\n")
    project.run("sync")
    path = project.po("es", "cafe")
    _translate_and_save_as_latin1(path)
    post.write_text(post.read_text() + "\nOn y va → 🎉\n", encoding="utf-8")
    project.run("sync")
    text = path.read_bytes().decode("utf-8")  # Latin-1 cannot hold the arrow nor the emoji
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in text and "On y va → 🎉" in text
    assert {e.msgid: e.msgstr for e in read_po(path) if e.msgstr} == {
        "Café crème": "Traducción de «Café crème»",
        "Un café.": "Traducción de «Un café.»",
    }
    assert _msgfmt_accepts(path)
    assert "0 files written" in project.run("sync").stdout


# -- configuration -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            'locales = ["es"]\noutput = "/tmp/i18nflow-escape/{locale}/{path}"\n',
            "key 'output' must be a path inside the project",
        ),
        (
            'locales = ["es"]\noutput = "build/../../{locale}/{path}"\n',
            "key 'output' must be a path inside the project",
        ),
        (
            'locales = ["es"]\nlocales_dir = "/etc/i18nflow"\n',
            "key 'locales_dir' must be a path inside the project",
        ),
        ('locales = ["es"]\ndomain = "../{slug}"\n', "key 'domain' must give a plain file name"),
        ('locales = ["tlh"]\n', "unknown locale 'tlh'"),
        ('locales = ["es"]\n[engines]\ndefault = "none"\nfr = "pseudo"\n', "engines.fr"),
    ],
)
def test_configuration_mistakes_name_the_key_and_exit_2(
    make_project, config: str, message: str
) -> None:
    project = make_project(config)
    result = project.run("sync", check=None)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "i18nflow.toml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not Path("/tmp/i18nflow-escape").exists()


def test_output_through_a_symlink_out_of_the_project_is_refused(
    make_project, tmp_path: Path
) -> None:
    project = make_project('locales = ["es"]\n[engines]\ndefault = "none"\n')
    outside = tmp_path / "outside"
    outside.mkdir()
    (project.root / "build").mkdir()
    os.symlink(outside, project.root / "build" / "es")
    result = project.run("sync", check=1)
    assert list(outside.iterdir()) == []
    assert (
        f"content/posts/{SEED.name}: error: output path 'build/es/posts/{SEED.name}' would be outside the project"
        in result.stderr
    )


def test_odd_post_names_never_write_outside_their_folders(make_project) -> None:
    project = make_project('locales = ["es"]\n[engines]\ndefault = "none"\n')
    names = (
        "....md",
        "-..md",
        "a b ..md",
        "2020-01-01-...md",
        "ünï cødé.md",
        "%2e%2e.md",
        "..%2f..%2fx.md",
    )
    for name in names:
        project.post(name, "Some text to translate.\n")
    # several of these names clean up to the same catalog name: refused, naming both files...
    refused = project.run("sync", check=2)
    assert "content/posts/-..md and content/posts/2020-01-01-...md would share the catalog 'post'" in refused.stderr
    # ...unless the catalogs are shared on purpose
    project.write("i18nflow.toml", 'locales = ["es"]\ndomain = "messages"\n[engines]\ndefault = "none"\n')
    project.run("sync")
    written = sorted(p.relative_to(project.root / "build" / "es" / "posts").as_posix()
                     for p in (project.root / "build").rglob("*.md"))  # fmt: skip
    assert written == sorted(
        [*(n for n in names if not n.startswith(".")), SEED.name]
    )  # dot files: hidden
    catalogs = sorted(p.name for p in (project.root / "locales").rglob("*.po*"))
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.pot?", name) for name in catalogs), (
        catalogs
    )


# -- API keys ------------------------------------------------------------------------------------------

SECRET = "sk-live-1234567890abcdef"


def echoing_server(server: FakeLibreTranslate) -> None:
    """A service that quotes the key it got back in its error message (some do)."""
    original = server._answer

    def answer(handler, path, params):  # type: ignore[no-untyped-def]
        if path == "/translate":
            key = params.get("api_key")
            body = json.dumps({"error": f"Invalid API key: {key} (query api_key={key})"})
            return 403, "application/json", body, {}
        return original(handler, path, params)

    server._answer = answer  # type: ignore[method-assign]


def test_an_api_key_from_the_environment_is_never_shown_or_written(
    make_project, libretranslate_server: FakeLibreTranslate, monkeypatch: pytest.MonkeyPatch
) -> None:
    echoing_server(libretranslate_server)
    monkeypatch.setenv("I18NFLOW_FAULT_KEY", SECRET)
    project = make_project(
        f'locales = ["de"]\n[engines]\ndefault = "libre"\n[engines.libre]\nurl = "{libretranslate_server.url}"\n'
        'api_key_env = "I18NFLOW_FAULT_KEY"\ntimeout = 2\nmax_retries = 0\n'
    )
    result = project.run("-v", "sync", check=None)
    translate = project.run("-v", "translate", "--strict", check=None)
    shown = result.stdout + result.stderr + translate.stdout + translate.stderr
    assert "Invalid API key: ***" in shown  # the service's message is kept, the key masked
    assert SECRET not in shown
    for path in project.root.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_an_api_key_written_in_the_config_is_refused(
    make_project, libretranslate_server: FakeLibreTranslate
) -> None:
    project = make_project(
        f'locales = ["de"]\n[engines]\ndefault = "libre"\n[engines.libre]\nurl = "{libretranslate_server.url}"\n'
        f'api_key = "{SECRET}"\n'
    )
    for command in ("translate", "sync", "check"):
        result = project.run(command, check=None)
        assert result.returncode == 2, command
        assert "i18nflow.toml" in result.stderr and "api_key_env" in result.stderr, command
        assert SECRET not in result.stdout + result.stderr
