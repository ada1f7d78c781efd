"""Pseudo-localization engine."""

from __future__ import annotations

from i18nflow.translate.engines import create_engine, translate_segments
from i18nflow.translate.engines.pseudo import pseudolocalize
from i18nflow.translate.placeholders import markdown_signature


def test_accents_padding_and_brackets() -> None:
    out = pseudolocalize("What is this about")
    assert out.startswith("[Ŵĥåţ îš ţĥîš åƀōûţ") and out.endswith("]")
    assert 1.25 <= (len(out) - 2) / len("What is this about") <= 1.45


def test_placeholders_and_markup_untouched() -> None:
    assert pseudolocalize("Run [X1X]now[X2X] <x id=\"3\"/> `ls -l` {{ page.url }}").startswith(
        '[Ŕûñ [X1X]ñōŵ[X2X] <x id="3"/> `ls -l` {{ page.url }}'
    )


def test_through_translate_segments_markdown_survives() -> None:
    engine = create_engine("pseudo", {})
    msgids = [
        "Read [the documentation](https://example.com/docs) before you **start the server**.",
        "Run `bundle exec jekyll serve` and open <http://localhost:4000> or {{ site.url }}.",
        "  Two lines  \nwith a <b>break</b>  ",
    ]
    answers = translate_segments(engine, msgids, "en", "en_XA", terms=["Jekyll"])
    results = [r for r in answers if isinstance(r, str)]
    assert results == answers
    for msgid, result in zip(msgids, results, strict=True):
        assert markdown_signature(result) == markdown_signature(msgid)
        assert len(result) > len(msgid)  # padding is ~30 % of the translatable text only
    assert "(https://example.com/docs)" in results[0] and "**" in results[0]
    assert "`bundle exec jekyll serve`" in results[1] and "{{ site.url }}" in results[1]
    assert results[2].startswith("  [") and results[2].endswith("]  ")
    assert "  \n" in results[2]
    assert engine.label("en", "en_XA") == "pseudo en→en_XA"
