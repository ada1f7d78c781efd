"""Shared fixtures: temp projects made of real files, and the real CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["engine_fixtures"]  # libretranslate_server, chat_server, refused_url

REPO = Path(__file__).resolve().parents[1]
# ../shared next to the repo; from a git worktree (/work/wt/NAME) it is one level further up
SHARED = next((p / "shared" for p in REPO.parents if (p / "shared" / "corpus").is_dir()), REPO.parent / "shared")
SEED = REPO / "content" / "posts" / "2020-06-01-microcurrent-facial.md"
CORPUS = SHARED / "corpus" / "posts"


def corpus_posts() -> list[Path]:
    """The real-world posts (from ../shared, next to the repo in CI and in sessions)."""
    return sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else []


class Project:
    """A throwaway i18nflow project on disk."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(text.encode("utf-8"))
        return path

    def post(self, name: str, text: str) -> Path:
        return self.write(f"content/posts/{name}", textwrap.dedent(text).lstrip("\n"))

    def read(self, relative: str) -> str:
        return (self.root / relative).read_bytes().decode("utf-8")

    def po(self, locale: str, domain: str) -> Path:
        return self.root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"

    def run(self, *args: str, check: int | None = 0) -> subprocess.CompletedProcess[str]:
        """Run the real CLI in a subprocess, as a user would."""
        result = subprocess.run(
            [sys.executable, "-m", "i18nflow", "-C", str(self.root), *args],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check is not None and result.returncode != check:
            raise AssertionError(
                f"i18nflow {' '.join(args)} exited {result.returncode}\n"
                f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
            )
        return result


@pytest.fixture(autouse=True)
def private_cache_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own user cache folder (``check`` keeps its cache there), inherited by
    the CLI it runs in subprocesses: no test sees another's cache, nor the developer's."""
    folder = tmp_path_factory.mktemp("cache-home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def spanish_project(root: Path, posts: dict[str, str], site: str = "", *command: str) -> Project:
    """A project translated into Spanish by hand (no engine), its ``posts`` written under
    content/posts, ``site`` the lines of its ``[site]`` table, then ``command`` run (if any)."""
    project = Project(root)
    config = 'locales = ["es"]\n[engines]\ndefault = "none"\n'
    project.write("i18nflow.toml", config + (f"[site]\n{textwrap.dedent(site)}" if site else ""))
    for name, text in posts.items():
        project.write(f"content/posts/{name}", text)
    if command:
        project.run(*command)
    return project


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Project]:
    # No machine translation unless a test asks for it: the core tests need no engine.
    def factory(config: str = 'locales = ["es", "de"]\n[engines]\ndefault = "none"\n', seed: bool = True) -> Project:
        project = Project(tmp_path / "site")
        project.write("i18nflow.toml", textwrap.dedent(config))
        if seed:
            (project.root / "content" / "posts").mkdir(parents=True, exist_ok=True)
            shutil.copy(SEED, project.root / "content" / "posts" / SEED.name)
        return project

    return factory


def have(tool: str) -> bool:
    return shutil.which(tool) is not None


needs_gettext = pytest.mark.skipif(not have("msgcat"), reason="GNU gettext is not installed")


def assert_msgcat_fixed_point(path: Path) -> None:
    """A file msgcat would not change by a byte, and that msgfmt -c accepts."""
    cat = subprocess.run(["msgcat", str(path)], capture_output=True)
    assert cat.returncode == 0, cat.stderr.decode()
    assert cat.stdout == path.read_bytes(), f"{path} is not a msgcat fixed point"
    if path.suffix == ".po":
        fmt = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True)
        assert fmt.returncode == 0, fmt.stderr.decode()


def fill_disk(disk: Path) -> Path:
    """Write a file into ``disk`` until its every last block is taken; returns the file, whose
    removal frees the disk again."""
    filler = disk / "filler"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    return filler


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs, to fill up: a full disk (needs root; skipped otherwise)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def bench_generator() -> Any:
    """bench/generate.py as a module (bench/ is not a package): the generated corpus the
    benchmarks measure, for tests that want the same posts and catalogs."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
