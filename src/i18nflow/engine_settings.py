"""Which keys an ``[engines.<name>]`` table may hold, checked when the config is loaded.

Kept apart from :mod:`i18nflow.engines` (which imports the placeholder machinery) so that loading
a config stays cheap for every command.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from i18nflow.errors import ConfigError

ENGINE_NAMES = ("apertium", "pseudo", "google", "mymemory", "microsoft", "libre", "yandex", "deepl", "llm")
_ALIASES = {"libretranslate": "libre", "bing": "microsoft"}

_COMMON_KEYS = {"provider", "price_per_million"}
_HTTP_KEYS = {"url", "timeout", "max_retries", "retry_base_delay", "retry_max_delay", "concurrency",
              "api_key_env", "max_chars", "max_wait", "max_response_bytes"}
_KEYS = {
    "apertium": {"command", "data_dir", "timeout", "per_segment_timeout"},
    "pseudo": {"expansion"},
    "deepl": _HTTP_KEYS | {"formality"},
    "microsoft": _HTTP_KEYS | {"region"},
    "mymemory": _HTTP_KEYS | {"email"},
    "llm": (_HTTP_KEYS - {"url", "max_chars", "max_response_bytes"}) | {"base_url", "model", "temperature", "batch_chars", "prompt",
                                                  "price_per_million_input", "price_per_million_output"},
}
_SECRET_WORDS = ("key", "secret", "token", "password", "auth")


def engine_kind(name: str, settings: Mapping[str, Any]) -> str:
    """The engine a ``[engines.<name>]`` table configures (``provider`` or the table's name)."""
    provider = settings.get("provider", name)
    if not isinstance(provider, str):
        raise ConfigError(f"engine {name!r}: 'provider' must be a string")
    return _ALIASES.get(provider.lower(), provider.lower())


def check_settings(name: str, settings: Mapping[str, Any]) -> None:
    """Refuse keys the engine does not read: a typo or ``api_key = "..."`` would otherwise be
    silently unused, and a secret written into a committed config file is a leak to stop early."""
    kind = engine_kind(name, settings)
    if kind not in ENGINE_NAMES:
        raise ConfigError(f"unknown machine translation engine {name!r} (known: {', '.join(ENGINE_NAMES)})")
    known = _COMMON_KEYS | _KEYS.get(kind, _HTTP_KEYS)
    for key in sorted(set(settings) - known):
        if key != "api_key_env" and any(word in key.lower() for word in _SECRET_WORDS):
            raise ConfigError(
                f"key 'engines.{name}.{key}': API keys are never read from files; set "
                f"api_key_env = \"SOME_VARIABLE\" and export the key in that environment variable"
            )
        raise ConfigError(f"key 'engines.{name}.{key}' is unknown (known: {', '.join(sorted(known))})")
