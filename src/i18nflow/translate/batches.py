"""Pretranslation post by post, for engines that read the post around a string (``llm``).

Other engines get every distinct msgid of a locale in batches of 200, whatever post it is from.
A context-aware engine gets the msgids of one post at a time, in document order, with the post's
title and blocks (:mod:`context`), so a request's strings and their context belong together.
Posts run concurrently (the engine's ``concurrency``; the engine bounds its own requests), each
thread with its own connection to the translation memory, which SQLite's WAL mode lets them
share. A post is read for context only when one of its strings is not in the memory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from i18nflow.config import Config
from i18nflow.gettext.catalogs import Key
from i18nflow.translate.context import post_context

Group = tuple[str, list[Key], list[str]]  # domain, its keys, the msgids to translate


@dataclass
class Estimate:
    """What a dry run would send: tokens are characters ÷ 4 (no tokenizer is loaded)."""

    strings: int = 0
    from_memory: int = 0
    characters: int = 0
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float | None = None


def translate_in_context(
    config: Config, engine: Any, locale: str, groups: list[Group], take: Callable[[list[str], list[Any]], None]
) -> None:
    """Translate each group's msgids with its post as context; ``take(msgids, answers)`` per post,
    in the calling thread (it updates the run's report)."""
    from i18nflow.translate.engines import translate_segments
    from i18nflow.translate.memory import TranslationMemory

    path = config.state_path / "memory.sqlite"
    local = threading.local()
    memories: list[TranslationMemory] = []
    lock = threading.Lock()

    def one(group: Group) -> list[Any]:
        domain, keys, msgids = group
        if not hasattr(local, "memory"):  # one connection per thread: sqlite3's rule
            local.memory = TranslationMemory(path)
            with lock:
                memories.append(local.memory)
        return translate_segments(engine, msgids, config.source_locale, locale, config.terms, local.memory,
                                  lambda: post_context(config, domain, keys))

    workers = max(1, min(int(getattr(engine, "concurrency", 1)), len(groups)))
    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="i18nflow-post") as pool:
            for group, answers in zip(groups, pool.map(one, groups), strict=True):
                take(group[2], answers)
    finally:
        for memory in memories:
            memory.close()


def estimate_in_context(config: Config, engine: Any, locale: str, groups: list[Group]) -> Estimate:
    """What :func:`translate_in_context` would send, request by request, without sending it:
    pieces the memory has are left out; tokens are estimated as characters ÷ 4."""
    from i18nflow.translate.engines import planned_requests
    from i18nflow.translate.engines.segments import memory_key, planned_context
    from i18nflow.translate.memory import TranslationMemory

    source = config.source_locale
    report = Estimate()
    requests = input_chars = output_chars = 0
    with TranslationMemory(config.state_path / "memory.sqlite") as memory:
        for domain, keys, msgids in groups:
            pieces = planned_requests(engine, msgids, config.terms)
            known = memory.lookup_many(memory_key(engine), source, locale, pieces)
            todo = [piece for piece in pieces if piece not in known]
            report.strings += len(msgids)
            report.from_memory += len(known)
            report.characters += sum(len(piece) for piece in todo)
            if not todo:
                continue
            context = planned_context(engine, msgids, config.terms, post_context(config, domain, keys), todo)
            sent = engine.estimate(todo, source, locale, context)
            requests, input_chars, output_chars = (a + b for a, b in zip((requests, input_chars, output_chars), sent,
                                                                         strict=True))
    report.requests = requests
    report.input_tokens = input_chars // 4
    report.output_tokens = output_chars // 4
    report.cost = engine.cost(report.input_tokens, report.output_tokens)
    return report

