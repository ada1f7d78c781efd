"""Engine ``llm``: any server that speaks OpenAI's chat completions API, through ``openai``.

One ``base_url`` serves OpenAI, Azure OpenAI and local servers (Ollama's
``http://localhost:11434/v1``, llama.cpp's server, vLLM, LM Studio). A request carries a batch of
strings from one post, in order, as JSON; the system message (a versioned template, see
:mod:`llm_prompt`) gives the post's title, the blocks around the batch and the glossary entries
that occur in it. Each string of the answer is judged on its own (:mod:`llm_answer`); a rejected
one is asked again once, alone, with the reason, and then stays untranslated with that reason.

HTTP: the client's own retries are off (``max_retries=0``) and ours apply, as for the other
online engines: 429 and 5xx are retried with :class:`RetryPolicy` backoff that honours
``Retry-After``; a timeout or a refused connection fails the batch. The key comes only from the
environment variable ``api_key_env`` and is masked out of every message.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from i18nflow.errors import ConfigError
from i18nflow.translate.engines import llm_prompt
from i18nflow.translate.engines.base import (
    EngineFailure,
    Limits,
    PostContext,
    TextContext,
    fail_all,
    setting_int,
    setting_number,
    setting_str,
)
from i18nflow.translate.engines.language import language_name
from i18nflow.translate.engines.llm_answer import AnswerError, judge_batch, parse_answer
from i18nflow.translate.engines.locales import ISO639_3, parse_locale
from i18nflow.translate.engines.transport import Masker, RetryPolicy, WaitBudget, host_of

if TYPE_CHECKING:
    from i18nflow.translate.glossary import Glossary

RETRY_STATUSES = (429, 500, 502, 503, 504)
_MAX_STRINGS = 40  # per request, whatever batch_chars allows: long JSON answers drift
_NO_KEY = "no-key"  # local servers need none, and the client insists on one


class RequestFailed(Exception):
    """A request got no usable HTTP answer (after retries); the message is key-free."""


@dataclass
class Usage:
    """What the engine sent, for the run's report and the benchmark."""

    requests: int = 0
    strings: int = 0
    retried_http: int = 0  # 429/5xx answers that were retried
    retried_alone: int = 0  # strings asked again alone after a rejected answer
    prompt_tokens: int = 0
    completion_tokens: int = 0
    input_chars: int = 0
    output_chars: int = 0


class LlmEngine:
    """OpenAI-compatible chat completions as a context-aware translation engine."""

    name = "llm"
    placeholder_style = "bracket"
    context_aware = True
    label_asks_server = False  # the label is the model's name: a dry run may show it

    def __init__(self, settings: Mapping[str, Any], root: Path | None = None):
        self.model = setting_str(settings, "model") or ""
        if not self.model:
            raise ConfigError("engine 'llm': set model = \"...\" (e.g. \"gpt-4o-mini\", or an Ollama model such as \"llama3.1\")")
        self.base_url = setting_str(settings, "base_url")
        self.api_key_env = setting_str(settings, "api_key_env")
        self.api_key = os.environ.get(self.api_key_env or "OPENAI_API_KEY", "").strip() or None
        self.temperature = setting_number(settings, "temperature", 0.0)
        self.policy = RetryPolicy.from_settings(settings)
        self._budget = WaitBudget(self.policy.max_total_wait)  # all of this engine's waiting in a run
        self.concurrency = setting_int(settings, "concurrency", 4, minimum=1)
        self.batch_chars = setting_int(settings, "batch_chars", 4000, minimum=1)
        self.price_input = _price(settings, "price_per_million_input")
        self.price_output = _price(settings, "price_per_million_output")
        prompt = setting_str(settings, "prompt")
        self.template = llm_prompt.load_template((root or Path.cwd()) / prompt if prompt else None)
        self.limits = Limits(max_chars=self.batch_chars)
        self.masker = Masker([self.api_key])
        self.glossary: Glossary | None = None
        self.usage = Usage()
        self.requests_sent = 0
        self._json_mode = True
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self.concurrency)  # requests in flight, whatever calls us
        self._client: Any = None

    # -- Engine protocol ------------------------------------------------------------------

    def available(self, source: str, target: str) -> bool:
        """No request: a key is missing only when ``api_key_env`` names an unset variable."""
        return not (self.api_key_env and not self.api_key)

    @property
    def unavailable_reason(self) -> str | None:
        if self.api_key_env and not self.api_key:
            return f"the environment variable {self.api_key_env} named by api_key_env is not set"
        return None

    def label(self, source: str, target: str) -> str:
        return f"llm {self.model} {_iso3(source)}→{_iso3(target)}"

    @property
    def memory_name(self) -> str:
        """Engine, model, prompt version and glossary digest: a change of any is a new key."""
        digest = self.glossary.digest if self.glossary is not None else "-"
        return f"llm:{self.model}:prompt-{self.template.version}:glossary-{digest}"

    def use_glossary(self, glossary: Glossary | None) -> None:
        self.glossary = glossary

    def translate(
        self, texts: Sequence[str], source: str, target: str, context: TextContext | None = None
    ) -> list[str | EngineFailure]:
        if not texts:
            return []
        if not self.available(source, target):
            return fail_all(len(texts), f"llm: {self.unavailable_reason}")
        context = context or TextContext(PostContext(), (-1,) * len(texts))
        batches = self.batches(texts)
        workers = min(self.concurrency, len(batches))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="i18nflow-llm") as pool:
            done = list(pool.map(lambda b: self._batch(texts, b, source, target, context), batches))
        return [result for results in done for result in results]

    # -- batches --------------------------------------------------------------------------

    def batches(self, texts: Sequence[str]) -> list[range]:
        """Consecutive texts up to ``batch_chars`` characters and 40 strings per request."""
        batches: list[range] = []
        start, size = 0, 0
        for index, text in enumerate(texts):
            if index > start and (size + len(text) > self.batch_chars or index - start >= _MAX_STRINGS):
                batches.append(range(start, index))
                start, size = index, 0
            size += len(text)
        batches.append(range(start, len(texts)))
        return batches

    def messages(
        self, texts: Sequence[str], source: str, target: str, post: PostContext,
        positions: Sequence[int], reason: str | None = None,
    ) -> list[dict[str, str]]:
        """The chat messages of one request (also what ``--dry-run`` measures)."""
        entries = self.glossary.occurring(texts) if self.glossary is not None else []
        lines = [llm_prompt.GlossaryLine(e.term, e.translation, e.note, e.dnt) for e in entries]
        system = self.template.system({
            "source_language": language_name(source),
            "target_language": language_name(target),
            "title": " ".join(post.title.split()) or "(untitled)",
            "context": llm_prompt.context_text(post, positions),
            "glossary": llm_prompt.glossary_text(lines),
            "retry": llm_prompt.retry_text(reason),
        })
        return [{"role": "system", "content": system}, {"role": "user", "content": llm_prompt.user_message(texts)}]

    def _batch(
        self, texts: Sequence[str], batch: range, source: str, target: str, context: TextContext
    ) -> list[str | EngineFailure]:
        chunk = [texts[i] for i in batch]
        positions = [context.positions[i] for i in batch]
        try:
            verdicts = self._ask(chunk, source, target, context.post, positions)
        except RequestFailed as exc:
            return fail_all(len(chunk), f"llm: {exc}")
        results: list[str | EngineFailure] = []
        for text, position, (answer, reason) in zip(chunk, positions, verdicts, strict=True):
            if answer is not None:
                results.append(answer)
                continue
            with self._lock:
                self.usage.retried_alone += 1
            try:
                (answer, second), = self._ask([text], source, target, context.post, [position], reason)
            except RequestFailed as exc:
                answer, second = None, str(exc)
            results.append(answer if answer is not None else EngineFailure(f"llm: {second} (asked twice)"))
        return results

    def _ask(
        self, texts: list[str], source: str, target: str, post: PostContext,
        positions: list[int], reason: str | None = None,
    ) -> list[tuple[str | None, str | None]]:
        messages = self.messages(texts, source, target, post, positions, reason)
        content = self._complete(messages, len(texts))
        try:
            answered = parse_answer(content, len(texts))
        except AnswerError as exc:
            return [(None, str(exc))] * len(texts)
        return judge_batch(texts, answered, source, target)

    # -- HTTP -----------------------------------------------------------------------------

    def _complete(self, messages: list[dict[str, str]], strings: int) -> str | None:
        import openai

        client = self._openai()
        attempt = 0
        while True:
            options: dict[str, Any] = {"model": self.model, "messages": messages, "temperature": self.temperature}
            if self._json_mode:
                options["response_format"] = {"type": "json_object"}
            self._count(messages, strings)
            try:
                with self._slots:
                    response = client.chat.completions.create(**options)
            except openai.APIStatusError as exc:
                if exc.status_code == 400 and self._json_mode and "response_format" in str(exc.message):
                    self._json_mode = False  # a server without JSON mode: the prompt asks for JSON anyway
                    continue
                retry_after = exc.response.headers.get("retry-after")
                refused = self.policy.refusal(retry_after) if exc.status_code in RETRY_STATUSES else None
                if exc.status_code in RETRY_STATUSES and attempt < self.policy.max_retries and not refused:
                    wait = self.policy.delay(attempt, retry_after)
                    if self._budget.take(wait):
                        with self._lock:
                            self.usage.retried_http += 1
                        time.sleep(wait)
                        attempt += 1
                        continue
                    refused = f"waited {self._budget.total - self._budget.left:g} s already (max_wait = {self._budget.total:g} s)"
                retried = f" (after {attempt} retries)" if attempt else ""
                raise RequestFailed(self.masker(
                    f"HTTP {exc.status_code} from {self._host()}{retried}: {refused or _detail(exc)}"
                )) from None
            except openai.APITimeoutError:
                raise RequestFailed(f"no answer from {self._host()} within {self.policy.timeout:g} s") from None
            except openai.APIConnectionError:
                raise RequestFailed(f"cannot connect to {self._host()}") from None
            return self._content(response)

    def _content(self, response: Any) -> str | None:
        try:
            content = response.choices[0].message.content
        except (AttributeError, IndexError, TypeError):
            return None
        usage = getattr(response, "usage", None)
        with self._lock:
            self.usage.output_chars += len(content or "")
            self.usage.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
            self.usage.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)
        return content if isinstance(content, str) else None

    def _count(self, messages: list[dict[str, str]], strings: int) -> None:
        with self._lock:
            self.usage.requests += 1
            self.usage.strings += strings
            self.usage.input_chars += sum(len(m["content"]) for m in messages)
            self.requests_sent = self.usage.requests

    def _openai(self) -> Any:
        with self._lock:
            if self._client is None:
                import openai

                self._client = openai.OpenAI(
                    api_key=self.api_key or _NO_KEY, base_url=self.base_url or None,
                    timeout=self.policy.timeout, max_retries=0,
                )
            return self._client

    def _host(self) -> str:
        return host_of(self.base_url or "https://api.openai.com/v1")

    # -- estimates ------------------------------------------------------------------------

    def estimate(self, texts: Sequence[str], source: str, target: str, context: TextContext) -> tuple[int, int, int]:
        """Requests, input and output characters ``translate`` would use (no retries)."""
        requests = input_chars = output_chars = 0
        for batch in self.batches(texts):
            chunk = [texts[i] for i in batch]
            messages = self.messages(chunk, source, target, context.post, [context.positions[i] for i in batch])
            requests += 1
            input_chars += sum(len(m["content"]) for m in messages)
            output_chars += len(messages[-1]["content"])  # the answer has the same shape
        return requests, input_chars, output_chars

    def cost(self, input_tokens: int, output_tokens: int) -> float | None:
        if self.price_input is None and self.price_output is None:
            return None
        return (input_tokens * (self.price_input or 0) + output_tokens * (self.price_output or 0)) / 1_000_000


def _detail(exc: Any) -> str:
    """The server's own short error message (OpenAI's ``{"error": {"message": …}}``)."""
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if isinstance(message, str) and message.strip():
            return " ".join(message.split())[:160]
    return " ".join(str(getattr(exc, "message", "")).split())[:160]


def _price(settings: Mapping[str, Any], key: str) -> float | None:
    return setting_number(settings, key, 0.0) if key in settings else None


def _iso3(locale: str) -> str:
    language = parse_locale(locale).language
    return ISO639_3.get(language, language)
