"""What a translator's layout costs: check and sync over catalogs saved by msgcat -w 60.

A catalog laid out otherwise than i18nflow writes it is not stale and not rewritten (issue 16),
which takes a content comparison where a byte comparison used to do. This prints, for N posts
x 5 locales (machine-translated with the offline pseudo engine, so the catalogs are translated
and the untranslated fast path does not apply), `check --no-cache` and `sync --no-cache` on the
files as i18nflow wrote them and again after `msgcat -w 60` re-saved every PO file.

    python3 bench/layout.py [N]          # default 200
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import write_project  # noqa: E402


def _timed(root: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "i18nflow", "-q", "-C", str(root), *args], check=False,
                   capture_output=True)
    return time.perf_counter() - start


def main(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="i18nflow-layout-") as folder:
        root = Path(folder)
        write_project(root, count, engine="pseudo")
        subprocess.run([sys.executable, "-m", "i18nflow", "-q", "-C", str(root), "sync"], check=True)
        exact = _timed(root, "check", "--no-cache"), _timed(root, "sync", "--no-cache")
        pos = sorted((root / "locales").rglob("*.po"))
        for path in pos:
            subprocess.run(["msgcat", "-w", "60", "-o", str(path), str(path)], check=True)
        before = {path: path.read_bytes() for path in pos}
        foreign = _timed(root, "check", "--no-cache"), _timed(root, "sync", "--no-cache")
        rewritten = sum(path.read_bytes() != data for path, data in before.items())
        print(f"{count} posts x 5 locales, {len(pos)} catalogs")
        print(f"  i18nflow's layout: check {exact[0]:.2f} s, sync --no-cache {exact[1]:.2f} s")
        print(f"  msgcat -w 60:      check {foreign[0]:.2f} s, sync --no-cache {foreign[1]:.2f} s,"
              f" {rewritten} catalogs rewritten")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
