"""PO/POT reading and writing, checked byte for byte against the real GNU gettext msgcat.

Every catalog these tests build is written with ``format_po`` and fed to ``msgcat``
(default options): the output must come back unchanged (a msgcat fixed point), must read
back to the same text, and ``msgfmt -c`` must accept it.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from i18nflow.errors import CatalogError
from i18nflow.gettext.po import format_po, parse_po_text, po_bytes, read_po, wrap, write_po, writer

MSGCAT = shutil.which("msgcat")
MSGFMT = shutil.which("msgfmt")
needs_gettext = pytest.mark.skipif(not (MSGCAT and MSGFMT), reason="GNU gettext not installed")
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "posts"

UTF8_HEADER = {
    "Project-Id-Version": "blog 1.0",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": "2024-01-01 00:00+0000",
    "PO-Revision-Date": "2024-01-02 00:00+0000",
    "Last-Translator": "Ann <ann@example.com>",
    "Language-Team": "Russian <ru@li.org>",
    "Language": "ru",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}

LOREM = (
    "Internationalization is the process of designing a software application so that it "
    "can be adapted to various languages and regions without engineering changes. "
)
CYRILLIC = (
    "Интернационализация — это процесс разработки программного обеспечения таким образом, "
    "чтобы его можно было адаптировать к различным языкам и регионам без изменений. "
)
HEBREW = "בינאום הוא תהליך של תכנון יישום תוכנה כך שניתן יהיה להתאים אותו לשפות ואזורים שונים. "
ARABIC = "التدويل هو عملية تصميم تطبيق برمجي بحيث يمكن تكييفه مع لغات ومناطق مختلفة دون تغييرات. "
CJK = "国際化とは、ソフトウェアを様々な言語や地域に適応できるように設計するプロセスです。"
KOREAN = "국제화는 소프트웨어를 다양한 언어와 지역에 맞게 조정할 수 있도록 설계하는 과정입니다. "
EMOJI = "Ship it 🚀🚀 and celebrate 🎉 with the team 👩🏽‍💻👨‍👩‍👧 — café, naïve, e\u0301. "
MARKDOWN = (
    "**Bold** and _italic_ with `inline code`, a [link](https://example.com/a-very-long-path/"
    'that/keeps/going?x=1&y=2#section-with-anchor) and ![image](/img/photo-2024.png "t"). '
)


def msgcat(text: str, *args: str) -> str:
    result = subprocess.run(
        [MSGCAT or "msgcat", *args, "-"], input=text.encode("utf-8"), capture_output=True
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return result.stdout.decode("utf-8")


def msgfmt_accepts(text: str) -> None:
    result = subprocess.run(
        [MSGFMT or "msgfmt", "-c", "-o", os.devnull, "-"],
        input=text.encode("utf-8"),
        capture_output=True,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")


def catalog(*entries: polib.POEntry, header: dict[str, str] | None = None) -> polib.POFile:
    po = polib.POFile()
    po.metadata = dict(UTF8_HEADER if header is None else header)
    for entry in entries:
        po.append(entry)
    return po


def assert_like_msgcat(po: polib.POFile, width: int = 79, check_msgfmt: bool = True) -> str:
    """format_po output is what msgcat writes for it, reads back identically, compiles."""
    text = format_po(po, width=width)
    args = () if width == 79 else (f"--width={width}",)
    assert msgcat(text, *args) == text
    assert format_po(parse_po_text(text), width=width) == text
    if check_msgfmt:
        msgfmt_accepts(text)
    return text


# --- wrapping of strings -----------------------------------------------------------------


@needs_gettext
def test_long_english_paragraph_wraps_like_msgcat() -> None:
    text = assert_like_msgcat(catalog(polib.POEntry(msgid=LOREM * 4, msgstr=LOREM * 3)))
    assert 'msgid ""\n"Internationalization is the process' in text
    assert max(len(line) for line in text.splitlines()) <= 79


@needs_gettext
def test_long_cyrillic_paragraph_wraps_like_msgcat() -> None:
    assert_like_msgcat(catalog(polib.POEntry(msgid=LOREM * 3, msgstr=CYRILLIC * 4)))


@needs_gettext
def test_hebrew_and_arabic_paragraphs_wrap_like_msgcat() -> None:
    assert_like_msgcat(
        catalog(
            polib.POEntry(msgid=LOREM * 2, msgstr=HEBREW * 3),
            polib.POEntry(msgid=LOREM * 2 + "x", msgstr=ARABIC * 3),
        )
    )


@needs_gettext
def test_cjk_text_counts_two_columns_per_character() -> None:
    text = assert_like_msgcat(
        catalog(
            polib.POEntry(msgid=CJK * 4, msgstr=""),
            polib.POEntry(msgid=KOREAN * 3, msgstr=""),
        )
    )
    # 38 ideographs (76 columns) fill a line where 77 Latin letters would fit.
    first = text.split('msgid ""\n')[1].splitlines()[0]
    assert len(first) < 45


@needs_gettext
def test_emoji_combining_marks_and_zero_width_characters_wrap_like_msgcat() -> None:
    odd = "zero\u200bwidth, no\u00a0break, soft\u00adhyphen, line\u2028separator, nel\u0085. "
    assert_like_msgcat(catalog(polib.POEntry(msgid=EMOJI * 4, msgstr=(EMOJI + odd) * 3)))


@needs_gettext
def test_markdown_links_and_long_urls_wrap_like_msgcat() -> None:
    url = "https://example.com/" + "/".join(f"segment-{i}" for i in range(30)) + "?q=1&r=2"
    assert_like_msgcat(
        catalog(
            polib.POEntry(msgid=MARKDOWN * 3, msgstr=MARKDOWN * 3),
            polib.POEntry(msgid=f"See <{url}> and [the docs]({url}).", msgstr=""),
            polib.POEntry(msgid="x" * 200, msgstr="unbreakable " + "y" * 150),
        )
    )


@needs_gettext
def test_escapes_tabs_quotes_backslashes_and_newlines_like_msgcat() -> None:
    tricky = 'Say "hi"\tto C:\\Users\\me\\ and \\n literally.\n' * 5
    text = assert_like_msgcat(
        catalog(
            polib.POEntry(msgid=tricky, msgstr=tricky.upper()),
            polib.POEntry(msgid='"' * 60 + "\\" * 60, msgstr="\t" * 50),
        )
    )
    assert '"Say \\"hi\\"\\tto C:\\\\Users\\\\me\\\\ and \\\\n literally.\\n"' in text


@needs_gettext
def test_string_with_embedded_newlines_starts_with_an_empty_first_line() -> None:
    text = assert_like_msgcat(catalog(polib.POEntry(msgid="one\ntwo\n", msgstr="uno\n")))
    assert 'msgid ""\n"one\\n"\n"two\\n"\nmsgstr "uno\\n"\n' in text


@needs_gettext
def test_no_wrap_flag_keeps_strings_on_one_line() -> None:
    text = assert_like_msgcat(
        catalog(polib.POEntry(msgid=LOREM * 3, msgstr=CYRILLIC * 2, flags=["no-wrap"]))
    )
    assert f'msgid "{LOREM * 3}"' in text


@needs_gettext
def test_width_option_matches_msgcat_width_option() -> None:
    po = catalog(
        polib.POEntry(msgid=LOREM * 2, msgstr=CYRILLIC * 2, occurrences=[("a.md", "1")] * 1),
        polib.POEntry(msgid=CJK * 2, msgstr=MARKDOWN),
    )
    for width in (30, 50, 100, 120):
        assert_like_msgcat(po, width=width)


@needs_gettext
def test_format_directives_are_never_split_across_lines() -> None:
    spaced = "%(number of files)s " * 12
    text = assert_like_msgcat(
        catalog(
            polib.POEntry(msgid=spaced, msgstr=spaced, flags=["python-format"]),
            polib.POEntry(msgid="{first-name} " * 15, msgstr="", flags=["python-brace-format"]),
            polib.POEntry(msgid="% d items, " * 15, msgstr="", flags=["c-format"]),
        )
    )
    assert "%(number of\n" not in text.replace('"\n"', "\n")


# --- comments, flags, references -------------------------------------------------------


@needs_gettext
def test_comment_lines_come_in_gettext_order() -> None:
    entry = polib.POEntry(
        msgid="Hello",
        msgstr="Привет",
        tcomment="translator note\n\n  indented",
        comment="type: Title #\nsecond line",
        occurrences=[("content/posts/a.md", "3")],
        flags=["python-format", "fuzzy"],
        previous_msgid="Hello!",
        msgctxt="greeting",
        previous_msgctxt="old greeting",
    )
    text = assert_like_msgcat(catalog(entry))
    assert text.split("\n\n")[1] == (
        "# translator note\n#\n#   indented\n"
        "#. type: Title #\n#. second line\n"
        "#: content/posts/a.md:3\n"
        "#, fuzzy, python-format\n"
        '#| msgctxt "old greeting"\n#| msgid "Hello!"\n'
        'msgctxt "greeting"\nmsgid "Hello"\nmsgstr "Привет"\n'
    )


@needs_gettext
def test_flags_are_normalised_like_msgcat_and_unknown_ones_dropped() -> None:
    entry = polib.POEntry(
        msgid="%d file",
        msgstr="%d файл",
        flags=["my-own-flag", "no-wrap", "python-format", "c-format", "range: 1..5", "fuzzy"],
    )
    text = assert_like_msgcat(catalog(entry), check_msgfmt=False)
    assert "#, fuzzy, c-format, python-format, range: 1..5, no-wrap\n" in text


@needs_gettext
def test_fuzzy_flag_on_untranslated_entry_is_dropped_like_msgcat() -> None:
    text = assert_like_msgcat(catalog(polib.POEntry(msgid="x", msgstr="", flags=["fuzzy"])))
    assert "fuzzy" not in text.split("\n\n", 1)[1]


@needs_gettext
def test_references_fill_lines_up_to_the_page_width() -> None:
    refs = [
        (f"content/posts/2024-01-{i:02d}-a-rather-long-post-name.md", str(i * 7)) for i in range(30)
    ]
    refs += [("./relative/path.md", "1"), ("relative/path.md", "1"), ("no-line.md", "")]
    text = assert_like_msgcat(catalog(polib.POEntry(msgid="x", msgstr="", occurrences=refs)))
    assert "./relative" not in text and text.count("relative/path.md:1") == 1
    assert all(len(line.encode()) <= 79 for line in text.splitlines() if line.startswith("#:"))


@needs_gettext
def test_file_names_with_spaces_are_isolated_and_read_back() -> None:
    refs = [("content/posts/my first post.md", "12"), ("a.md", "3"), ("notes/to do.md", "")]
    text = assert_like_msgcat(catalog(polib.POEntry(msgid="x", msgstr="", occurrences=refs)))
    assert (
        "#: \u2068content/posts/my first post.md\u2069:12 a.md:3 \u2068notes/to do.md\u2069\n"
        in text
    )
    assert parse_po_text(text)[0].occurrences == refs


@needs_gettext
def test_repeated_file_name_with_spaces_is_written_as_gettext_0_21_writes_it() -> None:
    # gettext 0.21 cannot parse isolates: it splits the name at spaces and drops the
    # words it has already seen, so the second reference keeps only its last word.
    refs = [("posts/my post.md", "1"), ("posts/my post.md", "40"), ("b.md", "2")]
    text = assert_like_msgcat(catalog(polib.POEntry(msgid="---", msgstr="", occurrences=refs)))
    assert "#: \u2068posts/my post.md\u2069:1 post.md\u2069:40 b.md:2\n" in text
    assert parse_po_text(text)[0].occurrences == refs


@needs_gettext
def test_different_file_names_with_spaces_sharing_a_word_stay_lossless() -> None:
    # Known limit of gettext 0.21: it would drop the second "⁨posts/my" word as a
    # duplicate reference and garble the second name.  We keep both names intact, so
    # this one case is not a msgcat 0.21 fixed point.
    refs = [("posts/my post.md", "1"), ("posts/my other post.md", "2")]
    text = format_po(catalog(polib.POEntry(msgid="x", msgstr="", occurrences=refs)))
    assert parse_po_text(text)[0].occurrences == refs
    assert msgcat(text) != text


@needs_gettext
def test_comment_line_ending_in_backslash_does_not_swallow_the_next_line() -> None:
    text = assert_like_msgcat(catalog(polib.POEntry(msgid="x", msgstr="", tcomment="path C:\\")))
    assert "# path C:\\ \nmsgid" in text


# --- entries -----------------------------------------------------------------------------


@needs_gettext
def test_plural_entries_like_msgcat() -> None:
    entry = polib.POEntry(
        msgid="One long file name that is mentioned in this message " * 2,
        msgid_plural="%d long file names that are mentioned in this message " * 2,
        msgstr_plural={0: CYRILLIC, 1: CYRILLIC * 2},
    )
    untranslated = polib.POEntry(msgid="apple", msgid_plural="apples", msgstr_plural={0: "", 1: ""})
    text = assert_like_msgcat(catalog(entry, untranslated))
    assert 'msgid "apple"\nmsgid_plural "apples"\nmsgstr[0] ""\nmsgstr[1] ""\n' in text


@needs_gettext
def test_obsolete_entries_are_written_last_with_their_previous_msgid() -> None:
    old = polib.POEntry(
        msgid=LOREM * 2,
        msgstr=CYRILLIC * 2,
        obsolete=True,
        flags=["fuzzy"],
        previous_msgid=LOREM,
        msgctxt="ctx",
        tcomment="kept",
    )
    po = catalog(old, polib.POEntry(msgid="active", msgstr="активный"))
    text = assert_like_msgcat(po)
    assert text.index('msgid "active"') < text.index("#~ msgctxt")
    assert '#, fuzzy\n#~| msgid ""\n#~| "Internationalization' in text
    assert parse_po_text(text)[1].previous_msgid == LOREM


@needs_gettext
def test_obsolete_entry_without_translation_is_omitted_like_msgcat() -> None:
    po = catalog(
        polib.POEntry(msgid="gone", msgstr="", obsolete=True),
        polib.POEntry(msgid="kept", msgstr="x"),
    )
    assert "gone" not in assert_like_msgcat(po)


@needs_gettext
def test_header_is_written_first_with_one_line_per_field() -> None:
    po = catalog(polib.POEntry(msgid="a", msgstr="b"))
    po.header = "Russian translation.\nCopyright (C) 2024\n"
    po.metadata_is_fuzzy = True
    text = assert_like_msgcat(po)
    assert text.startswith(
        '# Russian translation.\n# Copyright (C) 2024\n#\n#, fuzzy\nmsgid ""\nmsgstr ""\n'
        '"Project-Id-Version: blog 1.0\\n"\n"Report-Msgid-Bugs-To: \\n"\n'
    )
    po.metadata_is_fuzzy = False
    assert "#, fuzzy" not in assert_like_msgcat(po)


def test_header_written_by_another_tool_is_kept_verbatim_until_metadata_changes() -> None:
    text = (
        '# Title\n#, fuzzy\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"X-Odd:   spaced value\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    )
    po = parse_po_text(text)
    assert po.metadata["X-Odd"] == "spaced value" and po.metadata_is_fuzzy
    assert format_po(po) == text
    po.metadata["Language"] = "de"
    assert '"X-Odd: spaced value\\n"\n"Language: de\\n"\n' in format_po(po)


def test_catalog_with_only_a_header_keeps_it() -> None:
    # msgcat writes nothing at all for such a catalog; we keep the header, which holds
    # the language and plural forms.
    po = catalog()
    assert format_po(po).startswith('msgid ""\nmsgstr ""\n"Project-Id-Version')
    assert format_po(polib.POFile()) == ""


# --- reading -----------------------------------------------------------------------------

MESSY_INPUT = """\
# translator comment
#  two spaces kept
#\ttab
#.extracted without space
#: ./src/a.md:1 src/b.md:2 src/b.md:2 src/c.md : 5
#, fuzzy
#, python-format, unknown-flag
#| msgid "old"
msgid "x %s"
msgstr "y %s"

msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"

#~ msgid "gone"
#~ msgstr ""

msgid "multi" "ple" " strings"
msgstr "joined \\
here"

#, fuzzy
#~| msgid "prev"
#~ msgid "obsolete"
#~ msgstr "translated"

msgid "last"
msgstr "\\303\\251t\\xc3\\xa9"
"""


@needs_gettext
def test_messy_input_is_normalised_exactly_like_msgcat() -> None:
    expected = msgcat(MESSY_INPUT)
    po = parse_po_text(MESSY_INPUT)
    # The header moves to the top (msgcat leaves it where it was); everything else is
    # exactly msgcat's normalisation: "#," replaces earlier flags, duplicate and "./"
    # references, unknown flags, untranslated obsolete entries, escapes.
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    assert format_po(po) == header + expected.replace(header, "")
    assert po[-1].msgstr == "été"
    assert po.find("obsolete", include_obsolete_entries=True).previous_msgid == "prev"


@needs_gettext
def test_round_trip_of_files_written_by_msgcat() -> None:
    source = (
        "# SOME DESCRIPTIVE TITLE.\n#\n#, fuzzy\n"
        'msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#\nmsgid "lone empty translator comment"\nmsgstr ""\n\n'
        '#.\nmsgid "lone empty extracted comment"\nmsgstr ""\n\n'
        f'#: \u2068a b.md\u2069:1\n#| msgctxt "c"\n#| msgid "{LOREM}"\nmsgctxt "c"\nmsgid "{LOREM}!"\n'
        f'msgstr "{CYRILLIC}"\n\n'
        f'#~| msgid "{HEBREW}"\n#~ msgid "{HEBREW}?"\n#~ msgstr[0] "x"\n'
    )
    written = msgcat(source.replace('#~ msgstr[0] "x"', '#~ msgid_plural "p"\n#~ msgstr[0] "x"'))
    assert format_po(parse_po_text(written)) == written


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr ""\n', encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        read_po(path)
    assert info.value.line == 4 and info.value.path == str(path)
    assert str(info.value).startswith(f"{path}:4: ")


def test_unknown_keyword_is_a_syntax_error_with_its_line() -> None:
    with pytest.raises(CatalogError) as info:
        parse_po_text('msgid "a"\nmsgstr "b"\n\nfoo "bar"\n', path="x.po")
    assert (info.value.path, info.value.line) == ("x.po", 4)


@needs_gettext
def test_a_string_may_start_on_the_line_after_its_keyword() -> None:
    """gettext's grammar is made of tokens: any keyword, previous or obsolete, may stand alone."""
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\n#| msgctxt\n#| "old context"\n#| msgid\n#| "old"\n#| msgid_plural\n#| "olds"\n'
        'msgctxt\n"context"\nmsgid\n"one"\nmsgid_plural\n\n"many"\n'
        'msgstr[0]\n"uno"\nmsgstr [1]\n"mu" "chos"\n\n'
        '#~| msgid\n#~| "gone before"\n#~ msgctxt\n#~ "c"\n#~ msgid\n#~ "gone"\n#~ msgstr\n#~ "ido"\n'
    )
    assert format_po(parse_po_text(text)) == msgcat(text)
    entry = parse_po_text(text)[0]
    assert (entry.previous_msgctxt, entry.previous_msgid, entry.msgstr_plural[1]) == (
        "old context",
        "old",
        "muchos",
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('msgid\nmsgstr "x"\n', 1),
        ('msgid "a"\nmsgstr\n\n#. next\nmsgid "b"\nmsgstr ""\n', 2),
        ('#| msgid\n"old"\nmsgid "a"\nmsgstr ""\n', 1),
        ('msgid "a"\nmsgstr\n', 2),
    ],
)
def test_a_keyword_whose_string_never_comes_is_an_error_at_its_line(text: str, line: int) -> None:
    with pytest.raises(CatalogError) as info:
        parse_po_text(text)
    assert info.value.line == line and "missing string" in info.value.message


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('#~ msgid "a"\n"b"\n#~ msgstr "x"\n', 2, "inconsistent use of #~"),
        ('msgid "a"\n"b\\q"\nmsgstr ""\n', 2, "invalid control sequence"),
        ('#. note\n"b"\nmsgid "a"\nmsgstr ""\n', 2, "syntax error"),
        ('msgid "a"\n"b" x\nmsgstr ""\n', 2, "syntax error"),
    ],
)
def test_a_continuation_string_out_of_place_is_an_error_at_its_line(text: str, line: int, message: str) -> None:
    """The reader's short way for a line holding one string keeps every error of the long way."""
    with pytest.raises(CatalogError) as info:
        parse_po_text(text)
    assert info.value.line == line and message in info.value.message


def test_continuation_strings_join_however_they_are_spread() -> None:
    entry = parse_po_text('msgid ""\n"a" "b"\n"c\\n"  \n\t"d"\nmsgstr "x"\n"y"\n')[0]
    assert (entry.msgid, entry.msgstr, entry.linenum) == ("abc\nd", "xy", 1)


def test_invalid_utf8_is_an_error_at_the_charset_line_naming_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin.po"
    path.write_bytes(
        b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        b'msgid "caf\xe9"\nmsgstr ""\n'
    )
    with pytest.raises(CatalogError) as info:
        read_po(path)
    assert info.value.line == 2 and "UTF-8" in info.value.message and "line 4" in info.value.message


def test_undecodable_charset_is_a_catalog_error(tmp_path: Path) -> None:
    path = tmp_path / "odd.po"
    path.write_bytes(b'msgid ""\nmsgstr "Content-Type: text/plain; charset=X-NOPE-9\\n"\n')
    with pytest.raises(CatalogError) as info:
        read_po(path)
    assert "X-NOPE-9" in info.value.message and info.value.line == 2


@pytest.mark.parametrize(
    "charset",
    ["zlib", "bz2", "base64", "hex", "uu", "quopri", "rot13", "undefined", "unicode_escape",
     "raw_unicode_escape", "idna", "punycode", "utf-7", "utf-16", "iso2022_jp", "cp500"],
)
def test_a_charset_that_is_not_an_ascii_compatible_text_encoding_is_refused(tmp_path: Path, charset: str) -> None:
    """Python looks codecs up by name, and some names are not charsets: ``charset=zlib`` would
    inflate the file (a bomb from a pull request), ``unicode_escape`` would turn ``\\u003c``
    into ``<``, UTF-16 and EBCDIC do not read the PO syntax. gettext cannot read any of them."""
    path = tmp_path / "odd.po"
    path.write_bytes(f'msgid ""\nmsgstr "Content-Type: text/plain; charset={charset}\\n"\n\nmsgid "a"\nmsgstr "b"\n'
                     .encode("ascii"))
    with pytest.raises(CatalogError) as info:
        read_po(path)
    assert charset in info.value.message and info.value.line == 2


@pytest.mark.parametrize("charset", ["latin1", "mac_roman", "cp437", "euc_jp"])
def test_a_non_standard_name_of_a_real_charset_still_reads(tmp_path: Path, charset: str) -> None:
    path = tmp_path / "legacy.po"
    path.write_bytes(f'msgid ""\nmsgstr "Content-Type: text/plain; charset={charset}\\n"\n\nmsgid "a"\nmsgstr "b"\n'
                     .encode("ascii"))
    assert [(e.msgid, e.msgstr) for e in read_po(path)] == [("a", "b")]


def test_duplicate_entry_names_the_line_of_the_second_one() -> None:
    text = (
        'msgid "a"\nmsgstr ""\n\nmsgctxt "c"\nmsgid "a"\nmsgstr ""\n\n#~ msgid "a"\n#~ msgstr "x"\n'
    )
    with pytest.raises(CatalogError) as info:
        parse_po_text(text)
    assert info.value.line == 8 and "line 1" in info.value.message


def test_missing_file_is_a_catalog_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError):
        read_po(tmp_path / "nope.po")


@needs_gettext
def test_latin1_catalog_is_written_in_its_charset_like_msgcat(tmp_path: Path) -> None:
    header = dict(UTF8_HEADER, **{"Content-Type": "text/plain; charset=ISO-8859-1"})
    po = catalog(polib.POEntry(msgid=LOREM * 2, msgstr="Ça été très élégant. " * 8), header=header)
    path = tmp_path / "fr.po"
    assert write_po(po, path)
    data = path.read_bytes()
    assert "élégant".encode("latin-1") in data
    assert subprocess.run([MSGCAT or "msgcat", str(path)], capture_output=True).stdout == data
    assert format_po(read_po(path)) == format_po(po)


# --- writing -----------------------------------------------------------------------------


def test_write_po_writes_only_when_bytes_differ(tmp_path: Path) -> None:
    path = tmp_path / "ru.po"
    po = catalog(polib.POEntry(msgid="a", msgstr="б"))
    assert write_po(po, path) is True
    first = path.stat().st_mtime_ns
    assert write_po(po, path) is False
    assert path.stat().st_mtime_ns == first
    assert path.read_text(encoding="utf-8") == format_po(po)
    po[0].msgstr = "в"
    assert write_po(po, path) is True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ru.po"]


def test_write_po_keeps_permissions_and_never_leaves_half_written_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ru.po"
    path.write_text("old content", encoding="utf-8")
    path.chmod(0o640)
    po = catalog(polib.POEntry(msgid="a", msgstr="b"))

    def crash(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.os, "replace", crash)
    with pytest.raises(CatalogError):
        write_po(po, path)
    assert path.read_text(encoding="utf-8") == "old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ru.po"]
    monkeypatch.undo()
    assert write_po(po, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@needs_gettext
def test_a_catalog_read_in_its_charset_is_written_back_in_it(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    path.write_bytes(
        b'# Une traductrice\nmsgid ""\nmsgstr ""\n"Language:  fr\\n"\n'
        b'"Content-Type: text/plain; charset=iso-8859-1\\n"\n\n'
        b'msgid "Caf\xe9 cr\xe8me"\nmsgstr "Caf\xe9 cr\xe8me, tr\xe8s \xe9l\xe9gant"\n'
    )
    data = path.read_bytes()
    po = read_po(path)
    assert (
        po_bytes(po)
        == data
        == subprocess.run([MSGCAT or "msgcat", str(path)], capture_output=True).stdout
    )
    assert write_po(po, path) is False


@needs_gettext
def test_text_the_declared_charset_cannot_hold_switches_the_catalog_to_utf8(tmp_path: Path) -> None:
    """A new msgid with an arrow and an emoji cannot go into Latin-1: UTF-8, header included."""
    path = tmp_path / "fr.po"
    path.write_bytes(
        b'# Une traductrice\nmsgid ""\nmsgstr ""\n"Language:  fr\\n"\n'
        b'"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
        b'msgid "Caf\xe9"\nmsgstr "Caf\xe9 cr\xe8me"\n'
    )
    po = read_po(path)
    po.append(polib.POEntry(msgid="Next → 🎉", msgstr=""))
    assert write_po(po, path) is True
    text = path.read_bytes().decode("utf-8")
    assert text.startswith(
        '# Une traductrice\nmsgid ""\nmsgstr ""\n"Language:  fr\\n"\n'  # kept verbatim
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    )
    assert 'msgstr "Caf\u00e9 cr\u00e8me"' in text and "Next \u2192 \U0001f389" in text
    assert (
        subprocess.run([MSGCAT or "msgcat", str(path)], capture_output=True).stdout.decode() == text
    )
    msgfmt_accepts(text)
    back = read_po(path)
    assert [(e.msgid, e.msgstr) for e in back] == [
        ("Caf\u00e9", "Caf\u00e9 cr\u00e8me"),
        ("Next \u2192 \U0001f389", ""),
    ]
    assert po_bytes(back) == text.encode("utf-8")


def test_a_catalog_we_create_is_utf8(tmp_path: Path) -> None:
    po = polib.POFile()
    po.append(polib.POEntry(msgid="caf\u00e9", msgstr="\u043a\u0430\u0444\u0435"))
    assert po_bytes(po) == format_po(po).encode("utf-8")
    assert po_bytes(catalog(po[0])) == format_po(catalog(po[0])).encode("utf-8")


# --- without the C libraries -------------------------------------------------------------


@needs_gettext
def test_pure_python_line_breaking_matches_msgcat_on_plain_prose(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(wrap, "_UNISTRING", None)
    words = (LOREM + "with lots of plain words of varying length in it ") * 6
    po = catalog(
        polib.POEntry(msgid=words, msgstr=words[::-1].strip()),
        polib.POEntry(msgid=words + "\nand a second line", msgstr=""),
    )
    assert_like_msgcat(po)


# --- real-world corpus -------------------------------------------------------------------


def _paragraphs(text: str) -> list[tuple[str, int]]:
    result = []
    line = 1
    for block in re.split(r"\n[ \t]*\n", text):
        para = " ".join(part.strip() for part in block.split("\n") if part.strip())
        if para:
            result.append((para, line + len(block) - len(block.lstrip("\n"))))
        line += block.count("\n") + 2
    return result


@needs_gettext
@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")
def test_corpus_post_paragraphs_are_written_like_msgcat() -> None:
    compared = 0
    for post in sorted(CORPUS.glob("*.md")):
        ref = f"content/posts/{post.name}"
        pot = catalog()
        entries: dict[str, polib.POEntry] = {}
        for para, line in _paragraphs(post.read_text(encoding="utf-8")):
            if para in entries:
                entries[para].occurrences.append((ref, str(line)))
                continue
            entries[para] = polib.POEntry(
                msgid=para, msgstr="", occurrences=[(ref, str(line))], comment="type: paragraph"
            )
            pot.append(entries[para])
        text = format_po(pot)
        assert msgcat(text) == text, post.name
        assert format_po(parse_po_text(text)) == text, post.name
        compared += len(pot)
    assert compared > 1000


# --- property tests ----------------------------------------------------------------------

ATOMS = [
    *"abcdefghij",
    *(" " * 12),
    *".,;:!?-/|()[]{}<>\"'\\*_`#%&=+~@$^",
    "\n",
    "\t",
    "word",
    "longerword",
    "the",
    "**bold**",
    "[link](https://example.com/a-very-long-path/that/keeps/going?x=1&y=2)",
    "Привет",
    "мир",
    "שלום",
    "مرحبا",
    "日本語",
    "한국어",
    "😀",
    "👍🏽",
    "e\u0301",
    "\u00a0",
    "\u200b",
    "—",
    "…",
    "«»",
    "3.14",
    "50%",
    "%s",
    "%(name)s",
    "{name}",
]
texts = st.lists(st.sampled_from(ATOMS), max_size=120).map("".join)
files = st.sampled_from(
    ["a.md", "./b.md", "content/posts/2021-01-01-a-long-post-name.md", "жж/ф.md", "my post.md"]
)
occurrences = st.lists(
    st.tuples(files, st.one_of(st.just(""), st.integers(1, 99999).map(str))), max_size=12
)
flag_lists = st.lists(
    st.sampled_from(["fuzzy", "python-format", "no-wrap", "python-brace-format", "c-format"]),
    max_size=2,
    unique=True,
)


@st.composite
def entries(draw: st.DrawFn, index: int) -> polib.POEntry:
    entry = polib.POEntry(
        msgid=draw(texts) + f" #{index}",
        msgctxt=draw(st.one_of(st.none(), texts)),
        tcomment=draw(texts).replace("\n", " "),
        comment=draw(texts).replace("\n", " "),
        occurrences=draw(occurrences),
        flags=draw(flag_lists),
        previous_msgid=draw(st.one_of(st.none(), texts)),
        obsolete=draw(st.booleans()),
    )
    if draw(st.booleans()):
        entry.msgid_plural = draw(texts)
        entry.msgstr_plural = {0: draw(texts), 1: draw(texts)}
    else:
        entry.msgstr = draw(texts)
    return entry


@st.composite
def catalogs(draw: st.DrawFn) -> polib.POFile:
    po = catalog()
    po.header = draw(texts).replace("\n", " ")
    po.metadata_is_fuzzy = draw(st.booleans())
    for index in range(draw(st.integers(1, 6))):
        po.append(draw(entries(index)))
    # msgcat writes nothing at all for a catalog that is only a header (see
    # test_catalog_with_only_a_header_keeps_it): keep one entry that is always written.
    po[0].obsolete = False
    return po


@needs_gettext
@settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(catalogs(), st.sampled_from([79, 79, 40, 100]))
def test_random_catalogs_are_msgcat_fixed_points(po: polib.POFile, width: int) -> None:
    assert_like_msgcat(po, width=width, check_msgfmt=False)


@needs_gettext
@settings(
    max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    st.lists(
        st.sampled_from([LOREM, CYRILLIC, HEBREW, CJK, EMOJI, MARKDOWN, "\n"]),
        min_size=1,
        max_size=12,
    )
)
def test_random_paragraphs_compile_with_msgfmt(parts: list[str]) -> None:
    text = "".join(parts)
    po = catalog(
        polib.POEntry(msgid=text, msgstr=text.swapcase()),
        polib.POEntry(msgid=text + " (2)", msgstr="", occurrences=[("a b.md", "1"), ("a.md", "")]),
    )
    assert_like_msgcat(po)


@settings(max_examples=400, deadline=None)
@given(
    value=st.text(alphabet=st.sampled_from(list("ab c%{}é漢\"\\\t")), max_size=90),
    prefix=st.sampled_from(["", "#~ ", "#| ", "#~| "]),
    name=st.sampled_from(["msgid", "msgstr", "msgctxt", "msgstr[1]"]),
    width=st.sampled_from([20, 40, 79, 2**31 - 1]),
    do_wrap=st.booleans(),
    fmt_lang=st.sampled_from([None, "python-format", "c-format"]),
)
def test_a_line_written_at_once_is_what_wrap_computes(
    value: str, prefix: str, name: str, width: int, do_wrap: bool, fmt_lang: str | None
) -> None:
    """The writer's shortcut for a value that fits on its keyword's line (no memo, no break search)
    gives wrap()'s own lines, at the edge of the width too."""
    fast = wrap._Writer(width, "UTF-8")
    fast.wrap(prefix, name, value, do_wrap, fmt_lang)
    full = wrap._Writer(width, "UTF-8")
    full._wrap(prefix, name, value, do_wrap, fmt_lang)
    assert "".join(fast.out) == "".join(full.out)
    room = width - 2 - len(prefix) - len(name) - 1  # what fits after 'msgid "' and before '"'
    edge = ("ab " * width)[: room - 1] + "c" if width < 100 else "x"
    for text in (edge, edge + "d"):
        fast, full = wrap._Writer(width, "UTF-8"), wrap._Writer(width, "UTF-8")
        fast.wrap(prefix, name, text, True, None)
        full._wrap(prefix, name, text, True, None)
        assert "".join(fast.out) == "".join(full.out)


@pytest.mark.parametrize("occurrence", [("post.md", "12"), ("post.md", "012"), ("./post.md", "3"),
                                        ("my post.md", "4"), ("post.md", ""), ("post.md", 7), ["post.md", "5"]])
def test_one_reference_is_written_as_the_filling_writes_it(occurrence: object) -> None:
    fast = wrap._Writer(79, "UTF-8")
    writer._print_references(fast, [occurrence])
    full = wrap._Writer(79, "UTF-8")
    writer._fill_references(full, [occurrence])
    assert "".join(fast.out) == "".join(full.out)


@pytest.mark.parametrize("fields", [
    {},
    {"msgid": "Hello", "msgstr": "", "msgctxt": None},
    {"msgid": "One", "msgid_plural": "Many", "msgstr_plural": {0: "Uno", 1: "Muchos"}, "obsolete": True,
     "comment": "paragraph", "tcomment": "note", "occurrences": [("a.md", "3")], "flags": ["fuzzy"],
     "previous_msgid": "Old", "previous_msgctxt": "c", "previous_msgid_plural": "Olds", "linenum": 12},
])
def test_a_fast_entry_is_polibs_entry(fields: dict[str, object]) -> None:
    from i18nflow.gettext.po import po_entry

    ours, theirs = po_entry(**fields), polib.POEntry(**fields)
    assert type(ours) is polib.POEntry
    assert list(vars(ours).items()) == list(vars(theirs).items())  # values and polib's order
    other = po_entry(**fields)
    assert other.flags is not ours.flags or "flags" in fields  # fresh lists, as polib makes them
    assert other.occurrences is not ours.occurrences or "occurrences" in fields


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab.:019 \t\n\u2068\u2069\r")), max_size=30))
def test_one_reference_is_read_as_the_full_scan_reads_it(text: str) -> None:
    from i18nflow.gettext.po.references import parse_references, scan_references

    assert parse_references(text) == scan_references(text)
    for simple in (f" {text.strip()}x.md:07", "post.md:12", " a:b:3 "):
        assert parse_references(simple) == scan_references(simple)


def test_a_reference_of_blanks_in_isolates_is_read_not_a_traceback() -> None:
    """'#: ⁨ ⁩ ⁩' made the reader index the last word of a name that has none (IndexError)."""
    entry = parse_po_text('#: \u2068 \u2069 \u2069\nmsgid "a"\nmsgstr ""\n')[0]
    assert entry.occurrences == [(" ", ""), ("\u2069", "")]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('"\\ \tanx0é')), max_size=16))
def test_a_string_line_is_read_as_the_full_scan_reads_it(rest: str) -> None:
    from i18nflow.gettext.po.reader import _scan_strings, _strings, _SyntaxError

    def read(function: Callable[[str, int], str]) -> str:
        try:
            return function(rest, 1)
        except _SyntaxError as exc:
            return f"error: {exc.message}"

    assert read(_strings) == read(_scan_strings)


def test_an_escape_x_without_hex_digits_is_a_syntax_error_at_its_line() -> None:
    """'\\x' followed by no hex digit raised ValueError (a traceback); gettext calls it invalid."""
    with pytest.raises(CatalogError) as caught:
        parse_po_text('msgid ""\nmsgstr ""\n\nmsgid "a\\xg"\nmsgstr ""\n', "x.po")
    assert caught.value.line == 4 and "invalid control sequence" in caught.value.message
