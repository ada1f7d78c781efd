"""Offline translation with the ``apertium`` command line (Debian packages apertium-*).

Starting Apertium costs far more than translating a sentence (the mode is a pipeline of a
dozen programs that each load their transducers), so a whole batch goes through ONE
``apertium -u -f txt <mode>`` process.

How segments are kept apart: Apertium APy keeps one pipeline open and ends each request with
a NUL byte (every program started with ``-z`` flushes at NUL).  We tried that first; it is
fragile here: the ``apertium`` wrapper script does not flush at NUL (a gawk filter reads
ahead), and when the mode programs are run directly some pairs lose the NULs (eng-cat's
``apertium-tagger -z -gx`` after ``cg-proc`` swallows them, so segments run together and
even translate into each other).  What every pair does keep is paragraph structure: in
``-f txt`` a blank line is a block separator (the deformatter also ends the sentence there,
so context never leaks across segments).  So each segment — a single line, since the
wrapper splits at line breaks — is written as one paragraph and the output is split at blank
lines again.  If the number of paragraphs ever differs, the batch is bisected so the
misbehaving segment is isolated.  ``-u`` removes the ``*``/``#``/``@`` unknown-word marks.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from i18nflow.translate.engines import locales
from i18nflow.translate.engines.base import (
    EngineFailure,
    Limits,
    fail_all,
    setting_number,
    setting_str,
)

DEFAULT_DATA_DIR = "/usr/share/apertium"
_NEWLINES = re.compile(r"\s*\n\s*")
_SPACES = re.compile(r"[ \t]{2,}")


class ApertiumEngine:
    name = "apertium"
    placeholder_style = "bracket"
    limits = Limits(max_chars=20_000)

    def __init__(self, settings: Mapping[str, Any]):
        self.command = setting_str(settings, "command", "apertium") or "apertium"
        self.data_dir = setting_str(settings, "data_dir")
        self.timeout = setting_number(settings, "timeout", 30.0, minimum=0.001)
        self.per_segment_timeout = setting_number(settings, "per_segment_timeout", 0.2)
        self.processes_started = 0  # read by tests and benchmarks

    # -- modes ----------------------------------------------------------------------------

    def installed_modes(self) -> set[str]:
        modes_dir = Path(self.data_dir or DEFAULT_DATA_DIR) / "modes"
        try:
            return {p.stem for p in modes_dir.glob("*.mode")}
        except OSError:
            return set()

    def mode(self, source: str, target: str) -> str | None:
        """The installed mode for two locales, most specific first (``eng-cat_valencia``)."""
        modes = self.installed_modes()
        try:
            sources, targets = locales.apertium_candidates(source), locales.apertium_candidates(target)
        except ValueError:
            return None
        for target_name in targets:
            for source_name in sources:
                if f"{source_name}-{target_name}" in modes:
                    return f"{source_name}-{target_name}"
        return None

    def available(self, source: str, target: str) -> bool:
        return shutil.which(self.command) is not None and self.mode(source, target) is not None

    def label(self, source: str, target: str) -> str:
        mode = self.mode(source, target)
        if mode is None:
            src, tgt = (locales.apertium_candidates(x) or [x] for x in (source, target))
            mode = f"{src[-1]}-{tgt[-1]}"
        return "apertium " + mode.replace("-", "→", 1)

    # -- translation ----------------------------------------------------------------------

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str | EngineFailure]:
        """Translate a batch through one Apertium process."""
        return self._translate(texts, source, target, one_process_per_string=False)

    def translate_one_process_per_string(
        self, texts: Sequence[str], source: str, target: str
    ) -> list[str | EngineFailure]:
        """The naive way, one process per string; kept for benchmarks and comparison."""
        return self._translate(texts, source, target, one_process_per_string=True)

    def _translate(
        self, texts: Sequence[str], source: str, target: str, *, one_process_per_string: bool
    ) -> list[str | EngineFailure]:
        if not texts:
            return []
        mode = self.mode(source, target)
        if mode is None:
            return fail_all(len(texts), f"no Apertium pair installed for {source} → {target}")
        if shutil.which(self.command) is None:
            return fail_all(len(texts), f"the command {self.command!r} is not installed")
        # A segment must stay one paragraph: a blank line inside it would split it in two.
        clean = [_NEWLINES.sub(" ", t).strip() for t in texts]
        wanted = [i for i, t in enumerate(clean) if t]
        results: list[str | EngineFailure] = [EngineFailure("nothing to translate")] * len(texts)
        segments = [clean[i] for i in wanted]
        if one_process_per_string:
            outputs = [item for seg in segments for item in self._run_batch([seg], mode)]
        else:
            outputs = self._run_batch(segments, mode)
        for index, output in zip(wanted, outputs, strict=True):
            results[index] = output if isinstance(output, EngineFailure) else _tidy(output, clean[index])
        return results

    def _run_batch(self, segments: list[str], mode: str) -> list[str | EngineFailure]:
        if not segments:
            return []
        output = self._run("\n\n".join(segments) + "\n", mode, len(segments))
        if isinstance(output, EngineFailure):
            return [output] * len(segments)
        parts = output.rstrip("\n").split("\n\n")
        if len(parts) == len(segments):
            return list(parts)
        if len(segments) == 1:
            return [" ".join(p.strip() for p in parts)]
        middle = len(segments) // 2  # paragraphs got merged or split: isolate the culprit
        return self._run_batch(segments[:middle], mode) + self._run_batch(segments[middle:], mode)

    def _run(self, payload: str, mode: str, count: int) -> str | EngineFailure:
        args = [self.command, "-u", "-f", "txt"]
        if self.data_dir:
            args += ["-d", self.data_dir]
        args.append(mode)
        timeout = self.timeout + self.per_segment_timeout * count
        env = dict(os.environ, LC_ALL="C.UTF-8")
        try:
            # Own process group: on a timeout the whole pipeline is killed, not just the shell.
            process = subprocess.Popen(
                args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                env=env, start_new_session=True,
            )  # fmt: skip
        except OSError as exc:
            return EngineFailure(f"cannot run {self.command}: {exc.strerror or exc}")
        self.processes_started += 1
        try:
            stdout, stderr = process.communicate(payload.encode("utf-8"), timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            process.communicate()
            return EngineFailure(f"apertium {mode} did not finish within {timeout:.0f} s")
        if process.returncode != 0:
            detail = " ".join(stderr.decode("utf-8", "replace").split())[:200]
            return EngineFailure(f"apertium {mode} failed (exit {process.returncode}): {detail}")
        return stdout.decode("utf-8", "replace")


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        process.kill()


def _tidy(output: str, source: str) -> str:
    """Apertium adds a leading space or doubles spaces at sentence ends; the source didn't."""
    output = output.strip()
    return output if _SPACES.search(source) else _SPACES.sub(" ", output)
