"""Do a translation's format directives fit its msgid?  (``msgfmt -c`` for Python formats)

``update`` needs the answer where msgmerge needs it: an entry that gains a format flag from the
template (``#, python-format``) is marked fuzzy when its translation does not fit, so a
reviewed ``%(datum)s`` for ``%(date)s`` is never used by a page that would then fail. The rules
are those of gettext's ``format-python.c`` and ``format-python-brace.c``: named directives of
the translation must be named in the msgid, and unnamed ones must match in number and type.
Other languages' formats are left to ``msgfmt -c`` (the posts' catalogs have none).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_PYTHON = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])?"
)
_BRACE = re.compile(r"\{\{|\}\}|\{(?P<name>[^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}")
_TYPES = {"d": "i", "i": "i", "o": "i", "u": "i", "x": "i", "X": "i", "c": "c", "r": "s", "s": "s", "a": "s"}


def format_mismatch(flags: Iterable[str], msgid: str, msgstr: str, plural: bool = False) -> bool:
    """True when ``msgstr`` breaks a format the flags name (only Python's are known here);
    ``plural``: it is a plural form, which may leave arguments out."""
    for flag in flags:
        if flag == "python-format" and _python_mismatch(msgid, msgstr, plural):
            return True
        if flag == "python-brace-format":
            source, target = _brace_names(msgid), _brace_names(msgstr)
            if target - source or (not plural and source - target):
                return True
    return False


def _python_directives(text: str) -> tuple[dict[str, str], list[str]] | None:
    """Named directives (name → type) and unnamed ones (types); None when malformed."""
    named: dict[str, str] = {}
    unnamed: list[str] = []
    for match in _PYTHON.finditer(text):
        conv = match.group("conv")
        if conv is None:
            return None
        if conv == "%":
            continue
        kind = _TYPES.get(conv, "f")
        if match.group("name") is not None:
            named[match.group("name")] = kind
        else:
            unnamed.append(kind)
    return named, unnamed


def _python_mismatch(msgid: str, msgstr: str, plural: bool) -> bool:
    source, target = _python_directives(msgid), _python_directives(msgstr)
    if source is None:
        return False  # not a valid format string: msgfmt says so about the msgid
    if target is None:
        return True
    (source_named, source_unnamed), (target_named, target_unnamed) = source, target
    if any(source_named.get(name) not in (kind, None) or name not in source_named for name, kind in target_named.items()):
        return True
    if not plural and set(source_named) != set(target_named):
        return True
    return source_unnamed != target_unnamed


def _brace_names(text: str) -> set[str]:
    return {m.group("name") for m in _BRACE.finditer(text) if m.group("name") is not None}
