"""The usual-shape reader (usual_reader.py) reads exactly what the line reader reads, or gives up.

Every comparison here holds ``parse_po_text`` (which tries the usual-shape reader first) against
the line reader alone (``_parse_lines``): the same catalog in every attribute of the file and of
every entry, the same text polib writes for it, or the same error at the same line. The tests
also show the short way is taken for the catalogs i18nflow writes, so it cannot silently be dead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, bench_generator
from i18nflow.cli import cli
from i18nflow.errors import CatalogError
from i18nflow.gettext.po import format_po, parse_po_text
from i18nflow.gettext.po.reader import _new_catalog, _parse_lines, _SyntaxError
from i18nflow.gettext.po.usual_reader import usual_entries
from strategies import mutated, po_catalogs, scaled


def _plain(value: Any) -> Any:
    """vars() all the way down, for entries kept in a catalog's attributes."""
    if isinstance(value, polib.POEntry):
        return {"<entry>": _plain(vars(value))}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_plain(item) for item in value)
    return value


def _state(catalog: polib.POFile) -> tuple[Any, ...]:
    return (
        _plain(vars(catalog)),
        [_plain(vars(entry)) for entry in catalog],
        [str(entry) for entry in catalog],
        str(catalog),
    )


def read_alike(text: str, references: bool = True, plural_forms: bool = True) -> bool:
    """Assert parse_po_text reads ``text`` as the line reader does; True when the short way read
    it (it then also gave the whole result)."""
    expected: tuple[Any, ...]
    try:
        reference = _new_catalog("x.po")
        _parse_lines(text.removeprefix("\ufeff"), reference, plural_forms, references)
        expected = _state(reference)
    except _SyntaxError as exc:
        expected = ("error", exc.message, exc.line)
    try:
        got = _state(parse_po_text(text, "x.po", plural_forms, references))
    except CatalogError as exc:
        got = ("error", exc.message, exc.line)
    assert got == expected
    return usual_entries(text.removeprefix("\ufeff"), references) is not None


HEADER = (
    '# Spanish translation.\n#\nmsgid ""\nmsgstr ""\n"Project-Id-Version: post\\n"\n'
    '"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
USUAL = HEADER + (
    "# machine translation: pseudo en→es\n#. front matter: title\n#: content/a.md:3\n#, fuzzy\n"
    'msgctxt "title"\nmsgid "What is it?"\nmsgstr "¿Qué es?"\n\n'
    '#.\n#: content/a.md:4 content/b.md:9\n#: content/c.md:1\n#, fuzzy, python-format\n#, no-wrap\n'
    'msgid ""\n"A long paragraph \\"quoted\\" with a tab\\t and "\n"a second line\\n"\n'
    'msgstr ""\n"Un párrafo \\342\\202\\254 largo "\n"y otra línea\\n"\n\n\n'
    '#\n# second line\nmsgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "un archivo"\n'
    'msgstr[1] ""\n"%d archivos"\n'
    'msgid "no blank line before me"\nmsgstr ""\n'
)


def test_the_usual_catalog_is_read_the_short_way_and_alike() -> None:
    assert read_alike(USUAL) and read_alike(USUAL, references=False)
    catalog = parse_po_text(USUAL)
    assert catalog.metadata["Language"] == "es" and catalog.header == "Spanish translation.\n"
    assert [e.linenum for e in catalog] == [15, 23, 33, 38]
    assert catalog[1].msgstr == "Un párrafo € largo y otra línea\n"
    assert catalog[1].flags == ["no-wrap"] and catalog[1].comment == ""
    assert catalog[1]._i18nflow_empty_comments == {"comment"}
    assert catalog[2].msgstr_plural == {0: "un archivo", 1: "%d archivos"}


@pytest.mark.parametrize(
    "edit",
    [
        ('msgid "What is it?"', '#| msgid "What was it?"\nmsgid "What is it?"'),  # previous
        ('msgid "no blank', '#~ msgid "gone"\n#~ msgstr "ido"\n\nmsgid "no blank'),  # obsolete
        ('msgid "What is it?"', 'msgid  "What is it?"'),  # two blanks
        ('msgid "What is it?"', 'msgid "What " "is it?"'),  # two strings on a line
        ('msgid "What is it?"', 'msgid\n"What is it?"'),  # string on the next line
        ('msgstr "¿Qué es?"', 'msgstr "¿Qué \\\nes?"'),  # backslash-newline
        ("\n\n#\n", "\n \n#\n"),  # a blank line of blanks
        ('"a second line\\n"', '\t"a second line\\n"'),  # indented continuation
        ("#. front matter: title\n#: content/a.md:3\n", "#: content/a.md:3\n#. front matter: title\n"),
        ('msgctxt "title"\n', 'msgctxt "title"\n#. inside\n'),  # a comment inside a message
        ('msgid "one file"', 'msgid "What is it?"\nmsgctxt "title"'),  # out of order
        ('msgctxt "title"\nmsgid "What is it?"', 'msgid "one file"'),  # duplicate
        ("msgstr[1]", "msgstr[2]"),  # plural index
        ("\\t and", "\\q and"),  # an escape gettext refuses
        ("\\t and", "\\x and"),
        ("\\342", "\\000"),  # NUL
        ("\\342", "\\377"),  # not UTF-8
        ("nplurals=2;", "nplurals=x;"),  # a Plural-Forms gettext cannot use
        ('msgid "no blank line before me"\nmsgstr ""\n', 'msgid "no end of line"\nmsgstr ""'),
        ('msgid "no blank line before me"\nmsgstr ""\n', 'msgid "no msgstr"\n'),
        ('msgid "no blank line before me"\nmsgstr ""\n', "# a comment at the end\n"),
        ("msgid_plural", "msgid_plural_x"),
        ('msgstr "¿Qué es?"', 'msgstr "¿Qué es?"\r'),
        ('msgstr "¿Qué es?"', 'msgstr "¿Qué "es?"'),
        ('msgstr "¿Qué es?"', 'msgstr "¿Qué es?'),
    ],
)
def test_anything_but_the_usual_shape_is_left_to_the_line_reader(edit: tuple[str, str]) -> None:
    old, new = edit
    assert old in USUAL
    text = USUAL.replace(old, new, 1)
    for plural_forms in (True, False):
        assert not read_alike(text, plural_forms=plural_forms) or "nplurals=x" in new


def test_a_plural_index_with_a_leading_zero_is_read_alike_the_short_way() -> None:
    assert read_alike(USUAL.replace("msgstr[1]", "msgstr[01]"))  # gettext reads the number


def test_a_refused_plural_forms_is_the_line_readers_error_at_its_line() -> None:
    text = USUAL.replace("nplurals=2;", "nplurals=x;")
    assert usual_entries(text) is not None  # read the short way, refused after the header
    with pytest.raises(CatalogError) as info:
        parse_po_text(text)
    assert info.value.line == 8 and "Plural-Forms" in info.value.message
    assert read_alike(text, plural_forms=False)


def _repository_catalogs() -> list[Path]:
    folders = [REPO / "locales", REPO / "tests" / "data", REPO / "tests" / "fixtures"]
    return sorted(p for folder in folders for p in folder.rglob("*.po*") if p.suffix in (".po", ".pot"))


@pytest.mark.parametrize("path", _repository_catalogs(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_catalog_of_the_repository_reads_alike(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    taken = read_alike(text) & read_alike(text, references=False)
    assert taken or "#~" in text or "#|" in text  # written by i18nflow: the usual shape



def test_every_catalog_of_a_machine_translated_bench_project_reads_alike_the_short_way(tmp_path: Path) -> None:
    """The catalogs the preview bench reads: bench/generate.py posts, pretranslated (pseudo)."""
    bench_generator().write_project(tmp_path, 4, locales=("es", "pt_BR"), engine="pseudo")
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "sync"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    paths = sorted((tmp_path / "locales").rglob("*.po*"))
    assert len(paths) == 4 * 3
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert read_alike(text) and read_alike(text, references=False), path


# Lines of PO syntax, right or out of place, that random edits drop into a catalog.
PO_LINES = [
    "", " ", "\t", "#", "# ", "#.", "#. x", "#:", "#: a.md:1", "#: a b.md:2", "#, fuzzy", "#,",
    "#, range: 1..3, c-format", "#! x", "#| msgid \"old\"", "#~ msgid \"gone\"", "#~ msgstr \"x\"",
    "#~| msgid \"p\"", 'msgctxt "c"', 'msgid ""', 'msgid "dup #0"', 'msgid "a"', 'msgstr ""',
    'msgstr "b"', 'msgid_plural "as"', 'msgstr[0] "x"', 'msgstr[1] "y"', 'msgstr[2] "z"', '"more"',
    '"\\n"', '"\\x41"', '"\\101\\q"', '"unterminated', 'msgid "a" "b"', "msgid", "\\", "\ufeff",
]  # fmt: skip


@st.composite
def po_texts(draw: st.DrawFn) -> str:
    text = format_po(draw(po_catalogs()), width=draw(st.sampled_from([79, 79, 30, 0])))
    edits = draw(st.integers(0, 3))
    lines = text.split("\n")
    for _ in range(edits):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(PO_LINES)))
    text = "\n".join(lines)
    if draw(st.integers(0, 4)) == 0:
        text = draw(mutated(text))
    return text


@settings(max_examples=scaled(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(po_texts(), st.booleans(), st.booleans())
def test_random_catalogs_and_their_mistakes_read_alike(text: str, references: bool, plural_forms: bool) -> None:
    read_alike(text, references, plural_forms)


@settings(max_examples=scaled(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(po_catalogs())
def test_random_catalogs_written_by_i18nflow_are_read_the_short_way_unless_obsolete(po: polib.POFile) -> None:
    text = format_po(po)
    taken = read_alike(text)
    assert taken or "#~" in text or "#|" in text
