"""File-level checks of a catalog and the lookups that put a problem on the right lines.

A PO header that names another language or other plural rules than its folder makes every
gettext consumer pick wrong plural forms (or the wrong catalog), so ``Language`` and
``Plural-Forms`` are compared with the locale's CLDR data. Plural rules are compared by what
they compute, not by how they are spelled: ``plural=n != 1`` and ``plural=(n != 1)`` agree.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import overload

import polib

from i18nflow.gettext.catalogs import plural_forms
from i18nflow.gettext.headers import header_line, same_forms, same_language, same_plural_rules


def header_problems(catalog: polib.POFile, locale: str, lines: Sequence[str]) -> list[tuple[str, int | None, str]]:
    """(check, line, message) for each header field that does not fit ``locale``.

    What gettext accepts is accepted: a region variant of the folder's locale (``es_ES`` in
    ``es``), and any Plural-Forms gettext can use that gives CLDR's forms for 0 to 1000 (GNU's
    ``nplurals=2; plural=(n != 1);`` for Spanish, which ``msginit`` writes). One that gives other
    forms is a ``plural-forms`` warning naming CLDR's, which ``update --fix-headers`` sets.
    """
    problems: list[tuple[str, int | None, str]] = []
    language = catalog.metadata.get("Language", "").strip()
    if not language:
        problems.append(("header", header_line(lines, "Language"), f"the header has no Language field; it should be {locale}"))
    elif not same_language(language, locale):
        problems.append((
            "header",
            header_line(lines, "Language"),
            f"the header says Language: {language}, but the catalog is in the {locale} folder; "
            "`i18nflow update --fix-headers` corrects it",
        ))
    plural = catalog.metadata.get("Plural-Forms", "").strip()
    expected = plural_forms(locale)
    if not plural:
        problems.append(("header", header_line(lines, "Plural-Forms"), f"the header has no Plural-Forms field; {locale} needs {expected!r}"))
    elif not same_plural_rules(plural, expected) and not same_forms(plural, expected):
        problems.append((
            "plural-forms",
            header_line(lines, "Plural-Forms"),
            f"Plural-Forms {plural!r} gives other forms than CLDR's for {locale} ({expected!r}); "
            "`i18nflow update --fix-headers` sets CLDR's and re-sizes the plural translations",
        ))
    return problems


def msgstr_line(lines: Sequence[str], msgid_line: int | None) -> int | None:
    """The line of an entry's msgstr, the line a translator changed (polib knows the msgid's)."""
    if not msgid_line:
        return msgid_line
    for index in range(msgid_line - 1, min(len(lines), msgid_line + 200)):
        if lines[index].startswith(("msgstr", "#~ msgstr")):
            return index + 1
    return msgid_line


def source_at(lines: Sequence[str], line: int | None) -> tuple[str | None, int | None]:
    """The post and line of the entry around a PO line: its first ``#:`` reference."""
    if not line:
        return None, None
    index = min(line, len(lines)) - 1
    while index >= 0 and lines[index].strip():
        index -= 1
    for text in lines[index + 1 : line]:
        if text.startswith("#: "):
            first = text[3:].split()[0].strip("\u2068\u2069") if text[3:].split() else ""
            path, _, number = first.rpartition(":")
            if path and number.isdigit():
                return path, int(number)
            return first or None, None
    return None, None


class LazyLines(Sequence[str]):
    """The lines of a catalog's bytes, decoded and split only when a line is asked for: they
    serve to place a finding, and most catalogs have none."""

    def __init__(self, data: bytes, encoding: str = "utf-8") -> None:
        self._data = data
        self._encoding = encoding

    @cached_property
    def _lines(self) -> list[str]:
        return self._data.decode(self._encoding, "replace").splitlines()

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._lines[index]

    def __len__(self) -> int:
        return len(self._lines)

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)
