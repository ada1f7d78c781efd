"""The real-builder bench: every corpus post, every variant, built by Jekyll and Hugo.

    python3 bench/builders.py                     # both corpora, all four variants
    python3 bench/builders.py --corpus hugo --variants none,hostile --limit 10 --samples 5
    python3 bench/builders.py --corpus tests/fixtures/unseen/posts,tests/fixtures/unseen/hugo

A corpus is a name under --corpus-dir or a folder (a path with a "/"); a folder named ``hugo``
is built by Hugo, any other by Jekyll.

For each corpus and variant (a locale of its own: no translations, Apertium es, the pseudo
engine, hostile translations full of Markdown punctuation) it prints: pages built, pages whose
element structure differs from the source page, Liquid/shortcode/math calls changed, msgids
offered that are code (text in <pre>/<code> the pseudo engine changed), visible text missed
(prose the pseudo engine left as it was), and translations render fell back from; then samples.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from builders_harness import VARIANTS, run_corpus, to_json  # noqa: E402

# ../shared next to the repo; a git worktree one level deeper finds it further up
SHARED = next((p / "shared" / "corpus" for p in HERE.parents if (p / "shared" / "corpus").is_dir()),
              HERE.parent.parent / "shared" / "corpus")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default="posts,hugo", help="posts, hugo or folders (comma-separated)")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--limit", type=int, default=None, help="only the first N files of each corpus")
    parser.add_argument("--samples", type=int, default=4, help="samples printed per list")
    parser.add_argument("--json", type=Path, default=None, help="write every finding to this file")
    parser.add_argument("--corpus-dir", type=Path, default=SHARED)
    args = parser.parse_args()
    variants = [v for v in args.variants.split(",") if v]
    everything = []
    with tempfile.TemporaryDirectory(prefix="i18nflow-builders-") as tmp:
        for name in args.corpus.split(","):
            started = time.monotonic()
            folder = Path(name) if "/" in name else args.corpus_dir / name
            reports = run_corpus(folder, Path(tmp) / name.replace("/", "_"), variants, args.limit)
            everything.extend(reports)
            for report in reports:
                print(report.line())
            for report in reports:
                for label, items in (("structure differs", report.differ), ("calls changed", report.calls_changed),
                                     ("code offered", report.code_offered), ("text missed", report.missed)):
                    for item in items[: args.samples]:
                        print(f"  {report.corpus}/{report.variant} {label}: {item}")
            print(f"  ({name}: {time.monotonic() - started:.0f} s)")
    if args.json:
        args.json.write_text(to_json(everything), encoding="utf-8")


if __name__ == "__main__":
    main()
