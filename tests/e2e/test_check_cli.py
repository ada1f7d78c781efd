"""`i18nflow check` on temp projects, as CI runs it: exit status, file and line of each problem."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import SEED, Project, needs_gettext
from i18nflow.gettext.po import read_po, write_po

REPO = Path(__file__).resolve().parents[2]
SEED_DOMAIN = "microcurrent-facial"
SEED_REF = f"content/posts/{SEED.name}"
QA_REF = "content/posts/2021-03-01-qa.md"
QA_PO = "locales/es/LC_MESSAGES/qa.po"

QA_POST = """\
---
title: Checking translations
---

Read [the docs](https://example.com/docs) first.

See ![the diagram](/img/diagram.png) below.

Run `make build` before you start.

Built by {{ site.title }} every night.

As the study shows[^1] it works.

Hydrafacial is a registered name.

Press <kbd>Enter</kbd> to continue.

Nothing special in this sentence.

A [safe link](https://example.com/safe) here.

## Background

We use **bold** words here.

| Name | Value |
| --- | --- |
| Pipe \\| cell | Plain cell |

## Aftercare

More about it in [the aftercare section](#aftercare).

It costs 45 euros.

Plain text here.

It takes 30 minutes.

The fuzzy one links [here](https://example.com/fuzzy).

[^1]: The study.
"""

# msgid → (broken translation, the check that must catch it)
BROKEN = {
    "Read [the docs](https://example.com/docs) first.":
        ("Lee [la documentación](https://example.org/docs) primero.", "urls"),
    "See ![the diagram](/img/diagram.png) below.": ("Mira ![el diagrama](/img/otro.png) abajo.", "urls"),
    "Run `make build` before you start.": ("Ejecuta `make compilar` antes de empezar.", "code"),
    "Built by {{ site.title }} every night.": ("Construido por el sitio cada noche.", "liquid"),
    "As the study shows[^1] it works.": ("Como muestra el estudio, funciona.", "footnotes"),
    "Hydrafacial is a registered name.": ("Hidrafacial es un nombre registrado.", "terms"),
    "Press <kbd>Enter</kbd> to continue.": ("Pulsa Intro para continuar.", "html"),
    "Nothing special in this sentence.": ("Nada especial <script>alert(1)</script> aquí.", "html"),
    "A [safe link](https://example.com/safe) here.":
        ("Un [enlace](javascript:alert(1)) aquí.", "unsafe-url"),
    "Background": ("# Antecedentes", "structure"),
    "We use **bold** words here.": ("Usamos palabras **en negrita aquí.", "emphasis"),
    "Pipe \\| cell": ("Celda | tubo", "structure"),
    "Plain cell": ("Celda | simple", "structure"),
    "Aftercare": ("Cuidados posteriores", "anchors"),
    "It costs 45 euros.": ("Cuesta 54 euros.", "numbers"),
    "Plain text here.": ("Texto simple aquí. ", "whitespace"),
}
EXCUSED = ("It takes 30 minutes.", "Tarda 20 minutos.")
FUZZY = ("The fuzzy one links [here](https://example.com/fuzzy).", "El difuso enlaza [aquí](https://example.org/).")


def check_json(project: Any, *args: str, status: int) -> dict[str, Any]:
    result = project.run("check", "--format", "json", *args, check=status)
    return json.loads(result.stdout)


def line_of(path: Path, text: str) -> int:
    """1-based line of the first line of ``path`` that contains ``text``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def translate(
    po_path: Path,
    translations: dict[str, str],
    flags: dict[str, list[str]] | None = None,
    comments: dict[str, str] | None = None,
) -> None:
    """Review translations the way a translator's editor does (no longer fuzzy, no machine
    comment); the file stays in msgcat's layout."""
    catalog = read_po(po_path)
    for entry in catalog:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            entry.flags = [f for f in entry.flags if f != "fuzzy"] + (flags or {}).get(entry.msgid, [])
            entry.tcomment = (comments or {}).get(entry.msgid, "")
            entry.previous_msgid = entry.previous_msgctxt = None
    write_po(catalog, po_path)


def write_flag(po_path: Path, msgid: str, flag: str) -> None:
    """Add a ``#,`` flag by hand, as a translator does in a text editor (our writer, like
    msgcat, keeps only the flags gettext knows)."""
    text = po_path.read_text(encoding="utf-8")
    po_path.write_text(text.replace(f'msgid "{msgid}"', f'#, {flag}\nmsgid "{msgid}"', 1), encoding="utf-8")


def snapshot(root: Path) -> dict[Path, tuple[int, bytes]]:
    return {
        p: (p.stat().st_mtime_ns, p.read_bytes())
        for p in root.rglob("*")
        if p.is_file() and ".i18nflow" not in p.parts
    }


def validate(instance: Any, schema: dict[str, Any], where: str = "$") -> None:
    """The subset of JSON Schema docs/check-json.md uses: type, enum, required, properties,
    additionalProperties and items (no third-party validator needed)."""
    kinds = schema.get("type")
    if kinds is not None:
        names = kinds if isinstance(kinds, list) else [kinds]
        python = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
        ok = any(
            (isinstance(instance, int) and not isinstance(instance, bool)) if name == "integer"
            else isinstance(instance, python[name])
            for name in names
        )
        assert ok, f"{where}: {instance!r} is not {kinds}"
    if "enum" in schema:
        assert instance in schema["enum"], f"{where}: {instance!r} not in {schema['enum']}"
    if isinstance(instance, dict):
        for key in schema.get("required", []):
            assert key in instance, f"{where}: missing {key}"
        properties = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            assert set(instance) <= set(properties), f"{where}: unexpected {set(instance) - set(properties)}"
        for key, value in instance.items():
            if key in properties:
                validate(value, properties[key], f"{where}.{key}")
    if isinstance(instance, list) and "items" in schema:
        for index, item in enumerate(instance):
            validate(item, schema["items"], f"{where}[{index}]")


def documented_schema() -> dict[str, Any]:
    doc = (REPO / "docs" / "check-json.md").read_text(encoding="utf-8")
    block = re.search(r"```json schema\n(.*?)```", doc, re.S)
    assert block is not None, "docs/check-json.md has no ```json schema block"
    schema: dict[str, Any] = json.loads(block.group(1))
    return schema


@pytest.fixture(scope="module")
def qa_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A project whose Spanish catalog has one broken translation per QA check; built once,
    so tests must not change it (they take a ``qa_project`` copy to do that)."""
    project = Project(tmp_path_factory.mktemp("qa") / "site")
    project.write("i18nflow.toml", 'locales = ["es"]\nterms = ["Hydrafacial"]\n')
    project.write(QA_REF, QA_POST)
    project.run("update")
    translations = {msgid: broken for msgid, (broken, _) in BROKEN.items()}
    translations[EXCUSED[0]] = EXCUSED[1]
    translations[FUZZY[0]] = FUZZY[1]
    translate(project.root / QA_PO, translations, {FUZZY[0]: ["fuzzy"]},
              {EXCUSED[0]: "i18nflow-skip-check:numbers"})
    return project


@pytest.fixture
def qa_project(qa_site: Project, tmp_path: Path) -> Project:
    root = tmp_path / "site"
    shutil.copytree(qa_site.root, root, ignore=shutil.ignore_patterns(".i18nflow"))
    return Project(root)


# a clean project ------------------------------------------------------------------------


@needs_gettext
def test_synced_project_passes_in_every_format(make_project) -> None:
    project = make_project()
    project.run("sync")
    report = check_json(project, status=0)
    validate(report, documented_schema())
    assert report["ok"] is True and report["problems"] == []
    assert report["summary"]["locales"] == ["es", "de"] and report["summary"]["posts"] == 1
    assert report["summary"]["msgfmt"] is True
    github = project.run("check", "--format", "github").stdout
    assert "::error" not in github and "::warning" not in github
    assert "0 error(s), 0 warning(s)" in github and "locales are in order" in github


def test_bundled_sample_site_is_in_order() -> None:
    """What .ci/run runs after the tests: the sample site shipped with the project."""
    from i18nflow.check.runner import check_project

    report = check_project(REPO, cache=False)
    assert report.errors == [], [f"{f.file}:{f.line}: {f.message}" for f in report.errors]


# stale catalogs -------------------------------------------------------------------------


def test_edited_post_makes_check_fail_as_stale_and_writes_nothing(make_project) -> None:
    project = make_project()
    project.run("update")
    post = project.root / SEED_REF
    post.write_text(post.read_text().replace("microcurrects", "microcurrents"), encoding="utf-8")
    edited_line = line_of(post, "microcurrents")
    before = snapshot(project.root)
    report = check_json(project, status=1)
    assert snapshot(project.root) == before
    stale = {p["file"]: p for p in report["problems"] if p["check"] == "stale"}
    assert set(stale) == {
        f"locales/templates/{SEED_DOMAIN}.pot",
        f"locales/es/LC_MESSAGES/{SEED_DOMAIN}.po",
        f"locales/de/LC_MESSAGES/{SEED_DOMAIN}.po",
    }
    for problem in stale.values():
        assert problem["source"] == SEED_REF and problem["source_line"] == edited_line
        assert f"{SEED_REF} was edited since the last update" in problem["message"]
        assert problem["line"] is not None
    pot = project.root / f"locales/templates/{SEED_DOMAIN}.pot"
    assert stale[f"locales/templates/{SEED_DOMAIN}.pot"]["line"] == line_of(pot, "microcurrects")
    github = project.run("check", "--format", "github", check=1).stdout.splitlines()
    on_post = [line for line in github if line.startswith(f"::error file={SEED_REF},line={edited_line},")]
    assert len(on_post) == 1 and "i18nflow stale" in on_post[0]  # one annotation on the edited line
    project.run("update")
    check_json(project, status=0)


def test_catalog_kept_in_latin1_is_judged_by_the_bytes_update_writes(make_project) -> None:
    """update writes a catalog back in the charset its header declares: a Latin-1 catalog it
    leaves alone is up to date; a layout change (a blank line at the end) is not stale, one it
    would rewrite is, at the line."""
    project = make_project('locales = ["es"]\n[engines]\ndefault = "none"\n', seed=False)
    project.post("2021-02-02-cafe.md", "---\ntitle: Café time\n---\n\nA paragraph about the café.\n")
    project.run("update")
    po = project.po("es", "cafe")
    text = po.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=ISO-8859-1")
    po.write_bytes(text.replace('msgstr ""\n\n#. paragraph', 'msgstr "Hora del café"\n\n#. paragraph').encode("latin-1"))
    project.run("update")
    kept = po.read_bytes()
    assert b"caf\xe9" in kept and "Hora del café".encode("latin-1") in kept  # still Latin-1
    assert check_json(project, "--no-cache", status=0)["problems"] == []
    po.write_bytes(kept + b"\n")
    assert check_json(project, "--no-cache", status=0)["problems"] == []
    line = kept.splitlines().index(b"#. paragraph") + 1
    po.write_bytes(kept.replace(b"#. paragraph\n", b""))
    stale = [p for p in check_json(project, "--no-cache", status=1)["problems"] if p["check"] == "stale"]
    assert [(p["file"], p["line"]) for p in stale] == [("locales/es/LC_MESSAGES/cafe.po", line)]


def test_added_and_removed_posts_are_named(make_project) -> None:
    project = make_project('locales = ["es"]\n')
    project.post("2021-05-05-gone.md", "---\ntitle: Gone soon\n---\nThis post will be deleted.\n")
    project.run("update")
    po = project.root / "locales/es/LC_MESSAGES/gone.po"
    translate(po, {"This post will be deleted.": "Este artículo se borrará."})
    (project.root / "content/posts/2021-05-05-gone.md").unlink()
    project.post("2021-06-06-new.md", "---\ntitle: Brand new\n---\nA new post.\n")
    problems = check_json(project, status=1)["problems"]
    by_file = {p["file"]: p for p in problems if p["check"] == "stale"}
    added = by_file["locales/templates/new.pot"]
    assert added["source"] == "content/posts/2021-06-06-new.md" and "is new" in added["message"]
    missing = by_file["locales/es/LC_MESSAGES/new.po"]
    assert missing["source"] == "content/posts/2021-06-06-new.md" and missing["line"] is None
    removed = by_file["locales/es/LC_MESSAGES/gone.po"]
    assert removed["source"] == "content/posts/2021-05-05-gone.md"
    assert "removed or renamed" in removed["message"]


# translation QA -------------------------------------------------------------------------


@needs_gettext
def test_each_qa_check_is_caught_at_the_msgstr_line_and_the_source_line(qa_site: Project) -> None:
    report = check_json(qa_site, "--no-cache", status=1)
    validate(report, documented_schema())
    po_path, post = qa_site.root / QA_PO, qa_site.root / QA_REF
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for problem in report["problems"]:
        if problem["msgid"] is not None:
            found.setdefault((problem["msgid"], problem["check"]), problem)
    for msgid, (broken, check) in BROKEN.items():
        problem = found.get((msgid, check))
        assert problem is not None, f"{check} not caught for {msgid!r}: {sorted(found)}"
        assert problem["file"] == QA_PO and problem["locale"] == "es"
        msgstr = broken.replace("\\", "\\\\").replace('"', '\\"')
        assert problem["line"] == line_of(po_path, f'msgstr "{msgstr}'), (check, problem)
        assert problem["source"] == QA_REF
        source_text = {"Background": "## Background", "Aftercare": "## Aftercare"}.get(msgid, msgid)
        assert problem["source_line"] == line_of(post, source_text)
        assert problem["level"] == ("warning" if check in ("numbers", "whitespace") else "error")
    assert not any(p["msgid"] == EXCUSED[0] for p in report["problems"]), "skip flag ignored"
    assert not any(p["msgid"] == FUZZY[0] for p in report["problems"]), "fuzzy checked without --fuzzy"
    assert all(p["check"] != "stale" for p in report["problems"])


def test_skip_flag_excuses_an_entry_and_says_how_to_keep_it(make_project) -> None:
    project = make_project('locales = ["es"]\n', seed=False)
    project.post("2021-01-01-n.md", "---\ntitle: N\n---\nIt costs 45 euros.\n")
    project.run("update")
    po_path = project.root / "locales/es/LC_MESSAGES/n.po"
    translate(po_path, {"It costs 45 euros.": "Cuesta 54 euros."})
    write_flag(po_path, "It costs 45 euros.", "i18nflow-skip-check:numbers")
    problems = check_json(project, status=1)["problems"]
    assert [p["check"] for p in problems] == ["stale"]  # numbers excused, but update drops the flag
    assert "# i18nflow-skip-check:numbers" in problems[0]["message"]
    assert problems[0]["line"] == line_of(po_path, 'msgid "It costs 45 euros."')


def test_fuzzy_option_checks_fuzzy_entries_too(qa_site: Project) -> None:
    problems = check_json(qa_site, "--fuzzy", status=1)["problems"]
    assert any(p["msgid"] == FUZZY[0] and p["check"] == "urls" for p in problems)


def test_pinned_heading_ids_keep_anchors_working(qa_project: Project) -> None:
    config = qa_project.root / "i18nflow.toml"
    config.write_text(config.read_text() + '\n[render]\nheading_ids = "source"\n')
    problems = check_json(qa_project, status=1)["problems"]
    assert not any(p["check"] == "anchors" for p in problems)


def test_github_annotations_point_at_the_po_line(qa_site: Project) -> None:
    output = qa_site.run("check", "--format", "github", check=1).stdout
    po_path = qa_site.root / QA_PO
    link_line = line_of(po_path, 'msgstr "Lee [la documentación]')
    assert f"::error file={QA_PO},line={link_line},title=i18nflow urls::[es] link URLs differ" in output
    numbers_line = line_of(po_path, 'msgstr "Cuesta 54 euros."')
    assert f"::warning file={QA_PO},line={numbers_line},title=i18nflow numbers::" in output


def test_text_report_is_grouped_by_file_without_colour_in_a_pipe(qa_site: Project) -> None:
    output = qa_site.run("check", check=1).stdout
    assert "\x1b[" not in output
    lines = output.splitlines()
    assert lines[0] == QA_PO
    po_path = qa_site.root / QA_PO
    numbers_line = line_of(po_path, 'msgstr "Cuesta 54 euros."')
    assert any(line.startswith(f"  {numbers_line}: warning [numbers]") for line in lines)
    assert "locales are not in order" in lines[-1]


def test_only_warnings_exit_zero_and_config_can_promote_them(make_project) -> None:
    project = make_project('locales = ["es"]\n', seed=False)
    project.post("2021-01-01-n.md", "---\ntitle: N\n---\nIt costs 45 euros.\n")
    project.run("update")
    translate(project.root / "locales/es/LC_MESSAGES/n.po", {"It costs 45 euros.": "Cuesta 54 euros."})
    report = check_json(project, status=0)
    assert [p["level"] for p in report["problems"]] == ["warning"]
    config = project.root / "i18nflow.toml"
    config.write_text(config.read_text() + '[check]\nerror = ["numbers"]\n')
    assert check_json(project, status=1)["problems"][0]["level"] == "error"
    config.write_text(config.read_text().replace('error = ["numbers"]', 'eror = ["numbers"]'))
    result = project.run("check", check=2)
    assert "check.eror" in result.stderr


# broken files ---------------------------------------------------------------------------


@needs_gettext
def test_broken_catalogs_are_reported_with_their_lines(make_project) -> None:
    project = make_project('locales = ["es", "de", "ca"]\n')
    project.run("update")
    es, de, ca = (project.po(locale, SEED_DOMAIN) for locale in ("es", "de", "ca"))
    es.write_text(es.read_text().replace('msgstr ""\n\n#. paragraph', 'msgstr "unterminated\n\n#. paragraph', 1))
    syntax_line = line_of(es, 'msgstr "unterminated')
    de.write_text(de.read_text().replace('"Language: de\\n"', '"Language: fr\\n"').replace(
        "nplurals=2; plural=(n != 1);", "nplurals=1; plural=0;"))
    translate(ca, {"How is Microcurrent Facial performed?": "\nCom es fa el Microcurrent Facial?"})
    newline_line = line_of(ca, 'msgstr ""') + 0
    report = check_json(project, status=1)
    problems = report["problems"]
    syntax = [p for p in problems if p["check"] == "syntax"]
    assert [(p["file"], p["line"]) for p in syntax] == [(f"locales/es/LC_MESSAGES/{SEED_DOMAIN}.po", syntax_line)]
    header = {p["message"].split(" ")[1]: p for p in problems if p["check"] == "header"}
    assert header["header"]["line"] == line_of(de, '"Language: fr')
    assert "Language: fr" in header["header"]["message"]
    assert any("Plural-Forms" in p["message"] and p["line"] == line_of(de, "Plural-Forms")
               and p["level"] == "warning" and "--fix-headers" in p["message"]
               for p in problems if p["check"] == "plural-forms")
    msgfmt = [p for p in problems if p["check"] == "msgfmt" and p["file"].startswith("locales/ca/")]
    assert msgfmt and "begin with '\\n'" in msgfmt[0]["message"]
    assert msgfmt[0]["source"] == SEED_REF and msgfmt[0]["line"] >= newline_line


# completeness ---------------------------------------------------------------------------


def test_thresholds_fail_locales_and_posts_below_them(make_project) -> None:
    project = make_project('locales = ["es", "de"]\n[threshold]\ndefault = 10\nde = 0\n')
    project.post("2021-07-07-short.md", "---\ntitle: Short one\n---\nTiny post.\n")
    project.run("update")
    translate(project.root / "locales/es/LC_MESSAGES/short.po", {"Short one": "Corto", "Tiny post.": "Breve."})
    problems = [p for p in check_json(project, status=1)["problems"] if p["check"] == "threshold"]
    assert {(p["locale"], p["source"]) for p in problems} == {("es", SEED_REF), ("es", None)}
    per_post = next(p for p in problems if p["source"])
    assert per_post["file"] == f"locales/es/LC_MESSAGES/{SEED_DOMAIN}.po"
    assert "under the threshold of 10%" in per_post["message"]


# the cache ------------------------------------------------------------------------------


def test_cached_run_reports_the_same_and_sees_a_changed_catalog(qa_project: Project, private_cache_home: Path) -> None:
    first = check_json(qa_project, status=1)["problems"]
    assert len(list((private_cache_home / "i18nflow" / "check").glob("*.json"))) == 1
    assert not (qa_project.root / ".i18nflow/check-cache.json").exists()
    assert check_json(qa_project, status=1)["problems"] == first
    po_path = qa_project.root / QA_PO
    translate(po_path, {"It costs 45 euros.": "Cuesta 45 euros."})
    again = check_json(qa_project, status=1)["problems"]
    assert not any(p["check"] == "numbers" and p["msgid"] == "It costs 45 euros." for p in again)
    assert check_json(qa_project, "--no-cache", status=1)["problems"] == again


@needs_gettext
def test_a_cache_committed_to_the_repository_is_not_trusted(qa_project: Project, private_cache_home: Path) -> None:
    """A pull request adds .i18nflow/check-cache.json with every finding emptied; a fresh
    clone's check must still find them (the cache is per user, keyed by the project's path)."""
    first = check_json(qa_project, status=1)["problems"]
    assert first
    (cached,) = (private_cache_home / "i18nflow" / "check").glob("*.json")
    data = json.loads(cached.read_text(encoding="utf-8"))
    for stored in data["domains"].values():
        stored["result"]["findings"] = []
    data["msgfmt"] = {digest: [] for digest in data["msgfmt"]}
    forged = json.dumps(data)
    cached.unlink()
    qa_project.write(".i18nflow/check-cache.json", forged)  # committed with the pull request
    result = qa_project.run("check", check=1)
    assert "locales are in order" not in result.stdout
    assert check_json(qa_project, status=1)["problems"] == first
    # the same forged file in the user's cache of another project does not apply here either
    other = private_cache_home / "i18nflow" / "check" / ("0" * 64 + ".json")
    other.write_text(forged, encoding="utf-8")
    assert check_json(qa_project, status=1)["problems"] == first
