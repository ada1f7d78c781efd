"""Is an answer in the target language? A cheap check by stop words, no language model.

A language model sometimes answers in the source language (it "translated" into English, or
echoed the text), which the placeholder and Markdown checks cannot see. The most frequent
function words of a language are a strong signal at sentence length: we count, in the answer,
the words that are stop words of the source language only and those of the target language
only, and call the answer wrong when the source's clearly win. Short answers (product names,
"6 × 30 min") are not judged, and neither is a target without a list here.
"""

from __future__ import annotations

import re

from babel import Locale, UnknownLocaleError

_STOP_WORDS = {
    "en": "the and of to a in is it that for on with as are this be by or from at an you your not "
          "can will what which when how its we our they their has have was were more after before",
    "es": "el la los las de del y en un una es que por para con se su sus al lo como más pero "
          "muy sin sobre este esta son también puede después antes qué cómo cuando",
    "ca": "el la els les de del i en un una és que per amb es seu seva al com més però molt "
          "sense sobre aquest aquesta són també pot després abans què quan",
    "de": "der die das und ist ein eine einen mit von zu den im für auf nicht sich dem des es "
          "auch werden wird sie wie nach bei aus oder sind kann ihre ihr",
    "fr": "le la les de des et est un une du en que pour avec sur dans il elle ne pas plus par "
          "ce cette sont vous votre peut après avant",
    "it": "il la le di del e è un una che per con non sono della gli alla più anche come dopo "
          "prima questo questa può",
    "pt": "o a os as de do da e é um uma que para com não em no na por mais como são pode "
          "depois antes este esta",
    "nl": "de het een en van is dat op te in met voor niet zijn ook als bij aan door wordt kan "
          "na deze dit",
}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_MIN_WORDS = 4


def stop_words(code: str) -> frozenset[str]:
    """The most frequent function words of a language (empty for a language not listed)."""
    return frozenset(_STOP_WORDS.get(code, "").split())


def language_of(locale: str) -> str:
    """The language subtag of a locale (``pt_BR`` → ``pt``)."""
    return re.split(r"[-_@]", locale.strip())[0].lower()


def language_name(locale: str) -> str:
    """The English name of a locale's language, for prompts ("Spanish", "Brazilian Portuguese")."""
    try:
        return Locale.parse(locale.replace("-", "_")).get_display_name("en") or locale
    except (UnknownLocaleError, ValueError):
        return locale


def could_stay_as_is(text: str, source: str) -> bool:
    """True for text that may well be the same in every language: names, addresses, product
    lines ("Lumen Skin & Body Clinic", "14 Marine Parade, Brighton"), i.e. without a single
    function word of the source language. Unknown languages: False (judge as prose)."""
    words = stop_words(language_of(source))
    return bool(words) and not any(w.lower() in words for w in _WORD.findall(text))


def wrong_language(answer: str, source: str, target: str) -> str | None:
    """A reason when ``answer`` reads as the source language rather than the target, else None."""
    src, tgt = language_of(source), language_of(target)
    source_words, target_words = stop_words(src), stop_words(tgt)
    if src == tgt or not source_words or not target_words:
        return None
    words = [w.lower() for w in _WORD.findall(answer)]
    if len(words) < _MIN_WORDS:
        return None
    source_hits = sum(1 for w in words if w in source_words and w not in target_words)
    target_hits = sum(1 for w in words if w in target_words and w not in source_words)
    if source_hits >= 2 and source_hits > 2 * target_hits:
        return f"the answer is in {language_name(source)}, not {language_name(target)}"
    return None
