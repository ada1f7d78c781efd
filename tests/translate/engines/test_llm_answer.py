"""Judging a language model's answer without a server: JSON shape, ids, placeholders, language."""

from __future__ import annotations

import pytest

from i18nflow.translate.engines.language import wrong_language
from i18nflow.translate.engines.llm_answer import AnswerError, judge_batch, judge_text, parse_answer


def test_parse_answer_tolerates_a_code_fence_and_a_bare_list() -> None:
    fenced = '```json\n{"strings": [{"id": "1", "text": "Hola"}, {"id": 2, "text": "Adiós"}]}\n```'
    assert parse_answer(fenced, 2) == {1: ["Hola"], 2: ["Adiós"]}
    assert parse_answer('[{"id": "1", "text": "Hola"}]', 1) == {1: ["Hola"]}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the answer is empty"),
        ('{"strings": [{"id": "1", "text": "Ho', "the answer is truncated JSON"),
        ("Sure! Here is the translation: Hola", "the answer is not JSON"),
        ('{"translations": []}', 'the answer has no "strings" list'),
        ('{"strings": ["Hola"]}', 'an item of "strings" is not an object'),
    ],
)
def test_unusable_answers_name_what_is_wrong(content: str, message: str) -> None:
    with pytest.raises(AnswerError, match=message):
        parse_answer(content, 1)


def test_every_id_once_and_neighbours_of_a_missing_id_rejected() -> None:
    texts = ["One cat.", "Two cats.", "Three cats.", "Four cats."]
    verdicts = judge_batch(texts, {1: ["Un gato."], 2: ["Dos gatos.", "Dos gatos."], 4: ["Cuatro gatos."]}, "en", "es")
    assert verdicts == [
        ("Un gato.", None),
        (None, "the answer has this id more than once"),
        (None, "the answer has no string with this id"),
        (None, "a neighbouring string is missing from the answer (merged into this one?)"),
    ]


@pytest.mark.parametrize(
    ("text", "answer", "reason"),
    [
        ("Read [X1X]the docs[X2X] now.", "Lee los docs[X2X] ya.", "drops the placeholder [X1X]"),
        ("Read [X1X]the docs[X2X].", "Lee [X1X]los[X1X] docs[X2X].", "adds the placeholder [X1X]"),
        ("A plain sentence here.", "# Una frase simple aquí.", "changes the Markdown structure"),
        ("Short.", "Corto. " * 20, "much longer than the text"),
        ("It is good for the skin and the legs.", "It is good for the skin and the legs.", "the text itself"),
        ("It is good for the skin and the legs.", "Indeed it is good for the skin of your legs.", "in English, not Spanish"),
        ("Hello", "  ", "the translation is empty"),
    ],
)
def test_each_rule_rejects_its_mistake(text: str, answer: str, reason: str) -> None:
    verdict = judge_text(text, answer, "en", "es")
    assert verdict is not None and reason in verdict


def test_names_and_addresses_may_come_back_as_they_are() -> None:
    assert judge_text("14 Marine Parade, Brighton BN2 1TL", "14 Marine Parade, Brighton BN2 1TL", "en", "es") is None
    assert judge_text("[X1X]Lumen Skin & Body Clinic[X2X]", "[X1X]Lumen Skin & Body Clinic[X2X]", "en", "de") is None


def test_the_language_check_judges_only_what_it_can() -> None:
    assert wrong_language("Es bueno para la piel y las piernas.", "en", "es") is None
    assert wrong_language("Das ist gut für die Haut und die Beine.", "en", "de") is None
    assert wrong_language("This is good for the skin and the legs.", "en", "de") == (
        "the answer is in English, not German")
    assert wrong_language("LED Light Therapy", "en", "es") is None  # too short to judge
    assert wrong_language("This is good for the skin and the legs.", "en", "ja") is None  # no list for it
