"""check --style: pofilter's doublewords, endpunc, unchanged and sentencecount, on Markdown."""

from __future__ import annotations

import time

import pytest

from i18nflow.check.style import style_issues, visible


def styles(msgid: str, msgstr: str) -> list[str]:
    return [issue.check for issue in style_issues(msgid, msgstr)]


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        ("Book a visit today.", "Reserve una una visita hoy.", ["double-words"]),
        ("Book a visit today.", "Reserve una visita hoy", ["end-punctuation"]),
        ("Are you ready?", "¿Está listo.", ["end-punctuation"]),
        ("Book a visit today.", "Book a visit today.", ["unchanged"]),
        ("Book a visit. Call us.", "Reserve una visita y llámenos.", ["sentences"]),
    ],
)
def test_each_style_rule_catches_its_slip(msgid: str, msgstr: str, expected: list[str]) -> None:
    assert styles(msgid, msgstr) == expected


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Are you ready?", "¿Está listo?"),
        ("Ready?", "Prêt ?"),  # French spacing
        ("See [the guide](https://a.example/v1.2/guide.html). Then relax.",
         "Vea [la guía](https://a.example/v1.2/guide.html). Después, relájese."),
        ("Run `make test. Then`.", "Ejecute `make test. Then`."),  # a code span is not two sentences
        ("It is [that](https://x.example) that matters.", "Es [eso](https://x.example) eso importa."),
        ("Use e.g. serums.", "Use p.ej. sérums."),
        ("Hydrafacial", "Hydrafacial"),  # one word: a name, not untranslated text
        ("**Note:** read this.", "**Nota:** lea esto."),
        ("<b>Hello</b> there.", "<b>Hola</b> allí."),
        ("Visit https://example.com/a.b. Now.", "Visite https://example.com/a.b. Ahora."),
    ],
)
def test_markdown_is_not_mistaken_for_style_slips(msgid: str, msgstr: str) -> None:
    assert styles(msgid, msgstr) == []


def test_visible_text_drops_markup() -> None:
    assert visible("A [link](https://x.example/a.b) and `co.de` <i>x</i>").split() == ["A", "link", "and", "x"]


def test_style_checks_grow_linearly() -> None:
    """Run over every reviewed entry, so a pathological regex would show on long entries: eight
    times the text may cost about eight times the CPU (allowed: 32; quadratic is 64). The
    figures themselves are bench/'s."""

    def cost(repeats: int) -> float:
        text = "A sentence with a [link](https://example.com/path) and `code`. " * repeats
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            for _ in range(20):
                list(style_issues(text, text.replace("sentence", "frase")))
            best = min(best, time.process_time() - start)
        return best

    assert cost(160) / max(cost(20), 1e-3) < 32
