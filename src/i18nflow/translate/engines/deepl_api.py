"""DeepL through DeepL's official ``deepl`` package.

deep-translator 1.11's DeepL request (auth key as a form field) is no longer accepted by the
API, so this engine uses the official client.  It sends up to 50 strings per request, asks for
XML tag handling (placeholders are ``<x id="7"/>``), and replaces the client's
``requests.Session`` by a :class:`GuardedSession` so our timeout, ``Retry-After``-aware
retries and key-free error messages apply (the client's own retry loop then sees only final,
non-retryable errors).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

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
    describe_exception,
)

_BATCH_TEXTS = 50  # DeepL's maximum number of texts per request
_BATCH_CHARS = 60_000  # well under the 128 KiB request limit


class DeepLEngine:
    name = "deepl"
    placeholder_style = "xml"

    def __init__(self, settings: Mapping[str, Any]):
        self.policy = RetryPolicy.from_settings(settings)
        self.concurrency = setting_int(settings, "concurrency", 4, minimum=1)
        self.url = setting_str(settings, "url")
        self.api_key_env = setting_str(settings, "api_key_env", "DEEPL_AUTH_KEY")
        self.api_key = os.environ.get(self.api_key_env or "", "").strip() or None
        self.formality = setting_str(settings, "formality")
        self.masker = Masker([self.api_key])
        self.limits = Limits(max_chars=setting_int(settings, "max_chars", 30_000, minimum=1))
        self.requests_sent = 0

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
        batches = _batches(list(texts))
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(batches))) as pool:
            results = list(pool.map(lambda batch: self._request(batch, *codes), batches))
        return [item for batch_result in results for item in batch_result]

    def _request(self, batch: list[str], source: str, target: str) -> list[str | EngineFailure]:
        import deepl

        assert self.api_key is not None
        session = GuardedSession(self.policy, self.masker)
        translator = deepl.Translator(self.api_key, server_url=self.url or None)
        client = getattr(translator, "_client", None)
        if client is not None and hasattr(client, "_session"):
            client._session.close()
            client._session = session
        options: dict[str, Any] = {"tag_handling": "xml", "preserve_formatting": True}
        if self.formality:
            options["formality"] = self.formality
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
