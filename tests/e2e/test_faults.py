"""Faults: killed runs, concurrent runs, a full or read-only disk, and engines that misbehave.

What must hold whatever happens mid-run: every file on disk stays valid (``msgfmt -c``), a
translation that was saved is never lost, the next run completes the work, and a fault ends as
a clear message rather than a traceback or a broken file.

The loops here are functions so ``bench/soak.py`` can run them for longer than CI can.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from conftest import Project, bench_generator, fill_disk, needs_gettext
from i18nflow.cli import cli
from i18nflow.gettext import catalogs
from i18nflow.gettext.po import read_po
from libretranslate_server import FakeLibreTranslate
from strategies import FIGURES, scaled

Human = dict[tuple[str, str, catalogs.Key], str]  # (locale, domain, key) → reviewed msgstr



def make_site(root: Path, posts: int, engine: str = "none") -> list[Path]:
    """A generated site (bench/generate.py): enough posts that a run takes a while to kill."""
    return bench_generator().write_project(root, posts, locales=("es", "de"), engine=engine)


def cli_command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "i18nflow", "-C", str(root), *args]


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli_command(root, *args), capture_output=True, text=True, timeout=300)


def translate_by_hand(root: Path, per_catalog: int, rng: random.Random) -> Human:
    """A translator reviews a few entries of every catalog (and saves with polib)."""
    done: Human = {}
    for path in sorted((root / "locales").glob("*/LC_MESSAGES/*.po")):
        locale, domain = path.parent.parent.name, path.stem
        po = polib.pofile(str(path))
        untranslated = [e for e in po if not e.obsolete and e.msgid and not e.msgstr]
        for entry in rng.sample(untranslated, min(per_catalog, len(untranslated))):
            entry.msgstr = f"[{locale}] {entry.msgid}"
            done[(locale, domain, catalogs.entry_key(entry))] = entry.msgstr
        po.save()
    return done


def edit_posts(posts: list[Path], rng: random.Random, round_number: int) -> None:
    """Authors add paragraphs and fix typos in paragraphs nobody translated yet."""
    for path in rng.sample(posts, max(1, len(posts) // 3)):
        text = path.read_text(encoding="utf-8")
        text += f"\nA new paragraph from round {round_number} about {rng.choice(['skin', 'light', 'water'])}.\n"
        path.write_text(text, encoding="utf-8")


def invalid_files(root: Path) -> list[str]:
    """Every catalog msgfmt -c (or msgcat, for templates) refuses, with its complaint."""
    bad = []
    for path in sorted((root / "locales").rglob("*.po*")):
        if path.suffix == ".tmp":
            continue  # a killed run's temp file (.name.po.PID.N.tmp, torn by the kill): counted as a leftover
        command = (
            ["msgfmt", "-c", "-o", os.devnull, str(path)]
            if path.suffix == ".po"
            else ["msgcat", str(path)]
        )
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            bad.append(f"{path.relative_to(root)}: {result.stderr.strip()[:300]}")
    return bad


def missing_translations(root: Path, human: Human) -> list[str]:
    """Reviewed translations that are no longer active and reviewed in their catalog."""
    lost = []
    by_file: dict[tuple[str, str], polib.POFile] = {}
    for (locale, domain, key), msgstr in human.items():
        catalog = by_file.get((locale, domain))
        if catalog is None:
            catalog = by_file[(locale, domain)] = read_po(
                root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"
            )
        if not any(
            catalogs.entry_key(e) == key
            and e.msgstr == msgstr
            and catalogs.entry_state(e) == "reviewed"
            and not e.obsolete
            for e in catalog
        ):
            lost.append(f"{locale}/{domain}: {key[1][:50]!r}")
    return lost


def leftover_temp_files(root: Path) -> list[str]:
    return sorted(
        str(p.relative_to(root)) for p in root.rglob("*.tmp") if ".i18nflow" not in p.parts
    )


@dataclass
class KillReport:
    rounds: int = 0
    killed: int = 0  # runs that were still working when killed
    leftovers: int = 0  # temp files a killed run left behind


def kill_loop(
    root: Path, posts: list[Path], human: Human, rounds: int, rng: random.Random, *args: str
) -> KillReport:
    """Start ``i18nflow ARGS``, SIGKILL it at a random moment, check the files; ``rounds`` times."""
    report = KillReport()
    started = time.monotonic()
    assert run_cli(root, *args).returncode == 0
    full = max(time.monotonic() - started, 0.3)
    for round_number in range(rounds):
        edit_posts(posts, rng, round_number)
        process = subprocess.Popen(cli_command(root, *args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   start_new_session=True)  # fmt: skip
        time.sleep(rng.uniform(0.0, full))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # the whole group: worker processes too
            report.killed += 1
        _, stderr = process.communicate()
        assert b"Traceback" not in stderr, stderr.decode()
        assert invalid_files(root) == []
        assert missing_translations(root, human) == []
        report.rounds += 1
    report.leftovers = len(leftover_temp_files(root))
    FIGURES["SIGKILL faults injected"] += report.killed
    FIGURES["kill rounds"] += report.rounds
    FIGURES["translations checked after kills"] += len(human) * report.rounds
    return report


def prepared_site(root: Path, posts: int, rng: random.Random) -> tuple[list[Path], Human]:
    paths = make_site(root, posts)
    assert run_cli(root, "sync").returncode == 0
    human = translate_by_hand(root, 3, rng)
    assert run_cli(root, "sync").returncode == 0
    return paths, human


def check_finishes(root: Path, human: Human, *args: str) -> None:
    """The next run completes the work; the one after it has nothing left to write."""
    result = run_cli(root, *args)
    assert result.returncode == 0, result.stderr
    again = run_cli(root, *args)
    assert again.returncode == 0, again.stderr
    if args[0] == "sync":
        assert "0 files written" in again.stdout, again.stdout
    assert invalid_files(root) == []
    assert missing_translations(root, human) == []


# -- killed runs ---------------------------------------------------------------------------


@needs_gettext
def test_sync_killed_at_random_moments_loses_nothing_and_the_next_run_finishes(
    tmp_path: Path,
) -> None:
    rng = random.Random(int(os.environ.get("I18NFLOW_FAULT_SEED", "8")))
    root = tmp_path / "site"
    posts, human = prepared_site(root, 45, rng)  # 45 posts: the run uses worker processes
    report = kill_loop(root, posts, human, scaled(6), rng, "sync", "--jobs", "2")
    assert report.killed >= 1
    check_finishes(root, human, "sync")
    for (locale, domain, _), msgstr in human.items():
        post = next(p for p in posts if p.stem.endswith(domain))
        assert msgstr in (root / "build" / locale / "posts" / post.name).read_text(encoding="utf-8")


@needs_gettext
def test_translate_killed_at_random_moments_loses_nothing_and_the_next_run_finishes(
    tmp_path: Path,
) -> None:
    rng = random.Random(int(os.environ.get("I18NFLOW_FAULT_SEED", "8")) + 1)
    root = tmp_path / "site"
    posts, human = prepared_site(root, 12, rng)
    kill_loop(root, posts, human, scaled(5), rng, "translate", "--engine", "pseudo")
    check_finishes(root, human, "translate", "--engine", "pseudo")
    for path in sorted((root / "locales").glob("*/LC_MESSAGES/*.po")):
        for entry in read_po(path):
            if entry.obsolete or not entry.msgid:
                continue
            assert catalogs.entry_state(entry) in ("reviewed", "machine"), (path.name, entry.msgid)
    with sqlite3.connect(root / ".i18nflow" / "memory.sqlite") as memory:
        assert memory.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_killed_runs_temp_files_are_cleaned_up_by_the_next_run(make_project) -> None:
    project = make_project()
    project.run("sync")
    folder = project.root / "locales" / "es" / "LC_MESSAGES"
    stale = folder / ".microcurrent-facial.po.k3j4h5.tmp"  # what mkstemp leaves when killed
    stale.write_text('msgid ""\nmsgstr "half', encoding="utf-8")
    project.run("sync")
    assert not stale.exists()


# -- two runs at once ---------------------------------------------------------------------------


@needs_gettext
def test_two_syncs_started_at_once_never_interleave(tmp_path: Path) -> None:
    rng = random.Random(3)
    root = tmp_path / "site"
    posts, human = prepared_site(root, 20, rng)
    for round_number, wait in enumerate(("0", "0", "60")):
        edit_posts(posts, rng, round_number)
        runs = [subprocess.Popen(cli_command(root, "--wait", wait, "sync"), stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(2)]  # fmt: skip
        results = [(run.wait(), *run.communicate()) for run in runs]
        codes = sorted(code for code, _, _ in results)
        assert codes in ([0, 0], [0, 1]), results
        for code, stdout, stderr in results:
            assert "Traceback" not in stderr
            if code == 1:
                assert wait == "0"
                assert "another i18nflow run is working on this project" in stderr
                assert "0 files written, 0 unchanged" in stdout  # the refused run wrote nothing
        FIGURES["concurrent runs"] += 2
        assert invalid_files(root) == []
        assert missing_translations(root, human) == []
    assert "0 files written" in run_cli(root, "sync").stdout


# -- a full disk, a read-only folder --------------------------------------------------------------


def snapshot(root: Path, *folders: str) -> dict[Path, bytes]:
    return {
        p: p.read_bytes() for folder in folders for p in (root / folder).rglob("*") if p.is_file()
    }


@needs_gettext
def test_full_disk_is_a_clear_error_and_leaves_the_previous_files(small_disk: Path) -> None:
    root = small_disk / "site"
    posts, human = prepared_site(root, 4, random.Random(5))
    before = snapshot(root, "locales", "build")
    for path in posts:
        path.write_text(
            path.read_text(encoding="utf-8") + "\nA paragraph the full disk refuses.\n",
            encoding="utf-8",
        )
    filler = fill_disk(small_disk)
    result = run_cli(root, "sync")
    FIGURES["disk full faults injected"] += 1
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cannot write: disk full; the previous file is intact" in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(("locales/", "build/")) and ": error: " in first, first
    assert snapshot(root, "locales", "build") == before
    assert leftover_temp_files(root) == []
    filler.unlink()
    check_finishes(root, human, "sync")
    assert (
        "A paragraph the full disk refuses."
        in read_po(root / "locales" / "templates" / f"{posts[0].stem[11:]}.pot")[-1].msgid
    )


@needs_gettext
def test_read_only_locales_is_a_clear_error_and_the_rest_is_processed(tmp_path: Path) -> None:
    root = tmp_path / "site"
    posts, human = prepared_site(root, 4, random.Random(6))
    locales = root / "locales"
    bound = subprocess.run(["mount", "--bind", str(locales), str(locales)], capture_output=True)
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount: {bound.stderr.decode().strip()}")
    try:
        readonly = subprocess.run(
            ["mount", "-o", "remount,ro,bind", str(locales)], capture_output=True
        )
        if readonly.returncode != 0:
            pytest.skip(f"cannot remount read-only: {readonly.stderr.decode().strip()}")
        before = snapshot(root, "locales")
        posts[0].write_text(
            posts[0].read_text(encoding="utf-8") + "\nA paragraph for a read-only disk.\n",
            encoding="utf-8",
        )
        result = run_cli(root, "sync")
        FIGURES["read-only faults injected"] += 1
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert "error: cannot write: Read-only file system" in result.stderr
        assert all(
            line.startswith("locales/")
            for line in result.stderr.splitlines()
            if ": error: " in line
        )
        assert snapshot(root, "locales") == before
        copy = root / "build" / "es" / "posts" / posts[0].name
        assert "A paragraph for a read-only disk." in copy.read_text(
            encoding="utf-8"
        )  # render went on
    finally:
        subprocess.run(["umount", "-l", str(locales)], check=False)
    check_finishes(root, human, "sync")


# -- engines that fail ---------------------------------------------------------------------------

POST = """---
title: Chemical peel treatments explained for everyone
---
A chemical peel renews the outer layer of the skin in a single session.

Book your consultation with **our team** before the first treatment starts.

Results vary from person to person and depend on your skin type.
"""


def engine_project(tmp_path: Path, url: str, extra: str = "") -> Project:
    project = Project(tmp_path / "site")
    project.write(
        "i18nflow.toml",
        f'locales = ["de", "es"]\n[engines]\ndefault = "libre"\nes = "pseudo"\n'
        f'[engines.libre]\nurl = "{url}"\ntimeout = 0.5\nmax_retries = 1\nretry_base_delay = 0.01\n{extra}',
    )
    project.post("2021-01-01-peel.md", POST)
    return project


def translate_in_process(project: Project, *args: str) -> tuple[int, str, str]:
    """``i18nflow translate`` through click in this process (the fake server lives here too)."""
    result = CliRunner().invoke(
        cli, ["-C", str(project.root), "translate", *args], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


FAULTS = {
    "connection refused": ("refused", "connection refused by 127.0.0.1"),
    "DNS failure": ("dns", "cannot resolve the host name of i18nflow-fault.invalid"),
    "TLS error": ("tls", "libre:"),
    "HTTP 500 with an HTML page": ("html500", "HTTP 500"),
    "JSON of the wrong shape": ("wrong_shape", "libre:"),
    "the text back untranslated": ("echo", "untranslated"),
    "an empty answer": ("empty", "empty translation"),
    "a null answer": ("null", "no translation"),
    "an answer ten times longer": ("long", "times longer"),
    "a hang": ("hang", "no answer from 127.0.0.1"),
    "429 forever": ("429", "HTTP 429"),
    "a duplicated placeholder": ("duplicate", "placeholder"),
}


@needs_gettext
@pytest.mark.parametrize("fault", list(FAULTS))
def test_engine_fault_leaves_the_strings_untranslated_and_the_run_goes_on(
    tmp_path: Path, libretranslate_server: FakeLibreTranslate, refused_url: str, fault: str
) -> None:
    mode, reason = FAULTS[fault]
    url = {"refused": refused_url, "dns": "http://i18nflow-fault.invalid/",
           "tls": libretranslate_server.url.replace("http://", "https://")}.get(mode, libretranslate_server.url)  # fmt: skip
    project = engine_project(tmp_path, url)
    if mode == "hang":
        libretranslate_server.delay = 3
    elif mode == "429":
        libretranslate_server.fail_first = 1000
    elif mode not in ("refused", "dns", "tls"):
        libretranslate_server.mode = mode
    code, stdout, stderr = translate_in_process(project)
    FIGURES["engine faults injected"] += 1
    assert code == 0, stderr  # a failing engine is a warning: the run goes on
    assert "stay untranslated" in stderr and reason in stderr, stderr
    assert "Traceback" not in stderr + stdout
    german = read_po(project.po("de", "peel"))
    for entry in german:
        # only strings with markup carry placeholders to duplicate; the others are translated
        failed = "**" in entry.msgid if mode == "duplicate" else bool(entry.msgid)
        assert (entry.msgstr == "") == failed, entry.msgid  # nothing half-translated written
    spanish = read_po(project.po("es", "peel"))
    assert all(
        catalogs.entry_state(e) == "machine" for e in spanish if e.msgid
    )  # the other locale got done
    assert (
        subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(project.po("de", "peel"))]).returncode
        == 0
    )
    # a failure is not remembered: once the engine works, the strings get translated
    libretranslate_server.reset()
    if mode in ("refused", "dns", "tls"):
        return
    code, _, stderr = translate_in_process(project, "--strict")
    assert code == 0, stderr
    assert all(
        catalogs.entry_state(e) == "machine" for e in read_po(project.po("de", "peel")) if e.msgid
    )


@needs_gettext
def test_strict_translate_fails_when_the_engine_does(tmp_path: Path, refused_url: str) -> None:
    project = engine_project(tmp_path, refused_url)
    code, _, stderr = translate_in_process(project, "--strict")
    assert code == 1
    assert "4 strings could not be machine translated (--strict)" in stderr
