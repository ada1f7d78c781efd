"""The CLI while it works: progress on stderr, JSON reports, failures named, options anywhere."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from conftest import Project
from libretranslate_server import FakeLibreTranslate

PARAGRAPHS = "\n\n".join(f"Paragraph number {n} of a long post about skin care." for n in range(6))


def posts(project: Project, count: int) -> None:
    for index in range(count):
        project.post(f"2021-01-{index + 1:02d}-post-{index}.md", f"---\ntitle: Post {index}\n---\n{PARAGRAPHS}\n")


def run_env(project: Project, *args: str, env: dict[str, str] | None = None, check: int | None = 0,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI with stderr a pipe (not a terminal), as in CI logs."""
    result = subprocess.run([sys.executable, "-m", "i18nflow", *args], capture_output=True, text=True,
                            cwd=cwd or project.root, env={**os.environ, **(env or {})}, timeout=300)
    if check is not None:
        assert result.returncode == check, result.stderr
    return result


EVERY_UPDATE = {"I18NFLOW_PROGRESS_INTERVAL": "0"}


# progress ----------------------------------------------------------------------------


def test_progress_lines_on_a_non_terminal_stderr_count_posts_and_estimate(make_project) -> None:
    project = make_project()
    posts(project, 3)
    result = run_env(project, "sync", "--html", "-j", "1", env=EVERY_UPDATE)
    lines = [line for line in result.stderr.splitlines() if line.startswith("i18nflow: sync")]
    assert lines, result.stderr
    assert re.fullmatch(r"i18nflow: sync 1/4 posts, \d+ s elapsed, about \d+ s left", lines[0]), lines[0]
    assert re.fullmatch(r"i18nflow: sync 4/4 posts, \d+ s elapsed", [x for x in lines if "preview" not in x][-1])
    assert any(re.fullmatch(r"i18nflow: sync: preview 4/4 posts, \d+ s elapsed", line) for line in lines)
    assert "\x1b[" not in result.stderr  # no terminal escapes in a log


def test_quiet_silences_progress_before_or_after_the_command(make_project) -> None:
    project = make_project()
    posts(project, 2)
    for args in (("-q", "sync"), ("sync", "-q")):
        result = run_env(project, *args, "--html", "--no-cache", env=EVERY_UPDATE)
        assert result.stderr == "" and result.stdout == ""


def test_check_shows_progress_on_a_non_terminal_stderr_and_keeps_stdout_for_its_report(make_project) -> None:
    project = make_project()
    posts(project, 3)
    run_env(project, "sync", "-q")
    result = run_env(project, "check", "--no-cache", "--format", "json", env=EVERY_UPDATE)
    lines = [line for line in result.stderr.splitlines() if line.startswith("i18nflow: check")]
    assert re.fullmatch(r"i18nflow: check 1/4 posts, \d+ s elapsed, about \d+ s left", lines[0]), result.stderr
    assert re.fullmatch(r"i18nflow: check 4/4 posts, \d+ s elapsed", lines[-1]), result.stderr
    assert json.loads(result.stdout)["ok"] is True and "\x1b[" not in result.stderr
    for args in (("-q", "check"), ("check", "-q")):
        quiet = run_env(project, *args, "--no-cache", env=EVERY_UPDATE)
        assert quiet.stderr == "" and quiet.stdout == ""


def test_progress_line_every_few_seconds_from_the_ticker(make_project) -> None:
    """With the default interval a short run prints no progress; a tiny interval prints lines even
    while a step makes no progress of its own (the ticker thread)."""
    project = make_project()
    posts(project, 2)
    assert "i18nflow: sync" not in run_env(project, "sync", "--no-cache").stderr
    result = run_env(project, "extract", env={"I18NFLOW_PROGRESS_INTERVAL": "0.001"})
    assert "i18nflow: reading posts" in result.stderr or "i18nflow: extract" in result.stderr


# --format json and last-run.json ------------------------------------------------------


@pytest.mark.parametrize("command", [["sync"], ["update"], ["render"], ["translate"]])
def test_format_json_lists_files_written_and_is_alone_on_stdout(make_project, command: list[str]) -> None:
    project = make_project()
    result = run_env(project, *command, "--format", "json")
    report = json.loads(result.stdout)
    assert report["command"] == command[0] and report["ok"] is True
    assert report["written_count"] == len(report["written"]) > 0
    for name in report["written"]:
        assert (project.root / name).is_file()
    again = json.loads(run_env(project, *command, "--format", "json").stdout)
    assert again["written"] == [] and again["unchanged"] + again["skipped_posts"] > 0
    assert json.loads((project.root / ".i18nflow/last-run.json").read_text())["command"] == command[0]


def test_format_json_reports_problems_with_their_file_and_line(make_project) -> None:
    project = make_project()
    run_env(project, "sync")
    project.po("es", "microcurrent-facial").write_text('msgid "x"\nmsgstr "unterminated\n', encoding="utf-8")
    result = run_env(project, "sync", "--format", "json", check=1)
    report = json.loads(result.stdout)
    assert report["ok"] is False
    problem = next(p for p in report["problems"] if p["level"] == "error")
    assert problem["file"] == "locales/es/LC_MESSAGES/microcurrent-facial.po" and problem["line"] == 2


def test_failures_name_their_entries_with_v_and_in_last_run(make_project,
                                                           libretranslate_server: FakeLibreTranslate) -> None:
    project = make_project(f'locales = ["de", "ca"]\n[engines]\ndefault = "libre"\n[engines.libre]\n'
                           f'url = "{libretranslate_server.url}"\ntimeout = 2\nmax_retries = 0\n'
                           '[site]\ntitle = "Journal"\n', seed=False)
    project.post("2021-01-01-peel.md", "---\ntitle: Chemical peel\n---\nA peel [renews](https://example.com/r) "
                                       "the skin.\n\nPlain words only.\n")
    libretranslate_server.mode = "drop"  # placeholders dropped: those strings stay untranslated
    result = run_env(project, "sync", "-v", check=0)
    report = json.loads((project.root / ".i18nflow/last-run.json").read_text())
    failures = [f for f in report["failures"] if f["msgid"].startswith("A peel")]
    assert {f["locale"] for f in failures} == {"de", "ca"}
    for failure in failures:
        po = polib.pofile(str(project.root / failure["po"]))
        assert next(e for e in po if e.msgid == failure["msgid"]).msgstr == ""
        lines = (project.root / failure["po"]).read_text(encoding="utf-8").splitlines()
        assert lines[failure["line"] - 1].startswith('msgid "A peel [renews]')  # the line msgfmt names
        assert f"{failure['po']}:{failure['line']}: untranslated: 'A peel [renews]" in result.stderr
    # counts per catalog call: never more failed strings than were sent
    for match in re.finditer(r"(\d+) of (\d+) strings for (\w+) stay untranslated", result.stderr):
        assert int(match.group(1)) <= int(match.group(2))
    quiet = run_env(project, "translate", check=0)
    assert "untranslated: 'A peel" not in quiet.stderr  # named only with -v


# options, configuration, import ----------------------------------------------------------


def test_global_options_work_after_the_subcommand(make_project, tmp_path: Path) -> None:
    project = make_project()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_env(project, "sync", "-C", str(project.root), "-v", cwd=elsewhere)
    assert "wrote locales/es/LC_MESSAGES/microcurrent-facial.po" in result.stdout
    assert run_env(project, "status", "-C", str(project.root), cwd=elsewhere).stdout.startswith("locale")


def test_no_config_says_where_and_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    result = subprocess.run([sys.executable, "-m", "i18nflow", "-C", str(tmp_path), "sync"], capture_output=True,
                            text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == f"i18nflow: no i18nflow.toml in {tmp_path.resolve()}; run `i18nflow init`"


def test_unknown_engines_key_is_an_error(make_project) -> None:
    project = make_project('locales = ["es"]\n[engines]\ndefault = "none"\nes_ES = "apertium"\n')
    result = project.run("status", check=2)
    assert "key 'engines.es_ES' is neither 'default', a configured locale (es) nor an engine table" in result.stderr
    assert "i18nflow.toml" in result.stderr


def test_import_from_that_matches_nothing_is_an_error(make_project) -> None:
    project = make_project()
    result = project.run("import", "-l", "es", "--from", "content/es/{path}", check=2)
    assert "--from content/es/{path}: no translation found for any of the 1 posts" in result.stderr
    project.write("translations/es/readme.txt", "not a post")
    result = project.run("import", "-l", "es", "--from", "translations/es", "--format", "json", check=2)
    assert result.stdout == "" and "no translation found" in result.stderr


def test_import_format_json_has_the_run_report_and_the_import(make_project) -> None:
    project = make_project()
    project.run("sync")
    source = (project.root / "content/posts").glob("*.md").__next__().read_text(encoding="utf-8")
    project.write("content-es/" + next((project.root / "content/posts").glob("*.md")).name,
                  source.replace("title:", "title: ES", 1))
    result = project.run("import", "-l", "es", "--from", "content-es/{name}", "--format", "json")
    report = json.loads(result.stdout)
    assert report["command"] == "import" and report["locale"] == "es" and len(report["posts"]) == 1
    assert "locales/es/LC_MESSAGES/microcurrent-facial.po" in report["written"]
