"""Is a ``Plural-Forms`` header something gettext can use?  (port of gettext's plural.y)

A catalog whose header has an unparsable ``Plural-Forms`` is refused by ``msgfmt -c`` and
gives wrong plural forms at run time.  Rewriting such a file would bury the error under our
changes, so the reader reports it, naming the line.  The expression is only parsed, never
evaluated (no ``eval``): the tokens and the grammar are those of gettext's ``plural.y``, so
exactly what gettext accepts is accepted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

__all__ = ["plural_forms_problem"]

# xgettext's placeholder in a template: a POT is allowed to say "fill this in"
TEMPLATE_VALUE = "nplurals=INTEGER; plural=EXPRESSION;"

# yylex() of plural.y: blanks are spaces and tabs; ';', a newline or the end stop the expression
_TOKEN = re.compile(r"[ \t]*(?:([0-9]+)|(==|!=|<=|>=|&&|\|\||[<>*/%+\-!?:()n])|(?=[;\n]|$))")
_BLANKS = " \t"
_BINARY = {
    "||": 1,
    "&&": 2,
    "==": 3,
    "!=": 3,
    "<": 4,
    ">": 4,
    "<=": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "/": 6,
    "%": 6,
}
_MAX_DEPTH = 100  # nesting of '(', '!' and '?:'; real rules need a handful


class _Invalid(Exception):
    pass


@lru_cache(maxsize=256)  # a run reads the same few headers thousands of times
def plural_forms_problem(value: str) -> str | None:
    """What is wrong with a ``Plural-Forms`` value, or None when gettext can use it.

    Like gettext, only what follows ``nplurals=`` and ``plural=`` is looked at: nplurals must
    be a positive integer and plural a C expression over ``n``.
    """
    if value.strip() == TEMPLATE_VALUE:
        return None
    start = value.find("nplurals=")
    if start >= 0:
        count = re.match(r"[ \t\n\r\f\v]*([0-9]+)", value[start + 9 :])
        if count is None or not count.group(1).strip("0"):
            shown = re.split(r"[; \t\n]", value[start + 9 :].lstrip(), maxsplit=1)[0]
            return f"nplurals must be a positive integer, not {shown!r}"
    start = value.find("plural=")
    if start >= 0:
        expression = re.split(r"[;\n]", value[start + 7 :], maxsplit=1)[0].strip(_BLANKS)
        try:
            _Parser(_tokens(value[start + 7 :])).whole()
        except _Invalid as exc:
            return f"the plural expression {expression!r} is not a valid C expression: {exc}"
    return None


def _tokens(text: str) -> list[str]:
    """Tokens of the expression up to its end (';', newline or end of text)."""
    tokens: list[str] = []
    pos = 0
    while True:
        match = _TOKEN.match(text, pos)
        if match is None:
            raise _Invalid(f"unexpected {text[pos:].lstrip(_BLANKS)[:1]!r}")
        if match.lastindex is None:
            return tokens
        tokens.append(match.group(match.lastindex))
        pos = match.end()


class _Parser:
    """Recursive descent over plural.y's grammar, operators in its precedence order."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def whole(self) -> None:
        self.expression()
        if self.pos < len(self.tokens):
            raise _Invalid(f"unexpected {self.tokens[self.pos]!r}")

    def expression(self) -> None:
        """``cond ? a : b`` (right-associative, lowest precedence) or a binary expression."""
        self.binary(1)
        if self.peek() == "?":
            self.pos += 1
            self.nested(self.expression)
            self.expect(":")
            self.nested(self.expression)

    def binary(self, level: int) -> None:
        self.operand()
        while (op := self.peek()) in _BINARY and _BINARY[op] >= level:
            self.pos += 1
            self.binary(_BINARY[op] + 1)

    def operand(self) -> None:
        token = self.peek()
        if token is None:
            raise _Invalid("it ends where an operand is expected")
        self.pos += 1
        if token == "!":
            self.nested(self.operand)
        elif token == "(":
            self.nested(self.expression)
            self.expect(")")
        elif token != "n" and not token.isdigit():
            raise _Invalid(f"unexpected {token!r}")

    def nested(self, parse: Callable[[], None]) -> None:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise _Invalid("nested too deeply")
        parse()
        self.depth -= 1

    def expect(self, token: str) -> None:
        if self.peek() != token:
            found = self.peek()
            raise _Invalid(
                f"{token!r} expected" + (f", found {found!r}" if found else " at the end")
            )
        self.pos += 1

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None


def nplurals(value: str, default: int = 2) -> int:
    """The ``nplurals`` of a ``Plural-Forms`` value (``default`` when it has none): how many
    ``msgstr[i]`` a plural entry of the catalog needs."""
    match = re.search(r"nplurals[ \t]*=[ \t]*([0-9]+)", value)
    if match is None or int(match.group(1)) < 1:
        return default
    return min(int(match.group(1)), 100)
