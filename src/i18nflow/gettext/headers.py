"""A catalog's ``Language`` and ``Plural-Forms`` against its folder's locale, and their repair.

What gettext accepts is accepted: a region variant of the folder's locale, and any
``Plural-Forms`` that groups the numbers 0 to 1000 as CLDR does (GNU's two-form Spanish rule,
which ``msginit -l es`` writes, groups them as CLDR's three-form one: its third form is for
millions). ``update --fix-headers`` (:func:`fix_headers`) replaces anything else with CLDR's and
re-sizes every plural translation, each new form taking the old form of the same numbers.
"""

from __future__ import annotations

import gettext
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

import polib

from i18nflow.gettext.plural_forms import nplurals

_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_PLURAL = re.compile(r"plural\s*=\s*(.+?)\s*;?\s*$", re.S)
_SAMPLES = (*range(0, 1001), 10_000, 100_000, 1_000_000, 2_000_000, 1_000_001)


def _locale_key(locale: str) -> str:
    return locale.replace("-", "_").lower()


def same_language(language: str, locale: str) -> bool:
    """The header's Language is the folder's locale, or a region variant of it (``es_ES`` in
    ``es``, ``pt-BR`` in ``pt_BR``): what gettext would look up for that folder."""
    header, folder = _locale_key(language).split(".")[0].split("@")[0], _locale_key(locale)
    return header == folder or ("_" not in folder and header.split("_")[0] == folder)


@lru_cache(maxsize=256)
def same_forms(actual: str, expected: str) -> bool:
    """Both rules put the same numbers together for every n from 0 to 1000 (which form index
    each gets does not matter: GNU's Spanish rule has 2 forms, CLDR's 3 with a "many" form that
    only millions use), and ``actual`` stays within its own nplurals, as ``msgfmt -c`` requires."""
    parsed = [_parse_plural(text) for text in (actual, expected)]
    first, second = parsed
    if first is None or second is None:
        return False
    (count, rule), (_, cldr) = first, second
    pairs: dict[int, int] = {}
    seen: dict[int, int] = {}
    try:
        for n in range(1001):
            ours, theirs = rule(n), cldr(n)
            if not 0 <= ours < count or pairs.setdefault(theirs, ours) != ours or seen.setdefault(ours, theirs) != theirs:
                return False
    except (ValueError, ZeroDivisionError, TypeError, RecursionError):
        return False
    return True


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


def fix_headers(catalog: polib.POFile, locale: str, cldr_plural_forms: str) -> bool:
    """Set ``Language`` and ``Plural-Forms`` where they do not fit ``locale``; True when changed.

    Plural translations are re-sized to the new nplurals without losing any: each new form
    takes the old form the old rule gave most of the same numbers (an old two-form rule's plural
    fills CLDR's ``many`` and ``other``), or the form of the same index when the old rule cannot
    be read.
    """
    changed = False
    language = catalog.metadata.get("Language", "").strip()
    if not language or not same_language(language, locale):
        catalog.metadata["Language"] = locale
        changed = True
    old = catalog.metadata.get("Plural-Forms", "").strip()
    if old and (same_plural_rules(old, cldr_plural_forms) or same_forms(old, cldr_plural_forms)):
        return changed
    catalog.metadata["Plural-Forms"] = cldr_plural_forms
    source = _form_sources(old, cldr_plural_forms)
    for entry in catalog:
        if entry.msgid_plural:
            forms = {int(k): v for k, v in entry.msgstr_plural.items()}
            entry.msgstr_plural = {j: forms.get(i, "") for j, i in enumerate(source)}
    return True


def _form_sources(old: str, new: str) -> list[int]:
    """For each form of the new rule, the old rule's form for the same numbers."""
    count = nplurals(new)
    parsed_old, parsed_new = _parse_plural(old), _parse_plural(new)
    if parsed_old is None or parsed_new is None:
        return list(range(count))
    (old_count, old_rule), (_, new_rule) = parsed_old, parsed_new
    votes: dict[int, Counter[int]] = {}
    try:
        for n in _SAMPLES:
            votes.setdefault(new_rule(n), Counter())[min(old_rule(n), old_count - 1)] += 1
    except (ValueError, ZeroDivisionError, TypeError, RecursionError):
        return list(range(count))
    # the old form most of the new form's numbers had
    return [votes[j].most_common(1)[0][0] if j in votes else min(j, old_count - 1) for j in range(count)]


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
