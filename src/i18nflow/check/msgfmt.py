"""``msgfmt -c`` as a real subprocess: the gettext toolchain's own verdict on each PO file.

Our reader catches syntax errors, but only GNU msgfmt says what every gettext consumer will
reject (header fields, ``\\n`` at one end of msgid but not msgstr, format strings, plural
forms). Starting msgfmt costs milliseconds per file, which is seconds on a site with thousands
of catalogs, so files are checked in batches: one input made of many catalogs, each behind its
own ``domain`` directive, so duplicates across files are no errors and each keeps its own header
(msgfmt checks headers per domain). A clean batch proves every file in it clean. When a batch
says anything at all, its files are run again one by one, so every diagnostic a user sees is
exactly what ``msgfmt -c FILE`` prints for that file.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

BATCH_SIZE = 200
_HEADER_FIRST = re.compile(rb'\A(?:\s*#[^\n]*\n|\s*\n)*msgid ""\s*\n')
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_DOMAIN_DIRECTIVE = re.compile(rb"^\s*domain\s", re.M)
_LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?:\d+:)? (?P<message>.*)$")
_PLURAL_COUNT = re.compile(r"^\.\.\.but some messages have (only \d+|\d+) plural forms?$")
_FILE_LEVEL = re.compile(r"^msgfmt: (?P<path>.+?): (?P<message>.*)$")


@dataclass(frozen=True)
class Diagnostic:
    level: str  # "error" or "warning"
    line: int | None
    message: str


def available() -> bool:
    return shutil.which("msgfmt") is not None


def check_catalogs(files: Mapping[str, bytes]) -> dict[str, list[Diagnostic]]:
    """``msgfmt -c`` on each file (name → its bytes): its diagnostics. msgfmt reads the bytes
    given, never the file, so the verdict belongs to exactly the bytes the caller hashed."""
    results: dict[str, list[Diagnostic]] = {}
    # A UTF-8 byte order mark is layout (Windows editors write one; our reader and `compile`
    # accept it), but msgfmt 0.21 reads it as a syntax error on line 1: it gets the file without.
    files = {path: data[3:] if data.startswith(b"\xef\xbb\xbf") else data for path, data in files.items()}
    alone = [path for path, data in files.items() if not _batchable(data)]
    batchable = [path for path in files if path not in set(alone)]
    batches = [batchable[i : i + BATCH_SIZE] for i in range(0, len(batchable), BATCH_SIZE)]
    workers = max(1, min(len(batches), os.cpu_count() or 1))
    with tempfile.TemporaryDirectory(prefix="i18nflow-msgfmt-") as scratch:
        with ThreadPoolExecutor(workers) as pool:
            clean = list(pool.map(lambda pair: _batch_is_clean(Path(scratch), pair[0], pair[1], files),
                                  enumerate(batches)))
    for batch, ok in zip(batches, clean, strict=True):
        if ok:
            results.update({path: [] for path in batch})
        else:
            alone.extend(batch)
    if alone:
        with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            for path, diagnostics in zip(alone, pool.map(lambda p: _check_one(files[p]), alone), strict=True):
                results[path] = diagnostics
    return results


def _batchable(data: bytes) -> bool:
    """Files a batch judges exactly as msgfmt alone would: a header first, UTF-8 declared (a
    batch decodes every domain with its own header's charset, but a missing header is only
    noticed per input file), no BOM and no ``domain`` directives of their own."""
    if data.startswith(b"\xef\xbb\xbf") or not _HEADER_FIRST.match(data):
        return False
    charset = _CHARSET.search(data, 0, 4000)
    if charset is None or charset.group(1).upper() not in (b"UTF-8", b"UTF8"):
        return False
    return not _DOMAIN_DIRECTIVE.search(data)


def _batch_is_clean(scratch: Path, number: int, batch: list[str], files: Mapping[str, bytes]) -> bool:
    folder = scratch / f"batch{number}"
    folder.mkdir()
    parts: list[bytes] = []
    for index, path in enumerate(batch):
        data = files[path]
        parts.append(b'domain "f%d"\n' % index)
        parts.append(data if data.endswith(b"\n") else data + b"\n")
    (folder / "all.po").write_bytes(b"".join(parts))
    # Without -o msgfmt writes one f<N>.mo per domain, into the scratch folder.
    result = _run(["msgfmt", "-c", "all.po"], folder)
    return result.returncode == 0 and not result.stderr.strip()


def _check_one(data: bytes) -> list[Diagnostic]:
    result = _run(["msgfmt", "-c", "-o", os.devnull, "-"], None, data)
    diagnostics = parse_output(result.stderr, "<stdin>")
    if result.returncode != 0 and not any(d.level == "error" for d in diagnostics):
        diagnostics.append(Diagnostic("error", None, "msgfmt -c rejects the file: " + result.stderr.strip()))
    return diagnostics


def _run(args: list[str], cwd: Path | None, data: bytes = b"") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LC_ALL="C", LANGUAGE="")  # stable English messages to parse
    result = subprocess.run(args, cwd=cwd, input=data, capture_output=True, env=env, timeout=600)
    stderr = result.stderr.decode("utf-8", "replace")
    return subprocess.CompletedProcess(args, result.returncode, "", stderr)


def parse_output(stderr: str, path: str) -> list[Diagnostic]:
    """msgfmt's messages about ``path`` as diagnostics; continuation lines are folded into the
    message they continue, and the summary line is dropped."""
    diagnostics: list[Diagnostic] = []
    for raw in stderr.splitlines():
        if not raw.strip() or re.match(r"^msgfmt: found \d+ fatal error", raw):
            continue
        located = _LOCATED.match(raw)
        file_level = _FILE_LEVEL.match(raw)
        plurals = _PLURAL_COUNT.match(located.group("message")) if located else None
        if located and plurals and diagnostics:
            # "HEADER: nplurals = 3..." then "ENTRY: ...but some messages have only 2 plural
            # forms": one finding, at the entry a translator has to fix
            header = diagnostics.pop()
            nplurals = header.message.rstrip(".").strip()
            diagnostics.append(Diagnostic(header.level, int(located.group("line")),
                                          f"this message has {plurals.group(1)} plural forms, but the header says {nplurals}"))
        elif located and located.group("message").startswith("...") and diagnostics:
            _continue(diagnostics, f"(first defined at line {located.group('line')})")
        elif located and located.group("path") == path:
            diagnostics.append(_classify(int(located.group("line")), located.group("message")))
        elif file_level and file_level.group("path") == path:
            diagnostics.append(_classify(None, file_level.group("message")))
        elif diagnostics and raw[:1].isspace():
            _continue(diagnostics, raw.strip())
        else:
            diagnostics.append(_classify(None, raw.strip()))
    return diagnostics


def _continue(diagnostics: list[Diagnostic], extra: str) -> None:
    previous = diagnostics.pop()
    diagnostics.append(Diagnostic(previous.level, previous.line, f"{previous.message} {extra}"))


def _classify(line: int | None, message: str) -> Diagnostic:
    # msgfmt prints a missing header as a "warning" yet counts it as a fatal error.
    if message.startswith("warning: ") and "header missing or invalid" not in message:
        return Diagnostic("warning", line, message.removeprefix("warning: "))
    return Diagnostic("error", line, message.removeprefix("warning: "))
