"""What a page needs to know about a language, from CLDR through babel.

Names are autonyms ("Deutsch", "Español"): a reader looking for their language recognises it
in its own script, whatever the page's language. Direction comes from CLDR too, so Arabic,
Hebrew, Persian and Urdu pages are right-to-left without a hand-kept list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, lru_cache

from babel import Locale
from babel.dates import format_date


@dataclass(frozen=True)
class Language:
    locale: str  # as configured: "pt_BR", also the folder name in the site
    tag: str  # BCP 47, for lang and hreflang: "pt-BR"
    name: str  # autonym, capitalised: "Português (Brasil)"
    dir: str  # "ltr" or "rtl"


@cache
def language(locale: str) -> Language:
    parsed = Locale.parse(locale)
    name = parsed.get_display_name(parsed) or locale
    return Language(
        locale=locale,
        tag=str(parsed).replace("_", "-"),
        name=name[:1].upper() + name[1:],
        dir="rtl" if parsed.text_direction == "rtl" else "ltr",
    )


@lru_cache(maxsize=4096)
def long_date(value: dt.date, locale: str) -> str:
    """The date as a reader of ``locale`` writes it: "1. Juni 2020", "1 de junio de 2020"
    (kept: each page and each index line of a language asks for the same few dates)."""
    return format_date(value, format="long", locale=Locale.parse(locale))
