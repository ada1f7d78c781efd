"""Online engines through deep-translator: google, mymemory, microsoft, libre, yandex.

deep-translator is convenient but unguarded, and this module supplies the guards:

* no request timeout → every request goes through a :class:`GuardedSession` with the
  configured ``timeout`` (see :mod:`i18nflow.engines.transport` for how it is routed);
* ``translate_batch`` is one request per string, sequentially → we send strings
  concurrently, bounded by ``concurrency`` (default 4);
* 429/503 are not retried → the session retries with backoff and honours ``Retry-After``;
* errors escape as raw ``requests`` exceptions, some quoting the API key → each string's
  exception becomes an :class:`EngineFailure` with a short, masked reason;
* LibreTranslator puts the key and the text in the query string (server and proxy logs) and
  knows a short language list → LibreTranslate is called directly (:class:`_LibreClient`),
  with a JSON body, in any language the server lists.

Keys come only from the environment variable named by ``api_key_env``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from i18nflow.errors import ConfigError
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
    route_deep_translator,
    routed_post,
    using_session,
)

PROVIDERS = ("google", "mymemory", "microsoft", "libre", "yandex")
_NEEDS_KEY = {"microsoft", "yandex"}
_DEFAULT_LIMITS = {
    # deep-translator rejects >= 5000 chars for Google; Google's GET URL breaks at ~16 KB.
    "google": Limits(max_chars=4999, max_encoded=14000),
    "mymemory": Limits(max_chars=499, max_encoded=1500),
    "microsoft": Limits(max_chars=10000),
    "libre": Limits(max_chars=5000),
    "yandex": Limits(max_chars=10000),
}
_LIBRE_DEFAULT_URL = "https://libretranslate.com/"


class DeepTranslatorEngine:
    """One deep-translator provider with i18nflow's timeouts, retries and failure handling."""

    placeholder_style = "bracket"

    def __init__(self, provider: str, settings: Mapping[str, Any]):
        if provider not in PROVIDERS:
            raise ConfigError(f"unknown deep-translator provider {provider!r}")
        self.name = provider
        self.policy = RetryPolicy.from_settings(settings)
        self.budget = WaitBudget(self.policy.max_total_wait)  # all of this engine's waiting in a run
        self.concurrency = setting_int(settings, "concurrency", 4, minimum=1)
        self.url = setting_str(settings, "url")
        key_env = setting_str(settings, "api_key_env")
        self.api_key_env = key_env
        self.api_key = (os.environ.get(key_env, "").strip() or None) if key_env else None
        self.masker = Masker([self.api_key])
        default = _DEFAULT_LIMITS[provider]
        max_chars = setting_int(settings, "max_chars", default.max_chars or 0) or None
        self.limits = Limits(max_chars=max_chars, max_encoded=default.max_encoded)
        self.region = setting_str(settings, "region")
        self.email = setting_str(settings, "email")
        self.requests_sent = 0
        self._server_languages: set[str] | None = None
        self._lock = threading.Lock()
        route_deep_translator()

    # -- language codes -------------------------------------------------------------------

    def codes(self, source: str, target: str) -> tuple[str, str] | None:
        """The provider's codes for two locales, or None if it cannot translate between them."""
        try:
            src, tgt = self._code(source), self._code(target)
        except ValueError:
            return None
        return (src, tgt) if src and tgt else None

    def _code(self, locale: str) -> str | None:
        if self.name == "google":
            return locales.google_code(locale)
        if self.name == "mymemory":
            from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES

            return locales.mymemory_code(locale, set(MY_MEMORY_LANGUAGES_TO_CODES.values()))
        if self.name == "microsoft":
            return locales.microsoft_code(locale)
        if self.name == "libre":
            candidates = locales.libre_candidates(locale)
            known = self._libre_languages()
            if known:
                return next((c for c in candidates if c in known), None)
            return candidates[-1]
        return locales.parse_locale(locale).language

    def _libre_languages(self) -> set[str]:
        """The codes the configured LibreTranslate server lists (empty if it cannot say)."""
        with self._lock:
            if self._server_languages is None:
                self._server_languages = set()
                session = GuardedSession(RetryPolicy(timeout=min(self.policy.timeout, 10), max_retries=0), self.masker)
                try:
                    answer = session.get(self._libre_url() + "languages").json()
                    if isinstance(answer, list):
                        self._server_languages = {str(x.get("code")) for x in answer if isinstance(x, dict)}
                except Exception:  # unreachable now: translating will report it per string
                    pass
                finally:
                    session.close()
            return self._server_languages

    def _libre_url(self) -> str:
        url = self.url or _LIBRE_DEFAULT_URL
        return url if url.endswith("/") else url + "/"

    # -- Engine protocol ------------------------------------------------------------------

    def available(self, source: str, target: str) -> bool:
        if self.name in _NEEDS_KEY and not self.api_key:
            return False
        return self.codes(source, target) is not None

    def label(self, source: str, target: str) -> str:
        codes = self.codes(source, target) or (source, target)
        return f"{self.name} {codes[0]}→{codes[1]}"

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str | EngineFailure]:
        if not texts:
            return []
        if self.name in _NEEDS_KEY and not self.api_key:
            return fail_all(len(texts), f"{self.name} needs an API key: set the environment variable "
                            f"named by api_key_env ({self.api_key_env or 'not configured'})")
        codes = self.codes(source, target)
        if codes is None:
            return fail_all(len(texts), f"{self.name} cannot translate {source} → {target}")
        sessions: list[GuardedSession] = []
        local = threading.local()

        def one(text: str) -> str | EngineFailure:
            if not hasattr(local, "session"):
                local.session = GuardedSession(self.policy, self.masker, self.budget)
                local.translator = None
                with self._lock:
                    sessions.append(local.session)
            try:
                with using_session(local.session):
                    if local.translator is None:
                        local.translator = self._make_translator(*codes)
                    answer = local.translator.translate(text)
            except Exception as exc:
                return EngineFailure(f"{self.name}: {describe_exception(exc, self.masker, self.policy.timeout)}")
            if isinstance(answer, list):  # yandex answers a list of strings
                answer = "\n".join(str(a) for a in answer)
            return answer if isinstance(answer, str) else EngineFailure(f"{self.name} returned no translation")

        workers = min(self.concurrency, len(texts))
        try:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"i18nflow-{self.name}") as pool:
                return list(pool.map(one, texts))
        finally:
            for session in sessions:
                self.requests_sent += session.sent
                session.close()

    # -- deep-translator objects ----------------------------------------------------------

    def _make_translator(self, source: str, target: str) -> Any:
        factory: Callable[[str, str], Any] = getattr(self, f"_make_{self.name}")
        return factory(source, target)

    def _make_google(self, source: str, target: str) -> Any:
        from deep_translator import GoogleTranslator

        translator = GoogleTranslator(source=source, target=target)
        if self.url:  # a proxy or mirror; deep-translator has no parameter for it
            translator._base_url = self.url
        return translator

    def _make_mymemory(self, source: str, target: str) -> Any:
        from deep_translator import MyMemoryTranslator

        translator = MyMemoryTranslator(source=source, target=target, email=self.email)
        if self.url:
            translator._base_url = self.url
        return translator

    def _make_microsoft(self, source: str, target: str) -> Any:
        from deep_translator import MicrosoftTranslator

        # Its constructor fetches the language list: this runs inside using_session().
        return MicrosoftTranslator(api_key=self.api_key, source=source, target=target, region=self.region)

    def _make_libre(self, source: str, target: str) -> Any:
        # Not deep-translator's LibreTranslator: it sends the key and the text in the query
        # string, where they land in every proxy's and server's access log.
        return _LibreClient(self._libre_url(), self.api_key, source, target)

    def _make_yandex(self, source: str, target: str) -> Any:
        from deep_translator import YandexTranslator

        return YandexTranslator(api_key=self.api_key, source=source, target=target)


class _LibreClient:
    """LibreTranslate's ``POST /translate``, with the text and the key in a JSON body."""

    def __init__(self, url: str, api_key: str | None, source: str, target: str):
        self.url = url + "translate"
        self.api_key = api_key
        self.source, self.target = source, target

    def translate(self, text: str) -> str | None:
        body = {"q": text, "source": self.source, "target": self.target, "format": "text"}
        if self.api_key:
            body["api_key"] = self.api_key
        answer = routed_post(self.url, json=body).json()
        if not isinstance(answer, dict) or "translatedText" not in answer:
            raise ValueError("no 'translatedText' in the answer")
        value = answer["translatedText"]
        return value if isinstance(value, str) else None
