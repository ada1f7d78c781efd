"""Reading a catalog as gettext's reader does, keeping what polib's parser drops."""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from pathlib import Path

import polib

from i18nflow.errors import CatalogError, I18nflowError
from i18nflow.fsutil import read_regular
from i18nflow.gettext.plural_forms import plural_forms_problem
from i18nflow.gettext.po.charsets import decode_catalog
from i18nflow.gettext.po.entry import po_entry
from i18nflow.gettext.po.layout import Layout, set_layout
from i18nflow.gettext.po.references import parse_references
from i18nflow.gettext.po.tokens import _flag_tokens, _SyntaxError, _unescape
from i18nflow.gettext.po.usual_reader import UsualCatalog, usual_entries

# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\s*\[\s*(\d+)\s*\])?(?=[\s\"]|$)")
_STRING = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')
_BLANKS = " \t\f\v\r"


def _strings(rest: str, line: int) -> str:
    """Concatenated value of the string tokens making up rest of a line: at once for one string
    without escapes (the usual line), else as :func:`_scan_strings` reads them."""
    token = rest.strip(_BLANKS)
    if len(token) > 1 and token[0] == token[-1] == '"' and '"' not in token[1:-1] and "\\" not in token:
        return token[1:-1]
    return _scan_strings(rest, line)


def _scan_strings(rest: str, line: int) -> str:
    pos = 0
    n = len(rest)
    parts: list[str] = []
    while True:
        while pos < n and rest[pos] in _BLANKS:
            pos += 1
        if pos >= n:
            break
        m = _STRING.match(rest, pos)
        if m is None:
            if rest[pos] == '"':
                raise _SyntaxError("end-of-line within string", line)
            raise _SyntaxError(f"syntax error near {rest[pos : pos + 40]!r}", line)
        parts.append(_unescape(m.group(1), line))
        pos = m.end()
    if not parts:
        raise _SyntaxError("missing string", line)
    return "".join(parts)


def _keyword_strings(tail: str, line: int) -> str | None:
    """Strings after a keyword on its line; None when they start on the next line.

    gettext's grammar is made of tokens, not lines, so ``msgid`` alone followed by
    ``"text"`` is valid PO (babel writes it for a long ``#| msgid`` at a narrow width).
    """
    if not tail.strip(_BLANKS):
        return None
    return _strings(tail, line)


class _Pending:
    """The message being assembled while lines are read."""

    __slots__ = (
        "tcomments",
        "ecomments",
        "refs",
        "flags",
        "prev",
        "prev_field",
        "msgctxt",
        "msgid",
        "msgid_plural",
        "msgstr",
        "plural",
        "field",
        "obsolete",
        "line",
        "first_line",
        "more",
    )

    def __init__(self) -> None:
        self.tcomments: list[str] = []
        self.ecomments: list[str] = []
        self.refs: list[str] = []
        self.flags: list[str] = []
        self.prev: dict[str, str] = {}
        self.prev_field: str | None = None
        self.msgctxt: str | None = None
        self.msgid: str | None = None
        self.msgid_plural: str | None = None
        self.msgstr: str | None = None
        self.plural: dict[int, str] = {}
        self.field: str | None = None
        self.obsolete: bool | None = None
        self.line = 0
        self.first_line = 0
        # continuation strings by field ("#|" + field for previous ones), joined once at the
        # end: adding each line to the value copied it again (quadratic in a 5 MB msgid)
        self.more: dict[str, list[str]] = {}

    def join_more(self) -> None:
        for field, pieces in self.more.items():
            tail = "".join(pieces)
            if field.startswith("#|"):
                self.prev[field[2:]] += tail
            elif field == "msgctxt":
                self.msgctxt = (self.msgctxt or "") + tail
            elif field == "msgid":
                self.msgid = (self.msgid or "") + tail
            elif field == "msgid_plural":
                self.msgid_plural = (self.msgid_plural or "") + tail
            elif field == "msgstr":
                self.msgstr = (self.msgstr or "") + tail
            else:
                self.plural[int(field[7:-1])] += tail
        self.more = {}

    def complete(self) -> bool:
        return self.msgstr is not None or bool(self.plural)

    def started(self) -> bool:
        return self.msgctxt is not None or self.msgid is not None


def _parse_lines(text: str, catalog: polib.POFile, plural_forms: bool = True, references: bool = True) -> None:
    entries: list[tuple[_Pending | None, polib.POEntry]] = []
    cur = _Pending()
    seen: dict[tuple[str | None, str], int] = {}
    # (line, is a "#|" line, keyword) of a keyword whose first string is still to come
    awaiting: tuple[int, bool, str] | None = None

    def finish(lineno: int) -> None:
        nonlocal cur
        if not cur.started():
            return
        if cur.more:
            cur.join_more()
        if cur.msgid is None:
            raise _SyntaxError("missing 'msgid' section", lineno)
        if not cur.complete():
            raise _SyntaxError("missing 'msgstr' section", cur.line)
        key = (cur.msgctxt, cur.msgid)
        if key in seen:
            raise _SyntaxError(
                f"duplicate message definition (first defined at line {seen[key]})", cur.line
            )
        seen[key] = cur.line
        plural = cur.plural
        entry = po_entry(
            msgid=cur.msgid,
            msgstr=cur.msgstr or "",
            msgid_plural=cur.msgid_plural or "",
            msgstr_plural=plural,
            msgctxt=cur.msgctxt,
            obsolete=bool(cur.obsolete),
            comment="\n".join(cur.ecomments),
            tcomment="\n".join(cur.tcomments),
            occurrences=parse_references(" ".join(cur.refs)) if cur.refs and references else [],
            flags=cur.flags,  # a new list per "#," line (_flag_tokens), and cur is done with
            previous_msgctxt=cur.prev.get("msgctxt"),
            previous_msgid=cur.prev.get("msgid"),
            previous_msgid_plural=cur.prev.get("msgid_plural"),
            linenum=cur.line,
        )
        if cur.tcomments == [""] or cur.ecomments == [""]:
            empty = set()
            if cur.tcomments == [""]:
                empty.add("tcomment")
            if cur.ecomments == [""]:
                empty.add("comment")
            entry._i18nflow_empty_comments = empty
        header = cur.msgid == "" and cur.msgctxt is None and not cur.obsolete
        entries.append((cur if header else None, entry))  # the rest: 70 MB at 100,000 entries
        cur = _Pending()

    def new_comment(lineno: int) -> None:
        if cur.complete():
            finish(lineno)
        elif cur.started():
            raise _SyntaxError("comment inside a message", lineno)
        if not cur.first_line:
            cur.first_line = lineno

    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    numbers = range(1, len(lines) + 1)
    if "\\\n" in text:
        # gettext's lexer drops backslash-newline everywhere (po-lex.c, lex_getc).
        joined: list[str] = []
        joined_numbers: list[int] = []
        pending_start: int | None = None
        for lineno, raw in enumerate(lines, 1):
            if pending_start is not None:
                joined[-1] = joined[-1][:-1] + raw
            else:
                joined.append(raw)
                joined_numbers.append(lineno)
            pending_start = lineno if joined[-1].endswith("\\") else None
        lines = joined
        numbers = joined_numbers  # type: ignore[assignment]
    for lineno, line in zip(numbers, lines, strict=True):
        if line[:1] == '"' and awaiting is None and cur.field is not None and cur.obsolete is False:
            # the usual continuation line of a wrapped value: what the checks below end in
            cur.more.setdefault(cur.field, []).append(_strings(line, lineno))
            continue
        stripped = line.lstrip(_BLANKS)
        if not stripped:
            continue
        obsolete = False
        previous = False
        rest = stripped
        if stripped.startswith("#~"):
            obsolete = True
            rest = stripped[2:]
            if rest.startswith("|"):
                previous = True
                rest = rest[1:]
            rest = rest.lstrip(_BLANKS)
            if not rest:
                continue
        elif stripped.startswith("#|"):
            previous = True
            rest = stripped[2:].lstrip(_BLANKS)
        if awaiting is not None:
            if not rest.startswith('"') or previous != awaiting[1]:
                raise _SyntaxError(f"missing string after '{awaiting[2]}'", awaiting[0])
            awaiting = None
        if stripped.startswith("#") and not (obsolete or previous):
            body = stripped[1:]
            if cur.msgstr is not None or cur.plural or cur.msgctxt is not None or cur.msgid is not None:
                new_comment(lineno)  # a message ends here (or this comment is inside one: an error)
            elif not cur.first_line:
                cur.first_line = lineno
            kind = body[:1]
            if kind == ".":
                body = body[1:]
                cur.ecomments.append(body[1:] if body.startswith(" ") else body)
            elif kind == ":":
                cur.refs.append(body[1:])
            elif kind in (",", "!"):
                cur.flags = _flag_tokens(body[1:])
            else:
                cur.tcomments.append(body[1:] if body.startswith(" ") else body)
            continue

        if previous:
            new_comment(lineno)
            m = _KEYWORD.match(rest)
            if m is not None and m.group(2) is None and m.group(1) != "msgstr":
                field = m.group(1)
                prev_value = _keyword_strings(rest[m.end() :], lineno)
                if prev_value is None:
                    awaiting = (lineno, True, field)
                cur.prev[field] = prev_value or ""
                cur.more.pop("#|" + field, None)
                cur.prev_field = field
            elif rest.startswith('"') and cur.prev_field is not None:
                cur.more.setdefault("#|" + cur.prev_field, []).append(_strings(rest, lineno))
            else:
                raise _SyntaxError(f"syntax error near {rest[:40]!r} in a '#|' line", lineno)
            continue

        m = None if rest.startswith('"') else _KEYWORD.match(rest)
        if m is None:
            if not rest.startswith('"') or cur.field is None:
                raise _SyntaxError(f"syntax error near {rest[:40]!r}", lineno)
            if cur.obsolete != obsolete:
                raise _SyntaxError("inconsistent use of #~", lineno)
            cur.more.setdefault(cur.field, []).append(_strings(rest, lineno))
            continue

        keyword, index_text = m.group(1), m.group(2)
        first = _keyword_strings(rest[m.end() :], lineno)
        if first is None:
            awaiting = (lineno, False, m.group(0))
        value = first or ""
        if keyword == "msgctxt" or (keyword == "msgid" and index_text is None):
            if cur.complete():
                finish(lineno)
            if keyword == "msgctxt":
                if cur.started():
                    raise _SyntaxError("msgctxt inside a message", lineno)
                cur.msgctxt = value
                cur.more.pop("msgctxt", None)
                cur.obsolete = obsolete
            else:
                if cur.msgid is not None:
                    raise _SyntaxError("missing 'msgstr' section", cur.line)
                if cur.msgctxt is not None and cur.obsolete != obsolete:
                    raise _SyntaxError("inconsistent use of #~", lineno)
                cur.msgid = value
                cur.more.pop("msgid", None)
                cur.line = lineno
                cur.obsolete = obsolete
            cur.field = keyword
            cur.prev_field = None
            continue
        if index_text is not None and keyword != "msgstr":
            raise _SyntaxError(f"syntax error near {rest[:40]!r}", lineno)
        if cur.msgid is None or cur.obsolete != obsolete:
            raise _SyntaxError(
                "inconsistent use of #~" if cur.msgid is not None else f"{keyword} without msgid",
                lineno,
            )
        if keyword == "msgid_plural":
            if cur.msgid_plural is not None or cur.complete():
                raise _SyntaxError(f"syntax error near {rest[:40]!r}", lineno)
            cur.msgid_plural = value
            cur.field = keyword
        elif index_text is None:
            if cur.msgid_plural is not None:
                raise _SyntaxError("missing 'msgstr[]' section", lineno)
            if cur.complete():
                raise _SyntaxError(f"syntax error near {rest[:40]!r}", lineno)
            cur.msgstr = value
            cur.more.pop("msgstr", None)
            cur.field = "msgstr"
        else:
            if cur.msgid_plural is None:
                raise _SyntaxError("missing 'msgid_plural' section", cur.line)
            if cur.msgstr is not None:
                raise _SyntaxError(f"syntax error near {rest[:40]!r}", lineno)
            index = int(index_text)
            if index != len(cur.plural):
                raise _SyntaxError(
                    "first plural form has nonzero index"
                    if not cur.plural
                    else "plural form has wrong index",
                    lineno,
                )
            cur.plural[index] = value
            cur.field = f"msgstr[{index}]"
    if awaiting is not None:
        raise _SyntaxError(f"missing string after '{awaiting[2]}'", awaiting[0])
    finish(text.count("\n") + 1)

    header_done = False
    for pending, entry in entries:
        if not header_done and pending is not None:
            header_done = True
            _install_header(catalog, entry, pending.tcomments == [""])
            problem = _plural_forms_problem(catalog) if plural_forms else None
            if problem is not None:
                raise _SyntaxError(problem, _field_line(lines, numbers, pending.line, "Plural-Forms:"))
            continue
        catalog.append(entry)


def _plural_forms_problem(catalog: polib.POFile) -> str | None:
    """Why gettext cannot use the header's Plural-Forms; a syntax error of the file for us.

    ``msgfmt -c`` refuses such a catalog and gettext would pick wrong plural forms; a
    pipeline that rewrote the file would only bury the mistake under its own changes.
    """
    value = catalog.metadata.get("Plural-Forms")
    problem = None if value is None else plural_forms_problem(value)
    if problem is None:
        return None
    return f"invalid Plural-Forms header: {problem}; `i18nflow update --fix-headers` sets CLDR's"


def _field_line(lines: Sequence[str], numbers: Sequence[int], start: int, field: str) -> int:
    """Line of a header field's string; the header's own line when it is not found."""
    for lineno, line in zip(numbers, lines, strict=True):
        if lineno < start:
            continue
        if not line.strip(_BLANKS):
            break
        if field in line:
            return lineno
    return start


def _install_header(catalog: polib.POFile, entry: polib.POEntry, empty_comment: bool) -> None:
    """Move the header entry into polib's header/metadata fields, remembering the rest
    (``empty_comment``: its translator comment is one empty "#" line)."""
    catalog.header = entry.tcomment
    if empty_comment:
        catalog._i18nflow_empty_header_comment = True
    catalog.metadata_is_fuzzy = "fuzzy" in entry.flags
    metadata: dict[str, str] = {}
    key: str | None = None
    for line in entry.msgstr.split("\n"):
        if not line:
            continue
        if ":" in line:
            key, value = line.split(":", 1)
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    catalog.metadata = metadata
    catalog._i18nflow_header_entry = entry
    catalog._i18nflow_header_msgstr = entry.msgstr
    catalog._i18nflow_header_snapshot = list(metadata.items())


def _new_catalog(path: str | Path) -> polib.POFile:
    catalog = polib.POFile(encoding="utf-8", wrapwidth=79)
    catalog.fpath = None if str(path) == "<string>" else str(path)
    return catalog


def _take_usual(catalog: polib.POFile, usual: UsualCatalog, plural_forms: bool) -> bool:
    """Fill ``catalog`` as _parse_lines would from what usual_entries read; False when the
    header's Plural-Forms is refused (the line reader then reports it at its line)."""
    if usual.header is not None:
        _install_header(catalog, usual.header, usual.empty_header_comment)
        if plural_forms and _plural_forms_problem(catalog) is not None:
            return False
    catalog.extend(usual.entries)  # POFile.append only adds a duplicate check, off by default
    return True


def parse_po_text(
    text: str, path: str | Path = "<string>", plural_forms: bool = True, references: bool = True
) -> polib.POFile:
    """Parse PO/POT text into a polib catalog; syntax errors raise CatalogError with the line.

    The header entry becomes ``catalog.header`` (its translator comment),
    ``catalog.metadata`` (in file order) and ``catalog.metadata_is_fuzzy``.  Like msgcat,
    a later ``#,`` line of an entry replaces the flags of an earlier one.  Duplicate
    msgctxt+msgid pairs (active or obsolete) are an error, as they are for gettext.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    catalog = _new_catalog(path)
    usual = usual_entries(text, references)
    if usual is not None and _take_usual(catalog, usual, plural_forms):
        return catalog
    catalog = _new_catalog(path)
    try:
        _parse_lines(text, catalog, plural_forms, references)
    except _SyntaxError as exc:
        raise CatalogError(exc.message, path=path, line=exc.line) from None
    return catalog


def read_po(path: str | Path, plural_forms: bool = True, references: bool = True, shared: bool = False) -> polib.POFile:
    """Parse a PO/POT file; every problem is a CatalogError naming the file and line.

    ``plural_forms=False`` accepts a Plural-Forms gettext cannot use (``update --fix-headers``);
    ``references=False``: see :func:`parse_po_text`. ``shared``: the caller only reads it, so the
    last such parse of the same bytes may be given again (for reuse's index, then merged into)."""
    try:
        data = read_regular(path)
    except OSError as exc:
        raise CatalogError(f"cannot read catalog: {exc.strerror or exc}", path=path) from None
    except I18nflowError as exc:
        raise CatalogError(f"cannot read catalog: {exc.message}", path=path) from None
    key = (str(path), plural_forms, references)
    if shared and key in _SHARED and _SHARED[key][0] == data:
        return _SHARED[key][1]
    text, codec = decode_catalog(data, path)
    newline = "\r\n" if b"\r\n" in data else "\n"
    if newline != "\n":
        text = text.replace("\r\n", "\n")
    catalog = parse_po_text(text, path, plural_forms, references)
    catalog.encoding = codec
    catalog.fpath = str(path)
    set_layout(catalog, Layout(newline, data.startswith(codecs.BOM_UTF8)))
    if shared:
        _SHARED.clear()
        _SHARED[key] = (data, catalog)
    return catalog


_SHARED: dict[tuple[str, bool, bool], tuple[bytes, polib.POFile]] = {}  # the last shared read, by its bytes
