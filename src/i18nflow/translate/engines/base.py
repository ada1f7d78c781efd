"""The engine protocol, the failure value and small helpers shared by all engines.

Kept apart from ``engines/__init__`` so that engine modules can import it without cycles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable
from urllib.parse import quote_plus

from i18nflow.errors import ConfigError


@dataclass(frozen=True)
class EngineFailure:
    """Why one string got no translation.  A value, not an exception: one failed string
    must never fail the batch, and the caller simply leaves that entry untranslated."""

    reason: str

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True)
class PostContext:
    """The post a set of strings comes from: its title and every block's source text in order.

    Context-aware engines (``llm``) show a model the text around the strings it translates, so
    "Lymphatic drainage" in a heading is read as the treatment the post is about.
    """

    title: str = ""
    blocks: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextContext:
    """What a context-aware engine's ``translate`` gets with its texts: the post, and for each
    text the index in ``post.blocks`` of the block it is part of (-1 when unknown)."""

    post: PostContext
    positions: tuple[int, ...]


@dataclass(frozen=True)
class Limits:
    """How much text one request may carry.

    ``max_chars`` counts characters; ``max_encoded`` counts URL-encoded bytes, which is what
    GET-based services really limit (Google answers 400 to ~1,800 CJK characters, because each
    one is 9 bytes once URL-encoded, long before its 5,000-character limit).
    """

    max_chars: int | None = None
    max_encoded: int | None = None

    def fits(self, text: str) -> bool:
        if self.max_chars is not None and len(text) > self.max_chars:
            return False
        return self.max_encoded is None or len(quote_plus(text)) <= self.max_encoded


@runtime_checkable
class Engine(Protocol):
    """A machine translation engine.  It knows nothing about PO files or Markdown.

    ``translate`` receives plain strings (already protected by placeholders, split to fit,
    deduplicated) and returns one result per string, a translation or an
    :class:`EngineFailure`; it must not raise for a failing string.

    Engines may also define ``placeholder_style`` (``"bracket"`` or ``"xml"``, default
    bracket) and ``limits`` (:class:`Limits`, default none); :func:`translate_segments`
    reads them with defaults, so they are not part of the required protocol.  So are
    ``context_aware`` (True: ``translate`` also takes ``context=TextContext``), ``memory_name``
    (the translation memory's engine key, default ``name``: an engine whose answers depend on
    a model, prompt or glossary names them all), ``use_glossary(glossary)`` and
    ``label_asks_server`` (False: ``label`` makes no request, so a dry run may call it).
    """

    name: str

    def available(self, source: str, target: str) -> bool: ...

    def label(self, source: str, target: str) -> str: ...

    def translate(
        self, texts: Sequence[str], source: str, target: str
    ) -> list[str | EngineFailure]: ...


def setting_number(settings: Mapping[str, Any], key: str, default: float, *, minimum: float = 0) -> float:
    """Read a numeric setting of an ``[engines.<name>]`` table, or fail with a clear message."""
    value = settings.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        raise ConfigError(f"engine setting {key!r} must be a number >= {minimum:g}, not {value!r}")
    return float(value)


def setting_int(settings: Mapping[str, Any], key: str, default: int, *, minimum: int = 0) -> int:
    value = settings.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(f"engine setting {key!r} must be an integer >= {minimum}, not {value!r}")
    return value


def setting_str(settings: Mapping[str, Any], key: str, default: str | None = None) -> str | None:
    value = settings.get(key, default)
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"engine setting {key!r} must be a string, not {value!r}")
    return value


def fail_all(count: int, reason: str) -> list[str | EngineFailure]:
    failure = EngineFailure(reason)
    return [failure] * count
