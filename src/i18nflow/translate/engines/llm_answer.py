"""Reading and judging a language model's answer to one batch, string by string.

A model answers most of a batch well and a few strings badly, so every string gets its own
verdict: the JSON must parse and have the batch's shape, every id must come back exactly once,
and each text must keep its placeholders (each ``[X1X]`` once), its Markdown structure and be
in the target language. A string next to a missing id is rejected too, because a model that
drops an id has usually merged it into a neighbour. The engine asks again for rejected strings,
one at a time, with the verdict as the reason.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence

from i18nflow.source.markup import first_new_block, inventory
from i18nflow.translate.engines.language import could_stay_as_is, wrong_language
from i18nflow.translate.placeholders import markdown_signature, token_pattern

Verdict = str | None  # None: accepted
_FENCE = re.compile(r"\A\s*```[A-Za-z]*\s*\n?(.*?)\n?```\s*\Z", re.DOTALL)


class AnswerError(ValueError):
    """The whole answer is unusable (not JSON, wrong shape): every string of the batch fails."""


def parse_answer(content: str | None, count: int) -> dict[int, list[str]]:
    """``{"strings": [{"id": "1", "text": "…"}]}`` → id number → the texts given for it.

    Tolerates a code fence or words around the JSON object and a bare list; anything else is an
    :class:`AnswerError` naming what is wrong (truncated JSON is the usual case).
    """
    if not content or not content.strip():
        raise AnswerError("the answer is empty")
    text = content.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    if not text.startswith(("{", "[")) and "{" in text:
        text = text[text.index("{"):text.rindex("}") + 1] if "}" in text else text[text.index("{"):]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        truncated = text.startswith(("{", "[")) and not text.rstrip().endswith(("}", "]"))
        raise AnswerError(
            "the answer is truncated JSON" if truncated else f"the answer is not JSON ({exc.msg} at {exc.pos})"
        ) from None
    items = data.get("strings") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise AnswerError('the answer has no "strings" list')
    answered: dict[int, list[str]] = {}
    for item in items:
        if not isinstance(item, dict):
            raise AnswerError('an item of "strings" is not an object with "id" and "text"')
        number = _id(item.get("id"))
        value = item.get("text")
        if number is None or not 1 <= number <= count:
            continue  # an id we did not send: judged below as a missing one's neighbour
        answered.setdefault(number, []).append(value if isinstance(value, str) else "")
    return answered


def judge_batch(
    texts: Sequence[str], answered: dict[int, list[str]], source: str, target: str
) -> list[tuple[str | None, Verdict]]:
    """One (translation, verdict) per text; a rejected text has a reason and no translation."""
    missing = {n for n in range(1, len(texts) + 1) if n not in answered}
    results: list[tuple[str | None, Verdict]] = []
    for number, text in enumerate(texts, 1):
        given = answered.get(number, [])
        if not given:
            results.append((None, "the answer has no string with this id"))
        elif len(given) > 1:
            results.append((None, "the answer has this id more than once"))
        elif number - 1 in missing or number + 1 in missing:
            results.append((None, "a neighbouring string is missing from the answer (merged into this one?)"))
        else:
            verdict = judge_text(text, given[0], source, target)
            results.append((None, verdict) if verdict else (given[0].strip(), None))
    return results


def judge_text(text: str, answer: str, source: str, target: str) -> Verdict:
    """Why ``answer`` is not an acceptable translation of ``text``, or None."""
    answer = answer.strip()
    if not answer:
        return "the translation is empty"
    pattern = token_pattern("bracket")
    wanted = Counter(int(n) for n in pattern.findall(text))
    got = Counter(int(n) for n in pattern.findall(answer))
    if wanted != got:
        return _placeholder_difference(wanted, got)
    words = [w for w in pattern.sub(" ", text).split() if any(c.isalpha() for c in w)]
    if len(words) > 3 and answer == text.strip() and not could_stay_as_is(pattern.sub(" ", text), source):
        return "the translation is the text itself, untranslated"
    if len(answer) > 2.5 * len(text) + 20:
        return "the translation is much longer than the text (merged with another string?)"
    if markdown_signature(answer) != markdown_signature(text):
        return "the translation changes the Markdown structure"
    block = first_new_block(inventory(text), inventory(answer))
    if block is not None:
        return f"the translation changes the Markdown structure: it starts {block} the text does not have"
    return wrong_language(pattern.sub(" ", answer), source, target)


def _placeholder_difference(wanted: Counter[int], got: Counter[int]) -> str:
    missing = sorted((wanted - got).elements())
    extra = sorted((got - wanted).elements())
    parts = []
    if missing:
        parts.append("drops the placeholder " + ", ".join(f"[X{n}X]" for n in missing))
    if extra:
        parts.append("adds the placeholder " + ", ".join(f"[X{n}X]" for n in extra))
    return "the translation " + " and ".join(parts) + " (keep each placeholder exactly once)"


def _id(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
