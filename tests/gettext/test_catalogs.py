"""Merging like msgmerge: translations kept, edits fuzzy with the previous msgid, removals obsolete."""

from __future__ import annotations

import polib

from i18nflow.gettext.catalogs import entry_state, merge, plural_forms, translations

NOW = "2026-01-01 00:00+0000"

LONG = (
    "During Microcurrent Facial a specialist utilizes two hand help prongs which send a certain "
    "amount of microcurrents to the predetermined zone. They imitate natural body current "
    "stimulating the muscle underneath the skin. Microcurrrents trigger natural reactions in your "
    "body at a cellular level enhancing production of collagen and elastin, providing great "
    "circulatory effect. This treatment is performed in combination of acupuncture practices and "
    "it is so relaxing that some patients may even fall asleep during the whole procedure."
)


def template(*msgids: str, ctx: str | None = None) -> polib.POFile:
    pot = polib.POFile()
    pot.metadata = {"POT-Creation-Date": NOW, "Project-Id-Version": "post"}
    for msgid in msgids:
        pot.append(polib.POEntry(msgid=msgid, msgstr="", msgctxt=ctx, occurrences=[("content/p.md", "3")]))
    return pot


def catalog(pairs: dict[str, str], fuzzy: tuple[str, ...] = ()) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Language": "es", "Last-Translator": "Ana <ana@example.com>"}
    for msgid, msgstr in pairs.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if msgid in fuzzy else [], tcomment="by Ana"))
    return po


def by_msgid(po: polib.POFile) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in po}


def test_new_catalog_gets_cldr_headers_and_empty_entries() -> None:
    result = merge(template("Hello"), None, "pt_BR", NOW).catalog
    assert result.metadata["Language"] == "pt_BR"
    assert result.metadata["Plural-Forms"] == plural_forms("pt_BR")
    assert result.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert [(e.msgid, e.msgstr) for e in result] == [("Hello", "")]


def test_existing_translations_headers_and_comments_are_kept() -> None:
    result = merge(template("Hello", "Bye"), catalog({"Hello": "Hola"}), "es", NOW).catalog
    entries = by_msgid(result)
    assert entries["Hello"].msgstr == "Hola" and entries["Hello"].tcomment == "by Ana"
    assert entry_state(entries["Hello"]) == "reviewed"
    assert entries["Bye"].msgstr == ""
    assert result.metadata["Last-Translator"] == "Ana <ana@example.com>"
    assert entries["Hello"].occurrences == [("content/p.md", "3")]


def test_typo_fixed_in_long_paragraph_finds_its_translation_as_fuzzy_with_previous_msgid() -> None:
    fixed = LONG.replace("Microcurrrents", "Microcurrents")
    result = merge(template(fixed), catalog({LONG: "Traducción larga"}), "es", NOW)
    entry = by_msgid(result.catalog)[fixed]
    assert entry.msgstr == "Traducción larga"
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid == LONG
    assert entry_state(entry) == "outdated"
    assert result.fuzzy_matched == 1


def test_unrelated_new_text_is_not_matched() -> None:
    result = merge(template("Price list for the spa"), catalog({LONG: "Traducción"}), "es", NOW).catalog
    assert by_msgid(result)["Price list for the spa"].msgstr == ""


def test_removed_source_stays_obsolete_and_comes_back_reviewed() -> None:
    first = merge(template("Kept"), catalog({"Kept": "Guardado", "Removed paragraph": "Quitado"}), "es", NOW).catalog
    obsolete = {e.msgid: e for e in first.obsolete_entries()}
    assert obsolete["Removed paragraph"].msgstr == "Quitado"
    again = merge(template("Kept", "Removed paragraph"), first, "es", NOW).catalog
    entry = by_msgid(again)["Removed paragraph"]
    assert entry.msgstr == "Quitado" and not entry.obsolete and entry_state(entry) == "reviewed"
    assert not again.obsolete_entries()


def test_reverting_an_edit_restores_the_reviewed_translation() -> None:
    edited = LONG.replace("relaxing", "soothing")
    step1 = merge(template(edited), catalog({LONG: "Traducción"}), "es", NOW).catalog
    step2 = merge(template(LONG), step1, "es", NOW).catalog
    assert entry_state(by_msgid(step2)[LONG]) == "reviewed"


def test_untranslated_removed_entries_are_dropped_not_obsoleted() -> None:
    result = merge(template("A"), catalog({"A": "a", "Gone": ""}), "es", NOW).catalog
    assert [e.msgid for e in result.obsolete_entries()] == []


def test_msgctxt_separates_front_matter_from_body_text() -> None:
    pot = template("Aftercare", ctx="title")
    pot.append(polib.POEntry(msgid="Aftercare", msgstr=""))
    po = catalog({"Aftercare": "Cuidados"})
    result = merge(pot, po, "es", NOW).catalog
    states = {(e.msgctxt, e.msgid): e.msgstr for e in result}
    assert states == {("title", "Aftercare"): "", (None, "Aftercare"): "Cuidados"}


def test_render_uses_reviewed_entries_unless_fuzzy_is_asked_for() -> None:
    po = catalog({"A": "a", "B": "b"}, fuzzy=("B",))
    assert translations(po) == {(None, "A"): "a"}
    assert translations(po, include_fuzzy=True) == {(None, "A"): "a", (None, "B"): "b"}
