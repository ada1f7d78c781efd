"""`i18nflow translate` with the llm engine against a loopback OpenAI-compatible server."""

from __future__ import annotations

import json

import polib
import pytest

from conftest import Project, assert_msgcat_fixed_point, needs_gettext
from openai_server import FakeChatServer

POST = """---
title: Pressotherapy
description: Light legs after one session with the clinic
---
Pressotherapy is a painless treatment for [your legs](https://example.com/legs).

## What to expect

The session is relaxing and it is for you.

Each session takes 30 minutes and the results last.
"""
OTHER = """---
title: Microcurrent facial
---
A microcurrent facial is a treatment for the face.

Book it with [the clinic](https://example.com/book) today.
"""
GLOSSARY = "term,translation,note,dnt\npressotherapy,presoterapia,the treatment,\nmicrocurrent facial,facial de microcorriente,,\n"


def llm_project(make_project, server: FakeChatServer, extra: str = "") -> Project:
    config = f"""locales = ["es", "de"]
[engines]
default = "llm"
[engines.llm]
base_url = "{server.base_url}"
model = "test-model"
timeout = 2
max_retries = 2
retry_base_delay = 0.01
price_per_million_input = 0.15
price_per_million_output = 0.6
{extra}"""
    project = make_project(config, seed=False)
    project.post("2020-06-15-pressotherapy.md", POST)
    project.post("2020-06-01-microcurrent-facial.md", OTHER)
    project.write("glossary/es.csv", GLOSSARY)
    return project


def entries(project: Project, locale: str, domain: str) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(project.po(locale, domain)))}


@needs_gettext
def test_llm_translates_each_post_in_context_and_a_second_run_sends_nothing(
    make_project, chat_server: FakeChatServer
) -> None:
    project = llm_project(make_project, chat_server)
    result = project.run("translate")
    es = entries(project, "es", "pressotherapy")
    entry = es["Pressotherapy is a painless treatment for [your legs](https://example.com/legs)."]
    assert entry.msgstr == "presoterapia es un painless treatment para [su legs](https://example.com/legs)."
    assert "fuzzy" in entry.flags and entry.tcomment == "machine translation: llm test-model eng→spa"
    assert entries(project, "de", "pressotherapy")["What to expect"].tcomment == (
        "machine translation: llm test-model eng→deu")
    assert_msgcat_fixed_point(project.po("es", "pressotherapy"))
    # one request per post and locale; each request's strings come from one post, in order
    assert len(chat_server.requests) == 4
    for body in chat_server.requests:
        texts = [s["text"] for s in json.loads(body["messages"][1]["content"])["strings"]]
        title = "Pressotherapy" if any("session" in t for t in texts) else "Microcurrent facial"
        assert f'from the article "{title}"' in body["messages"][0]["content"]
    assert "es: llm test-model eng→spa: 9 machine-translated (fuzzy), 0 reused, 0 failed, 2 requests" in result.stdout
    # the German glossary does not exist: no glossary in German prompts
    assert all("presoterapia" not in b["messages"][0]["content"] for b in chat_server.requests
               if "into German" in b["messages"][0]["content"])

    # entries cleared by hand come back from the memory: nothing is sent
    path = project.po("es", "pressotherapy")
    catalog = polib.pofile(str(path))
    for item in catalog:
        item.msgstr, item.flags, item.tcomment = "", [], ""
    catalog.save(str(path))
    sent = len(chat_server.requests)
    project.run("translate")
    assert len(chat_server.requests) == sent
    assert entries(project, "es", "pressotherapy")["What to expect"].msgstr == "Qué a expect"

    # a changed glossary is a new memory key; --refresh re-translates machine translations
    project.write("glossary/es.csv", GLOSSARY + "session,sesión,,\n")
    project.run("translate")
    assert len(chat_server.requests) == sent  # nothing untranslated: nothing asked
    project.run("translate", "--refresh", "-l", "es")
    assert len(chat_server.requests) > sent
    refreshed = entries(project, "es", "pressotherapy")["The session is relaxing and it is for you."]
    assert refreshed.msgstr == "El sesión es relaxing y lo es para usted."


@needs_gettext
@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("truncated", "the answer is truncated JSON"),
        ("drop", "drops the placeholder [X1X]"),
        ("source", "the answer is in English, not Spanish"),
        ("500", "HTTP 500"),
        ("slow", "no answer from 127.0.0.1"),
    ],
)
def test_a_fault_writes_nothing_broken_and_is_reported(
    make_project, chat_server: FakeChatServer, fault: str, reason: str
) -> None:
    project = llm_project(make_project, chat_server, extra='batch_chars = 100000\n')
    chat_server.always = fault
    chat_server.delay = 3
    result = project.run("translate", "-l", "es", "--strict", check=1)
    assert reason in result.stderr
    for domain in ("pressotherapy", "microcurrent-facial"):
        for entry in entries(project, "es", domain).values():
            # whatever was written is a clean translation: placeholders restored, nothing in English
            if entry.msgstr:
                assert fault in ("drop", "source") and "[X" not in entry.msgstr, entry
                assert entry.msgstr != entry.msgid
                if fault == "source":  # a title of two words is too short for the stop-word check
                    assert len(entry.msgid.split()) < 3, entry
    if fault == "drop":
        # only the string whose placeholder was dropped stays untranslated
        assert entries(project, "es", "microcurrent-facial")["A microcurrent facial is a treatment for the face."].msgstr
    assert "strings could not be machine translated (--strict)" in result.stderr


@needs_gettext
def test_merged_strings_are_asked_again_alone_and_reported(make_project, chat_server: FakeChatServer) -> None:
    project = llm_project(make_project, chat_server, extra='batch_chars = 100000\n')
    chat_server.always = "merge"  # every batch comes back with its first two strings merged
    result = project.run("translate", "-l", "es", "--strict")
    assert "0 failed" in result.stdout and "6 strings asked again alone after a rejected answer" in result.stdout
    for domain in ("pressotherapy", "microcurrent-facial"):
        for entry in entries(project, "es", domain).values():
            if entry.msgid:  # one translation per msgid, none merged with its neighbour
                assert entry.msgstr.count(".") <= entry.msgid.count("."), entry


@needs_gettext
def test_429_with_retry_after_is_retried_and_reported(make_project, chat_server: FakeChatServer) -> None:
    project = llm_project(make_project, chat_server)
    chat_server.faults = ["429", "429"]
    result = project.run("translate", "-l", "es")
    assert "0 failed" in result.stdout and "2 requests retried after HTTP 429/5xx" in result.stdout


def test_dry_run_estimates_tokens_and_cost_and_sends_nothing(make_project, chat_server: FakeChatServer) -> None:
    project = llm_project(make_project, chat_server)
    result = project.run("translate", "--dry-run", "-l", "es")
    assert chat_server.requests == []
    line = next(line for line in result.stdout.splitlines() if line.startswith("es:"))
    assert "llm test-model eng→spa: 9 strings, 0 reused, 0 pieces from memory" in line
    assert "in 2 requests would be sent" in line and "(estimated as characters ÷ 4)" in line and ", cost 0.0" in line


def test_the_api_key_is_never_written_or_printed(make_project, chat_server: FakeChatServer, monkeypatch) -> None:
    secret = "sk-e2e-secret-1234567890"
    monkeypatch.setenv("I18NFLOW_E2E_LLM_KEY", secret)
    chat_server.api_key = "another-key"
    project = llm_project(make_project, chat_server, extra='api_key_env = "I18NFLOW_E2E_LLM_KEY"\n')
    result = project.run("translate", "-l", "es")
    assert "HTTP 401" in result.stderr and "Incorrect API key provided" in result.stderr
    assert secret not in result.stdout + result.stderr
    assert all(secret not in p.read_text(encoding="utf-8", errors="replace")
               for p in project.root.rglob("*") if p.is_file() and p.suffix != ".sqlite")


def test_an_unset_key_variable_is_named(make_project, chat_server: FakeChatServer) -> None:
    project = llm_project(make_project, chat_server, extra='api_key_env = "I18NFLOW_SURELY_UNSET_KEY"\n')
    result = project.run("translate", "-l", "es")
    assert "the environment variable I18NFLOW_SURELY_UNSET_KEY named by api_key_env is not set" in result.stderr
    assert chat_server.requests == []
