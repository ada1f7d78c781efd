"""Glossary files (CSV and TBX), term matching with simple inflection, and the check rule."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from i18nflow.check.qa import check_entry
from i18nflow.translate.glossary import GlossaryError, load_glossary, read_glossary

CSV = """\
term,translation,note,dnt
# comments and blank lines are skipped

pressotherapy,presoterapia,compression massage of the legs,
LED light therapy,terapia de luz LED,,
LED mask,máscara LED,,
Lumen,,the clinic's brand,yes
"""

TBX = """\
<?xml version="1.0" encoding="UTF-8"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" xml:lang="en">
  <text><body>
    <conceptEntry id="c1">
      <descrip type="definition">compression massage of the legs</descrip>
      <langSec xml:lang="en"><termSec><term>pressotherapy</term></termSec></langSec>
      <langSet xml:lang="en"><tig><term>pressotherapy</term></tig></langSet>
      <langSet xml:lang="es-ES"><tig><term>presoterapia</term></tig></langSet>
    </conceptEntry>
    <conceptEntry id="c2">
      <langSet xml:lang="en"><tig><term>Hydrafacial</term>
        <termNote type="translatable">no</termNote></tig></langSet>
    </conceptEntry>
    <conceptEntry id="c3">
      <langSet xml:lang="en"><tig><term>peel</term></tig></langSet>
      <langSet xml:lang="de"><tig><term>Peeling</term></tig></langSet>
    </conceptEntry>
  </body></text>
</tbx>
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "glossary" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_csv_entries_longest_first_with_notes_and_dnt(tmp_path: Path) -> None:
    write(tmp_path, "es.csv", CSV)
    glossary = load_glossary(tmp_path, "es_MX")  # falls back to the language's file
    assert glossary is not None
    assert [(e.term, e.translation, e.dnt, e.line) for e in glossary.entries] == [
        ("LED light therapy", "terapia de luz LED", False, 5),
        ("pressotherapy", "presoterapia", False, 4),
        ("LED mask", "máscara LED", False, 6),
        ("Lumen", "Lumen", True, 7),
    ]
    assert glossary.entries[1].note == "compression massage of the legs"
    assert load_glossary(tmp_path, "de") is None


def test_terms_match_any_case_and_a_plural_s(tmp_path: Path) -> None:
    glossary = read_glossary(write(tmp_path, "es.csv", CSV), "es")
    found = glossary.occurring(["Two LED Masks and PRESSOTHERAPY at lumen.", "No LEDs here, masking neither."])
    assert [e.term for e in found] == ["pressotherapy", "LED mask", "Lumen"]
    assert glossary.occurring(["pressotherapyx and leds"]) == []
    assert [e.term for e in glossary.occurring(["LED light\ntherapy"])] == ["LED light therapy"]


def test_missing_translation_of_a_term_the_msgid_has(tmp_path: Path) -> None:
    glossary = read_glossary(write(tmp_path, "es.csv", CSV), "es")
    assert glossary.missing("Pressotherapy at Lumen", "La Presoterapia en Lumen") == []
    assert [e.term for e in glossary.missing("Pressotherapy at Lumen", "Pressotherapy en Lumen")] == ["pressotherapy"]
    assert [e.term for e in glossary.missing("Two LED masks by Lumen", "Dos máscaras LED de Lúmen")] == ["Lumen"]


def test_digest_depends_on_entries_not_on_order_or_format(tmp_path: Path) -> None:
    one = read_glossary(write(tmp_path, "a.csv", "term,translation\na,b\nc,d\n"), "es")
    two = read_glossary(write(tmp_path, "b.csv", "translation,term\n\nd,c\nb,a\n"), "es")
    three = read_glossary(write(tmp_path, "c.csv", "term,translation\na,b\nc,e\n"), "es")
    assert one.digest == two.digest != three.digest


def test_tbx_concepts_in_both_languages(tmp_path: Path) -> None:
    write(tmp_path, "es.tbx", TBX)
    spanish = load_glossary(tmp_path, "es")
    assert spanish is not None
    assert [(e.term, e.translation, e.dnt, e.note) for e in spanish.entries] == [
        ("pressotherapy", "presoterapia", False, "compression massage of the legs"),
        ("Hydrafacial", "Hydrafacial", True, ""),
    ]
    german = read_glossary(tmp_path / "glossary" / "es.tbx", "de")
    assert [(e.term, e.translation) for e in german.entries] == [("Hydrafacial", "Hydrafacial"), ("peel", "Peeling")]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("translation,note\nx,y\n", "the first row must name the columns", 1),
        ("term,translation,colour\na,b,c\n", "unknown column 'colour'", 1),
        ("term,translation\na,b\nlonely,\n", "term 'lonely' has no translation", 3),
        ("term,translation\n,b\n", "empty term", 2),
    ],
)
def test_bad_csv_names_file_and_line(tmp_path: Path, text: str, message: str, line: int) -> None:
    path = write(tmp_path, "es.csv", text)
    with pytest.raises(GlossaryError, match=message) as caught:
        read_glossary(path, "es")
    assert caught.value.path == str(path) and caught.value.line == line


def test_bad_tbx_and_encoding(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="not well-formed TBX"):
        read_glossary(write(tmp_path, "es.tbx", "<tbx><text>"), "es")
    path = tmp_path / "glossary" / "de.csv"
    path.write_bytes("term,translation\nmaß,x\n".encode("latin-1"))
    with pytest.raises(GlossaryError, match="not UTF-8"):
        read_glossary(path, "de")


def test_check_entry_warns_glossary(tmp_path: Path) -> None:
    glossary = read_glossary(write(tmp_path, "es.csv", CSV), "es")
    issues = check_entry("Pressotherapy at Lumen.", "Presoterapia en Lumen.", ["paragraph"], glossary=glossary)
    assert issues == []
    issues = check_entry("Pressotherapy Is a technique.", "Pressotherapy Es una técnica.", ["paragraph"],
                         glossary=glossary)
    assert [(i.check, i.message) for i in issues] == [
        ("glossary", "glossary: 'pressotherapy' is translated 'presoterapia' (es.csv:4)")]
