"""Apertium, for real (Debian packages apertium, apertium-eng-spa, apertium-eng-cat)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from i18nflow.translate.engines import EngineFailure, create_engine, translate_segments
from i18nflow.translate.engines.apertium import ApertiumEngine
from i18nflow.translate.placeholders import markdown_signature

REAL = shutil.which("apertium")
pytestmark = pytest.mark.skipif(REAL is None, reason="the apertium command is not installed (apt-get install apertium)")

MSGIDS = [
    "Read [the documentation](https://example.com/docs) before you **start the server**.",
    "Run `bundle exec jekyll serve` and open <http://localhost:4000> in your browser.",
    "The {{ site.title }} blog uses {% include note.html %} for <em>short notes</em>.",
    "See the footnote[^1] and write to us at hello@example.org.",
    'Open [the red house](house.html){:target="_blank"} in a new window.',
    "This *important* step needs the ~~old~~ new version&nbsp;2.",
    "First line  \nSecond line with a [link](x.html)",
]


def needs_pair(mode: str) -> None:
    if not (Path("/usr/share/apertium/modes") / f"{mode}.mode").exists():
        pytest.skip(f"the Apertium pair {mode} is not installed (apt-get install apertium-{mode})")


def counting_wrapper(tmp_path: Path) -> tuple[str, Path]:
    """An ``apertium`` stand-in that logs each start, then runs the real one."""
    log = tmp_path / "starts.log"
    script = tmp_path / "apertium-counting"
    script.write_text(f'#!/bin/sh\necho "$$ $*" >> "{log}"\nexec "{REAL}" "$@"\n')
    script.chmod(0o755)
    return str(script), log


@pytest.mark.parametrize(("target", "mode", "word"), [("es", "eng-spa", "casa"), ("ca", "eng-cat", "casa")])
def test_markdown_survives_real_translation(target: str, mode: str, word: str) -> None:
    needs_pair(mode)
    engine = create_engine("apertium", {})
    results = translate_segments(engine, MSGIDS, "en", target, terms=["Jekyll"])
    for msgid, result in zip(MSGIDS, results, strict=True):
        assert isinstance(result, str), (msgid, result)
        assert result != msgid
        assert markdown_signature(result) == markdown_signature(msgid), result
        for mark in "*#@~":  # no unknown-word marks: only the source's own markup
            assert result.count(mark) == msgid.count(mark), result
    joined = "\n".join(str(r) for r in results)
    for kept in ["(https://example.com/docs)", "`bundle exec jekyll serve`", "<http://localhost:4000>",
                 "{{ site.title }}", "{% include note.html %}", "<em>", "</em>", "[^1]", "hello@example.org",
                 '(house.html){:target="_blank"}', "&nbsp;", "  \n"]:  # fmt: skip
        assert kept in joined
    assert word in str(results[4])
    assert engine.label("en", target) == f"apertium {mode.replace('-', '→')}"


def test_batch_of_200_strings_runs_through_one_process(tmp_path: Path) -> None:
    needs_pair("eng-spa")
    command, log = counting_wrapper(tmp_path)
    engine = ApertiumEngine({"command": command})
    msgids = [f"The server renders page number {i} with a [link](p{i}.html) for **every** reader." for i in range(200)]
    results = translate_segments(engine, msgids, "en", "es")
    assert all(isinstance(r, str) for r in results)
    assert all(f"(p{i}.html)" in str(r) for i, r in enumerate(results))
    assert len(log.read_text().splitlines()) == 1
    assert engine.processes_started == 1


def test_batch_gives_the_same_translations_as_separate_processes() -> None:
    needs_pair("eng-cat")
    engine = ApertiumEngine({})
    texts = ["Hello world", "Mr. Smith went to Washington.", "the big dog", "It costs [X1X] euros"]
    assert engine.translate(texts, "en", "ca") == engine.translate_one_process_per_string(texts, "en", "ca")
    assert engine.processes_started == 1 + len(texts)


def test_unavailable_pair_fails_every_string_cleanly() -> None:
    engine = create_engine("apertium", {})
    assert not engine.available("en", "ja")
    results = engine.translate(["Hello", "World"], "en", "ja")
    assert all(isinstance(r, EngineFailure) and "no Apertium pair" in r.reason for r in results)
    missing = create_engine("apertium", {"command": "/nonexistent/apertium"})
    assert not missing.available("en", "es")
    assert all(isinstance(r, EngineFailure) for r in missing.translate(["Hello"], "en", "es"))


def fake_apertium(tmp_path: Path, body: str) -> ApertiumEngine:
    data = tmp_path / "data"
    (data / "modes").mkdir(parents=True)
    (data / "modes" / "eng-spa.mode").write_text("cat\n")
    script = tmp_path / "fake-apertium"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return ApertiumEngine({"command": str(script), "data_dir": str(data), "timeout": 0.5, "per_segment_timeout": 0})


def test_a_hanging_pipeline_is_killed_at_the_timeout(tmp_path: Path) -> None:
    engine = fake_apertium(tmp_path, "sleep 30 | cat")
    started = time.monotonic()
    results = engine.translate(["Hello there", "Bye"], "en", "es")
    assert time.monotonic() - started < 5
    assert all(isinstance(r, EngineFailure) and "did not finish" in r.reason for r in results)


def test_misaligned_output_is_bisected_to_the_culprit(tmp_path: Path) -> None:
    # This stand-in turns the paragraph containing SPLIT into two paragraphs.
    engine = fake_apertium(tmp_path, "exec sed 's/SPLIT/SPLIT\\n\\nextra/'")
    texts = ["one", "two SPLIT here", "three", "four"]
    assert engine.translate(texts, "en", "es") == ["one", "two SPLIT extra here", "three", "four"]
    assert engine.processes_started > 1


def test_noncharacters_travel_as_placeholders_and_keep_the_text_after_them() -> None:
    """Apertium's stream drops everything after a U+FFFF: a noncharacter is never sent."""
    needs_pair("eng-spa")
    engine = create_engine("apertium", {})
    texts = ["Hello \uffff world, the house is red.", "The cat \ufdd0 is black.", "Plane one \U0001fffe is here."]
    answers = translate_segments(engine, texts, "en", "es")
    assert not any(isinstance(a, EngineFailure) for a in answers), answers
    assert "\uffff" in answers[0] and "casa" in answers[0].split("\uffff")[1], answers[0]
    assert "\ufdd0" in answers[1] and "negro" in answers[1]
    assert "\U0001fffe" in answers[2]
