"""Optional style warnings in the spirit of pofilter (``check --style``), Markdown-aware.

pofilter's ``doublewords``, ``endpunc``, ``unchanged`` and ``sentencecount`` catch slips a
reviewer would catch, but on Markdown they mostly flag the markup: a URL's dots are no sentence
ends, a code span left as it is is no untranslated text, ``[link](x)`` then text is no repeated
word. So both sides are reduced to what a reader sees first (code spans, link and image
targets, HTML tags, Liquid and kramdown markup, autolinks and bare URLs out), with regular
expressions only: these checks run over every reviewed entry and must stay cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from i18nflow.check.qa import Issue
from i18nflow.source.text import strip_markup

STYLE_CHECKS = {
    "double-words": "warning",
    "end-punctuation": "warning",
    "unchanged": "warning",
    "sentences": "warning",
}

_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)|\]\[[^\]]*\]")
_HTML = re.compile(r"</?[A-Za-z][^>]*>|<!--.*?-->", re.S)
_URL = re.compile(r"<?(?:https?://|mailto:|www\.)[^\s>)]+>?")
_EMPHASIS = re.compile(r"[*_~]{1,3}")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
# a sentence ends at . ! ? … (and CJK/Arabic ones) followed by a space and a capital or the end
_SENTENCE_END = re.compile(r"[.!?…。！？؟](?:[\"'”’)\]]*)(?=\s+[\"'“‘(\[¿¡]*[A-ZÀ-ÖØ-Þ\u0400-\u042f]|\s*$)")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|St|No|approx|ca|cf|p\.ej|z\.B|bzw|usw)\.", re.I)
_END = {
    ".": ".", "。": ".", "…": "…", "!": "!", "！": "!", "?": "?", "？": "?", "؟": "?", ":": ":", "：": ":",
    ";": ";", "؛": ";",
}


def visible(text: str) -> str:
    """What a reader of the rendered text sees, near enough for style checks."""
    text = _CODE.sub(" ", text)
    text = _LINK_TARGET.sub("]", text)
    text = _HTML.sub(" ", text)
    text = _URL.sub(" ", text)
    text = strip_markup(text)
    text = _EMPHASIS.sub("", text).replace("[", "").replace("]", "")
    return text


def style_issues(msgid: str, msgstr: str) -> Iterator[Issue]:
    """The style warnings of one translation (both texts as in the catalog)."""
    source, target = visible(msgid), visible(msgstr)
    doubled = _doubled_word(target)
    if doubled and not _doubled_word(source):  # "that that" may well translate to "eso eso"
        yield Issue("double-words", f"the word {doubled!r} is repeated")
    if _ending(source) != _ending(target):
        shown = _ending(source) or "no punctuation"
        yield Issue("end-punctuation", f"ends with {_ending(target) or 'no punctuation'!r}, the source with {shown!r}")
    if msgid == msgstr and len(_WORD.findall(source)) > 1 and any(ch.isalpha() for ch in source):
        yield Issue("unchanged", "the translation is the source text")
    counts = _sentences(source), _sentences(target)
    if counts[0] != counts[1]:
        yield Issue("sentences", f"{counts[1]} sentences where the source has {counts[0]}")


def _doubled_word(text: str) -> str | None:
    words = _WORD.findall(text)
    for first, second in zip(words, words[1:], strict=False):
        if first.lower() == second.lower() and not first.isdigit() and len(first) > 1:
            return first
    return None


def _ending(text: str) -> str:
    """The class of the text's final punctuation ('' when none): Spanish ``¿…?`` and French
    ``… ?`` end the way English ``…?`` does."""
    stripped = text.rstrip().rstrip("\"'”’»)]")
    return _END.get(stripped[-1:], "") if stripped else ""


def _sentences(text: str) -> int:
    text = _ABBREVIATIONS.sub("abbr", text.strip())
    if not any(ch.isalpha() for ch in text):
        return 0
    return max(1, len(_SENTENCE_END.findall(text)))
