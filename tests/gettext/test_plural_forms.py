"""Plural-Forms headers: the reader refuses exactly what gettext cannot parse, at its line."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from i18nflow.errors import CatalogError
from i18nflow.gettext.plural_forms import plural_forms_problem
from i18nflow.gettext.po import parse_po_text, read_po

MSGFMT = shutil.which("msgfmt")

VALID = [
    "nplurals=2; plural=(n != 1);",
    "nplurals=1; plural=0",
    "nplurals=2; plural=n>1",
    "nplurals=2; plural=!n;",
    "nplurals=2; plural=\tn\t!=\t1\t;",
    "nplurals=2 ; plural=n?1:0;",
    "nplurals=1; plural=n<=n>=n<n>n == n;",
    "nplurals=2; plural=n != 1 ? 1 : 0 ; something after the expression",
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5;",
    "nplurals = 2; plural = n != 1;",  # gettext looks for "plural=": not checked, as by gettext
]
INVALID = [
    ("nplurals=2; plural=(n != 1", "')' expected at the end"),
    ("nplurals=x; plural=n;", "nplurals must be a positive integer, not 'x'"),
    ("nplurals=; plural=n;", "nplurals must be a positive integer"),
    ("nplurals=0; plural=0;", "nplurals must be a positive integer, not '0'"),
    ("nplurals=2; plural=-n;", "unexpected '-'"),
    ("nplurals=2; plural=n = 1;", "unexpected '='"),
    ("nplurals=2; plural=n != 1 x;", "unexpected 'x'"),
    ("nplurals=2; plural=n&1;", "unexpected '&'"),
    ("nplurals=2; plural=;", "it ends where an operand is expected"),
    ("nplurals=2; plural=n ? 1 : 0 ? 1;", "':' expected at the end"),
    ("nplurals=2; plural=(n)(n);", "unexpected '('"),
    ("nplurals=2; plural=1n;", "unexpected 'n'"),
    ("nplurals=2; plural=N;", "unexpected 'N'"),
    ("nplurals=2; plural=n==1:0;", "unexpected ':'"),
    ("nplurals=2; plural=" + "(" * 500 + "n" + ")" * 500 + ";", "nested too deeply"),
]


def header(plural: str) -> str:
    escaped = plural.replace("\t", "\\t")
    return (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: {escaped}\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    )


@pytest.mark.parametrize("plural", VALID)
def test_plural_forms_gettext_accepts_are_read(plural: str) -> None:
    assert plural_forms_problem(plural) is None
    assert parse_po_text(header(plural)).metadata["Plural-Forms"] == plural.strip()


@pytest.mark.parametrize(("plural", "reason"), INVALID)
def test_plural_forms_gettext_refuses_are_an_error_at_their_line(plural: str, reason: str) -> None:
    with pytest.raises(CatalogError) as info:
        parse_po_text(header(plural), path="pl.po")
    assert info.value.line == 4
    assert info.value.message.startswith("invalid Plural-Forms header: ")
    assert reason in info.value.message


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("plural", [*VALID, *(plural for plural, _ in INVALID[:-1])])
def test_the_verdict_is_msgfmts(tmp_path: Path, plural: str) -> None:
    path = tmp_path / "pl.po"
    path.write_text(header(plural), encoding="utf-8")
    result = subprocess.run(
        [MSGFMT or "msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True
    )
    refused = any(
        word in result.stderr for word in ("invalid plural", "invalid nplurals", "nplurals = 0")
    )
    assert refused == (plural_forms_problem(plural) is not None), result.stderr


def test_the_template_placeholder_of_xgettext_is_read(tmp_path: Path) -> None:
    """A POT made by xgettext says nplurals=INTEGER: a template, not a broken catalog."""
    path = tmp_path / "messages.pot"
    path.write_text(header("nplurals=INTEGER; plural=EXPRESSION;"), encoding="utf-8")
    assert read_po(path).metadata["Plural-Forms"] == "nplurals=INTEGER; plural=EXPRESSION;"


def test_a_folded_header_names_the_line_holding_plural_forms() -> None:
    text = (
        '# comment\nmsgid ""\nmsgstr ""\n"Language: pl\\n"\n"Content-Type: text/plain; '
        'charset=UTF-8\\n"\n"Plural-Forms: nplurals=3; "\n"plural=(n==1 ? 0 : 1;\\n"\n'
    )
    with pytest.raises(CatalogError) as info:
        parse_po_text(text)
    assert info.value.line == 6 and "'(n==1 ? 0 : 1'" in info.value.message
