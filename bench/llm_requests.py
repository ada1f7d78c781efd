"""What the llm engine sends: requests, strings per request, estimated tokens, cache hits.

``python3 bench/llm_requests.py [--posts 1000]`` runs ``i18nflow translate`` with engine ``llm``
against the loopback OpenAI-compatible test server (tests/openai_server.py, on 127.0.0.1) for
two projects: the sample (content/ and glossary/ of this repo, locales es and de) and N posts
from bench/generate.py. For each it prints the dry-run estimate, what the run really sent, and
what a second run (``translate --refresh``: every machine translation asked again) sends, which
the translation memory should make nothing. Tokens are characters ÷ 4, as the dry run says.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))

from generate import write_project  # noqa: E402

from openai_server import FakeChatServer  # noqa: E402

LOCALES = ("es", "de")


def config(server: FakeChatServer) -> str:
    return f"""locales = {json.dumps(list(LOCALES))}
front_matter = ["title", "description"]
[engines]
default = "llm"
[engines.llm]
base_url = "{server.base_url}"
model = "bench-model"
timeout = 30
concurrency = 4
price_per_million_input = 0.15
price_per_million_output = 0.60
"""


def cli(root: Path, *args: str) -> tuple[str, float]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "i18nflow", "-C", str(root), *args], capture_output=True,
                            text=True, env=env, timeout=3600)
    if result.returncode not in (0, 1):
        raise SystemExit(f"i18nflow {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout + result.stderr, time.monotonic() - started


def sent(server: FakeChatServer, since: int) -> tuple[int, int, int]:
    """Requests, strings and request characters since request number ``since``."""
    bodies = server.requests[since:]
    strings = sum(len(json.loads(b["messages"][-1]["content"])["strings"]) for b in bodies)
    chars = sum(len(m["content"]) for b in bodies for m in b["messages"])
    return len(bodies), strings, chars


def measure(name: str, root: Path, server: FakeChatServer) -> None:
    print(f"## {name}")
    estimate, _ = cli(root, "translate", "--dry-run")
    for line in estimate.splitlines():
        if re.match(r"^[a-z_]+: ", line):
            print(f"- dry run {line}")
    before = len(server.requests)
    output, seconds = cli(root, "translate")
    requests, strings, chars = sent(server, before)
    print(f"- first run: {requests} requests, {strings} strings, {strings / max(requests, 1):.1f} strings per "
          f"request, {chars} request characters (~{chars // 4} input tokens), {seconds:.1f} s")
    for line in output.splitlines():
        if re.match(r"^[a-z_]+: llm", line) or "warning" in line:
            print(f"  - {line}")
    again, _ = cli(root, "translate", "--refresh", "--dry-run")
    before = len(server.requests)
    _, seconds = cli(root, "translate", "--refresh")
    requests, strings, _ = sent(server, before)
    print(f"- second run (translate --refresh): {requests} requests, {strings} strings sent, {seconds:.1f} s")
    for line in again.splitlines():
        if re.match(r"^[a-z_]+: ", line):
            print(f"  - memory: {line}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000, help="generated posts (default 1000)")
    args = parser.parse_args(argv)
    server = FakeChatServer().start()
    server.inflect = True  # generated text has few function words: every word must change
    try:
        with tempfile.TemporaryDirectory(prefix="i18nflow-llm-bench-") as tmp:
            sample = Path(tmp) / "sample"
            shutil.copytree(REPO / "content", sample / "content")
            shutil.copytree(REPO / "glossary", sample / "glossary")
            (sample / "i18nflow.toml").write_text(config(server), encoding="utf-8")
            measure("sample (6 posts, es and de, with the sample's glossaries)", sample, server)
            generated = Path(tmp) / "generated"
            write_project(generated, args.posts, locales=LOCALES)
            (generated / "i18nflow.toml").write_text(config(server), encoding="utf-8")
            shutil.copytree(REPO / "glossary", generated / "glossary")
            measure(f"{args.posts} generated posts (bench/generate.py, es and de)", generated, server)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
