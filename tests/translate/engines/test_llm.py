"""The llm engine for real over HTTP, through the openai package, against a loopback server."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from i18nflow.errors import ConfigError
from i18nflow.translate.engines import EngineFailure, PostContext, create_engine, translate_segments
from i18nflow.translate.glossary import read_glossary
from i18nflow.translate.memory import TranslationMemory
from openai_server import FakeChatServer

SECRET = "sk-llm-very-secret-9f8e7d"
FAST = {"retry_base_delay": 0.001, "timeout": 5, "model": "test-model"}
POST = PostContext("Pressotherapy", (
    "Pressotherapy",
    "Pressotherapy is a popular and painless technique.",
    "It improves the circulation of your legs.",
    "Book a session with [our team](https://example.org/book).",
    "What to expect",
    "Each session lasts 30 minutes.",
))


def llm(server: FakeChatServer, **settings: Any) -> Any:
    return create_engine("llm", {"base_url": server.base_url, **FAST, **settings})


def test_translates_a_post_in_one_request_with_its_title_and_placeholders(chat_server: FakeChatServer) -> None:
    engine = llm(chat_server)
    msgids = list(POST.blocks[1:4])
    results = translate_segments(engine, msgids, "en", "es", context=POST)
    assert results == [
        "Pressotherapy es un popular y painless technique.",
        "Lo improves el circulation de su legs.",
        "Book un session con [our team](https://example.org/book).",
    ]
    assert len(chat_server.requests) == 1
    body = chat_server.requests[0]
    assert body["model"] == "test-model" and body["temperature"] == 0
    assert body["response_format"] == {"type": "json_object"}
    user = json.loads(body["messages"][1]["content"])
    assert user == {"strings": [
        {"id": "1", "text": msgids[0]},
        {"id": "2", "text": msgids[1]},
        {"id": "3", "text": "Book a session with [X1X]our team[X2X]."},
    ]}
    system = body["messages"][0]["content"]
    assert 'from the article "Pressotherapy"' in system and "into Spanish" in system
    # the blocks around the batch are context, not strings to translate
    assert "After:\n> What to expect\n> Each session lasts 30 minutes." in system
    assert engine.label("en", "de") == "llm test-model eng→deu"


def test_batches_follow_batch_chars_and_keep_order(chat_server: FakeChatServer) -> None:
    engine = llm(chat_server, batch_chars=100, concurrency=2)
    msgids = [f"The session number {n} is for you and your legs." for n in range(7)]
    results = translate_segments(engine, msgids, "en", "de")
    assert results == [f"Der session number {n} ist für sie und ihre legs." for n in range(7)]
    sizes = [len(json.loads(b["messages"][1]["content"])["strings"]) for b in chat_server.requests]
    assert sizes == [2, 2, 2, 1] or sorted(sizes) == [1, 2, 2, 2]
    assert engine.usage.requests == 4 and engine.usage.strings == 7


def test_glossary_entries_in_the_batch_go_into_the_prompt(chat_server: FakeChatServer, tmp_path: Path) -> None:
    path = tmp_path / "es.csv"
    path.write_text("term,translation,note,dnt\npressotherapy,presoterapia,the treatment,\n"
                    "Lumen,,brand name,yes\nmicrocurrent,microcorriente,,\n", encoding="utf-8")
    engine = llm(chat_server)
    engine.use_glossary(read_glossary(path, "es"))
    results = translate_segments(engine, ["Lumen offers pressotherapy sessions."], "en", "es")
    assert results == ["Lumen offers presoterapia sessions."]
    system = chat_server.requests[0]["messages"][0]["content"]
    assert "- pressotherapy → presoterapia (the treatment)" in system
    assert "- Lumen → do not translate: keep it as it is (brand name)" in system
    assert "microcurrent" not in system  # not in the batch: not in the prompt


@pytest.mark.parametrize(
    ("fault", "reason", "failing"),
    [
        ("drop", "the translation drops the placeholder [X1X] (keep each placeholder exactly once)", [0]),
        ("source", "the answer is in English, not Spanish", [0, 1]),
        ("truncated", "the answer is truncated JSON", [0, 1]),
    ],
)
def test_a_bad_answer_is_asked_again_alone_with_the_reason_then_reported(
    chat_server: FakeChatServer, fault: str, reason: str, failing: list[int]
) -> None:
    engine = llm(chat_server)
    msgids = ["Book a session with [our team](https://example.org/book) today.",
              "It improves the circulation of your legs and the skin."]
    chat_server.always = fault
    results = translate_segments(engine, msgids, "en", "es")
    assert [i for i, r in enumerate(results) if isinstance(r, EngineFailure)] == failing
    assert {str(results[i]) for i in failing} == {f"llm: {reason} (asked twice)"}
    retries = chat_server.requests[1:]
    assert len(retries) == len(failing)
    assert retries and all(len(json.loads(b["messages"][1]["content"])["strings"]) == 1 for b in retries)
    assert "A previous answer for this string was rejected: " in retries[0]["messages"][0]["content"]


def test_a_string_fixed_on_its_second_ask_is_used(chat_server: FakeChatServer) -> None:
    engine = llm(chat_server)
    msgids = ["Book a session with [our team](https://example.org/book) today.", "It improves the skin of your legs."]
    chat_server.faults = ["drop"]
    results = translate_segments(engine, msgids, "en", "es")
    assert results == ["Book un session con [our team](https://example.org/book) today.", "Lo improves el skin de su legs."]
    assert len(chat_server.requests) == 2  # the batch, then the dropped string alone
    assert engine.usage.retried_alone == 1


def test_merged_ids_reject_both_neighbours(chat_server: FakeChatServer) -> None:
    engine = llm(chat_server)
    msgids = ["The first sentence is about the legs.", "The second one is about the arms.",
              "The third one is about the face."]
    chat_server.faults = ["merge"]
    results = translate_segments(engine, msgids, "en", "es")
    # nothing merged is kept: id 2 is missing, so both its neighbours are asked again alone
    assert results == ["El first sentence es about el legs.", "El second one es about el arms.",
                       "El third one es about el face."]
    alone = [json.loads(b["messages"][1]["content"])["strings"][0]["text"] for b in chat_server.requests[1:]]
    assert alone == msgids
    assert "merged into this one?" in chat_server.requests[1]["messages"][0]["content"]


def test_429_with_retry_after_and_500_are_retried(chat_server: FakeChatServer) -> None:
    engine = llm(chat_server)
    chat_server.faults = ["429", "500"]
    chat_server.retry_after = "1"
    started = time.monotonic()
    assert translate_segments(engine, ["The skin of your face."], "en", "es") == ["El skin de su face."]
    assert time.monotonic() - started >= 1.0  # Retry-After honoured
    assert len(chat_server.requests) == 3 and engine.usage.retried_http == 2


def test_persistent_errors_fail_every_string_with_a_key_free_reason(
    chat_server: FakeChatServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("I18NFLOW_LLM_KEY", SECRET)
    engine = llm(chat_server, api_key_env="I18NFLOW_LLM_KEY", max_retries=1)
    chat_server.always = "500"
    results = translate_segments(engine, ["The skin of your face.", "The legs."], "en", "es")
    assert [str(r) for r in results] == [
        f"llm: HTTP 500 from 127.0.0.1:{chat_server.base_url.split(':')[2].split('/')[0]} (after 1 retries): "
        "The server had an error while processing your request"
    ] * 2
    assert {k.lower(): v for k, v in chat_server.headers[0].items()}["authorization"] == f"Bearer {SECRET}"
    assert all(SECRET not in str(r) for r in results)


def test_a_slow_answer_past_the_timeout_fails_the_batch(chat_server: FakeChatServer) -> None:
    engine = llm(chat_server, timeout=0.5)
    chat_server.always, chat_server.delay = "slow", 2.0
    results = translate_segments(engine, ["The skin of your face."], "en", "es")
    assert [str(r) for r in results] == [f"llm: no answer from {chat_server.base_url[7:].split('/')[0]} within 0.5 s"]


def test_a_server_without_json_mode_is_asked_without_it(chat_server: FakeChatServer) -> None:
    engine = llm(chat_server)
    chat_server.faults = ["no_json_mode"]
    assert translate_segments(engine, ["The skin of your face."], "en", "es") == ["El skin de su face."]
    assert "response_format" not in chat_server.requests[-1]


def test_memory_key_has_model_prompt_version_and_glossary(chat_server: FakeChatServer, tmp_path: Path) -> None:
    glossary = tmp_path / "es.csv"
    glossary.write_text("term,translation\nskin,piel\n", encoding="utf-8")
    with TranslationMemory(tmp_path / "memory.sqlite") as memory:
        engine = llm(chat_server)
        assert translate_segments(engine, ["The skin of your face."], "en", "es", memory=memory) == ["El skin de su face."]
        again = llm(chat_server)
        assert translate_segments(again, ["The skin of your face."], "en", "es", memory=memory) == ["El skin de su face."]
        assert len(chat_server.requests) == 1  # the second engine asked nothing
        with_glossary = llm(chat_server)
        with_glossary.use_glossary(read_glossary(glossary, "es"))
        assert translate_segments(with_glossary, ["The skin of your face."], "en", "es", memory=memory) == [
            "El piel de su face."]
        other_model = llm(chat_server, model="other-model")
        translate_segments(other_model, ["The skin of your face."], "en", "es", memory=memory)
        assert len(chat_server.requests) == 3
    prompt = tmp_path / "prompt.txt"
    prompt.write_text("version: 7\nTranslate into $target_language. $title $context $glossary $retry\n",
                      encoding="utf-8")
    custom = create_engine("llm", {"base_url": chat_server.base_url, **FAST, "prompt": "prompt.txt"}, tmp_path)
    assert custom.memory_name == "llm:test-model:prompt-7:glossary--"
    assert engine.memory_name.startswith("llm:test-model:prompt-1:")


def test_settings_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="set model"):
        create_engine("llm", {"base_url": "http://127.0.0.1:9/v1"})
    with pytest.raises(ConfigError, match="API keys are never read from files"):
        create_engine("llm", {"model": "m", "api_key": "sk-123"})
    (tmp_path / "bad.txt").write_text("Translate $what\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown variable \$what"):
        create_engine("llm", {"model": "m", "prompt": "bad.txt"}, tmp_path)


def test_a_template_without_version_is_versioned_by_its_text(tmp_path: Path) -> None:
    from i18nflow.translate.engines.llm_prompt import load_template

    path = tmp_path / "prompt.txt"
    path.write_text("# a comment\nTranslate into $target_language.\n", encoding="utf-8")
    first = load_template(path)
    assert first.version.startswith("sha-") and first.text == "Translate into $target_language."
    path.write_text("# another comment\nTranslate into $target_language.\n", encoding="utf-8")
    assert load_template(path).version == first.version  # comments are not the prompt
    path.write_text("Translate well into $target_language.\n", encoding="utf-8")
    assert load_template(path).version != first.version
