"""An engine's answer is untrusted, and so is its timing: a whole-request deadline, a size limit
read in a stream, a cap on Retry-After and on a run's waiting; the LibreTranslate key in the body.

Against a misbehaving HTTP server this test starts on 127.0.0.1.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from i18nflow.translate.engines import create_engine
from i18nflow.translate.engines.base import EngineFailure
from i18nflow.translate.engines.segments import translate_segments
from i18nflow.translate.engines.transport import GuardedSession, RetryPolicy, TransportError
from libretranslate_server import FakeLibreTranslate


class Misbehaving:
    """Misbehaves on every path but ``/languages``. ``mode``: ``trickle-body`` / ``trickle-headers`` (a byte every 0.2 s, for ever),
    ``huge`` (an endless chunked body, fast), ``retry-after`` (429 with ``retry_after``)."""

    def __init__(self) -> None:
        self.mode = "trickle-body"
        self.retry_after = "100000"
        self.requests = 0
        self.sent = 0  # bytes of body sent (huge)
        self.stopping = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.startswith("/languages"):  # asked first by the libre engine
                    self.send_response(200)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"[]")
                    return
                owner.requests += 1
                try:
                    owner.serve(self)
                except OSError:  # the client hung up: what it should do
                    pass

            do_GET = do_POST

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def serve(self, handler: BaseHTTPRequestHandler) -> None:
        out = handler.wfile
        if self.mode == "retry-after":
            body = b'{"error": "slow down"}'
            out.write(b"HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n")
            out.write(f"Retry-After: {self.retry_after}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
            return
        if self.mode == "trickle-headers":
            out.write(b"HTTP/1.1 200 OK\r\n")
            while not self.stopping.wait(0.2):
                out.write(b"X-Slow: a\r\n")
                out.flush()
            return
        if self.mode == "trickle-body":
            out.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n")
            out.write(b'{"translatedText": "')
            while not self.stopping.wait(0.2):
                out.write(b"a")
                out.flush()
            return
        out.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"a" * 65536
        frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        while not self.stopping.is_set() and self.sent < 300 * 1024 * 1024:
            out.write(frame)
            self.sent += len(chunk)

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def misbehaving() -> Iterator[Misbehaving]:
    server = Misbehaving()
    try:
        yield server
    finally:
        server.stop()


def libre(url: str, **settings: Any) -> Any:
    return create_engine("libre", {"url": url, "max_retries": 1, "retry_base_delay": 0.01, **settings})


def reasons(results: list[str | EngineFailure]) -> list[str]:
    return [str(r) for r in results if isinstance(r, EngineFailure)]


@pytest.mark.parametrize("mode", ["trickle-body", "trickle-headers"])
def test_a_trickling_server_is_cut_off_at_the_whole_request_deadline(misbehaving: Misbehaving, mode: str) -> None:
    misbehaving.mode = mode
    engine = libre(misbehaving.url, timeout=1)
    started = time.monotonic()
    (reason,) = reasons(translate_segments(engine, ["Hello there"], "en", "es"))
    elapsed = time.monotonic() - started
    assert elapsed < 5, elapsed  # each read came within the timeout; the request did not
    assert "no answer from 127.0.0.1" in reason and "within 1 s" in reason, reason


def test_a_huge_answer_is_refused_while_it_streams(misbehaving: Misbehaving) -> None:
    misbehaving.mode = "huge"
    session = GuardedSession(RetryPolicy(timeout=30, max_response_bytes=2 * 1024 * 1024))
    with pytest.raises(Exception, match=r"larger than max_response_bytes \(2097152 bytes\)"):
        session.post(misbehaving.url + "translate", json={"q": "Hello"})
    time.sleep(0.2)
    assert misbehaving.sent < 64 * 1024 * 1024  # the client stopped reading: the server stopped sending


def test_a_huge_declared_answer_is_refused_before_it_is_read(misbehaving: Misbehaving) -> None:
    misbehaving.mode = "trickle-body"  # Content-Length: 1,000,000
    engine = libre(misbehaving.url, timeout=10, max_response_bytes=100_000)
    started = time.monotonic()
    (reason,) = reasons(translate_segments(engine, ["Hello there"], "en", "es"))
    assert "larger than max_response_bytes" in reason
    assert time.monotonic() - started < 2


def test_a_retry_after_beyond_the_cap_fails_at_once(misbehaving: Misbehaving) -> None:
    misbehaving.mode = "retry-after"
    misbehaving.retry_after = "100000"
    engine = libre(misbehaving.url, max_retries=4, retry_max_delay=5)
    started = time.monotonic()
    found = reasons(translate_segments(engine, ["One string", "Two strings", "Red", "Blue"], "en", "es"))
    assert time.monotonic() - started < 3
    assert len(found) == 4
    assert all("HTTP 429" in r and "asks to wait 100000 s, more than retry_max_delay (5 s)" in r for r in found)
    assert misbehaving.requests == 4  # one each, no retry


def test_the_waiting_of_a_whole_run_is_capped(misbehaving: Misbehaving) -> None:
    misbehaving.mode = "retry-after"
    misbehaving.retry_after = "0.5"
    engine = libre(misbehaving.url, max_retries=10, retry_max_delay=1, max_wait=1.5, concurrency=2)
    started = time.monotonic()
    found = reasons(translate_segments(engine, ["One string", "Two strings", "Red", "Blue"], "en", "es"))
    elapsed = time.monotonic() - started
    assert len(found) == 4
    assert elapsed < 4, elapsed  # without the cap: 4 strings x 10 retries x 0.5 s
    assert any("max_wait = 1.5 s" in r for r in found), found


def test_the_libretranslate_key_and_text_travel_in_the_body(
    libretranslate_server: FakeLibreTranslate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("I18NFLOW_TEST_LIBRE_KEY", "secret-key-123")
    libretranslate_server.api_key = "secret-key-123"
    seen: list[str] = []
    original = GuardedSession.send

    def spy(self: GuardedSession, request: Any, **kwargs: Any) -> Any:
        seen.append(request.url)
        return original(self, request, **kwargs)

    monkeypatch.setattr(GuardedSession, "send", spy)
    engine = libre(libretranslate_server.url, api_key_env="I18NFLOW_TEST_LIBRE_KEY")
    assert translate_segments(engine, ["Hello there"], "en", "es") == ["HELLO THERE"]
    posted = [url for url in seen if url.endswith("/translate") or "/translate?" in url]
    assert posted and all(url.endswith("/translate") for url in posted), posted  # no query string
    (request,) = [r for r in libretranslate_server.requests if r.path == "/translate"]
    assert request.method == "POST" and request.params["api_key"] == "secret-key-123"


def test_the_limits_are_settings_checked_like_the_others() -> None:
    from i18nflow.errors import ConfigError

    with pytest.raises(ConfigError, match="max_wait"):
        libre("http://127.0.0.1:9/", max_wait=-1)
    policy = RetryPolicy.from_settings({})
    assert (policy.timeout, policy.max_delay, policy.max_total_wait, policy.max_response_bytes) == (
        30.0, 60.0, 120.0, 10 * 1024 * 1024)  # fmt: skip
    assert json.dumps(policy.refusal("61")) != "null" and policy.refusal("60") is None
    assert issubclass(TransportError, Exception)
