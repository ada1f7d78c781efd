"""DeepL glossaries from glossary/<locale>.csv, through the deepl package, over real HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from i18nflow.translate.engines import create_engine, translate_segments
from i18nflow.translate.glossary import read_glossary
from i18nflow.translate.memory import TranslationMemory
from libretranslate_server import FakeLibreTranslate

FAST = {"retry_base_delay": 0.001, "timeout": 5, "api_key_env": "I18NFLOW_DEEPL_TEST_KEY"}


@pytest.fixture(autouse=True)
def deepl_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("I18NFLOW_DEEPL_TEST_KEY", "deepl-test-key:fx")


def glossary(tmp_path: Path, text: str) -> object:
    path = tmp_path / "es.csv"
    path.write_text("term,translation,note,dnt\n" + text, encoding="utf-8")
    return read_glossary(path, "es")


def test_the_glossary_is_created_once_used_and_replaced_when_it_changes(
    libretranslate_server: FakeLibreTranslate, tmp_path: Path
) -> None:
    server = libretranslate_server
    engine = create_engine("deepl", {"url": server.url, **FAST})
    engine.use_glossary(glossary(tmp_path, "pressotherapy,presoterapia,,\nLumen,,,yes\n"))
    assert translate_segments(engine, ["Pressotherapy at Lumen"], "en", "es") == ["PRESOTERAPIA AT LUMEN"]
    (first,) = server.glossaries.values()
    assert first["name"].startswith("i18nflow EN→ES ") and first["entries"] == {
        "pressotherapy": "presoterapia", "Pressotherapy": "Presoterapia", "Lumen": "Lumen"}
    assert server.requests[-1].params["glossary_id"] == first["glossary_id"]

    # the same glossary in a new run: found by name, not created again
    again = create_engine("deepl", {"url": server.url, **FAST})
    again.use_glossary(glossary(tmp_path, "Lumen,,,yes\npressotherapy,presoterapia,,\n"))
    translate_segments(again, ["A pressotherapy session"], "en", "es")
    assert list(server.glossaries) == [first["glossary_id"]]
    assert sum(1 for r in server.requests if r.path == "/v2/glossaries" and r.method == "POST") == 1

    # an edited glossary replaces the old one, and is a new memory key
    edited = create_engine("deepl", {"url": server.url, **FAST})
    edited.use_glossary(glossary(tmp_path, "pressotherapy,presoterapia,,\nsession,sesión,,\n"))
    assert translate_segments(edited, ["A pressotherapy session"], "en", "es") == ["A PRESOTERAPIA SESIÓN"]
    (second,) = server.glossaries.values()
    assert second["glossary_id"] != first["glossary_id"] and second["entries"]["session"] == "sesión"
    assert edited.memory_name != again.memory_name != "deepl"


def test_a_refused_glossary_is_reported_and_translation_goes_on(
    libretranslate_server: FakeLibreTranslate, tmp_path: Path
) -> None:
    engine = create_engine("deepl", {"url": libretranslate_server.url, **FAST})
    engine.use_glossary(glossary(tmp_path, "pressotherapy,presoterapia,,\n"))
    engine.codes = lambda source, target: ("EN", "XX")  # a pair DeepL has no glossaries for
    with TranslationMemory(tmp_path / "memory.sqlite") as memory:
        assert translate_segments(engine, ["Pressotherapy"], "en", "xx", memory=memory) == ["PRESSOTHERAPY"]
    assert engine.warnings == [
        "deepl: the glossary es.csv is not used: HTTP 400 Bad Request from 127.0.0.1:"
        f"{libretranslate_server.url.rsplit(':', 1)[1].rstrip('/')}: Unsupported glossary language pair"]
