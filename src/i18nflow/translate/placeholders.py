"""Turn everything an engine must not translate into opaque placeholders, and back.

Machine translation engines translate, reorder, re-space or drop anything that looks like text:
URLs, code, HTML, Liquid, kramdown attribute lists, brand names.  Before a string is sent we
replace each such piece (and the Markdown delimiters around translatable text, e.g. ``**`` or
``[`` … ``](url)``) by a token the engine passes through untouched, and afterwards put the
originals back.  Restoring is strict: a dropped, duplicated, unknown or mangled token raises
:class:`PlaceholderError`, so a broken translation is never written.

Two token styles:

* ``bracket`` – ``[X7X]``, the form Weblate uses.  Verified with Apertium (eng-spa, eng-cat):
  it survives the txt deformatter and is treated as an unknown word; online engines keep it too.
* ``xml`` – ``<x id="7"/>`` for engines with real tag handling (DeepL ``tag_handling="xml"``).

Token numbers start at 1; ``Protected.tokens[k - 1]`` is the original text of token ``k``.
"""

from __future__ import annotations

import bisect
import collections
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt

from i18nflow.errors import EngineError

__all__ = [
    "PlaceholderError",
    "Protected",
    "markdown_signature",
    "protect",
    "restore",
    "split_edges",
    "split_lines",
    "token_pattern",
]

STYLES = ("bracket", "xml")

# Lenient forms: engines add spaces, change case or use full-width brackets.
_BRACKET_RE = re.compile(r"[\[［]\s*[Xx]\s*(\d{1,4})\s*[Xx]\s*[\]］]")
_XML_RE = re.compile(r"<\s*x\s+id\s*=\s*[\"'“”]?(\d{1,4})[\"'“”]?\s*/?\s*>")
# Left-over fragments of a token after all well-formed ones are removed mean "mangled".
_BRACKET_DEBRIS = re.compile(r"[\[［]\s*[Xx](?![A-Za-z])|(?<![A-Za-z0-9])[Xx]\s?\d{1,4}\s?[Xx](?![A-Za-z0-9])")
_XML_DEBRIS = re.compile(r"<\s*/?\s*x\b", re.IGNORECASE)

_HTML_RE = re.compile(
    r"<!--.*?-->"  # comment
    r"|<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*>"  # autolink <https://...>
    r"|<[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+>"  # e-mail autolink
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*?)?\s*/?>"  # open / close tag
    r"|<\?.*?\?>|<![A-Z][^>]*>",  # processing instruction, declaration
    re.DOTALL,
)
_ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_FOOTNOTE_RE = re.compile(r"\[\^[^\]\s]+\]")
# printf/Python format directives of template strings ("Published on %(date)s", "{count}")
_FORMAT = r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0+]*\d*(?:\.\d+)?[sdifrxXeEgGc]|(?<![\w%])%[sd](?!\w)|\{[A-Za-z_][A-Za-z0-9_]*\}"
_CODE_TAG_RE = re.compile(r"<(code|samp)(?:\s[^<>]*)?>", re.IGNORECASE)
_URL = r"(?<![\w/@])(?:(?:https?|ftp)://|www\.)[^\s<>`\[\]{}]+"
# math (kramdown's $$…$$, MathJax's \(…\) and \[…\], also double-escaped): never translated
_MATH = r"\$\$.+?\$\$|\\\\?\(.+?\\\\?\)|\\\\?\[.+?\\\\?\]"
_EMAIL = r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_TRIGGERS = set("\\`{<&[!*_~>")
_LINE_BREAK_RE = re.compile(r"[ \t]*\\*\r?\n[ \t]*")  # all the backslashes: kramdown breaks after two


class PlaceholderError(EngineError):
    """An engine dropped, duplicated, reordered or mangled a placeholder."""


@dataclass(frozen=True)
class Protected:
    """What to send to the engine (``text``) and the originals of its tokens.

    ``kinds`` says for each token whether it opens (``open``) or closes (``close``) a span of
    translatable text, or stands alone (``atom``); ``pairs`` lists (open id, close id).  They
    let :func:`restore` undo spaces engines put inside ``**…**`` and check pairs stay ordered.
    """

    text: str
    tokens: tuple[str, ...]
    style: str = "bracket"
    kinds: tuple[str, ...] = ()
    pairs: tuple[tuple[int, int], ...] = ()


@dataclass
class _Tok:
    text: str
    kind: str  # "open", "close" or "atom"
    pair: int | None = None


_Piece = str | _Tok


def token_pattern(style: str = "bracket") -> re.Pattern[str]:
    """The (lenient) regular expression that finds tokens of ``style`` in an engine's answer."""
    return _XML_RE if style == "xml" else _BRACKET_RE


def render_token(number: int, style: str = "bracket") -> str:
    return f'<x id="{number}"/>' if style == "xml" else f"[X{number}X]"


def split_edges(msgid: str) -> tuple[str, str, str]:
    """Split off leading and trailing whitespace: engines strip it, we re-attach it."""
    core = msgid.strip()
    if not core:
        return msgid, "", ""
    start = msgid.index(core[0])
    return msgid[:start], core, msgid[start + len(core) :]


def split_lines(core: str) -> tuple[list[str], list[str]]:
    """Cut ``core`` at (hard) line breaks; returns the lines and the breaks between them.

    Engines merge or drop line breaks, so each line is translated on its own and the original
    breaks (with their two trailing spaces or backslash) are put back verbatim.
    """
    lines: list[str] = []
    breaks: list[str] = []
    pos = 0
    for match in _LINE_BREAK_RE.finditer(core):
        lines.append(core[pos : match.start()])
        breaks.append(match.group())
        pos = match.end()
    lines.append(core[pos:])
    return lines, breaks


_MATH_RE = re.compile(_MATH)
_CODE_SPAN_RE = re.compile(r"(`+)(?:.*?[^`])?\1(?!`)")


def _math_spans(s: str) -> dict[int, int]:
    """Math outside code spans (a code span about ``$$`` is code, not math)."""
    if "$$" not in s and "\\" not in s:
        return {}
    from i18nflow.source.dialects.math import looks_like_math

    blanked = _CODE_SPAN_RE.sub(lambda m: " " * len(m.group()), s)
    # ``\[JAVA\]`` in a link text is escaped brackets, not MathJax: render and extraction
    # judge by the same rule
    return {
        m.start(): m.end()
        for m in _MATH_RE.finditer(blanked)
        if m.group().startswith("$$") or looks_like_math(m.group())
    }


# Unicode noncharacters (U+FDD0..U+FDEF, and the last two code points of every plane) are
# legal in a PO file but not text: Apertium's stream format, for one, drops everything after a
# U+FFFF. They travel as placeholders, so the engine never sees them and they come back intact.
_NONCHARACTERS = "[\uFDD0-\uFDEF" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
) + "]+"


@lru_cache(maxsize=64)
def _specials_re(terms: tuple[str, ...]) -> re.Pattern[str]:
    parts = [f"(?P<url>{_URL})", f"(?P<email>{_EMAIL})", f"(?P<fmt>{_FORMAT})", f"(?P<nonchar>{_NONCHARACTERS})"]
    words = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if words:
        alternatives = "|".join(re.escape(t) for t in words)
        parts.append(rf"(?P<term>(?<!\w)(?:{alternatives})(?!\w))")
    return re.compile("|".join(parts))


def _trim_url(url: str) -> str:
    while url:
        last = url[-1]
        if last in ".,:;!?'\"*_~" or (last == ")" and url.count("(") < url.count(")")):
            url = url[:-1]
        else:
            break
    return url


class _Scanner:
    """A small hand-written inline Markdown scanner that keeps exact source slices.

    markdown-it's tokens lose the source text of delimiters and link destinations, so we cut
    the string ourselves; :func:`markdown_signature` (markdown-it) later verifies the result.
    """

    def __init__(self, terms: tuple[str, ...], style: str) -> None:
        self.specials = _specials_re(terms)
        self.xml = style == "xml"
        self.next_pair = 0

    def scan(self, s: str) -> list[_Piece]:
        math = _math_spans(s)
        specials: dict[int, int] = dict(math)
        for match in self.specials.finditer(s):
            if math and any(start <= match.start() < end for start, end in math.items()):
                continue
            end = match.end()
            if match.lastgroup == "url":
                end = match.start() + len(_trim_url(match.group()))
            if end > match.start():
                specials[match.start()] = end
        out: list[_Piece] = []
        i, n, text_start = 0, len(s), 0
        while i < n:
            if i in specials:
                found: tuple[list[_Piece], int] | None = ([_Tok(s[i : specials[i]], "atom")], specials[i])
            else:
                found = self._markup(s, i) if s[i] in _TRIGGERS else None
            if found is None:
                i += 1
                continue
            if text_start < i:
                out.append(s[text_start:i])
            pieces, i = found
            out.extend(pieces)
            text_start = i
        if text_start < n:
            out.append(s[text_start:])
        return out

    def _markup(self, s: str, i: int) -> tuple[list[_Piece], int] | None:
        c = s[i]
        if c == "\\":
            if i + 1 < len(s) and s[i + 1] in _ASCII_PUNCT:
                return [_Tok(s[i : i + 2], "atom")], i + 2
            return None
        if c == "`":
            end = _code_span_end(s, i)
            if end is None:
                run = len(s) - len(s[i:].lstrip("`"))
                return [s[i:run]], run
            return [_Tok(s[i:end], "atom")], end
        if c == "{":
            for opener, closer in (("{{", "}}"), ("{%", "%}"), ("{:", "}")):
                if s.startswith(opener, i):
                    end = s.find(closer, i + len(opener))
                    if end >= 0:
                        return [_Tok(s[i : end + len(closer)], "atom")], end + len(closer)
            return None
        if c == "<":
            code = _CODE_TAG_RE.match(s, i)
            if code:  # <code>…</code> written in HTML is code as a code span is: one token
                end = s.lower().find(f"</{code.group(1).lower()}>", code.end())
                if end >= 0:
                    end = s.index(">", end) + 1
                    return [_Tok(s[i:end], "atom")], end
            match = _HTML_RE.match(s, i)
            if match:
                return [_Tok(match.group(), "atom")], match.end()
            return ([_Tok("<", "atom")], i + 1) if self.xml else None
        if c == ">":
            return ([_Tok(">", "atom")], i + 1) if self.xml else None
        if c == "&":
            match = _ENTITY_RE.match(s, i)
            if match:
                return [_Tok(match.group(), "atom")], match.end()
            return ([_Tok("&", "atom")], i + 1) if self.xml else None
        if c == "!":
            if s.startswith("[", i + 1):
                return self._link(s, i + 1, "![")
            return None
        if c == "[":
            match = _FOOTNOTE_RE.match(s, i)
            if match:
                return [_Tok(match.group(), "atom")], match.end()
            return self._link(s, i, "[")
        return self._emphasis(s, i)

    def _link(self, s: str, i: int, opener: str) -> tuple[list[_Piece], int] | None:
        start = i + 1 - len(opener)
        close = _matching_bracket(s, i)
        if close is None:
            return None
        end = None
        if s.startswith("(", close + 1):
            end = _matching_paren(s, close + 1)
        elif s.startswith("[", close + 1):
            label_end = s.find("]", close + 2)
            if label_end > close + 2:
                end = label_end + 1
            elif label_end == close + 2:  # collapsed [text][]: the text is the label
                return [_Tok(s[start : label_end + 1], "atom")], label_end + 1
        if end is None:  # shortcut reference or plain brackets: the text may be a label
            return [_Tok(s[start : close + 1], "atom")], close + 1
        inner = s[i + 1 : close]
        if not inner.strip():
            return [_Tok(s[start:end], "atom")], end
        pair = self._pair()
        return [_Tok(opener, "open", pair), *self.scan(inner), _Tok(s[close:end], "close", pair)], end

    def _emphasis(self, s: str, i: int) -> tuple[list[_Piece], int] | None:
        c = s[i]
        k = _run_length(s, i, c)
        prev = s[i - 1] if i else " "
        after = s[i + k] if i + k < len(s) else " "
        literal: list[_Piece] = [s[i : i + k]]
        if c == "_" and prev.isalnum():
            return literal, i + k  # intraword underscore: snake_case, not emphasis
        if c == "~" and k != 2:
            return literal, i + k
        if k <= 3 and not after.isspace():
            close = _closing_run(s, i + k, c, k)
            if close is not None:
                pair = self._pair()
                inner = self.scan(s[i + k : close])
                return [_Tok(c * k, "open", pair), *inner, _Tok(c * k, "close", pair)], close + k
        if c == "*" or (c == "_" and not prev.isalnum()):
            return [_Tok(s[i : i + k], "atom")], i + k
        return literal, i + k

    def _pair(self) -> int:
        self.next_pair += 1
        return self.next_pair


def _run_length(s: str, i: int, c: str) -> int:
    """How many ``c`` in a row start at ``i`` (a loop: slicing ``s[i:]`` made each call O(n))."""
    j = i
    while j < len(s) and s[j] == c:
        j += 1
    return j - i


@lru_cache(maxsize=64)
def _backtick_runs(s: str) -> dict[int, list[int]]:
    """Start of every maximal run of backticks, by run length: one pass over the string."""
    runs: dict[int, list[int]] = {}
    for match in re.finditer(r"`+", s):
        runs.setdefault(len(match.group()), []).append(match.start())
    return runs


def _code_span_end(s: str, i: int) -> int | None:
    """End of the code span opened by the backtick run at ``i``: the next run of the same
    length (found by bisection, so a thousand unclosed backticks cost no quadratic scan)."""
    run = _run_length(s, i, "`")
    starts = _backtick_runs(s).get(run, [])
    index = bisect.bisect_right(starts, i)
    return starts[index] + run if index < len(starts) else None


def _skip(s: str, j: int) -> int:
    """Index after an escape or code span starting at ``j`` (or ``j + 1``)."""
    if s[j] == "\\":
        return j + 2
    if s[j] == "`":
        end = _code_span_end(s, j)
        if end is not None:
            return end
    return j + 1


def _matching_bracket(s: str, i: int) -> int | None:
    return _bracket_pairs(s).get(i)


@lru_cache(maxsize=64)
def _bracket_pairs(s: str) -> dict[int, int]:
    """Every ``[`` with its matching ``]`` (escapes and code spans skipped), in one pass with a
    stack: scanning forward from each ``[`` was quadratic on ``[[[[…``."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    j = 0
    while j < len(s):
        c = s[j]
        if c == "[":
            stack.append(j)
        elif c == "]" and stack:
            pairs[stack.pop()] = j
        j = _skip(s, j)
    return pairs


def _matching_paren(s: str, i: int) -> int | None:
    depth, j = 0, i
    while j < len(s):
        c = s[j]
        if c == "<" and depth == 1 and s[i + 1 : j].strip() == "":
            end = s.find(">", j)
            if end < 0:
                return None
            j = end + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j = j + 2 if c == "\\" else j + 1
    return None


def _closing_run(s: str, j: int, c: str, k: int) -> int | None:
    """The first run of exactly ``k`` ``c`` at or after ``j`` that can close emphasis."""
    closers = _closers(s, c, k)
    index = bisect.bisect_left(closers, j)
    return closers[index] if index < len(closers) else None


@lru_cache(maxsize=256)
def _closers(s: str, c: str, k: int) -> tuple[int, ...]:
    """Where runs of exactly ``k`` ``c`` could close emphasis, found in one pass (a scan from
    each opener was quadratic on ``*a **a *a **a …``)."""
    found: list[int] = []
    j, n = 0, len(s)
    while j < n:
        if s[j] == c:
            run = _run_length(s, j, c)
            after = s[j + run] if j + run < n else " "
            if run == k and j > 0 and not s[j - 1].isspace() and not (c == "_" and after.isalnum()):
                found.append(j)
            j += run
            continue
        j = _skip(s, j)
    return tuple(found)


def _merge(pieces: list[_Piece]) -> list[str | list[_Tok]]:
    """Join text characters and fuse adjacent tokens: ``**[`` becomes one token."""
    merged: list[str | list[_Tok]] = []
    for piece in pieces:
        last = merged[-1] if merged else None
        if isinstance(piece, str):
            if isinstance(last, str):
                merged[-1] = last + piece
            else:
                merged.append(piece)
        elif isinstance(last, list):
            last.append(piece)
        else:
            merged.append([piece])
    return merged


def protect(msgid: str, terms: Sequence[str] = (), style: str = "bracket") -> Protected:
    """Replace markup and do-not-translate pieces of ``msgid`` by tokens of ``style``."""
    if style not in STYLES:
        raise ValueError(f"unknown placeholder style {style!r} (expected one of {STYLES})")
    scanner = _Scanner(tuple(terms), style)
    parts: list[str] = []
    tokens: list[str] = []
    kinds: list[str] = []
    owner: dict[int, dict[str, int]] = {}
    for item in _merge(scanner.scan(msgid)):
        if isinstance(item, str):
            parts.append(item)
            continue
        number = len(tokens) + 1
        has_open = any(t.kind == "open" for t in item)
        has_close = any(t.kind == "close" for t in item)
        kinds.append("open" if has_open and not has_close else "close" if has_close and not has_open else "atom")
        tokens.append("".join(t.text for t in item))
        for t in item:
            if t.pair is not None:
                owner.setdefault(t.pair, {})[t.kind] = number
        parts.append(render_token(number, style))
    pairs = tuple(
        sorted(
            {
                (ends["open"], ends["close"])
                for ends in owner.values()
                if ends.get("open") and ends.get("close") and ends["open"] != ends["close"]
            }
        )
    )
    return Protected("".join(parts), tuple(tokens), style, tuple(kinds), pairs)


def _adjacency(protected: Protected) -> dict[int, tuple[bool, bool]]:
    """For each token: (whitespace right before it, whitespace right after it) in the source."""
    text = protected.text
    result: dict[int, tuple[bool, bool]] = {}
    for match in token_pattern(protected.style).finditer(text):
        before = match.start() == 0 or text[match.start() - 1].isspace()
        after = match.end() == len(text) or text[match.end()].isspace()
        result[int(match.group(1))] = (before, after)
    return result


def restore(translated: str, protected: Protected) -> str:
    """Put the originals back into an engine's answer; raise if any token did not survive."""
    if not protected.tokens:
        if _debris(translated, protected):
            raise PlaceholderError("the translation contains a placeholder that was never sent")
        return translated
    count = len(protected.tokens)
    matches = list(token_pattern(protected.style).finditer(translated))
    seen = [int(m.group(1)) for m in matches]
    unknown = sorted({n for n in seen if not 1 <= n <= count})
    if unknown:
        raise PlaceholderError(f"the engine invented placeholder(s) {_names(unknown, protected)}")
    present = set(seen)  # sets, not list scans: thousands of tokens in one long paragraph
    missing = [n for n in range(1, count + 1) if n not in present]
    if missing:
        raise PlaceholderError(f"the engine dropped or mangled placeholder(s) {_names(missing, protected)}")
    duplicated = sorted(n for n, times in collections.Counter(seen).items() if times > 1)
    if duplicated:
        raise PlaceholderError(f"the engine duplicated placeholder(s) {_names(duplicated, protected)}")
    texts: list[str] = []
    pos = 0
    for match in matches:
        texts.append(translated[pos : match.start()])
        pos = match.end()
    texts.append(translated[pos:])
    if _debris("".join(texts), protected):
        raise PlaceholderError("the engine mangled a placeholder")
    order = {n: index for index, n in enumerate(seen)}
    for opener, closer in protected.pairs:
        if order[opener] > order[closer]:
            raise PlaceholderError(f"the engine swapped placeholders {_names([opener, closer], protected)}")
    # Engines put spaces inside "**…**" or "[…](…)", which breaks the Markdown: undo that.
    adjacency = _adjacency(protected)
    kinds = protected.kinds or ("atom",) * count
    for index, number in enumerate(seen):
        space_before, space_after = adjacency.get(number, (True, True))
        if kinds[number - 1] == "open" and not space_after:
            texts[index + 1] = texts[index + 1].lstrip()
        if kinds[number - 1] == "close" and not space_before:
            texts[index] = texts[index].rstrip()
    out = [texts[0]]
    for index, number in enumerate(seen):
        out.append(protected.tokens[number - 1])
        out.append(texts[index + 1])
    return "".join(out)


def _names(numbers: Sequence[int], protected: Protected) -> str:
    return ", ".join(render_token(n, protected.style) for n in numbers)


def _debris(text: str, protected: Protected) -> bool:
    pattern = _XML_DEBRIS if protected.style == "xml" else _BRACKET_DEBRIS
    source_text = token_pattern(protected.style).sub("", protected.text)
    return len(pattern.findall(text)) > len(pattern.findall(source_text))


# Where the inline rules of markdown-it's commonmark preset (with strikethrough) can begin a node:
# emphasis, strikethrough, code spans, autolinks and HTML, escapes, entities, line breaks, and
# links and images, which need "](" (parseInline knows no reference definitions, so "[x]" alone
# is text: a pseudo-translation's brackets). Text without any of them is one text token.
_INLINE_MARKUP = re.compile(r"[*_~`<&\\\n\r]|\]\(")


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("strikethrough")


def markdown_signature(text: str) -> tuple[tuple[str, str, str], ...]:
    """Fingerprint of the inline Markdown structure of ``text``, ignoring the words.

    Each link, image, emphasis, code span, inline HTML and line break becomes
    ``(enclosing path, kind, target or content)``; the result is sorted, so a translation
    may reorder siblings (adjectives move, links swap places) but must keep every node, its
    nesting and its exact target.  Equal signatures mean the translation kept the markup.
    """
    if _INLINE_MARKUP.search(text) is None:
        return ()  # no character an inline rule starts at: nothing but text (most table cells)
    nodes: list[tuple[str, str, str]] = []
    tokens = _markdown().parseInline(text)
    _walk(tokens[0].children or [] if tokens else [], [], nodes)
    return tuple(sorted(nodes))


def _walk(children: list, path: list[str], nodes: list[tuple[str, str, str]]) -> None:  # type: ignore[type-arg]
    for token in children:
        kind = token.type
        where = "/".join(path)
        if kind.endswith("_open"):
            name = kind[: -len("_open")]
            detail = f"{token.attrs.get('href', '')} {token.attrs.get('title', '')}".strip()
            nodes.append((where, name, detail or token.markup))
            path.append(name)
        elif kind.endswith("_close"):
            if path:
                path.pop()
        elif kind == "image":
            detail = f"{token.attrs.get('src', '')} {token.attrs.get('title', '')}".strip()
            nodes.append((where, "image", detail))
            _walk(token.children or [], [*path, "image"], nodes)
        elif kind in ("code_inline", "html_inline"):
            nodes.append((where, kind, token.content))
        elif kind in ("hardbreak", "softbreak"):
            nodes.append((where, kind, ""))
