"""Translation QA rules, one translator mistake at a time, and the helpers check relies on."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import needs_gettext
from i18nflow.check import msgfmt
from i18nflow.check.anchors import check_anchors, scan
from i18nflow.check.files import source_at
from i18nflow.check.options import check_options
from i18nflow.check.qa import check_entry, skipped_checks
from i18nflow.check.stale import first_difference
from i18nflow.config import Config, RenderOptions
from i18nflow.errors import ConfigError
from i18nflow.gettext.headers import same_plural_rules
from i18nflow.source.content import load_post
from i18nflow.source.markup import inventory, numbers_in, references_in
from i18nflow.source.segments import extract_segments


def checks(msgid: str, msgstr: str, kind: str = "paragraph", terms: tuple[str, ...] = ()) -> list[str]:
    return [issue.check for issue in check_entry(msgid, msgstr, [kind], terms)]


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        ("Read [the docs](https://a.example/docs).", "Lee [los docs](https://b.example/docs).", ["urls"]),
        ("![A cat](/img/cat.png)", "![Un gato](/img/gato.png)", ["urls"]),
        ("Run `make`.", "Ejecuta `hacer`.", ["code"]),
        ("Press <kbd>Enter</kbd>.", "Pulsa Intro.", ["html"]),
        ("Plain words.", "Palabras <img src=x onerror=alert(1)>.", ["html"]),
        ("A [link](https://a.example).", "Un [enlace](javascript:alert(1)).", ["urls", "unsafe-url"]),
        ("Go <a href=\"/x\">there</a>.", "Ve <a href=\"JaVa&#x09;script:alert()\">allí</a>.", ["html", "unsafe-url"]),
        ("By {{ site.author }}.", "Por el autor.", ["liquid"]),
        ("{% include note.html %} Text.", "{% include nota.html %} Texto.", ["liquid"]),
        ("As shown[^1].", "Como se ve.", ["footnotes"]),
        ("Try Hydrafacial now.", "Prueba Hidrafacial ya.", ["terms"]),
        ("Some **bold** text.", "Texto **en negrita.", ["emphasis"]),
        ("Some *soft* text.", "Texto *suave_ aquí.", ["emphasis"]),
        ("It costs 45 euros.", "Cuesta 54 euros.", ["numbers"]),
        ("Text.", " Texto.", ["whitespace"]),
        ("Some text.", " \t\n ", ["empty"]),
        ("Line one\nline two", "Línea uno línea dos", ["line-breaks"]),
        ("One\ntwo", "Uno\ndos\ntres", ["line-breaks"]),
    ],
)
def test_each_rule_catches_its_mistake(msgid: str, msgstr: str, expected: list[str]) -> None:
    assert checks(msgid, msgstr, terms=("Hydrafacial",)) == expected


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Read [the docs](https://a.example) and `code`.", "Lee `code` y [los docs](https://a.example)."),
        ("It has 1,000.5 units.", "Tiene 1.000,5 unidades."),
        ("Costs 10 000 pesos.", "Cuesta 10\u202f000 pesos."),
        ("Use {{site.url}} here.", "Usa {{ site.url }} aquí."),
        ("Call image_to_string() now.", "Llama a ímage_to_string() ya."),
        ("An escaped \\* star.", "Una estrella \\* escapada."),
        ("Press <kbd>Enter</kbd>.", "Pulsa <kbd>Intro</kbd>."),
        ("Some **bold** text.", "Un texto **en negrita**."),
    ],
)
def test_faithful_translations_pass(msgid: str, msgstr: str) -> None:
    assert checks(msgid, msgstr) == []


@pytest.mark.parametrize(
    ("msgstr", "kind", "block"),
    [
        ("# Título", "heading", "a heading"),
        ("- Uno y dos", "paragraph", "a list"),
        ("1. Enero es frío", "list item", "a numbered list"),
        ("```\ncódigo", "paragraph", "a code block"),
        ("> Cita", "blockquote", "a blockquote"),
    ],
)
def test_translation_must_not_start_a_block_the_source_has_not(msgstr: str, kind: str, block: str) -> None:
    issues = [i for i in check_entry("Plain text of the source", msgstr, [kind]) if i.check != "line-breaks"]
    assert [(i.check, block in i.message) for i in issues] == [("structure", True)]


def test_table_cells_keep_their_pipes() -> None:
    assert [i.message[:20] for i in check_entry("a \\| b", "a | b", ["table cell"])] == ["drops an escaped \\| "]
    assert [i.check for i in check_entry("a b", "a | b", ["table cell"])] == ["structure"]
    assert check_entry("a \\| b", "x \\| y", ["table cell"]) == []
    assert check_entry("Front | matter", "Front | materia", ["front matter: title"]) == []


def test_front_matter_values_are_not_markdown_blocks() -> None:
    assert check_entry("Step one", "1. Paso", ["front matter: title"]) == []


def test_skip_flags_name_checks_or_all() -> None:
    assert skipped_checks(["fuzzy", "i18nflow-skip-check:numbers", "i18nflow-skip-check:urls"]) == {"numbers", "urls"}
    assert "terms" in skipped_checks(["i18nflow-skip-check"])


def test_inventory_resolves_reference_links_of_the_post() -> None:
    refs = references_in("Intro.\n\n[Guide]: https://a.example/guide\n")
    assert inventory("See [the guide][guide].", refs).links == ("https://a.example/guide",)
    assert check_entry("See [the guide][guide].", "Ver [la guía][otra].", ["paragraph"], (), refs)[0].check == "urls"


def test_numbers_ignore_urls_footnotes_and_liquid() -> None:
    assert numbers_in("Item 3 of {{ 5 }} [^7] [x](http://a/9) costs 1,5") == ("15", "3")


# anchors ----------------------------------------------------------------------------------

ANCHOR_POST = """\
---
title: Anchors
---

## Aftercare

Read the [aftercare notes](#aftercare).

## Pinned {#pinned}

Also see [the pinned part](#pinned).
"""


def _anchor_issues(tmp_path: Path, translations: dict[str, str], heading_ids: str = "none") -> list[str]:
    path = tmp_path / "post.md"
    path.write_text(ANCHOR_POST, encoding="utf-8")
    post = load_post(path, tmp_path, tmp_path)
    segments = extract_segments(post, ["title"])
    issues = check_anchors(post, segments, lambda s: translations.get(s.msgid), RenderOptions(heading_ids=heading_ids))
    return [issue.key[1] + ": " + issue.message for issue in issues]


def test_translated_heading_loses_its_generated_anchor(tmp_path: Path) -> None:
    issues = _anchor_issues(tmp_path, {"Aftercare": "Cuidados"})
    assert len(issues) == 1 and issues[0].startswith("Aftercare: the translated heading no longer has the anchor #aftercare")
    assert _anchor_issues(tmp_path, {"Aftercare": "Cuidados"}, heading_ids="source") == []
    assert _anchor_issues(tmp_path, {"Pinned": "Fijado"}) == []  # explicit ids stay


def test_translator_link_to_a_missing_anchor(tmp_path: Path) -> None:
    issues = _anchor_issues(tmp_path, {"Also see [the pinned part](#pinned).": "Ver [la parte](#fijada)."})
    assert issues == ["Also see [the pinned part](#pinned).: links to #fijada, which is no heading or id of the translated post"]


def test_scan_finds_kramdown_ids_html_ids_and_links() -> None:
    anchors, links = scan('# FAQ\n\n# FAQ\n\n<div id="box">x</div>\n\n[a](#faq-1) <a href="#box">b</a>\n')
    assert {"faq", "faq-1", "box"} <= anchors and links == {"faq-1", "box"}


@pytest.mark.parametrize("dialect", ["kramdown", "goldmark"])
def test_anchor_ids_are_those_the_sites_builder_makes(tmp_path: Path, dialect: str) -> None:
    # Jekyll (kramdown's GFM parser) and Hugo (goldmark) keep letters such as Ü and a code
    # span's text; kramdown's own ids (plain CommonMark projects) drop both
    body = "## Ünïcode `api` & more\n\nSee [it](#ünïcode-api--more).\n"
    assert "ünïcode-api--more" in scan(body, dialect)[0]
    assert scan(body, "commonmark")[0] == {"ncode---more"}
    path = tmp_path / "post.md"
    path.write_text(body, encoding="utf-8")
    post = load_post(path, tmp_path, tmp_path)
    segments = extract_segments(post, [], dialect)
    issues = check_anchors(post, segments, lambda s: {"Ünïcode `api` & more": "Unicode `api`"}.get(s.msgid),
                           RenderOptions(), dialect=dialect)
    assert [issue.message.split(" that ")[0] for issue in issues] == [
        "the translated heading no longer has the anchor #ünïcode-api--more"
    ]
    # read as CommonMark the link pointed nowhere in the source already: nothing to report
    assert check_anchors(post, extract_segments(post, [], "commonmark"), lambda s: "Unicode", RenderOptions()) == []


# files, msgfmt, options -----------------------------------------------------------------------


def test_plural_rules_compare_by_what_they_compute() -> None:
    assert same_plural_rules("nplurals=2; plural=n != 1;", "nplurals=2; plural=(n != 1);")
    assert not same_plural_rules("nplurals=2; plural=(n > 1);", "nplurals=2; plural=(n != 1);")
    assert not same_plural_rules("nplurals=1; plural=0;", "nplurals=2; plural=(n != 1);")


def test_msgfmt_output_is_parsed_per_line_with_continuations() -> None:
    stderr = (
        "x.po:8: duplicate message definition...\n"
        "x.po:5: ...this is the location of the first definition\n"
        "x.po:2: warning: header field 'Language-Team' missing in header\n"
        "msgfmt: x.po: warning: PO file header missing or invalid\n"
        "                  warning: charset conversion will not work\n"
        "msgfmt: found 2 fatal errors\n"
    )
    found = msgfmt.parse_output(stderr, "x.po")
    assert [(d.level, d.line) for d in found] == [("error", 8), ("warning", 2), ("error", None)]
    assert "first defined at line 5" in found[0].message


@needs_gettext
def test_msgfmt_batches_report_exactly_what_msgfmt_says_per_file() -> None:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: es\\n"\n\n'
    good = header + 'msgid "same"\nmsgstr "igual"\n'
    bad = header + 'msgid "same"\nmsgstr "\\nigual"\n'
    files = {f"f{n}.po": good.encode() for n in range(5)}  # the same msgid in every file is fine
    files["bad.po"] = bad.encode()
    result = msgfmt.check_catalogs(files)
    assert not any(d.level == "error" for n in range(5) for d in result[f"f{n}.po"])
    assert [(d.level, d.line) for d in result["bad.po"] if d.level == "error"] == [("error", 7)]


def test_source_of_a_po_line_is_its_entry_reference() -> None:
    lines = ["", "#. paragraph", "#: content/posts/a.md:12 content/posts/b.md:3", 'msgid "x"', 'msgstr "y"']
    assert source_at(lines, 5) == ("content/posts/a.md", 12)


def test_first_difference_is_a_line_of_the_file_on_disk() -> None:
    assert first_difference("a\nb\nc\n", "a\nB\nc\n") == 2
    assert first_difference("a\nb\n", "a\n") == 2


def test_first_difference_passes_over_the_header_dates() -> None:
    """check's template is dated now: an update a minute earlier differs there first."""
    header = '"POT-Creation-Date: 2026-12-06 10:{}+0000\\n"\n'
    expected = 'msgid ""\n' + header.format("01") + '\nmsgid "Hello microcurrents"\n'
    actual = 'msgid ""\n' + header.format("00") + '\nmsgid "Hello microcurrects"\n'
    assert first_difference(expected, actual) == 4


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"fuzy": True}, "unknown key 'check.fuzy'"),
        ({"skip": ["numbrs"]}, "unknown check 'numbrs'"),
        ({"warn": "numbers"}, "'check.warn' must be a list"),
        ({"cache": "yes"}, "'check.cache' must be true or false"),
    ],
)
def test_check_table_is_validated(table: dict[str, object], message: str) -> None:
    config = Config(root=Path("."), check=table)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        check_options(config, ["es"])


def test_check_table_sets_levels_and_defaults() -> None:
    options = check_options(Config(root=Path("."), check={"warn": ["urls"], "fuzzy": True}), ["es"])
    assert options.level("urls") == "warning" and options.level("numbers") == "warning"
    assert options.level("html") == "error" and options.fuzzy
    assert check_options(Config(root=Path("."), check={"fuzzy": True}), ["es"], fuzzy=False).fuzzy is False
