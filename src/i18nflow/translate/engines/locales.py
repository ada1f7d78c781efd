"""Map gettext/CLDR locale codes (``pt_BR``, ``zh_Hans``, ``ca@valencia``) to engine codes.

Every engine spells languages its own way: Apertium uses ISO 639-3 mode names (``eng-spa``),
Google wants ``zh-CN`` and ``iw``, MyMemory ``es-ES``, DeepL ``PT-BR`` / ``EN-US``.  Each
function returns candidates or a code, or ``None`` when the engine cannot do that language.
"""

from __future__ import annotations

import re
from typing import NamedTuple

ISO639_3 = {
    "af": "afr", "an": "arg", "ar": "ara", "ast": "ast", "az": "aze", "be": "bel", "bg": "bul",
    "br": "bre", "bs": "bos", "ca": "cat", "co": "cos", "cs": "ces", "cy": "cym", "da": "dan",
    "de": "deu", "el": "ell", "en": "eng", "eo": "epo", "es": "spa", "et": "est", "eu": "eus",
    "fa": "fas", "fi": "fin", "fo": "fao", "fr": "fra", "fy": "fry", "ga": "gle", "gd": "gla",
    "gl": "glg", "gn": "grn", "he": "heb", "hi": "hin", "hr": "hrv", "hu": "hun", "hy": "hye",
    "ia": "ina", "id": "ind", "is": "isl", "it": "ita", "ja": "jpn", "ka": "kat", "kk": "kaz",
    "ko": "kor", "ky": "kir", "la": "lat", "lb": "ltz", "lt": "lit", "lv": "lav", "mk": "mkd",
    "mn": "mon", "ms": "msa", "mt": "mlt", "nb": "nob", "nl": "nld", "nn": "nno", "no": "nob",
    "oc": "oci", "pl": "pol", "pt": "por", "ro": "ron", "ru": "rus", "sc": "srd", "se": "sme",
    "sk": "slk", "sl": "slv", "sq": "sqi", "sr": "srp", "sv": "swe", "sw": "swa", "ta": "tam",
    "tr": "tur", "tt": "tat", "uk": "ukr", "ur": "urd", "uz": "uzb", "zh": "zho",
}  # fmt: skip

_SIMPLIFIED_REGIONS = {"CN", "SG", "MY"}
_TRADITIONAL_REGIONS = {"TW", "HK", "MO"}


class Locale(NamedTuple):
    language: str
    script: str | None = None
    region: str | None = None
    variant: str | None = None


def parse_locale(code: str) -> Locale:
    """Parse ``pt_BR``, ``pt-br``, ``zh_Hans_CN``, ``ca@valencia``, ``sr-Latn`` leniently."""
    code = code.strip()
    variant = None
    if "@" in code:
        code, variant = code.split("@", 1)
    parts = [p for p in re.split(r"[-_.]", code) if p]
    if not parts:
        raise ValueError(f"empty locale code {code!r}")
    language = parts[0].lower()
    script = region = None
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha() and script is None:
            script = part.title()
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            region = part.upper()
        elif variant is None and part.isalpha():
            variant = part.lower()
    return Locale(language, script, region, variant)


def chinese_script(locale: Locale) -> str | None:
    """``Hans`` / ``Hant`` for Chinese (from the script, else the region), None otherwise."""
    if locale.language != "zh":
        return None
    if locale.script in ("Hans", "Hant"):
        return locale.script
    return "Hant" if locale.region in _TRADITIONAL_REGIONS else "Hans"


def apertium_candidates(code: str) -> list[str]:
    """Apertium language names to try, most specific first: ``ca@valencia`` → cat_valencia, cat."""
    locale = parse_locale(code)
    base = ISO639_3.get(locale.language, locale.language if len(locale.language) == 3 else None)
    if base is None:
        return []
    out = []
    if locale.variant:
        out.append(f"{base}_{locale.variant}")
    if locale.region:
        out.append(f"{base}_{locale.region}")
    out.append(base)
    return out


def bcp47(code: str) -> str:
    """``pt_BR`` → ``pt-BR``, ``zh_Hans`` → ``zh-Hans``."""
    locale = parse_locale(code)
    return "-".join(p for p in (locale.language, locale.script, locale.region) if p)


def google_code(code: str) -> str:
    locale = parse_locale(code)
    script = chinese_script(locale)
    if script:
        return "zh-CN" if script == "Hans" else "zh-TW"
    return {"he": "iw", "jv": "jw", "nb": "no", "nn": "no"}.get(locale.language, locale.language)


def libre_candidates(code: str) -> list[str]:
    """LibreTranslate spells Chinese ``zh`` / ``zh-Hans`` / ``zh-Hant`` and Brazilian ``pt-BR``
    or ``pb`` depending on its version: try each against the server's ``/languages``."""
    locale = parse_locale(code)
    script = chinese_script(locale)
    if script == "Hant":
        return ["zh-Hant", "zt", "zh-TW"]
    if script == "Hans":
        return ["zh-Hans", "zh", "zh-CN"]
    out = []
    if locale.region:
        out.append(f"{locale.language}-{locale.region}")
        if (locale.language, locale.region) == ("pt", "BR"):
            out.append("pb")
    out.append(locale.language)
    return out


_MYMEMORY_REGIONS = {
    "en": "GB", "ar": "SA", "ca": "ES", "cs": "CZ", "cy": "GB", "da": "DK", "el": "GR", "et": "EE",
    "eu": "ES", "fa": "IR", "ga": "IE", "gl": "ES", "he": "IL", "hi": "IN", "ja": "JP", "ko": "KR",
    "nb": "NO", "sl": "SI", "sq": "AL", "sv": "SE", "uk": "UA", "vi": "VN", "pt": "PT", "ms": "MY",
}  # fmt: skip


def mymemory_code(code: str, known: set[str]) -> str | None:
    """MyMemory wants language-REGION codes from its own list: ``es`` → ``es-ES``."""
    locale = parse_locale(code)
    script = chinese_script(locale)
    if script:
        return "zh-CN" if script == "Hans" else "zh-TW"
    lang = locale.language
    usual = _MYMEMORY_REGIONS.get(lang, lang.upper())
    for candidate in (f"{lang}-{locale.region}", f"{lang}-{usual}", f"{lang}-{lang.upper()}"):
        if candidate in known:
            return candidate
    matches = sorted(c for c in known if c.split("-")[0] == lang)
    return matches[0] if matches else None


def microsoft_code(code: str) -> str:
    locale = parse_locale(code)
    script = chinese_script(locale)
    if script:
        return f"zh-{script}"
    if locale.language == "pt" and locale.region == "PT":
        return "pt-pt"
    if locale.language == "sr" and locale.script:
        return f"sr-{locale.script}"
    return locale.language


DEEPL_LANGUAGES = {
    "ar", "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "hu", "id", "it", "ja",
    "ko", "lt", "lv", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "tr", "uk", "zh",
}  # fmt: skip


def deepl_code(code: str, *, target: bool) -> str | None:
    """DeepL source codes are bare (``PT``); targets need a variant for EN/PT (``PT-BR``)."""
    locale = parse_locale(code)
    lang = "nb" if locale.language in ("no", "nn") else locale.language
    if lang not in DEEPL_LANGUAGES:
        return None
    if not target:
        return lang.upper()
    if lang == "en":
        return "EN-GB" if locale.region in ("GB", "IE", "AU", "NZ", "IN") else "EN-US"
    if lang == "pt":
        return "PT-BR" if locale.region == "BR" else "PT-PT"
    if lang == "zh":
        return "ZH-HANT" if chinese_script(locale) == "Hant" else "ZH-HANS"
    return lang.upper()
