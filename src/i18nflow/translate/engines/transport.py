"""HTTP plumbing for online engines: timeouts, retries with backoff, secret masking.

deep-translator 1.11 calls the module-level ``requests.get`` / ``requests.post`` with no
timeout, gives no way to pass a session, retries nothing and puts API keys into some
exception texts.  We neither fork it nor patch ``requests`` globally.  Instead each of its
provider modules gets, once, a stand-in for the name ``requests`` in its own namespace
(:func:`route_deep_translator`): the stand-in forwards every attribute to the real module,
and routes ``get``/``post`` to the :class:`GuardedSession` that the *current thread*
declared with :func:`using_session` — or to plain ``requests`` when none is declared, so
other users of deep-translator see no change.  Thread-local routing matters because
batches run concurrently with different engines and settings; temporarily swapping a
global function would leak one engine's session into another thread.

The official ``deepl`` package uses its own ``requests.Session``; the DeepL engine swaps
that for a :class:`GuardedSession` instead.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit

import requests

from i18nflow.errors import EngineError
from i18nflow.translate.engines.base import setting_int, setting_number

RETRY_STATUSES = (429, 503)


class HttpStatusError(EngineError):
    """The service answered with an HTTP error (after any retries)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


class TransportError(EngineError):
    """No HTTP answer at all: refused, unresolvable, timed out."""


@dataclass(frozen=True)
class RetryPolicy:
    """Timeout of each request and how 429/503 answers are retried.

    Delays grow exponentially from ``base_delay`` with ±50 % jitter (so concurrent workers do
    not retry in lockstep), never below the server's ``Retry-After`` and never above
    ``max_delay``.
    """

    timeout: float = 30.0
    max_retries: int = 4
    base_delay: float = 1.0
    max_delay: float = 60.0

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> RetryPolicy:
        return cls(
            timeout=setting_number(settings, "timeout", 30.0, minimum=0.001),
            max_retries=setting_int(settings, "max_retries", 4),
            base_delay=setting_number(settings, "retry_base_delay", 1.0),
            max_delay=setting_number(settings, "retry_max_delay", 60.0),
        )

    def delay(self, attempt: int, retry_after: str | None) -> float:
        backoff = self.base_delay * (2**attempt) * random.uniform(0.5, 1.5)
        return min(max(backoff, parse_retry_after(retry_after)), self.max_delay)


def parse_retry_after(value: str | None) -> float:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date), else 0."""
    if not value:
        return 0.0
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    return max(when.timestamp() - time.time(), 0.0)


class Masker:
    """Replaces secrets (raw and URL-encoded, as they appear in request URLs) by ``***``."""

    def __init__(self, secrets: Iterable[str | None]):
        forms: set[str] = set()
        for secret in secrets:
            if secret and len(secret) >= 4:
                forms.update({secret, quote(secret, safe=""), quote_plus(secret)})
        self._forms = sorted(forms, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for form in self._forms:
            text = text.replace(form, "***")
        return text


class GuardedSession(requests.Session):
    """A session whose every request has a timeout, is retried on 429/503, and raises
    :class:`HttpStatusError` (with a short, masked message) for any other HTTP error and
    :class:`TransportError` when no answer came."""

    def __init__(self, policy: RetryPolicy, masker: Masker | None = None):
        super().__init__()
        self.policy = policy
        self.masker = masker or Masker(())
        self.sent = 0
        self._lock = threading.Lock()

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        kwargs["timeout"] = self.policy.timeout
        attempt = 0
        while True:
            with self._lock:
                self.sent += 1
            try:
                response = super().send(request, **kwargs)
            except requests.RequestException as exc:
                # Our own type: callers' retry loops (the deepl client retries timeouts five
                # times) and bare "except RequestException" in deep-translator don't see it.
                raise TransportError(self.masker(_describe_requests(exc, self.policy.timeout))) from exc
            if response.status_code not in RETRY_STATUSES or attempt >= self.policy.max_retries:
                break
            wait = self.policy.delay(attempt, response.headers.get("Retry-After"))
            response.close()
            time.sleep(wait)
            attempt += 1
        if response.status_code >= 400:
            retried = f" (after {attempt} retries)" if attempt else ""
            message = f"HTTP {response.status_code} {response.reason or ''}".rstrip()
            detail = _error_detail(response)
            text = f"{message} from {host_of(request.url)}{retried}{': ' + detail if detail else ''}"
            raise HttpStatusError(self.masker(text), response.status_code)
        return response


def _error_detail(response: requests.Response) -> str:
    """The service's own error message, if short and not an HTML page."""
    try:
        data = response.json()
    except ValueError:
        text = " ".join(response.text.split())
        return "" if text.startswith("<") else text[:160]
    if isinstance(data, dict):
        for key in ("error", "message", "detail"):
            value = data.get(key)
            if isinstance(value, dict):
                value = value.get("message")
            if isinstance(value, str):
                return value[:160]
    return ""


def host_of(url: str | None) -> str:
    """``host:port`` of a URL – never its path or query, which may carry the API key."""
    if not url:
        return "the server"
    parts = urlsplit(url)
    return parts.hostname + (f":{parts.port}" if parts.port else "") if parts.hostname else "the server"


def describe_exception(exc: BaseException, masker: Masker, timeout: float) -> str:
    """One short, key-free sentence for a failed request, whatever raised it."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, EngineError):
            return masker(current.message)
        if isinstance(current, requests.RequestException):
            return masker(_describe_requests(current, timeout))
        current = current.__cause__ or current.__context__
    message = getattr(exc, "message", None)
    text = message if isinstance(message, str) and message.strip() else str(exc)
    text = f"{type(exc).__name__}: {' '.join(text.split())[:200]}"
    if isinstance(exc, KeyError | IndexError | TypeError | AttributeError | ValueError):
        return masker(f"unexpected answer from the service ({text})")  # a parser choked on it
    return masker(text)


def _describe_requests(exc: requests.RequestException, timeout: float) -> str:
    request = getattr(exc, "request", None)
    host = host_of(getattr(request, "url", None))
    text = str(exc)
    if isinstance(exc, requests.Timeout):
        return f"no answer from {host} within {timeout:g} s"
    if isinstance(exc, requests.ConnectionError):
        if "refused" in text.lower():
            return f"connection refused by {host}"
        if "resolve" in text.lower() or "name or service" in text.lower():
            return f"cannot resolve the host name of {host}"
        return f"cannot connect to {host}"
    return f"request to {host} failed ({type(exc).__name__})"


_routing = threading.local()


class _RequestsForDeepTranslator:
    """Stands in for the ``requests`` module inside deep-translator's provider modules."""

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)

    def get(self, url: str, params: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, params=params, **kwargs)

    def post(self, url: str, data: Any = None, json: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, data=data, json=json, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        session: GuardedSession | None = getattr(_routing, "session", None)
        if session is None:
            return requests.request(method, url, **kwargs)
        return session.request(method, url, **kwargs)


_STAND_IN = _RequestsForDeepTranslator()
_installed = False
_install_lock = threading.Lock()


def route_deep_translator() -> None:
    """Give deep-translator's provider modules the routing stand-in (idempotent)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        from deep_translator import google, libre, microsoft, mymemory, yandex

        modules: list[ModuleType] = [google, libre, microsoft, mymemory, yandex]
        for module in modules:
            if getattr(module, "requests", None) is requests:
                module.requests = _STAND_IN  # type: ignore[attr-defined]
        _installed = True


@contextmanager
def using_session(session: GuardedSession) -> Iterator[None]:
    """Route this thread's deep-translator requests through ``session`` for the block."""
    previous = getattr(_routing, "session", None)
    _routing.session = session
    try:
        yield
    finally:
        _routing.session = previous
