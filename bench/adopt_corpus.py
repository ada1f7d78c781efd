"""Adopt the whole shared corpora as real sites, with every layout, and build them for real.

    python3 bench/adopt_corpus.py [--keep DIR]

For ../shared/corpus/hugo laid out as a Hugo site and ../shared/corpus/posts as a Jekyll site
(tests/adopt/corpus_sites.py), for each layout: ``i18nflow init`` with two locales, ``sync
--html`` (exit 0, no error), a second ``sync --html`` (must write nothing), the snippet init
printed added to the generator's settings, the real ``jekyll build`` / ``hugo``, and every page
checked in the built HTML in every language (``<html lang>`` of the page at the language's
URL). Prints one row per layout with the times; exits 1 if any check fails. The CI suite runs
the same steps on a handful of pages (tests/adopt/test_builds.py).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "adopt"))

from corpus_sites import hugo_files, hugo_site, jekyll_files, jekyll_site  # noqa: E402

LOCALES = ("es", "de")


def i18nflow(root: Path, *args: str) -> tuple[str, float]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "i18nflow", "-C", str(root), *args],
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0 or "error" in result.stderr:
        raise SystemExit(f"i18nflow {' '.join(args)} in {root}: exit {result.returncode}\n{result.stderr[-4000:]}")
    return result.stdout, elapsed


def adopt(root: Path, layout: str) -> dict[str, float]:
    times: dict[str, float] = {}
    # the settings exactly as init writes them (Apertium pretranslates es where it is installed)
    out, times["init"] = i18nflow(root, "init", *(f"-l{code}" for code in LOCALES), f"--layout={layout}")
    _, times["sync"] = i18nflow(root, "sync", "--html")
    second, times["no-op sync"] = i18nflow(root, "sync", "--html")
    if not re.search(r"^0 files written", second, re.M):
        raise SystemExit(f"{layout}: the second sync wrote files: {second}")
    snippet = out.split(":\n\n", 1)[1].split("\n\nNext:", 1)[0] if ":\n\n" in out else ""
    config = root / ("hugo.toml" if (root / "hugo.toml").exists() else "_config.yml")
    with config.open("a", encoding="utf-8") as handle:
        handle.write("\n" + snippet + "\n")
    return times


def build(command: list[str], root: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} in {root} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return time.perf_counter() - start


def languages_of(site: Path, page: str) -> list[str]:
    """The lang of the built page at the source, es and de URLs ('' where missing)."""
    found = []
    for prefix in ("", "es/", "de/"):
        path = site / f"{prefix}{page}"
        match = re.search(r'<html lang="([^"]*)"', path.read_text(encoding="utf-8")) if path.is_file() else None
        found.append(match.group(1) if match else "")
    return found


def check_pages(site: Path, pages: list[str]) -> tuple[int, list[str]]:
    wrong = [f"{page}: {langs}" for page in pages if (langs := languages_of(site, page)) != ["en", "es", "de"]]
    return len(pages), wrong


def hugo_run(workdir: Path, layout: str) -> tuple[dict[str, float], int, list[str]]:
    root = workdir / f"hugo-{layout}"
    root.mkdir()
    paths = hugo_site(root)
    times = adopt(root, layout)
    times["hugo"] = build(["hugo", "--quiet"], root)
    site = root / "public"
    # the source pages (not translations already there), at the URL Hugo gives them in English
    built = {p.relative_to(site).as_posix() for p in site.rglob("index.html")}
    pages = []
    for path in paths:
        rel = path.split("/", 1)[1].rsplit(".", 1)[0]
        stem = rel.rsplit("/", 1)[-1]
        if re.search(r"\.[a-z]{2}(-[a-zA-Z]+)?$", stem) and not stem.endswith(".en"):
            continue  # a page already in another language
        rel = re.sub(r"\.en$", "", rel)
        url = re.sub(r"/(_?index)$", "", rel).lower() + "/index.html"
        url = "index.html" if url == "/index.html" else url
        if url in built:
            pages.append(url)
    return times, *check_pages(site, pages)


def jekyll_run(workdir: Path, layout: str) -> tuple[dict[str, float], int, list[str]]:
    root = workdir / f"jekyll-{layout}"
    root.mkdir()
    jekyll_site(root)
    times = adopt(root, layout)
    times["jekyll"] = build(["jekyll", "build", "--quiet"], root)
    site = root / "_site"
    # every page Jekyll built for a post in English, found again under /es/ and /de/
    posts = [p.relative_to(site).as_posix() for p in site.rglob("*.html")
             if not p.relative_to(site).as_posix().startswith(("es/", "de/", "treatments/"))
             and re.match(r"^(?:[^/]+/)*\d{4}/\d{2}/\d{2}/", p.relative_to(site).as_posix())]
    return times, *check_pages(site, posts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="Build the sites in this folder (kept) instead of a temp one.")
    args = parser.parse_args()
    if not hugo_files() or not jekyll_files():
        raise SystemExit("the shared corpus is missing (../shared/corpus)")
    runs = [("hugo", "filename", hugo_run), ("hugo", "directory", hugo_run),
            ("jekyll", "polyglot", jekyll_run), ("jekyll", "jekyll-folders", jekyll_run)]
    failed = False
    with tempfile.TemporaryDirectory() as temp:
        workdir = args.keep or Path(temp)
        workdir.mkdir(parents=True, exist_ok=True)
        print(f"{'site':8} {'layout':15} {'pages':>5}  times (s)")
        for generator, layout, runner in runs:
            times, count, wrong = runner(workdir, layout)
            shown = "  ".join(f"{name} {value:.1f}" for name, value in times.items())
            print(f"{generator:8} {layout:15} {count:5}  {shown}")
            for line in wrong:
                failed = True
                print(f"    not in every language: {line}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
