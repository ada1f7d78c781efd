"""PO tokens both readers read alike: escapes in strings, the flags of a "#," line.

Shared by the line reader (reader.py) and the usual-shape reader (usual_reader.py), so that the two
cannot read a string or a flag line differently.
"""

from __future__ import annotations

import re

from i18nflow.gettext.po.writer import _FLAG_SEPARATORS

_UNESCAPE = re.compile(r"\\(x[0-9A-Fa-f]+|[0-7]{1,3}|.)")
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "b": "\b",
    "r": "\r",
    "f": "\f",
    "v": "\v",
    "a": "\a",
    "\\": "\\",
    '"': '"',
}


class _SyntaxError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _unescape(body: str, line: int) -> str:
    if "\\" not in body:
        return body
    high_bytes = False

    def repl(m: re.Match[str]) -> str:
        nonlocal high_bytes
        code = m.group(1)
        simple = _SIMPLE_ESCAPES.get(code)
        if simple is not None:
            return simple
        if code[0] == "x" and len(code) > 1:  # "\x" without a hex digit is invalid (po-lex.c)
            value = int(code[1:], 16)
        elif code[0] in "01234567":
            value = int(code, 8)
        else:
            raise _SyntaxError(f"invalid control sequence '\\{code}'", line)
        if value == 0:
            # gettext's strings are C strings: a NUL would end the translation there, and a
            # NUL byte written back makes git and editors treat the catalog as binary.
            raise _SyntaxError(f"'\\{code}' (a NUL character) is not allowed in a PO string", line)
        if value >= 0x80:
            high_bytes = True
            return chr(0xDC00 + (value & 0xFF))
        return chr(value)

    text = _UNESCAPE.sub(repl, body)
    if high_bytes:
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8")
        except UnicodeError as exc:
            raise _SyntaxError("invalid multibyte sequence in escaped string", line) from exc
    return text


def _flag_tokens(text: str) -> list[str]:
    """Tokens of one "#," line, with "range:" kept together with its value."""
    tokens = [t for t in _FLAG_SEPARATORS.split(text) if t]
    if "range:" not in tokens:
        return tokens
    result: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "range:" and i + 1 < len(tokens):
            result.append("range: " + tokens[i + 1])
            i += 2
        else:
            result.append(tokens[i])
            i += 1
    return result
