"""Fixtures for engine tests.  Import them into a test module (or list this module in
``pytest_plugins`` of the root conftest.py): ``from engine_fixtures import libretranslate_server``."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from libretranslate_server import FakeLibreTranslate
from openai_server import FakeChatServer


@pytest.fixture
def libretranslate_server() -> Iterator[FakeLibreTranslate]:
    """A fresh LibreTranslate-compatible server on 127.0.0.1 (random port), stopped afterwards."""
    server = FakeLibreTranslate().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def refused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def chat_server() -> Iterator[FakeChatServer]:
    """A fresh OpenAI-compatible chat completions server on 127.0.0.1, stopped afterwards."""
    server = FakeChatServer().start()
    try:
        yield server
    finally:
        server.stop()
