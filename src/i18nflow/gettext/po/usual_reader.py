"""The catalog in the shape msgcat and i18nflow write it, read entry by entry, not line by line.

A preview page reads a catalog per locale, and the line reader (reader.py ``_parse_lines``) was
a tenth of such a page: a state machine asking of every line what it is and what may follow.
Nearly every catalog is written in one shape: comment lines, an optional ``msgctxt``, ``msgid``,
``msgstr`` (or ``msgid_plural`` and ``msgstr[n]``), each a keyword, one space and one string on
its line, then its continuation strings one to a line, and empty lines between entries. One
regular expression matches such an entry; matched end to end, the entries must tile the whole
text. :func:`usual_entries` builds from them exactly the entries the line reader builds (same
attributes, same line numbers), and gives up (None) at anything else: obsolete ``#~`` or
previous ``#|`` lines, blanks around tokens, two strings on a line, a backslash-newline, CR,
a duplicate message, a string whose escapes do not decode. The line reader then reads the
whole text, so every error keeps its message and line. tests/gettext/test_usual_reader.py holds
the two readers equal on every catalog of the repository, generated projects and random ones.
"""

from __future__ import annotations

import re

import polib

from i18nflow.gettext.po.entry import po_entry
from i18nflow.gettext.po.references import parse_references
from i18nflow.gettext.po.tokens import _flag_tokens, _SyntaxError, _unescape

# The body of a string on one line: no quote, newline or lone backslash (escapes are decoded
# later by the line reader's own _unescape, piece by piece as it does).
_S = r'[^"\\\n]*(?:\\[^\n][^"\\\n]*)*'
_MORE = f'(?:"{_S}"\\n)*'
# Comment lines in the order gettext writes them: translator, extracted, references, flags.
_ENTRY = re.compile(
    r"(?P<tc>(?:#(?![.:,!~|])[^\n]*\n)*)"
    r"(?P<ec>(?:#\.[^\n]*\n)*)"
    r"(?P<refs>(?:#:[^\n]*\n)*)"
    r"(?P<flags>(?:#[,!][^\n]*\n)*)"
    f'(?:msgctxt "(?P<ctx>{_S})"\\n(?P<ctxmore>{_MORE}))?'
    f'msgid "(?P<id>{_S})"\\n(?P<idmore>{_MORE})'
    f'(?:msgstr "(?P<str>{_S})"\\n(?P<strmore>{_MORE})'
    f'|msgid_plural "(?P<pl>{_S})"\\n(?P<plmore>{_MORE})'
    f'(?P<forms>(?:msgstr\\[[0-9]+\\] "{_S}"\\n{_MORE})+))'
    r"\n*"
)
_FORM = re.compile(f'msgstr\\[([0-9]+)\\] "({_S})"\\n({_MORE})')
_PIECE = re.compile(f'"({_S})"\\n')


class UsualCatalog:
    """What :func:`usual_entries` read: the entries in file order but the header, and the header."""

    __slots__ = ("entries", "header", "empty_header_comment")

    def __init__(
        self, entries: list[polib.POEntry], header: polib.POEntry | None, empty_header_comment: bool
    ) -> None:
        self.entries = entries
        self.header = header
        self.empty_header_comment = empty_header_comment


def _value(first: str, more: str) -> str:
    """A keyword's string and its continuation lines (``"..."\\n`` each), decoded as the line
    reader decodes them: each string on its own."""
    if "\\" in first:
        first = _unescape(first, 0)
    if not more:
        return first
    if "\\" not in more:
        return first + more[1:-2].replace('"\n"', "")
    return first + "".join(_unescape(piece, 0) for piece in _PIECE.findall(more))


_NONE: list[str] = []  # no comment lines (only read)


def _comments(lines: str, prefix: int) -> list[str]:
    """The comments of a run of "#" (prefix 1) or "#." (prefix 2) lines, one space dropped."""
    if lines.find("\n") == len(lines) - 1:  # one line, as usual
        return [lines[prefix + 1 : -1] if lines[prefix : prefix + 1] == " " else lines[prefix:-1]]
    return [
        line[prefix + 1 :] if line[prefix : prefix + 1] == " " else line[prefix:]
        for line in lines[:-1].split("\n")
    ]


_FLAGS: dict[str, list[str]] = {}  # "#," line -> its tokens (a few distinct lines in a run)


def _flags(lines: str) -> list[str]:
    """Tokens of the last "#," line of a run: like msgcat, a later line replaces the flags."""
    last = lines[lines.rfind("\n", 0, -1) + 3 : -1]
    tokens = _FLAGS.get(last)
    if tokens is None:
        if len(_FLAGS) > 1000:
            _FLAGS.clear()
        tokens = _FLAGS[last] = _flag_tokens(last)
    return list(tokens)


def usual_entries(text: str, references: bool = True) -> UsualCatalog | None:
    """The entries of ``text`` when it is all in the usual shape (see the module), else None."""
    if not text.endswith("\n") or "\r" in text or "\\\n" in text:
        return None
    pos = len(text) - len(text.lstrip("\n"))
    line = 1 + pos
    end = len(text)
    match = _ENTRY.match
    count = text.count
    entries: list[polib.POEntry] = []
    header: polib.POEntry | None = None
    empty_header_comment = False
    seen: set[tuple[str | None, str]] = set()
    encoding = polib.default_encoding
    try:
        while pos < end:
            m = match(text, pos)
            if m is None:
                return None
            tc, ec, refs, flags, ctx, ctxmore, msgid, idmore, msgstr, strmore, plural_id, plmore, forms = (
                m.groups()
            )
            if idmore or "\\" in msgid:
                msgid = _value(msgid, idmore)
            if ctx is not None and (ctxmore or "\\" in ctx):
                ctx = _value(ctx, ctxmore)
            key = (ctx, msgid)
            if key in seen:
                return None
            seen.add(key)
            plural: dict[int, str] = {}
            if forms is None:
                if strmore or "\\" in msgstr:
                    msgstr = _value(msgstr, strmore)
                plural_id = ""
            else:
                msgstr = ""
                plural_id = _value(plural_id, plmore)
                for index, first, more in _FORM.findall(forms):
                    if int(index) != len(plural):
                        return None
                    plural[len(plural)] = _value(first, more)
            tcomments = _comments(tc, 1) if tc else _NONE
            ecomments = _comments(ec, 2) if ec else _NONE
            entry = po_entry(
                msgid,
                msgstr,
                plural_id,
                plural,
                ctx,
                False,
                encoding,
                "\n".join(ecomments),
                "\n".join(tcomments),
                parse_references(" ".join(r[2:] for r in refs[:-1].split("\n")))
                if refs and references
                else [],
                _flags(flags) if flags else [],
                None,
                None,
                None,
                line + count("\n", pos, m.start("id")),
            )
            if tcomments == [""] or ecomments == [""]:
                empty = set()
                if tcomments == [""]:
                    empty.add("tcomment")
                if ecomments == [""]:
                    empty.add("comment")
                entry._i18nflow_empty_comments = empty
            if msgid == "" and ctx is None:
                header = entry
                empty_header_comment = tcomments == [""]
            else:
                entries.append(entry)
            next_pos = m.end()
            line += count("\n", pos, next_pos)
            pos = next_pos
    except _SyntaxError:
        return None  # an escape the line reader refuses: it says where and why
    return UsualCatalog(entries, header, empty_header_comment)
