"""DeepL through DeepL's official ``deepl`` package.

deep-translator 1.11's DeepL request (auth key as a form field) is no longer accepted by the
API, so this engine uses the official client.  It sends up to 50 strings per request, asks for
XML tag handling (placeholders are ``<x id="7"/>``), and replaces the client's
``requests.Session`` by a :class:`GuardedSession` so our timeout, ``Retry-After``-aware
retries and key-free error messages apply (the client's own retry loop then sees only final,
non-retryable errors).

With the locale's glossary (``use_glossary``) the engine keeps one DeepL glossary per language
pair, named ``i18nflow <src>→<tgt> <digest>``: it is created when no glossary of that name
exists, and glossaries of the same pair with another digest (an older version of the file) are
deleted, so editing ``glossary/<locale>.csv`` replaces the DeepL glossary on the next run. A
glossary DeepL refuses (a language pair it has no glossaries for) is reported once and the
strings are translated without it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from i18nflow.translate.engines import locales
from i18nflow.translate.engines.base import (
    EngineFailure,
    Limits,
    fail_all,
    setting_int,
    setting_str,
)
from i18nflow.translate.engines.transport import (
    GuardedSession,
    Masker,
    RetryPolicy,
    WaitBudget,
    describe_exception,
)

if TYPE_CHECKING:
    from i18nflow.translate.glossary import Glossary

_BATCH_TEXTS = 50  # DeepL's maximum number of texts per request
_BATCH_CHARS = 60_000  # well under the 128 KiB request limit


class DeepLEngine:
    name = "deepl"
    placeholder_style = "xml"

    def __init__(self, settings: Mapping[str, Any]):
        self.policy = RetryPolicy.from_settings(settings)
        self.budget = WaitBudget(self.policy.max_total_wait)  # all of this engine's waiting in a run
        self.concurrency = setting_int(settings, "concurrency", 4, minimum=1)
        self.url = setting_str(settings, "url")
        self.api_key_env = setting_str(settings, "api_key_env", "DEEPL_AUTH_KEY")
        self.api_key = os.environ.get(self.api_key_env or "", "").strip() or None
        self.formality = setting_str(settings, "formality")
        self.masker = Masker([self.api_key])
        self.limits = Limits(max_chars=setting_int(settings, "max_chars", 30_000, minimum=1))
        self.requests_sent = 0
        self.glossary: Glossary | None = None
        self.warnings: list[str] = []
        self._glossary_ids: dict[tuple[str, str, str], str | None] = {}

    def use_glossary(self, glossary: Glossary | None) -> None:
        self.glossary = glossary if glossary is not None and glossary.entries else None

    @property
    def memory_name(self) -> str:
        """Answers depend on the glossary, so its digest is part of the memory key."""
        return f"deepl:glossary-{self.glossary.digest}" if self.glossary is not None else "deepl"

    def codes(self, source: str, target: str) -> tuple[str, str] | None:
        try:
            src = locales.deepl_code(source, target=False)
            tgt = locales.deepl_code(target, target=True)
        except ValueError:
            return None
        return (src, tgt) if src and tgt else None

    def available(self, source: str, target: str) -> bool:
        return bool(self.api_key) and self.codes(source, target) is not None

    def label(self, source: str, target: str) -> str:
        codes = self.codes(source, target) or (source, target)
        return f"deepl {codes[0]}→{codes[1]}"

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str | EngineFailure]:
        if not texts:
            return []
        if not self.api_key:
            return fail_all(len(texts), f"deepl needs an API key in the environment variable {self.api_key_env}")
        codes = self.codes(source, target)
        if codes is None:
            return fail_all(len(texts), f"deepl cannot translate {source} → {target}")
        glossary_id = self._glossary_id(*codes)
        batches = _batches(list(texts))
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(batches))) as pool:
            results = list(pool.map(lambda batch: self._request(batch, *codes, glossary_id), batches))
        return [item for batch_result in results for item in batch_result]

    def _translator(self, session: GuardedSession) -> Any:
        import deepl

        assert self.api_key is not None
        translator = deepl.Translator(self.api_key, server_url=self.url or None)
        client = getattr(translator, "_client", None)
        if client is not None and hasattr(client, "_session"):
            client._session.close()
            client._session = session
        return translator

    def _glossary_id(self, source: str, target: str) -> str | None:
        """The DeepL glossary for this pair and glossary digest, created (and older versions
        deleted) when missing; None without a glossary or when DeepL refuses one."""
        if self.glossary is None:
            return None
        key = (source, target, self.glossary.digest)
        if key in self._glossary_ids:
            return self._glossary_ids[key]
        pair = f"i18nflow {source.split('-')[0]}→{target.split('-')[0]}"
        name = f"{pair} {self.glossary.digest}"
        session = GuardedSession(self.policy, self.masker, self.budget)
        translator = self._translator(session)
        found: str | None = None
        try:
            for info in translator.list_glossaries():
                if info.name == name and found is None:
                    found = info.glossary_id
                elif info.name.startswith(pair + " "):
                    translator.delete_glossary(info.glossary_id)
            if found is None:
                found = translator.create_glossary(name, source, target, deepl_entries(self.glossary)).glossary_id
        except Exception as exc:
            reason = describe_exception(exc, self.masker, self.policy.timeout)
            self.warnings.append(f"deepl: the glossary {self.glossary.path.name} is not used: {reason}")
            found = None
        finally:
            self.requests_sent += session.sent
            translator.close()
        self._glossary_ids[key] = found
        return found

    def _request(self, batch: list[str], source: str, target: str, glossary_id: str | None = None) -> list[str | EngineFailure]:
        session = GuardedSession(self.policy, self.masker, self.budget)
        translator = self._translator(session)
        options: dict[str, Any] = {"tag_handling": "xml", "preserve_formatting": True}
        if self.formality:
            options["formality"] = self.formality
        if glossary_id:
            options["glossary"] = glossary_id
        try:
            answer = translator.translate_text(batch, source_lang=source, target_lang=target, **options)
        except Exception as exc:
            reason = f"deepl: {describe_exception(exc, self.masker, self.policy.timeout)}"
            return fail_all(len(batch), reason)
        finally:
            self.requests_sent += session.sent
            translator.close()
        answers = answer if isinstance(answer, list) else [answer]
        if len(answers) != len(batch):
            return fail_all(len(batch), f"deepl answered {len(answers)} texts for {len(batch)}")
        return [getattr(a, "text", None) or EngineFailure("deepl returned no translation") for a in answers]


def deepl_entries(glossary: Glossary) -> dict[str, str]:
    """Source → target pairs for DeepL, which matches entries as written: each term also with a
    capital first letter (a sentence start), and dnt terms mapped to themselves."""
    entries: dict[str, str] = {}
    for entry in glossary.entries:
        pairs = [(entry.term, entry.translation)]
        if entry.term[:1].islower():
            pairs.append((entry.term[:1].upper() + entry.term[1:], entry.translation[:1].upper() + entry.translation[1:]))
        for term, translation in pairs:
            entries.setdefault(term, translation)
    return entries


def _batches(texts: list[str]) -> list[list[str]]:
    batches: list[list[str]] = [[]]
    size = 0
    for text in texts:
        if batches[-1] and (len(batches[-1]) >= _BATCH_TEXTS or size + len(text) > _BATCH_CHARS):
            batches.append([])
            size = 0
        batches[-1].append(text)
        size += len(text)
    return batches
