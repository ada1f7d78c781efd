"""Machine translation engines behind one small protocol.

``create_engine(name, settings)`` builds an engine from its ``[engines.<name>]`` table;
``translate_segments(engine, msgids, source, target, terms, memory)`` is the only way the rest
of i18nflow should call one: it adds placeholders, splitting, deduplication, the translation
memory and verification around the engine's plain ``translate``.

Engines: ``apertium`` (offline, Debian packages), ``pseudo`` (offline pseudo-localization),
``google``, ``mymemory``, ``microsoft``, ``libre`` (alias ``libretranslate``), ``yandex``
(through deep-translator), ``deepl`` (DeepL's official package) and ``llm`` (any
OpenAI-compatible chat completions server, through ``openai``).  A table may name its
engine with ``provider = "libre"`` to configure two servers of one kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from i18nflow.engine_settings import ENGINE_NAMES, check_settings, engine_kind
from i18nflow.errors import ConfigError
from i18nflow.translate.engines.base import Engine, EngineFailure, Limits, PostContext, TextContext
from i18nflow.translate.engines.segments import chunk_text, planned_requests, translate_segments

__all__ = [
    "ENGINE_NAMES",
    "Engine",
    "EngineFailure",
    "Limits",
    "PostContext",
    "TextContext",
    "check_settings",
    "chunk_text",
    "create_engine",
    "planned_requests",
    "translate_segments",
]

def create_engine(name: str, settings: Mapping[str, Any] | None = None, root: Path | None = None) -> Engine:
    """Build the engine ``name`` from its settings (url, timeout, concurrency, api_key_env, …);
    ``root`` is the project folder that relative paths in them (``prompt``) start from.

    Raises :class:`ConfigError` for an unknown engine or a malformed setting; a missing API
    key is not an error here (``available`` is False and strings fail with a clear reason).
    """
    settings = dict(settings or {})
    check_settings(name, settings)
    kind = engine_kind(name, settings)
    engine: Engine
    if kind == "apertium":
        from i18nflow.translate.engines.apertium import ApertiumEngine

        engine = ApertiumEngine(settings)
    elif kind == "pseudo":
        from i18nflow.translate.engines.pseudo import PseudoEngine

        engine = PseudoEngine(settings)
    elif kind == "deepl":
        from i18nflow.translate.engines.deepl_api import DeepLEngine

        engine = DeepLEngine(settings)
    elif kind == "llm":
        from i18nflow.translate.engines.llm import LlmEngine

        engine = LlmEngine(settings, root)
    elif kind in ENGINE_NAMES:
        from i18nflow.translate.engines.deep import DeepTranslatorEngine

        engine = DeepTranslatorEngine(kind, settings)
    else:
        raise ConfigError(f"unknown machine translation engine {name!r} (known: {', '.join(ENGINE_NAMES)})")
    price = settings.get("price_per_million")
    if price is not None and (isinstance(price, bool) or not isinstance(price, int | float) or price < 0):
        raise ConfigError(f"engine {name!r}: 'price_per_million' must be a non-negative number")
    # Read by the cost estimate of the translate command; not needed by the engines.
    priced: Any = engine
    priced.price_per_million = float(price) if price is not None else None
    return engine
