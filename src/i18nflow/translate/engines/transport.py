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

An engine answer is untrusted input, and so is its timing. ``requests``' timeout is per socket
operation: a server trickling a byte a second never trips it. So every attempt has a deadline
for the whole request (:class:`_Deadline`: a timer shuts the connection's socket down, which
ends any blocked read), the body is read in a stream and refused past ``max_response_bytes``,
a ``Retry-After`` longer than ``retry_max_delay`` is a failure rather than a wait, and all the
waiting of one engine in a run is capped by ``max_wait`` (:class:`WaitBudget`).
"""

from __future__ import annotations

import email.utils
import random
import socket
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter

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
    """Deadline of each request and how 429/503 answers are retried.

    ``timeout`` bounds a whole attempt (connecting, sending, every byte of the answer).
    Delays grow exponentially from ``base_delay`` with ±50 % jitter (so concurrent workers do
    not retry in lockstep), never below the server's ``Retry-After`` and never above
    ``max_delay``; a server asking for more than ``max_delay`` is not retried at all (waiting
    less than it asked only earns another 429). ``max_total_wait`` caps the waiting of one
    engine over a whole run; ``max_response_bytes`` the size of one answer.
    """

    timeout: float = 30.0
    max_retries: int = 4
    base_delay: float = 1.0
    max_delay: float = 60.0
    max_total_wait: float = 120.0
    max_response_bytes: int = 10 * 1024 * 1024

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> RetryPolicy:
        return cls(
            timeout=setting_number(settings, "timeout", 30.0, minimum=0.001),
            max_retries=setting_int(settings, "max_retries", 4),
            base_delay=setting_number(settings, "retry_base_delay", 1.0),
            max_delay=setting_number(settings, "retry_max_delay", 60.0),
            max_total_wait=setting_number(settings, "max_wait", 120.0),
            max_response_bytes=setting_int(settings, "max_response_bytes", 10 * 1024 * 1024, minimum=1024),
        )

    def delay(self, attempt: int, retry_after: str | None) -> float:
        backoff = self.base_delay * (2**attempt) * random.uniform(0.5, 1.5)
        return min(max(backoff, parse_retry_after(retry_after)), self.max_delay)

    def refusal(self, retry_after: str | None) -> str | None:
        """Why an answer asking to come back after ``retry_after`` is not retried, or None."""
        asked = parse_retry_after(retry_after)
        if asked > self.max_delay:
            return f"the server asks to wait {asked:g} s, more than retry_max_delay ({self.max_delay:g} s)"
        return None


class WaitBudget:
    """The seconds one engine may still spend waiting to retry, shared by its threads."""

    def __init__(self, seconds: float):
        self.left = seconds
        self.total = seconds
        self._lock = threading.Lock()

    def take(self, seconds: float) -> bool:
        with self._lock:
            if seconds > self.left:
                return False
            self.left -= seconds
            return True


class ResponseTooLarge(EngineError):
    """The answer was larger than ``max_response_bytes``: not read any further."""


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
    """A session whose every request has a deadline and a size limit, is retried on 429/503,
    and raises :class:`HttpStatusError` (with a short, masked message) for any other HTTP
    error and :class:`TransportError` when no (complete) answer came."""

    def __init__(self, policy: RetryPolicy, masker: Masker | None = None, budget: WaitBudget | None = None):
        super().__init__()
        self.policy = policy
        self.masker = masker or Masker(())
        self.budget = budget or WaitBudget(policy.max_total_wait)
        self.sent = 0
        self._lock = threading.Lock()
        adapter = _DeadlineAdapter()
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        kwargs["timeout"] = self.policy.timeout
        kwargs["stream"] = True  # read below, within the deadline and the size limit
        attempt = 0
        refused = ""
        while True:
            with self._lock:
                self.sent += 1
            response = self._attempt(request, kwargs)
            if response.status_code not in RETRY_STATUSES or attempt >= self.policy.max_retries:
                break
            retry_after = response.headers.get("Retry-After")
            refused = self.policy.refusal(retry_after) or ""
            wait = self.policy.delay(attempt, retry_after)
            if not refused and not self.budget.take(wait):
                refused = f"waited {self.budget.total - self.budget.left:g} s already (max_wait = {self.budget.total:g} s)"
            if refused:
                break
            response.close()
            time.sleep(wait)
            attempt += 1
        if response.status_code >= 400:
            retried = f" (after {attempt} retries)" if attempt else ""
            message = f"HTTP {response.status_code} {response.reason or ''}".rstrip()
            detail = refused or _error_detail(response)
            text = f"{message} from {host_of(request.url)}{retried}{': ' + detail if detail else ''}"
            raise HttpStatusError(self.masker(text), response.status_code)
        return response

    def _attempt(self, request: requests.PreparedRequest, kwargs: dict[str, Any]) -> requests.Response:
        """One request and its whole answer, within ``timeout`` seconds and the size limit."""
        deadline = _Deadline(self.policy.timeout)
        late = f"no answer from {host_of(request.url)} within {self.policy.timeout:g} s (whole request)"
        try:
            with deadline:
                response = super().send(request, **kwargs)
                _read_body(response, self.policy.max_response_bytes, host_of(request.url))
        except ResponseTooLarge:
            raise
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            if deadline.expired:
                raise TransportError(self.masker(late)) from None
            if isinstance(exc, requests.RequestException):
                # Our own type: callers' retry loops (the deepl client retries timeouts five
                # times) and bare "except RequestException" in deep-translator don't see it.
                raise TransportError(self.masker(_describe_requests(exc, self.policy.timeout))) from exc
            raise TransportError(self.masker(f"request to {host_of(request.url)} failed ({type(exc).__name__})")) from exc
        if deadline.expired:  # cut off in the headers, which then look complete
            response.close()
            raise TransportError(self.masker(late))
        return response


def _read_body(response: requests.Response, limit: int, host: str) -> None:
    """Read the answer into ``response`` (as a non-streamed one), refusing it past ``limit``
    bytes (decompressed: a small gzip that unpacks to gigabytes is refused too)."""
    declared = response.headers.get("Content-Length", "")
    too_large = f"the answer from {host} is larger than max_response_bytes ({limit} bytes)"
    if declared.isdigit() and int(declared) > limit:
        response.close()
        raise ResponseTooLarge(too_large)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > limit:
            response.close()
            raise ResponseTooLarge(too_large)
        chunks.append(chunk)
    response._content = b"".join(chunks)
    response._content_consumed = True  # type: ignore[attr-defined]
    response.close()  # gives the connection back to the pool


_current = threading.local()  # the deadline of the request this thread is making


class _Deadline:
    """A timer that shuts down the sockets of one request when its time is up: a blocked read
    returns at once, whatever the per-read timeout."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        _current.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _current.deadline = None

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's, also under TLS
    except (OSError, TypeError):
        pass


def _watch_current(sock: socket.socket | None) -> None:
    deadline: _Deadline | None = getattr(_current, "deadline", None)
    if deadline is not None:
        deadline.watch(sock)


class _WatchedHTTPConnection(urllib3.connection.HTTPConnection):
    def getresponse(self) -> Any:  # type: ignore[override]
        _watch_current(self.sock)
        return super().getresponse()


class _WatchedHTTPSConnection(urllib3.connection.HTTPSConnection):
    def getresponse(self) -> Any:  # type: ignore[override]
        _watch_current(self.sock)
        return super().getresponse()


class _WatchedHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _DeadlineAdapter(HTTPAdapter):
    """requests' adapter, with connections that put their socket under the request's deadline."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


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


def routed_post(url: str, **kwargs: Any) -> requests.Response:
    """POST through this thread's :func:`using_session` session (for our own small clients)."""
    return _STAND_IN.post(url, **kwargs)


@contextmanager
def using_session(session: GuardedSession) -> Iterator[None]:
    """Route this thread's deep-translator requests through ``session`` for the block."""
    previous = getattr(_routing, "session", None)
    _routing.session = session
    try:
        yield
    finally:
        _routing.session = previous
