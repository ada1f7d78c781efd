"""File-level checks of a catalog and the lookups that put a problem on the right lines.

A PO header that names another language or other plural rules than its folder makes every
gettext consumer pick wrong plural forms (or the wrong catalog), so ``Language`` and
``Plural-Forms`` are compared with the locale's CLDR data. Plural rules are compared by what
they compute, not by how they are spelled: ``plural=n != 1`` and ``plural=(n != 1)`` agree.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property, lru_cache
from typing import overload

import polib

from i18nflow.gettext.catalogs import plural_forms

_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_PLURAL = re.compile(r"plural\s*=\s*(.+?)\s*;?\s*$", re.S)


def header_problems(catalog: polib.POFile, locale: str, lines: Sequence[str]) -> list[tuple[int | None, str]]:
    """(line, message) for each header field that does not fit ``locale``."""
    problems: list[tuple[int | None, str]] = []
    language = catalog.metadata.get("Language", "").strip()
    if not language:
        problems.append((header_line(lines, "Language"), f"the header has no Language field; it should be {locale}"))
    elif _locale_key(language) != _locale_key(locale):
        problems.append((
            header_line(lines, "Language"),
            f"the header says Language: {language}, but the catalog is in the {locale} folder",
        ))
    plural = catalog.metadata.get("Plural-Forms", "").strip()
    expected = plural_forms(locale)
    if not plural:
        problems.append((header_line(lines, "Plural-Forms"), f"the header has no Plural-Forms field; {locale} needs {expected!r}"))
    elif not same_plural_rules(plural, expected):
        problems.append((
            header_line(lines, "Plural-Forms"),
            f"Plural-Forms {plural!r} does not match {locale} (CLDR: {expected!r})",
        ))
    return problems


def _locale_key(locale: str) -> str:
    return locale.replace("-", "_").lower()


@lru_cache(maxsize=256)
def same_plural_rules(actual: str, expected: str) -> bool:
    """Same number of forms, and the same form for every n up to 10**6 that matters."""
    parsed = [_parse_plural(text) for text in (actual, expected)]
    first, second = parsed
    if first is None or second is None:
        return actual.replace(" ", "") == expected.replace(" ", "")
    (count_a, rule_a), (count_b, rule_b) = first, second
    if count_a != count_b:
        return False
    samples = [*range(0, 1001), 10_000, 100_000, 1_000_000, 2_000_000, 1_000_001]
    try:
        return all(rule_a(n) == rule_b(n) for n in samples)
    except (ValueError, ZeroDivisionError, TypeError):
        return False


def _parse_plural(text: str) -> tuple[int, Callable[[int], int]] | None:
    count = _NPLURALS.search(text)
    rule = _PLURAL.search(text.split(";", 1)[1] if ";" in text else "")
    if count is None or rule is None:
        return None
    try:
        return int(count.group(1)), gettext.c2py(rule.group(1).rstrip(";"))
    except (ValueError, RecursionError):
        return None


def header_line(lines: Sequence[str], field: str) -> int | None:
    """Line of a header field in the file, or of the header itself when the field is missing."""
    needle = f'"{field}:'
    for number, line in enumerate(lines[:60], 1):
        if line.startswith(needle):
            return number
    for number, line in enumerate(lines[:60], 1):
        if line.startswith('msgid ""'):
            return number
    return None


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
