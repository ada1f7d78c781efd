"""Random hostile translations over a real corpus: no command may crash, and no page may run script.

    python3 bench/hostile_fuzz.py                          # 12 Jekyll corpus posts, seeds 0-4
    python3 bench/hostile_fuzz.py --corpus hugo --seeds 20 --posts 20
    python3 bench/hostile_fuzz.py --corpus sample           # the bundled sample site

Every reviewed entry of every catalog gets its msgid with one to four tokens inserted at random
(HTML, Markdown and kramdown/goldmark markup, Liquid and shortcodes, controls, bidi overrides,
bare URLs, format directives), as a careless or hostile translator or engine might. Then the
commands a site owner and CI run: ``render --html``, ``check``, ``sync --html``, ``status``,
``check --fuzzy --format json``. A run fails when a command prints a traceback or exits with
anything but 0 or 1, or when a built page has an event handler, a ``javascript:`` URL or a
script the sample does not (the preview's CSP and sanitizer are the walls behind the rule).
This is how the crashes fixed in stop 13 were found (a ``<![[Pasted image]]`` in a msgstr, a
``charset=zlib`` header, a ``site.po`` plural rule too deep for Python's gettext).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"

TOKENS = [
    "<", ">", '"', "'", "{{", "}}", "{%", "%}", "$$", "$", "[", "]", "](", ")", "|", "\n", "\n\n", "*", "**",
    "`", "```", "{:", ":", "#", "&", "%", "%s", "%(x)s", "\\", "<script>", "<img src=x onerror=alert(1)>",
    "{{< x >}}", "{{% y %}}", "---", "\n---\n", "&amp;", "\ufffe", "\u202e", "\x1b[2K", "- ", "1. ", "> ",
    "    ", "\t", "[^1]", "{#id}", "{::comment}", '<div markdown="1">', "</div>", "\r", "\r\n", "~~~", "+++",
    "{% endif %}", "{{ site.x }}", "javascript:alert(1)", "![a](b)", "[a](javascript:x)", "\\[", "\\(",
    "|---|", "==", ": ", '{: onclick="alert(1)"}', "www.evil.example", "<![x>", "\\begin{x}", "[ ] ",
]
COMMANDS = (
    ("render", "--html"),
    ("check", "--no-cache"),
    ("sync", "--html"),
    ("status",),
    ("check", "--fuzzy", "--no-cache", "--format", "json"),
)
# an event handler on a real tag, a script URL in an attribute, a script element
_SCRIPTED = re.compile(
    r"<[a-z][^>]*?\son[a-z]+\s*=|\b(?:href|src|action|formaction)\s*=\s*[\"']?\s*javascript:|<script\b", re.I
)


def make_site(kind: str, posts: int, work: Path) -> Path:
    """A project adopted by ``init`` (two locales, the pseudo engine) and synced once."""
    site = work / "site"
    if kind == "sample":
        shutil.copytree(REPO, site, ignore=shutil.ignore_patterns(".git", "build", ".i18nflow", "src", "tests",
                                                                  "bench", "*.whl"))
        return site
    files = sorted((SHARED / "corpus" / ("posts" if kind == "posts" else "hugo")).glob("**/*.md"))[:posts]
    folder = site / ("_posts" if kind == "posts" else "content/posts")
    folder.mkdir(parents=True)
    (site / ("_config.yml" if kind == "posts" else "hugo.toml")).write_text(
        "title: t\n" if kind == "posts" else 'baseURL = "/"\n')
    for number, path in enumerate(files):
        name = f"2020-01-{number % 28 + 1:02d}-p{number}.md" if kind == "posts" else f"p{number}.md"
        (folder / name).write_bytes(path.read_bytes())
    cli(site, "init", "-l", "es", "-l", "de")
    config = site / "i18nflow.toml"
    config.write_text(re.sub(r"(?m)^default = .*$", 'default = "pseudo"', config.read_text()))
    cli(site, "sync", "-q")
    return site


def cli(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "i18nflow", "-C", str(site), *args],
                          capture_output=True, text=True, timeout=900)


def spoil(site: Path, seed: int) -> None:
    """Every entry becomes a reviewed, hostile variant of its msgid."""
    rnd = random.Random(seed)
    for po in sorted(site.glob("locales/*/LC_MESSAGES/*.po")):
        catalog = polib.pofile(str(po))
        for entry in catalog:
            if not entry.msgid or entry.obsolete:
                continue
            words = entry.msgid.split(" ")
            for _ in range(rnd.randint(1, 4)):
                words.insert(rnd.randrange(len(words) + 1), rnd.choice(TOKENS))
            text = " ".join(words) if rnd.random() < 0.5 else "".join(words)
            if entry.msgid_plural:
                entry.msgstr_plural = {k: text for k in entry.msgstr_plural}
            else:
                entry.msgstr = text
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalog.save(str(po))


def scripted_pages(site: Path, baseline: dict[str, int]) -> list[str]:
    """Pages with more handlers or script URLs than the same page had before the spoiling."""
    return [rel for rel, count in _page_counts(site).items() if count > baseline.get(rel, 0)]


def _page_counts(site: Path) -> dict[str, int]:
    pages = (site / "build" / "site").rglob("*.html") if (site / "build" / "site").is_dir() else []
    return {p.relative_to(site).as_posix(): len(_SCRIPTED.findall(p.read_text(errors="replace"))) for p in pages}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=("posts", "hugo", "sample"), default="posts")
    parser.add_argument("--posts", type=int, default=12)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--first-seed", type=int, default=0)
    args = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="i18nflow-fuzz-") as tmp:
        pristine = make_site(args.corpus, args.posts, Path(tmp) / "pristine")
        cli(pristine, "sync", "--html", "-q")
        baseline = _page_counts(pristine)
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            site = Path(tmp) / f"seed{seed}"
            shutil.copytree(pristine, site)
            spoil(site, seed)
            for command in COMMANDS:
                result = cli(site, *command)
                crashed = "Traceback" in result.stderr or result.returncode not in (0, 1)
                verdict = "CRASH" if crashed else "ok"
                print(f"seed {seed:3}  {' '.join(command):45} exit {result.returncode}  {verdict}")
                if crashed:
                    failures += 1
                    print(result.stderr[-2000:])
            scripted = scripted_pages(site, baseline)
            if scripted:
                failures += 1
                print(f"seed {seed:3}  SCRIPT in {len(scripted)} pages: {', '.join(scripted[:5])}")
            shutil.rmtree(site)
    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
