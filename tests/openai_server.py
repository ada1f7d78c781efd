"""An OpenAI-compatible chat completions server for tests, on 127.0.0.1 (random port).

The ``llm`` engine talks to it through the real ``openai`` package over real HTTP. Its "model"
is deterministic: it reads the JSON strings of the user message, maps English function words
to the target language's (``the`` → ``el``/``der``), applies the glossary lines of the system
message (``- term → translation``) and keeps every placeholder, so answers pass the engine's
checks. ``faults`` is a list of misbehaviours, one per request, taken in order (then it behaves):

``429`` (with ``Retry-After: retry_after``), ``500``, ``slow`` (answers after ``delay`` s),
``truncated`` (JSON cut in half), ``drop`` (the first placeholder of the first string that has
one is removed), ``merge`` (ids 1 and 2 answered as one id 1), ``source`` (answers in English), ``no_json_mode`` (400 when ``response_format`` is sent, as servers without JSON mode
answer). ``always`` makes one fault permanent; ``inflect`` changes every word (benchmarks). Every request body is kept in ``requests``.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = re.compile(r"\[X\d+X\]")
WORDS = {
    "es": {"the": "el", "and": "y", "of": "de", "is": "es", "a": "un", "to": "a", "in": "en", "for": "para",
           "with": "con", "your": "su", "you": "usted", "it": "lo", "are": "son", "this": "este", "what": "qué"},
    "de": {"the": "der", "and": "und", "of": "von", "is": "ist", "a": "ein", "to": "zu", "in": "im", "for": "für",
           "with": "mit", "your": "ihre", "you": "sie", "it": "es", "are": "sind", "this": "dies", "what": "was"},
}
_GLOSSARY_LINE = re.compile(r"^- (.+?) → (.+?)(?: \(.*\))?$", re.MULTILINE)
_TARGET = re.compile(r"into (?:natural, fluent )?(\w+)")
_NAMES = {"Spanish": "es", "German": "de", "Catalan": "es"}


def fake_translate(text: str, language: str, glossary: dict[str, str], inflect: bool = False) -> str:
    """Function words into ``language``, glossary terms replaced, placeholders untouched; with
    ``inflect`` every other lower-case word gets an ending, so no text comes back unchanged."""
    for term, translation in sorted(glossary.items(), key=lambda item: -len(item[0])):
        if not translation.startswith("do not translate"):
            text = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", translation, text, flags=re.IGNORECASE)
    words = WORDS.get(language, WORDS["es"])

    def swap(match: re.Match[str]) -> str:
        word = match.group()
        new = words.get(word.lower())
        if new is None:
            return word + ("o" if language == "es" else "en") if inflect and word.islower() else word
        return new.capitalize() if word[0].isupper() else new

    parts, pos = [], 0
    for match in TOKEN.finditer(text):
        parts.append(re.sub(r"[A-Za-z]+", swap, text[pos:match.start()]))
        parts.append(match.group())
        pos = match.end()
    parts.append(re.sub(r"[A-Za-z]+", swap, text[pos:]))
    return "".join(parts)


class FakeChatServer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._server.block_on_close = False  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def reset(self) -> None:
        self.faults: list[str] = []
        self.always: str | None = None
        self.delay = 3.0
        self.inflect = False  # see fake_translate
        self.retry_after = "0"
        self.api_key: str | None = None
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> FakeChatServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def strings_sent(self) -> list[str]:
        """Every text of every request, in the order the requests came."""
        texts = []
        for body in self.requests:
            user = json.loads(body["messages"][-1]["content"])
            texts.extend(item["text"] for item in user["strings"])
        return texts

    # -- answering ------------------------------------------------------------------------

    def _next_fault(self) -> str | None:
        with self._lock:
            if self.always:
                return self.always
            return self.faults.pop(0) if self.faults else None

    def answer(self, body: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
        fault = self._next_fault()
        if fault == "429":
            return 429, {"Retry-After": self.retry_after}, _error("Rate limit reached, slow down")
        if fault == "500":
            return 500, {}, _error("The server had an error while processing your request")
        if fault == "no_json_mode" and "response_format" in body:
            return 400, {}, _error("response_format is not supported by this model")
        if fault == "slow":
            time.sleep(self.delay)
        system = body["messages"][0]["content"]
        strings = json.loads(body["messages"][-1]["content"])["strings"]
        found = _TARGET.search(system)
        language = _NAMES.get(found.group(1), "es") if found else "es"
        glossary = dict(_GLOSSARY_LINE.findall(system))
        answers = [{"id": s["id"], "text": fake_translate(s["text"], language, glossary, self.inflect)} for s in strings]
        if fault == "source":
            answers = [{"id": s["id"], "text": "Indeed, " + s["text"]} for s in strings]
        elif fault == "drop":
            for item in answers:
                if TOKEN.search(item["text"]):
                    item["text"] = TOKEN.sub("", item["text"], count=1)
                    break
        elif fault == "merge" and len(answers) >= 2:
            answers[0:2] = [{"id": answers[0]["id"], "text": answers[0]["text"] + " " + answers[1]["text"]}]
        content = json.dumps({"strings": answers}, ensure_ascii=False)
        if fault == "truncated":
            content = content[: len(content) // 2]
        reply = {
            "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": body["model"],
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": len(json.dumps(body)) // 4, "completion_tokens": len(content) // 4,
                      "total_tokens": (len(json.dumps(body)) + len(content)) // 4},
        }
        return 200, {}, json.dumps(reply).encode("utf-8")

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    server.requests.append(body)
                    server.headers.append(dict(self.headers))
                if not self.path.endswith("/chat/completions"):
                    self._send(404, {}, _error("no such route"))
                elif server.api_key and self.headers.get("Authorization") != f"Bearer {server.api_key}":
                    self._send(401, {}, _error("Incorrect API key provided"))
                else:
                    self._send(*server.answer(body))

            def _send(self, status: int, headers: dict[str, str], payload: bytes) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

        return Handler


def _error(message: str) -> bytes:
    return json.dumps({"error": {"message": message, "type": "test_error"}}).encode("utf-8")
