"""Online engines for real over HTTP, against the local LibreTranslate-compatible server."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from i18nflow.errors import ConfigError
from i18nflow.translate.engines import EngineFailure, create_engine, translate_segments
from i18nflow.translate.memory import TranslationMemory
from libretranslate_server import FakeLibreTranslate

SECRET = "sk-very-secret-key-42/+="
FAST = {"retry_base_delay": 0.001, "timeout": 5}


@pytest.fixture
def secret_env(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("I18NFLOW_TEST_KEY", SECRET)
    return "I18NFLOW_TEST_KEY"


def libre(server: FakeLibreTranslate, **settings: Any) -> Any:
    return create_engine("libre", {"url": server.url.rstrip("/"), **FAST, **settings})


def reasons(results: list[Any]) -> list[str]:
    assert all(isinstance(r, EngineFailure) for r in results), results
    return [r.reason for r in results]


def test_translates_markdown_through_placeholders(libretranslate_server: FakeLibreTranslate) -> None:
    engine = libre(libretranslate_server)
    results = translate_segments(
        engine, ["Read [the docs](https://x.org/a_b) **now**, `git pull` and {{ site.title }}."], "en", "es"
    )
    assert results == ["READ [THE DOCS](https://x.org/a_b) **NOW**, `git pull` AND {{ site.title }}."]
    assert libretranslate_server.texts() == ["Read [X1X]the docs[X2X] [X3X]now[X4X], [X5X] and [X6X]."]
    assert engine.label("en", "pt_BR") == "libre en→pt-BR"


def test_identical_strings_are_sent_once(libretranslate_server: FakeLibreTranslate) -> None:
    engine = libre(libretranslate_server)
    msgids = ["Hello world", "Hello world", "  Hello world ", "Good night. Hello world", "Good night."]
    results = translate_segments(engine, msgids, "en", "es")
    assert results == ["HELLO WORLD", "HELLO WORLD", "  HELLO WORLD ", "GOOD NIGHT. HELLO WORLD", "GOOD NIGHT."]
    assert sorted(libretranslate_server.texts()) == ["Good night.", "Good night. Hello world", "Hello world"]


def test_memory_makes_a_rerun_free(libretranslate_server: FakeLibreTranslate, tmp_path: Path) -> None:
    engine = libre(libretranslate_server)
    msgids = ["First [post](a.html)", "Second post", "Third post"]
    with TranslationMemory(tmp_path / ".i18nflow" / "memory.sqlite") as memory:
        first = translate_segments(engine, msgids, "en", "es", memory=memory)
        assert libretranslate_server.count() == 3
        assert translate_segments(engine, msgids, "en", "es", memory=memory) == first
        assert libretranslate_server.count() == 3
        libretranslate_server.mode = "drop"  # failures are not remembered
        assert isinstance(translate_segments(engine, ["Fourth [post](d)"], "en", "es", memory=memory)[0], EngineFailure)
        libretranslate_server.mode = "upper"
        assert translate_segments(engine, ["Fourth [post](d)"], "en", "es", memory=memory) == ["FOURTH [POST](d)"]
        assert libretranslate_server.count() == 5


def test_requests_run_concurrently_within_the_limit(libretranslate_server: FakeLibreTranslate) -> None:
    libretranslate_server.delay = 0.3
    engine = libre(libretranslate_server, concurrency=3)
    started = time.monotonic()
    results = translate_segments(engine, [f"Sentence number {i}" for i in range(6)], "en", "es")
    assert all(isinstance(r, str) for r in results)
    assert time.monotonic() - started < 1.5  # 6 × 0.3 s one after the other would be 1.8 s
    assert libretranslate_server.max_active == 3


def test_429_is_retried_with_backoff(libretranslate_server: FakeLibreTranslate) -> None:
    libretranslate_server.fail_first = 3
    engine = libre(libretranslate_server, max_retries=4)
    assert translate_segments(engine, ["Hello there"], "en", "es") == ["HELLO THERE"]
    assert libretranslate_server.count() == 4


def test_retry_after_is_honoured(libretranslate_server: FakeLibreTranslate) -> None:
    libretranslate_server.fail_first = 1
    libretranslate_server.retry_after = "1"
    started = time.monotonic()
    assert translate_segments(libre(libretranslate_server), ["Hello there"], "en", "es") == ["HELLO THERE"]
    assert time.monotonic() - started >= 1.0


def test_after_the_retries_the_strings_fail_and_the_run_goes_on(libretranslate_server: FakeLibreTranslate) -> None:
    libretranslate_server.fail_first = 100
    libretranslate_server.fail_status = 503
    engine = libre(libretranslate_server, max_retries=2)
    (reason,) = reasons(translate_segments(engine, ["Hello there"], "en", "es"))
    assert "HTTP 503" in reason and "after 2 retries" in reason
    assert libretranslate_server.count() == 3


def test_a_slow_server_yields_failures_quickly(libretranslate_server: FakeLibreTranslate) -> None:
    libretranslate_server.delay = 10
    engine = libre(libretranslate_server, timeout=0.3)
    started = time.monotonic()
    found = reasons(translate_segments(engine, ["Hello there", "Good bye", "See you"], "en", "es"))
    assert time.monotonic() - started < 2
    assert all("no answer from 127.0.0.1" in r and "within 0.3 s" in r for r in found)


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("drop", "dropped"),
        ("duplicate", "duplicated"),
        ("empty", "empty"),
        ("null", "no translation"),
        ("echo", "untranslated"),
        ("long", "longer"),
        ("wrong_shape", "unexpected answer"),
        ("html500", "HTTP 500"),
        ("error400", "unsupported language"),
    ],
)
def test_misbehaving_answers_become_failures(libretranslate_server: FakeLibreTranslate, mode: str, expected: str) -> None:
    libretranslate_server.mode = mode
    engine = libre(libretranslate_server)
    results = translate_segments(engine, ["Open [the red door](door.html) before you leave"], "en", "es")
    (reason,) = reasons(results)
    assert expected in reason
    assert "<html" not in reason


def test_one_failure_does_not_fail_the_batch(libretranslate_server: FakeLibreTranslate) -> None:
    libretranslate_server.mode = "drop"
    engine = libre(libretranslate_server)
    results = translate_segments(engine, ["Open [the door](d.html)", "Plain words here"], "en", "es")
    assert isinstance(results[0], EngineFailure)
    assert results[1] == "PLAIN WORDS HERE"  # the server "dropped" nothing: there was no token


def test_connection_refused_is_a_clean_failure(refused_url: str, secret_env: str) -> None:
    engine = create_engine("libre", {"url": refused_url, "api_key_env": secret_env, **FAST})
    started = time.monotonic()
    (reason,) = reasons(translate_segments(engine, ["Hello there"], "en", "es"))
    assert time.monotonic() - started < 3
    assert reason.startswith("libre: connection refused by 127.0.0.1:")
    assert SECRET not in reason


def test_api_key_is_sent_but_never_shown(libretranslate_server: FakeLibreTranslate, secret_env: str) -> None:
    libretranslate_server.api_key = SECRET
    engine = libre(libretranslate_server, api_key_env=secret_env)
    assert translate_segments(engine, ["Hello there"], "en", "es") == ["HELLO THERE"]
    libretranslate_server.api_key = "another key"
    (reason,) = reasons(translate_segments(engine, ["Hello again"], "en", "es"))
    assert "HTTP 403" in reason and "Invalid API key" in reason
    libretranslate_server.reset()
    libretranslate_server.delay = 5
    slow = libre(libretranslate_server, api_key_env=secret_env, timeout=0.2)
    for mode in ("timeout", "html500"):
        if mode == "html500":
            libretranslate_server.delay, libretranslate_server.mode = 0, "html500"
        for reason in reasons(translate_segments(slow, ["Hello there"], "en", "es")):
            assert SECRET not in reason and "very-secret" not in reason


def test_languages_come_from_the_server(libretranslate_server: FakeLibreTranslate) -> None:
    engine = libre(libretranslate_server)
    assert engine.available("en", "ca")  # not in deep-translator's own list of 17
    assert engine.available("en", "zh_Hans") and engine.label("en", "zh_Hans") == "libre en→zh-Hans"
    assert not engine.available("en", "ko")
    assert translate_segments(engine, ["Good morning"], "en", "ca") == ["GOOD MORNING"]
    assert libretranslate_server.requests[-1].params["target"] == "ca"


def test_google_page_through_deep_translator(libretranslate_server: FakeLibreTranslate) -> None:
    engine = create_engine("google", {"url": libretranslate_server.url + "m", **FAST})
    assert translate_segments(engine, ["Hello [world](w.html)"], "en", "zh_Hans") == ["HELLO [WORLD](w.html)"]
    params = libretranslate_server.requests[-1].params
    assert (params["sl"], params["tl"], params["q"]) == ("en", "zh-CN", "Hello [X1X]world[X2X]")
    assert engine.label("en", "pt_BR") == "google en→pt"


def test_mymemory_through_deep_translator(libretranslate_server: FakeLibreTranslate) -> None:
    engine = create_engine("mymemory", {"url": libretranslate_server.url + "get", **FAST})
    assert translate_segments(engine, ["Good morning"], "en", "es") == ["GOOD MORNING"]
    assert libretranslate_server.requests[-1].params["langpair"] == "en-GB|es-ES"
    assert engine.limits.max_chars == 499  # type: ignore[attr-defined]


def test_deepl_with_xml_tags(libretranslate_server: FakeLibreTranslate, secret_env: str) -> None:
    libretranslate_server.api_key = SECRET
    libretranslate_server.fail_first = 1
    engine = create_engine("deepl", {"url": libretranslate_server.url, "api_key_env": secret_env, **FAST})
    assert engine.available("en", "pt_BR") and engine.label("en", "pt_BR") == "deepl EN→PT-BR"
    results = translate_segments(engine, ["Read **this** & [that](t.html)", "Good morning"], "en", "pt_BR")
    assert results == ["READ **THIS** & [THAT](t.html)", "GOOD MORNING"]
    sent = libretranslate_server.requests[-1].params
    assert sent["tag_handling"] == "xml" and sent["target_lang"] == "PT-BR"
    assert sent["text"][0] == 'Read <x id="1"/>this<x id="2"/> <x id="3"/> <x id="4"/>that<x id="5"/>'
    libretranslate_server.api_key = "something else"
    (reason,) = reasons(translate_segments(engine, ["Good evening"], "en", "pt_BR"))
    assert "HTTP 403" in reason and SECRET not in reason
    libretranslate_server.delay = 10  # the deepl client would retry timeouts five times
    slow = create_engine("deepl", {"url": libretranslate_server.url, "api_key_env": secret_env, "timeout": 0.3})
    started = time.monotonic()
    (reason,) = reasons(translate_segments(slow, ["Good night"], "en", "de"))
    assert time.monotonic() - started < 2 and "within 0.3 s" in reason


def test_missing_key_and_bad_settings() -> None:
    engine = create_engine("deepl", {"api_key_env": "I18NFLOW_SURELY_UNSET"})
    assert not engine.available("en", "de")
    assert "I18NFLOW_SURELY_UNSET" in reasons(engine.translate(["Hi"], "en", "de"))[0]
    with pytest.raises(ConfigError):
        create_engine("babelfish", {})
    with pytest.raises(ConfigError):
        create_engine("google", {"timeout": "soon"})
    assert create_engine("mine", {"provider": "libretranslate", "price_per_million": 5}).name == "libre"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"timout": 5}, r"engines\.libre\.timout' is unknown \(known: api_key_env, concurrency"),
        ({"api_key": "s3cret"}, r"API keys are never read from files; set api_key_env"),
        ({"provider": "apertium", "url": "http://x"}, r"engines\.libre\.url' is unknown"),
    ],
)
def test_a_key_the_engine_does_not_read_is_refused(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        create_engine("libre", settings)
    assert "s3cret" not in str(caught.value)
