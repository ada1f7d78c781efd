"""A LibreTranslate-compatible HTTP server for tests (plus tiny Google, MyMemory and DeepL routes).

It runs ``http.server`` in a thread on 127.0.0.1 with a random port, so the engines are tested
over real HTTP, through deep-translator and the ``deepl`` package, with no mocked translator.

Its "translation" is deterministic: every letter outside placeholders is uppercased
(``hello [X1X]world[X2X]`` → ``HELLO [X1X]WORLD[X2X]``).  Set ``mode`` to misbehave:
``drop`` / ``duplicate`` (a placeholder), ``echo`` (input unchanged), ``empty``, ``null``,
``long`` (ten times the text), ``wrong_shape`` (JSON without translatedText), ``html500``
(an HTML error page), ``error400``; ``delay`` seconds before answering; ``fail_first`` K
requests answered ``fail_status`` (429 by default) with ``Retry-After: retry_after``;
``api_key`` to require a key (403 otherwise).  Every request is recorded in ``requests``.
"""

from __future__ import annotations

import html
import json
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

TOKEN = re.compile(r"\[X\d+X\]|<x id=\"\d+\"/>")
LANGUAGES = ["en", "es", "ca", "fr", "de", "pt", "pt-BR", "zh-Hans", "ja"]


def fake_translate(text: str) -> str:
    """Uppercase everything outside placeholders."""
    out, pos = [], 0
    for match in TOKEN.finditer(text):
        out.append(text[pos : match.start()].upper())
        out.append(match.group())
        pos = match.end()
    out.append(text[pos:].upper())
    return "".join(out)


@dataclass
class Recorded:
    method: str
    path: str
    params: dict[str, Any]


class FakeLibreTranslate:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.reset()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._server.block_on_close = False  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def reset(self) -> None:
        """Back to a well-behaved server with no recorded requests."""
        self.mode = "upper"
        self.delay = 0.0
        self.fail_first = 0
        self.fail_status = 429
        self.retry_after: str | None = "0"
        self.api_key: str | None = None
        self.requests = []
        self.max_active = 0
        self.glossaries: dict[str, dict[str, Any]] = {}  # DeepL glossaries by id

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def start(self) -> FakeLibreTranslate:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes delayed handlers
        self._server.shutdown()
        self._server.server_close()

    def count(self, path: str = "/translate") -> int:
        return sum(1 for r in self.requests if r.path == path)

    def texts(self, path: str = "/translate") -> list[Any]:
        return [r.params.get("q", r.params.get("text")) for r in self.requests if r.path == path]

    # -- behaviour ------------------------------------------------------------------------

    def _translate(self, text: str) -> Any:
        mode = self.mode
        if mode == "drop":
            return fake_translate(TOKEN.sub("", text, count=1))
        if mode == "duplicate":
            match = TOKEN.search(text)
            return fake_translate(text + (" " + match.group() if match else ""))
        if mode == "echo":
            return text
        if mode == "empty":
            return ""
        if mode == "null":
            return None
        if mode == "long":
            return " ".join([fake_translate(text)] * 10)
        return fake_translate(text)

    def _answer(self, handler: _Handler, path: str, params: dict[str, Any]) -> tuple[int, str, str, dict[str, str]]:
        """(status, content type, body, headers) for one request."""
        with self._lock:
            self.requests.append(Recorded(handler.command, path, params))
            number = len([r for r in self.requests if r.path == path])
        if self.delay:
            self._stopping.wait(self.delay)
        if path == "/languages":
            body = [{"code": c, "name": c, "targets": LANGUAGES} for c in LANGUAGES]
            return 200, "application/json", json.dumps(body), {}
        if number <= self.fail_first:
            headers = {"Retry-After": self.retry_after} if self.retry_after is not None else {}
            return self.fail_status, "application/json", json.dumps({"error": "Slowdown"}), headers
        if self.api_key is not None and self.api_key not in (params.get("api_key"), params.get("auth")):
            return 403, "application/json", json.dumps({"error": "Invalid API key"}), {}
        if self.mode == "html500":
            return 500, "text/html", "<html><body><h1>Internal Server Error</h1></body></html>", {}
        if self.mode == "error400":
            return 400, "application/json", json.dumps({"error": "Invalid request: unsupported language"}), {}
        if path.startswith("/v2/glossaries"):
            return self._glossary_route(handler.command, path, params)
        return self._route(path, params)

    def _glossary_route(self, method: str, path: str, params: dict[str, Any]) -> tuple[int, str, str, dict[str, str]]:
        """DeepL's v2 glossaries: list (GET), create (POST, TSV entries), delete (DELETE /id)."""
        if method == "GET" and path == "/v2/glossaries":
            listed = [{k: v for k, v in g.items() if k != "entries"} for g in self.glossaries.values()]
            return 200, "application/json", json.dumps({"glossaries": listed}), {}
        if method == "POST" and path == "/v2/glossaries":
            if params.get("target_lang", "").upper() == "XX":
                return 400, "application/json", json.dumps({"message": "Unsupported glossary language pair"}), {}
            number = f"gl-{len(self.requests)}"
            entries = dict(line.split("\t", 1) for line in params["entries"].splitlines() if line)
            self.glossaries[number] = {
                "glossary_id": number, "name": params["name"], "ready": True,
                "source_lang": params["source_lang"].lower(), "target_lang": params["target_lang"].lower(),
                "creation_time": "2026-01-01T00:00:00.000000Z", "entry_count": len(entries), "entries": entries,
            }
            listed = {k: v for k, v in self.glossaries[number].items() if k != "entries"}
            return 201, "application/json", json.dumps(listed), {}
        number = path.rsplit("/", 1)[-1]
        if method == "DELETE" and number in self.glossaries:
            del self.glossaries[number]
            return 204, "application/json", "", {}
        return 404, "application/json", json.dumps({"message": "Glossary not found"}), {}

    def _route(self, path: str, params: dict[str, Any]) -> tuple[int, str, str, dict[str, str]]:
        if path == "/translate":
            q = params.get("q", "")
            result = [self._translate(x) for x in q] if isinstance(q, list) else self._translate(q)
            if self.mode == "wrong_shape":
                return 200, "application/json", json.dumps({"result": result}), {}
            return 200, "application/json", json.dumps({"translatedText": result}), {}
        if path == "/m":  # Google's mobile page, as deep-translator scrapes it
            answer = self._translate(params.get("q", ""))
            inner = "" if answer is None else html.escape(answer)
            return 200, "text/html", f'<html><div class="result-container">{inner}</div></html>', {}
        if path == "/get":  # MyMemory
            data = {"responseData": {"translatedText": self._translate(params.get("q", ""))}, "matches": []}
            return 200, "application/json", json.dumps(data), {}
        if path == "/v2/translate":  # DeepL; a glossary's terms are replaced before "translating"
            entries = self.glossaries.get(params.get("glossary_id", ""), {}).get("entries", {})
            texts = params.get("text") or []
            for term, translation in entries.items():
                texts = [re.sub(rf"\b{re.escape(term)}\b", translation, t) for t in texts]
            items = [{"text": self._translate(t), "detected_source_language": "EN", "billed_characters": len(t)}
                     for t in texts]  # fmt: skip
            return 200, "application/json", json.dumps({"translations": items}), {}
        return 404, "application/json", json.dumps({"error": "Not Found"}), {}

    def _handler_class(self) -> type[_Handler]:
        owner = self

        class Handler(_Handler):
            server_owner = owner

        return Handler


class _Handler(BaseHTTPRequestHandler):
    server_owner: FakeLibreTranslate
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:  # noqa: N802 - http.server's name
        self._serve()

    def _serve(self) -> None:
        split = urlsplit(self.path)
        params: dict[str, Any] = {k: v[-1] for k, v in parse_qs(split.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        ctype = self.headers.get("Content-Type", "")
        if body and "json" in ctype:
            data = json.loads(body)
            if isinstance(data, dict):
                params.update(data)
        elif body:
            params.update({k: v[-1] for k, v in parse_qs(body.decode()).items()})
        auth = self.headers.get("Authorization", "")
        if auth.startswith("DeepL-Auth-Key "):
            params["auth"] = auth.split(" ", 1)[1]
        owner = self.server_owner
        with owner._lock:
            owner.active += 1
            owner.max_active = max(owner.max_active, owner.active)
        try:
            status, ctype, text, headers = owner._answer(self, split.path, params)
        finally:
            with owner._lock:
                owner.active -= 1
        payload = text.encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype + "; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client gave up (timeout test)
            pass
