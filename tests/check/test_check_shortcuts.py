"""check's shortcuts give exactly the answers of the long way round.

An untranslated catalog is judged without reading and merging it (checks_untranslated), other
catalogs are read block by block with the template's blocks parsed once (checks_blocks), and
msgfmt runs once per distinct header instead of once per catalog (checks_msgfmt_proof). They are
only worth having if nobody can tell from the output: each test here computes the same thing
both ways, on catalogs broken in the ways translators and tools break them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Project, needs_gettext
from i18nflow.check import msgfmt as checks_msgfmt
from i18nflow.check import runner as checks
from i18nflow.check.blocks import TemplateBlocks
from i18nflow.check.domain import DomainResult, DomainTask, check_domain
from i18nflow.check.msgfmt_proof import header_probe, needs_msgfmt, plain
from i18nflow.check.options import check_options
from i18nflow.check.untranslated import Untranslated
from i18nflow.config import load_config
from i18nflow.gettext.po import parse_po_text, read_po

DOMAIN = "microcurrent-facial"


def _header(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, 1)


# Each turns an up-to-date untranslated catalog into something a person or a tool could leave.
MUTATIONS: dict[str, Callable[[str], str]] = {
    "unchanged": lambda text: text,
    "language": _header('"Language: es\\n"', '"Language: fr\\n"'),
    "plural forms": _header('"Plural-Forms: ', '"Plural-Forms: nplurals=1; plural=0;\\n"\n"X-Old: '),
    "invalid plural forms": lambda text: re.sub(r'"Plural-Forms: [^\n]*\n(?:"[^\n]*\n)*?(?="Generated)',
                                                lambda _: '"Plural-Forms: nplurals=x; plural=n;\\n"\n', text, count=1),
    "no language": _header('"Language: es\\n"\n', ""),
    "fuzzy header": lambda text: "#, fuzzy\n" + text,
    "header comment": lambda text: "# Spanish translation of the post.\n" + text,
    "extra field": _header('"Generated-By:', '"X-Generator: Poedit 3.4\\n"\n"Generated-By:'),
    "duplicate field": _header('"Generated-By:', '"Language: es\\n"\n"Generated-By:'),
    "latin-1 charset": _header("charset=UTF-8", "charset=ISO-8859-1"),
    "charset placeholder": _header("charset=UTF-8", "charset=CHARSET"),
    "spaced project name": _header(f'"Project-Id-Version: {DOMAIN}\\n"', '"Project-Id-Version: Micro Current\\n"'),
    "old template date": lambda text: re.sub(r'"POT-Creation-Date: [^"]*"',
                                             lambda _: '"POT-Creation-Date: 2001-01-01 00:00+0000\\n"', text, count=1),
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "bom": lambda text: "\ufeff" + text,
    "extra blank line": _header("\n\n", "\n\n\n"),
    "no header": lambda text: text[text.index("\n\n") + 2 :],
    "header only": lambda text: text[: text.index("\n\n") + 1],
    "last entry missing": lambda text: text[: text.rindex("\n\n") + 1],
    "trailing blank line": lambda text: text + "\n",
    "obsolete entry": lambda text: text + '\n#~ msgid "Gone"\n#~ msgstr "Ido"\n',
    "one entry translated": lambda text: re.sub(r'(msgid "[^"]+"\n)msgstr ""', r'\1msgstr "Traducido."', text, count=1),
    "all translated": lambda text: re.sub(r'(\nmsgid "[^"]+"\n)msgstr ""', r'\1msgstr "Traducido 45."', text),
    "translated, rewrapped": lambda text: re.sub(r'(\nmsgid ""\n(?:"[^\n]*"\n)+)msgstr ""', r'\1msgstr ""\n"Traducido "\n"largo."',
                                                 text, count=1),
    "translated and fuzzy": lambda text: re.sub(r'(#: [^\n]*\n)(msgid "[^"]+"\n)msgstr ""', r'\1#, fuzzy\n\2msgstr "Quizás."',
                                                text, count=1),
    "translated with a skip comment": lambda text: re.sub(r'\n(#\. [^\n]*\n#: [^\n]*\nmsgid "[^"]+"\n)msgstr ""',
                                                          r'\n# i18nflow-skip-check:numbers\n\1msgstr "Sin 1."', text, count=1),
    "two entries in one block": lambda text: re.sub(r'(msgstr ""\n)\n(#\.)', r'\1\2', text[: text.index("\n\n") + 2] + re.sub(
        r'(msgid "[^"]+"\n)msgstr ""', r'\1msgstr "Uno."', text[text.index("\n\n") + 2 :], count=1), count=2),
    "comment-only block": lambda text: text.replace("\n\n#.", "\n\n# a note\n\n#.", 1),
    "header twice": lambda text: text + '\nmsgid ""\nmsgstr "Language: es\\n"\n',
    "duplicate of a template entry": lambda text: text + "\n" + re.sub(
        r'msgstr ""', 'msgstr "Otra vez."', text[text.index("\n\n") + 2 :].split("\n\n")[0], count=1) + "\n",
    "obsolete empty msgid": lambda text: text + '\n#~ msgid ""\n#~ msgstr "x"\n',
    "backslash newline": lambda text: re.sub(r'(msgid "[^"]+"\n)msgstr ""', lambda m: m.group(1) + 'msgstr "Tra\\\nducido."',
                                             text, count=1),
    "control character": _header('"Language-Team:', '"X-Note: a\x01b\\n"\n"Language-Team:'),
    "broken string": _header('"Language: es\\n"', '"Language: es\\n'),
}


def _project(make_project: Callable[..., Project]) -> tuple[Project, Path]:
    project = make_project('locales = ["es"]\n[engines]\ndefault = "none"\n')
    project.run("update")
    return project, project.po("es", DOMAIN)


def _check(root: Path, monkeypatch: pytest.MonkeyPatch, shortcut: bool) -> DomainResult:
    config = load_config(root)
    options = check_options(config, ["es"], cache=False, workers=1)
    posts = tuple(checks._group_posts(config)[DOMAIN])
    with monkeypatch.context() as patch:
        if not shortcut:
            patch.setattr(Untranslated, "header", lambda self, data, locale: None)
            patch.setattr(TemplateBlocks, "read", lambda self, data: None)
        return check_domain(config, options, DomainTask(DOMAIN, posts))


def test_untranslated_catalogs_take_the_shortcut_and_agree_with_a_full_read(
    make_project: Callable[..., Project], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, po = _project(make_project)
    original = po.read_text(encoding="utf-8")
    taken: list[bool] = []
    header = Untranslated.header
    monkeypatch.setattr(Untranslated, "header", lambda self, data, locale: _spy(taken, header(self, data, locale)))
    for name, mutate in MUTATIONS.items():
        po.write_bytes(mutate(original).encode("utf-8"))
        taken.clear()
        fast = _check(project.root, monkeypatch, shortcut=True)
        slow = _check(project.root, monkeypatch, shortcut=False)
        assert (fast.findings, fast.counts, fast.entries_checked, fast.msgfmt_probes) == (
            slow.findings, slow.counts, slow.entries_checked, slow.msgfmt_probes
        ), name
        if name == "unchanged":
            assert taken == [True] and fast.findings == [] and fast.msgfmt_probes


def _spy(taken: list[bool], result: object) -> object:
    taken.append(result is not None)
    return result


def test_non_utf8_bytes_in_the_header_are_left_to_the_reader(
    make_project: Callable[..., Project], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, po = _project(make_project)
    po.write_bytes(po.read_bytes().replace(b'"Language-Team:', b'"X-Name: Jos\xe9\\n"\n"Language-Team:', 1))
    fast = _check(project.root, monkeypatch, shortcut=True)
    slow = _check(project.root, monkeypatch, shortcut=False)
    assert fast.findings == slow.findings and [f.check for f in fast.findings] == ["syntax"]


# msgfmt, once per header ----------------------------------------------------------------

HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: {name}\\n"\n"POT-Creation-Date: {date}\\n"\n'
    '"PO-Revision-Date: {date}\\n"\n"Last-Translator: Someone\\n"\n"Language-Team: Spanish\\n"\n'
    '"Language: es\\n"\n"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)


def test_probes_of_catalogs_that_differ_only_in_name_and_dates_are_one() -> None:
    first = parse_po_text(HEADER.format(name="post-one", date="2024-01-02 03:04+0000"))
    second = parse_po_text(HEADER.format(name="Post_2.x", date="2025-12-31 23:59-0500"))
    placeholder = parse_po_text(HEADER.format(name="PACKAGE VERSION", date="YEAR-MO-DA HO:MI+ZONE"))
    assert header_probe(first) == header_probe(second)
    assert header_probe(placeholder) != header_probe(first)  # msgfmt reads these values


@pytest.mark.parametrize(
    ("entry", "needed"),
    [
        ('msgid "Hello"\nmsgstr "Hola"\n', False),
        ('msgid "Hello"\nmsgstr ""\n', False),
        ('msgid "Hello\\n"\nmsgstr "Hola"\n', True),
        ('msgid "\\nHello"\nmsgstr "Hola"\n', True),
        ('#, fuzzy\nmsgid "Hello\\n"\nmsgstr "Hola"\n', False),
        ('#, c-format\nmsgid "%d items"\nmsgstr "%d cosas"\n', True),
        ('msgid "One"\nmsgid_plural "Many"\nmsgstr[0] "Uno"\nmsgstr[1] "Muchos"\n', True),
        ('msgid "One"\nmsgid_plural "Many"\nmsgstr[0] ""\nmsgstr[1] ""\n', False),
        ('#~ msgid "Old\\n"\n#~ msgstr "Viejo"\n', False),
    ],
)
def test_entries_msgfmt_must_see(entry: str, needed: bool) -> None:
    catalog = parse_po_text(HEADER.format(name="x", date="2024-01-02 03:04+0000") + "\n" + entry)
    assert [needs_msgfmt(e) for e in catalog] == [needed]


def test_control_characters_send_a_catalog_to_msgfmt() -> None:
    assert plain(b'msgid "a"\nmsgstr "b"\n')
    assert not plain(b'msgid "a\x04b"\nmsgstr "b"\n') and not plain(b'msgid "a"\tmsgstr "b"\n')


@needs_gettext
def test_msgfmt_findings_are_those_of_msgfmt_on_every_file(
    make_project: Callable[..., Project], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The oracle: msgfmt -c run on each catalog, as check did before it learned to skip."""
    project = make_project('locales = ["es", "de", "fr", "ca"]\n[engines]\ndefault = "none"\n')
    for number in range(6):
        project.post(f"2021-01-0{number + 1}-post-{number}.md", f"""\
            ---
            title: Post number {number}
            ---
            First paragraph of post {number}.

            Second paragraph, with 42 words or so.
            """)
    project.run("update")
    broken = {
        ("es", "post-0"): _translated("Hola.", "First paragraph of post 0."),
        ("es", "post-1"): _translated("\\nHola.", "First paragraph of post 1."),  # begins with \n
        ("es", "post-2"): _translated("Hola.\\n", "First paragraph of post 2."),  # ends with \n
        ("es", "post-3"): _flagged("c-format", "%d palabras.", "Second paragraph, with 42 words or so."),
        ("de", "post-0"): _header('"Last-Translator: Automatically generated\\n"',
                                  '"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"'),
        ("de", "post-1"): _header('"Language-Team: German <LL@li.org>\\n"\n', ""),
        ("de", "post-2"): _header("charset=UTF-8", "charset=CHARSET"),
        ("fr", "post-0"): _header('"MIME-Version: 1.0\\n"', '"MIME-Version: 1.0\\n"\n"Language: fr\\n"'),
        ("fr", "post-1"): _header('"Language: fr\\n"\n', ""),
        ("fr", "post-2"): _flagged("python-format", "%(n)s mots.", "Second paragraph, with 42 words or so."),
        ("ca", "post-0"): lambda text: text + '\n#. x\nmsgid "One"\nmsgid_plural "Many"\nmsgstr[0] "U"\n',
        ("ca", "post-1"): _header('"Project-Id-Version: post-1\\n"', '"Project-Id-Version: PACKAGE VERSION\\n"'),
    }
    for (locale, domain), mutate in broken.items():
        path = project.po(locale, domain)
        path.write_text(mutate(path.read_text(encoding="utf-8")), encoding="utf-8")

    config = load_config(project.root)
    options = check_options(config, ["es", "de", "fr", "ca"], cache=False, workers=1)
    sent: list[int] = []
    check_catalogs = checks_msgfmt.check_catalogs
    monkeypatch.setattr(checks_msgfmt, "check_catalogs", lambda files: sent.append(len(files)) or check_catalogs(files))
    fast = checks.run_check(config, options)
    assert sum(sent) < len(list(project.root.glob("locales/*/LC_MESSAGES/*.po")))  # probes stood in

    def every_file(config, options, files, computed, cache):  # type: ignore[no-untyped-def]
        found = check_catalogs({config.relative(path): path.read_bytes() for path in files.catalogs.values()})
        return {key: found[config.relative(path)] for key, path in files.catalogs.items()}, {}

    monkeypatch.setattr(checks, "_msgfmt_diagnostics", every_file)
    slow = checks.run_check(config, options)
    assert fast.sorted_findings() == slow.sorted_findings()
    reported = {(f.locale, Path(f.file or "").stem) for f in fast.findings if f.check == "msgfmt"}
    assert {("es", "post-1"), ("es", "post-2"), ("es", "post-3"), ("de", "post-0"), ("de", "post-2")} <= reported


def _translated(msgstr: str, msgid: str) -> Callable[[str], str]:
    return lambda text: text.replace(f'msgid "{msgid}"\nmsgstr ""', f'msgid "{msgid}"\nmsgstr "{msgstr}"', 1)


def _flagged(flag: str, msgstr: str, msgid: str) -> Callable[[str], str]:
    def mutate(text: str) -> str:
        text = _translated(msgstr, msgid)(text)
        return re.sub(rf'(\n#: [^\n]*\n)(msgid "{re.escape(msgid)}")', rf"\1#, {flag}\n\2", text, count=1)

    return mutate


def test_probe_of_a_read_catalog_matches_the_untranslated_header(make_project: Callable[..., Project]) -> None:
    project, po = _project(make_project)
    config = load_config(project.root)
    template = read_po(config.pot_path(DOMAIN))
    untranslated = Untranslated(template, config.pot_path(DOMAIN).read_text(encoding="utf-8"), "now")
    header = untranslated.header(po.read_bytes(), "es")
    assert header is not None and header_probe(header) == header_probe(read_po(po))


def test_thousands_of_translated_blocks_read_as_a_whole_read_gives_them(tmp_path: Path) -> None:
    """Translated blocks are parsed a thousand at a time (a parse per block cost more than the
    messages): entries, lines and order are still those of read_po, across the runs' seams and
    between template blocks."""
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    blocks = [f'#. table cell\n#: post.md:{i}\nmsgid "cell {i}"\nmsgstr ""\n' for i in range(2600)]
    template = "\n".join([header, *blocks])
    translated = [
        block if i % 1300 == 7 else block.replace('msgstr ""', f'msgstr "Zelle {i}"\n"weiter"')
        for i, block in enumerate(blocks)
    ]
    data = "\n".join([header, *translated]).encode("utf-8")
    path = tmp_path / "de.po"
    path.write_bytes(data)
    fast = TemplateBlocks(template).read(data)
    slow = read_po(path)
    assert fast is not None
    assert [(e.msgid, e.msgstr, e.linenum) for e in fast if e.msgstr] == [
        (e.msgid, e.msgstr, e.linenum) for e in slow if e.msgstr
    ]
    assert [e.msgid for e in fast] == [e.msgid for e in slow] and len(fast) == 2600
    assert fast[2599].msgstr == "Zelle 2599weiter" and fast[2599].linenum == slow[2599].linenum > 10_000
