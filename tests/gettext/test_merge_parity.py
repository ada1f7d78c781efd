"""update merges like ``msgmerge --previous``: flags and plurals from the template (GNU msgmerge
is the oracle), and a machine translation follows its text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from i18nflow.gettext.catalogs import MACHINE_COMMENT, entry_state, merge, translations
from i18nflow.gettext.formats import format_mismatch
from i18nflow.gettext.po import content_text, parse_po_text, read_po

needs_msgmerge = pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext not installed")
NOW = "2026-01-01 00:00+0000"

POLISH = (
    '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) '
    '? 1 : 2);\\n"\n'
)
TEMPLATE = """msgid ""
msgstr ""
"POT-Creation-Date: 2026-01-01 00:00+0000\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#, python-format
msgid "Posted on %(date)s"
msgstr ""

#, python-format
msgid "By %(author)s"
msgstr ""

#, no-wrap
msgid "A long line"
msgstr ""

#, range: 1..5
msgid "Count"
msgstr ""

msgid "One post"
msgid_plural "%(n)s posts"
msgstr[0] ""
msgstr[1] ""

msgid "a"
msgid_plural "as-new"
msgstr[0] ""
msgstr[1] ""

msgid "b"
msgstr ""

msgid "New one"
msgid_plural "New many"
msgstr[0] ""
msgstr[1] ""
"""
CATALOG = (
    """msgid ""
msgstr ""
"Language: pl\\n"
"POT-Creation-Date: 2025-01-01 00:00+0000\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"""
    + POLISH
    + """
msgid "Posted on %(date)s"
msgstr "Opublikowano %(datum)s"

msgid "By %(author)s"
msgstr "Autor: %(author)s"

#, fuzzy
msgid "A long line"
msgstr "Długa"

#, fuzzy
msgid "Count"
msgstr "Liczba"

msgid "One post"
msgstr "Jeden wpis"

msgid "a"
msgid_plural "as"
msgstr[0] "A"
msgstr[1] "As"
msgstr[2] "Asy"

msgid "b"
msgid_plural "bs"
msgstr[0] "B"
msgstr[1] "Bs"
msgstr[2] "Bsy"
"""
)


def _ours(template: str, catalog: str) -> polib.POFile:
    return merge(parse_po_text(template), parse_po_text(catalog), "pl", NOW).catalog


@needs_msgmerge
def test_flags_and_plurals_come_from_the_template_as_msgmerge_does(tmp_path: Path) -> None:
    (tmp_path / "t.pot").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "t.po").write_text(CATALOG, encoding="utf-8")
    result = subprocess.run(
        ["msgmerge", "-q", "--previous", "-o", "out.po", "t.po", "t.pot"], cwd=tmp_path, capture_output=True
    )
    assert result.returncode == 0, result.stderr
    expected = read_po(tmp_path / "out.po")
    assert content_text(_ours(TEMPLATE, CATALOG)) == content_text(expected)


def test_a_placeholder_the_new_format_flag_rejects_is_not_published() -> None:
    merged = _ours(TEMPLATE, CATALOG)
    entries = {e.msgid: e for e in merged}
    assert entries["Posted on %(date)s"].flags == ["fuzzy", "python-format"]
    assert entry_state(entries["By %(author)s"]) == "reviewed"
    assert ("By %(author)s" in {k[1] for k in translations(merged)}) and (
        "Posted on %(date)s" not in {k[1] for k in translations(merged)}
    )


def test_plural_entries_get_as_many_forms_as_the_locale_has() -> None:
    entries = {e.msgid: e for e in _ours(TEMPLATE, CATALOG)}
    assert entries["New one"].msgstr_plural == {0: "", 1: "", 2: ""}
    assert entries["One post"].msgid_plural == "%(n)s posts"
    assert entries["One post"].msgstr_plural == {0: "Jeden wpis", 1: "Jeden wpis", 2: "Jeden wpis"}
    assert "fuzzy" in entries["One post"].flags and entries["One post"].previous_msgid == "One post"


def test_format_flags_a_tool_set_stay_where_the_template_has_none() -> None:
    """Where we differ from msgmerge: babel flags "20% off" python-format on every save, and a
    merge that dropped the flag would rewrite the translator's file on every sync."""
    template = parse_po_text('msgid ""\nmsgstr ""\n\n#, range: 1..5\nmsgid "Get 20% discount"\nmsgstr ""\n')
    saved = parse_po_text('msgid ""\nmsgstr ""\n\n#, python-format\nmsgid "Get 20% discount"\nmsgstr "20 % menos"\n')
    (entry,) = merge(template, saved, "es", NOW).catalog
    assert entry.flags == ["range: 1..5", "python-format"] and entry_state(entry) == "reviewed"


@pytest.mark.parametrize(
    ("flags", "msgid", "msgstr", "broken"),
    [
        (["python-format"], "on %(date)s", "am %(datum)s", True),
        (["python-format"], "on %(date)s", "am %(date)s", False),
        (["python-format"], "%(a)s and %(b)s", "%(b)s", True),  # msgfmt: 'a' doesn't exist in 'msgstr'
        (["python-format"], "x %(a)s", "y %(a)s %(c)s", True),
        (["python-format"], "%d of %s", "%s of %d", True),
        (["python-format"], "%d%%", "%d %%", False),
        (["python-brace-format"], "{name} posts", "{nom} posts", True),
        ([], "on %(date)s", "am %(datum)s", False),
    ],
)
def test_format_mismatch_follows_msgfmt(flags: list[str], msgid: str, msgstr: str, broken: bool) -> None:
    assert format_mismatch(flags, msgid, msgstr) is broken


def test_a_plural_form_may_leave_an_argument_out() -> None:
    assert not format_mismatch(["python-format"], "%(count)s posts", "Un artículo", plural=True)
    assert format_mismatch(["python-format"], "%(count)s posts", "%(cuenta)s artículos", plural=True)


MACHINE = f"""msgid ""
msgstr ""
"Language: es\\n"

# {MACHINE_COMMENT} apertium eng→spa
#, fuzzy
msgid "The clinic opens at nine in the morning."
msgstr "La clínica abre a las nueve de la mañana."
"""


def test_a_machine_translation_of_edited_text_becomes_outdated_without_its_mark() -> None:
    template = parse_po_text('msgid ""\nmsgstr ""\n\nmsgid "The clinic opens at ten in the morning."\nmsgstr ""\n')
    merged = merge(template, parse_po_text(MACHINE), "es", NOW).catalog
    (entry,) = [e for e in merged if not e.obsolete]
    assert entry_state(entry) == "outdated" and entry.msgstr.startswith("La clínica")
    assert entry.previous_msgid == "The clinic opens at nine in the morning."
    assert MACHINE_COMMENT not in (entry.tcomment or "")
    assert translations(merged, include_machine=True) == {}


def test_with_an_engine_a_machine_translation_of_edited_text_is_left_for_it() -> None:
    template = parse_po_text('msgid ""\nmsgstr ""\n\nmsgid "The clinic opens at ten in the morning."\nmsgstr ""\n')
    merged = merge(template, parse_po_text(MACHINE), "es", NOW, retranslate=True).catalog
    (entry,) = [e for e in merged if not e.obsolete]
    assert entry_state(entry) == "untranslated"
