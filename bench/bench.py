"""i18nflow benchmark: sync/check at several sizes, the floor, peer tools, machine translation.

    python3 bench/bench.py                       # N = 100, 1000, 10000; peers up to 1000
    python3 bench/bench.py --sizes 100,1000 --peers-max 1000 --skip-mt
    python3 bench/bench.py --sizes 1000 --check-only --skip-mt   # one sync, then the check rows

Every figure comes from running the real command on a generated corpus (bench/generate.py) in a
temp folder; times are wall seconds, RSS is the peak resident set of the process tree's
largest process. Ratios (peer ÷ ours, ours ÷ floor) are what carries over to other machines.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from generate import post, write_project  # noqa: E402

LOCALES = ("es", "de", "fr", "it", "pt_BR")
PY = sys.executable


def ours(n: int, workdir: Path, rows: list[tuple[str, ...]], check_only: bool = False) -> dict[str, float]:
    project = workdir / f"ours-{n}"
    shutil.rmtree(project, ignore_errors=True)
    write_project(project, n, LOCALES)
    sync = [PY, "-m", "i18nflow", "sync"]
    results: dict[str, float] = {}

    def measure(label: str, cmd: list[str]) -> None:
        # a fresh interpreter per figure, so RSS is this command's own
        code = (
            "import resource,subprocess,sys,time;t=time.perf_counter();"
            f"r=subprocess.run({cmd!r},cwd={str(project)!r},capture_output=True,text=True);"
            "e=time.perf_counter()-t;"
            "m=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss//1024;"
            "print(f'{e:.3f} {m} {r.returncode}');print(r.stdout[-500:]);print(r.stderr[-500:],file=sys.stderr)"
        )
        proc = subprocess.run([PY, "-c", code], capture_output=True, text=True)
        first = proc.stdout.split("\n", 1)[0].split()
        seconds, rss = float(first[0]), int(first[1])
        written = re.search(r"(\d+) files written", proc.stdout)
        results[label] = seconds
        results[f"{label}-rss"] = rss
        rows.append((f"{n}", label, f"{seconds:.2f}", f"{1000 * seconds / n:.2f}", f"{rss}",
                     written.group(1) if written else "-"))

    measure("cold sync", sync)
    if check_only:
        check_rows(project, measure)
        return results
    measure("no-op sync", sync)
    target = sorted((project / "content" / "posts").glob("*.md"))[n // 2]
    text = target.read_text(encoding="utf-8")
    paragraphs = [b for b in text.split("\n\n") if b and b[0].isalpha() and "." in b]
    target.write_text(text.replace(paragraphs[0], paragraphs[0].replace(".", " indeed.", 1), 1), encoding="utf-8")
    measure("edit 1 paragraph", sync)
    import random

    (project / "content" / "posts" / "2030-01-01-new-post.md").write_text(post(n + 1, random.Random(7)), encoding="utf-8")
    measure("add 1 post", sync)
    check_rows(project, measure)
    measure("floor", [PY, str(HERE / "floor.py"), str(project / "content" / "posts"), str(workdir / f"floor-{n}")])
    return results


def check_rows(project: Path, measure: Callable[[str, list[str]], None]) -> None:
    """``check`` on the synced project: as CI runs it in a fresh clone (no .i18nflow/ at all, so
    no cache to reuse; it writes one), with that cache, and with --no-cache."""
    check = [PY, "-m", "i18nflow", "-q", "check"]
    shutil.rmtree(project / ".i18nflow", ignore_errors=True)
    measure("check, from scratch", check)
    measure("check, cached", check)
    measure("check --no-cache", [*check, "--no-cache"])


def peers(n: int, workdir: Path, rows: list[tuple[str, ...]]) -> dict[str, float]:
    """The same job (extract, 5 locales merged, 5 localized copies) with other tools.

    Their exit status is not checked: Translate Toolkit exits 2 on warnings (duplicate units).
    """
    project = workdir / f"peers-{n}"
    shutil.rmtree(project, ignore_errors=True)
    write_project(project, n, LOCALES)
    posts = project / "content" / "posts"
    results: dict[str, float] = {}
    if shutil.which("msgmerge") and _has_module("translate"):
        (project / "tt" / "pot").mkdir(parents=True)
        start = time.perf_counter()
        subprocess.run([PY, "-m", "translate.convert.md2po", "--progress=none", "-P", "-i", str(posts), "-o", str(project / "tt" / "pot")], capture_output=True)
        for locale in LOCALES:
            po_dir = project / "tt" / locale
            po_dir.mkdir(parents=True, exist_ok=True)
            for pot in sorted((project / "tt" / "pot").glob("*.pot")):
                po = po_dir / (pot.stem + ".po")
                subprocess.run(["msginit", "--no-translator", "-l", locale, "-i", str(pot), "-o", str(po)], capture_output=True)
            subprocess.run([PY, "-m", "translate.convert.po2md", "--progress=none", "-i", str(po_dir), "-t", str(posts),
                            "-o", str(project / "tt" / "build" / locale)], capture_output=True)
        results["Translate Toolkit md2po/po2md + msginit"] = time.perf_counter() - start
    if _has_module("mdpo"):
        start = time.perf_counter()
        subprocess.run([PY, "-m", "mdpo.md2po2md", str(posts / "*.md"), "-q", "-l", *LOCALES,
                        "-o", str(project / "mdpo" / "{lang}")], capture_output=True)
        results["mdpo md2po2md"] = time.perf_counter() - start
    if shutil.which("po4a"):
        cfg = project / "po4a.cfg"
        lines = [f"[po4a_langs] {' '.join(LOCALES)}", "[po4a_paths] po4a/messages.pot $lang:po4a/$lang.po"]
        lines += [f"[type: text] {p.relative_to(project)} $lang:po4a/build/$lang/{p.name} opt:\"--option markdown\""
                  for p in sorted(posts.glob("*.md"))]
        cfg.write_text("\n".join(lines) + "\n")
        (project / "po4a").mkdir(exist_ok=True)
        start = time.perf_counter()
        subprocess.run(["po4a", "--keep", "0", "--no-backups", "-q", str(cfg)], cwd=project, capture_output=True)
        results["po4a"] = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run(["po4a", "--keep", "0", "--no-backups", "-q", str(cfg)], cwd=project, capture_output=True)
        results["po4a (no change)"] = time.perf_counter() - start
    for name, seconds in results.items():
        rows.append((f"{n}", name, f"{seconds:.2f}", f"{1000 * seconds / n:.2f}", "-", "-"))
    return results


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def machine_translation(workdir: Path) -> list[str]:
    """Engine calls vs unique strings on 1,000 posts (about 30% of strings repeat), and Apertium."""
    from libretranslate_server import FakeLibreTranslate

    lines = []
    project = workdir / "mt-1000"
    shutil.rmtree(project, ignore_errors=True)
    write_project(project, 1000, ("de",), common=0.55)  # about 30% of strings repeat
    server = FakeLibreTranslate().start()
    try:
        (project / "i18nflow.toml").write_text(
            f'locales = ["de"]\n[engines]\ndefault = "libre"\n[engines.libre]\nurl = "{server.url}"\nconcurrency = 8\n'
        )
        subprocess.run([PY, "-m", "i18nflow", "-q", "update"], cwd=project, check=True)
        import polib

        msgids: list[str] = []
        for po in (project / "locales" / "de" / "LC_MESSAGES").glob("*.po"):
            msgids.extend(e.msgid for e in polib.pofile(str(po)) if e.msgid and not e.obsolete)
        start = time.perf_counter()
        subprocess.run([PY, "-m", "i18nflow", "-q", "translate"], cwd=project, check=True)
        first = time.perf_counter() - start
        calls = server.count()
        unique_sent = len(set(server.texts()))
        for po in (project / "locales" / "de").rglob("*.po"):
            po.unlink()
        server.requests = []
        subprocess.run([PY, "-m", "i18nflow", "-q", "translate"], cwd=project, check=True)
        lines.append(f"strings in catalogs: {len(msgids)}, distinct msgids: {len(set(msgids))} "
                     f"({100 * (1 - len(set(msgids)) / len(msgids)):.0f}% repeated)")
        lines.append(f"engine calls: {calls} for {unique_sent} distinct pieces sent (equal: {calls == unique_sent}); "
                     f"{first:.1f} s")
        lines.append(f"second run (catalogs deleted, memory kept): {server.count()} engine calls")
    finally:
        server.stop()
    lines.extend(_apertium_throughput())
    return lines


def _apertium_throughput() -> list[str]:
    from i18nflow.translate.engines import create_engine

    engine = create_engine("apertium", {})
    if not engine.available("en", "es"):
        return ["apertium: eng-spa not installed"]
    import random

    rng = random.Random(3)
    from generate import sentence

    texts = [sentence(rng, rng.randint(6, 16)) for _ in range(300)]
    start = time.perf_counter()
    engine.translate(texts, "en", "es")
    batch = len(texts) / (time.perf_counter() - start)
    sample = texts[:20]
    start = time.perf_counter()
    engine.translate_one_process_per_string(sample, "en", "es")  # type: ignore[attr-defined]
    single = len(sample) / (time.perf_counter() - start)
    return [f"apertium eng→spa: {batch:.0f} segments/s through one process, {single:.1f} segments/s one "
            f"process per string ({batch / single:.0f}×)"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--peers-max", type=int, default=1000, help="run peer tools only up to this many posts")
    parser.add_argument("--skip-mt", action="store_true")
    parser.add_argument("--check-only", action="store_true", help="after one sync, only the check rows (no peers, floor)")
    parser.add_argument("--workdir", default=None)
    args = parser.parse_args()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="i18nflow-bench-"))
    # The peers come from wheels, compiled at install; an editable i18nflow may have no .pyc
    # (PYTHONDONTWRITEBYTECODE), which would add every module's compile time to each run.
    subprocess.run([PY, "-m", "compileall", "-q", str(Path(__file__).resolve().parents[1] / "src" / "i18nflow")],
                   check=False, capture_output=True)
    rows: list[tuple[str, ...]] = [("posts", "run", "seconds", "ms/post", "peak MB", "files written")]
    ratios: list[str] = []
    for n in (int(x) for x in args.sizes.split(",")):
        mine = ours(n, workdir, rows, args.check_only)
        if args.check_only:
            _print_table(rows)
            continue
        ratios.append(f"N={n}: no-op = {100 * mine['no-op sync'] / mine['cold sync']:.1f}% of cold, "
                      f"edit = {100 * mine['edit 1 paragraph'] / mine['cold sync']:.1f}% of cold, "
                      f"cold ÷ floor = {mine['cold sync'] / mine['floor']:.2f}")
        if n <= args.peers_max:
            other = peers(n, workdir, rows)
            for name, seconds in other.items():
                reference = mine["no-op sync"] if "no change" in name else mine["cold sync"]
                ratios.append(f"N={n}: {name} ÷ ours = {seconds / reference:.1f}×")
        _print_table(rows)
        print("\n".join(ratios), flush=True)
    if not args.skip_mt:
        print("\nmachine translation:")
        print("\n".join(machine_translation(workdir)))
    print(f"\n(work files in {workdir})")


def _print_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    print()
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
