"""Post + translations → localized Markdown: the source text with translated spans swapped in.

Nothing is re-serialized: each segment knows the characters it came from, so render copies the
source and replaces only those. What a translator types is escaped where it would otherwise open
a block the source does not have (a list, a heading, a table cell, a code fence), and the result
is parsed again: a translation that still changes the document's block structure falls back to
the source text and is reported, so a localized page is never structurally broken. A translation
the publishing rule refuses (source/safety.py: new HTML, a script URL, a new link, a new Liquid
tag or shortcode) is never spliced in at all: it is listed in ``refused`` for the caller to
report, as ``check`` reports it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from i18nflow.config import RenderOptions
from i18nflow.source.content import Post
from i18nflow.source.dialects.base import Dialect
from i18nflow.source.dialects.params import requote
from i18nflow.source.dialects.reading import BodyReadings
from i18nflow.source.dialects.registry import dialect as dialect_named
from i18nflow.source.frontmatter.header import field_edits, top_level_scalars, value_edits
from i18nflow.source.frontmatter.shape import keep_shape
from i18nflow.source.markup import references_in
from i18nflow.source.safety import Refusal, is_markdown_text, refusal
from i18nflow.source.segment import Segment
from i18nflow.source.text import backslash_break

_BLOCK_START = re.compile(
    r"^(?:(?P<char>#{1,6}(?=[ \t]|$)|>|[-+*](?=[ \t]|$)|`{3,}|~{3,}|=+[ \t]*$|(?:[-*_][ \t]*){3,}$)"
    r"|\d{1,9}(?P<num>[.)])(?=[ \t]|$))"
)
_HTML_BLOCK_START = re.compile(
    r"^<(?:script|pre|style|textarea|!--|\?|![A-Za-z]|!\[CDATA\[)"
    r"|^</?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|"
    r"dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|"
    r"html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|"
    r"section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[ \t/>]|$)"
    r"|^</?[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?/?>[ \t]*$",
    re.I,
)
# A link reference or footnote definition swallows the line it starts (``[x]: url``, ``[^1]: note``).
_DEFINITION_START = re.compile(r"^\[(?:[^\]\\]|\\.)*\]:")
_THEMATIC_BREAK = re.compile(r"^[ \t]*(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_QUOTE_MARKERS = re.compile(r"^(?:[ \t]*>)*[ \t]?")
_CLOSING_HASHES = re.compile(r"([ \t])(#+)([ \t]*)$")
_DELIMITER_ROW = re.compile(r"^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_TASK_BOX = re.compile(r"\[[ xX]\](?:[ \t]|$)")
_LIST_MARKER = re.compile(r"[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+")
# a pipe not yet escaped; Liquid and shortcode calls are expanded before the table is read
_UNESCAPED_PIPE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|(?<!\\)((?:\\\\)*)\|", re.S)
# kramdown keeps a code span's pipes in its cell (and would print a backslash before one)
_UNESCAPED_PIPE_KRAMDOWN = re.compile(r"(`+)(?:.*?[^`])?\1(?!`)|\{\{.*?\}\}|\{%.*?%\}|(?<!\\)(?P<bs>(?:\\\\)*)\|", re.S)

Lookup = Callable[[Segment], "str | None"]


@dataclass
class RenderResult:
    text: str
    translated: int = 0
    rejected: list[tuple[Segment, str]] = field(default_factory=list)  # structure: warnings
    refused: list[tuple[Segment, Refusal]] = field(default_factory=list)  # unsafe: errors

    def encoded(self, post: Post) -> bytes:
        return (("\ufeff" if post.bom else "") + self.text).encode("utf-8")


def render_post(
    post: Post,
    segments: Sequence[Segment],
    lookup: Lookup,
    locale: str,
    options: RenderOptions,
    dialect: str | Dialect = "commonmark",
    readings: BodyReadings | None = None,
) -> RenderResult:
    """The localized copy of ``post``; untranslated segments keep their source text.

    ``dialect`` is the site's Markdown: the structure verified is what its builder reads, and
    math, Liquid and shortcode calls must come back byte for byte. ``readings`` (of the same
    dialect): the structure is taken from full readings it keeps, for a caller that shows the
    verified body next (the preview), instead of a cheaper block-only parse.
    """
    rules = dialect_named(dialect) if isinstance(dialect, str) else dialect
    newline = post.newline
    changes: list[tuple[Segment, str]] = []
    refused: list[tuple[Segment, Refusal]] = []
    kept_calls: list[tuple[Segment, str]] = []  # math, Liquid or shortcode calls changed
    references = None
    header: list[tuple[Segment, str]] = []
    for segment in segments:
        msgstr = lookup(segment)
        if not msgstr or msgstr == segment.msgid:
            continue
        if references is None:
            references = references_in(post.text)
        why = refusal(segment.msgid, msgstr, references, is_markdown_text([segment.kind]))
        if why is not None:
            refused.append((segment, why))
            continue
        if segment.in_front_matter:
            header.append((segment, msgstr))
            continue
        text = replacement(post, segment, msgstr, options, newline, rules)
        if rules.call_texts(segment.msgid) != rules.call_texts(text):
            kept_calls.append((segment, "changes math, Liquid or shortcode calls"))
            continue
        if segment.msgid != post.text[segment.start : segment.end]:  # lines folded: calls too
            text = _source_calls(post, segment, text, rules)
        changes.append((segment, text))
    result = RenderResult(text="", refused=refused)
    changes, nested = _nested_params(changes)
    changes, result.rejected = _keep_structure(post, changes, rules, readings)
    changes, placed, unplaced = nest_params(post, changes, nested, rules)
    result.rejected = kept_calls + result.rejected + unplaced
    fields = field_edits(post, _field_values(post, locale, options))
    values, broken = keep_shape(post, value_edits(post, header), fields)
    result.refused.extend((c.segment, Refusal("front-matter", reason)) for c, reason in broken)
    result.translated = len(changes) + placed + len(values)
    edits = [(segment.start, segment.end, text) for segment, text in changes]
    edits += [(c.slot.start, c.slot.end, c.text) for c in values]
    touched = {(start, end) for start, end, _ in fields if start != end}
    edits = [e for e in edits if (e[0], e[1]) not in touched] + fields
    result.text = _splice(post.text, edits)
    return result


def replacement(
    post: Post, segment: Segment, msgstr: str, options: RenderOptions, newline: str, dialect: Dialect | None = None
) -> str:
    """The text that stands where the segment's source text stood."""
    if segment.in_front_matter:
        edit = value_edits(post, [(segment, msgstr)])
        return edit[0].text if edit else post.text[segment.start : segment.end]
    if segment.form == "param":
        return requote(msgstr, segment.prefix)
    if segment.kind.startswith("abbreviation "):
        # kramdown takes the rest of the line as it is (no escapes), but a pipe after a blank
        # line makes a table of it first: "\|" is the one escape left, shown in the tooltip
        return _escape_pipes(" ".join(msgstr.split()))
    if dialect is not None:
        msgstr = dialect.escape_text(segment.msgid, msgstr)
    if segment.form == "block":
        if dialect is not None and dialect.name == "kramdown" and "|" in msgstr:
            msgstr = _escape_pipes(msgstr)  # kramdown makes a table of a block line with a pipe
        text = _block_text(msgstr, segment.prefix, newline, _next_line(post.text, segment.end), dialect)
        if dialect is not None:
            text = dialect.line_calls(post.text[segment.start : segment.end], text, newline + segment.prefix)
        if _THEMATIC_BREAK.match(_list_lead(post.text, segment.start) + text.split(newline, 1)[0]):
            text = "\\" + text  # "* " + "**" is a horizontal rule, not a list item
    else:
        # one line; blank lines dropped, or the join would start it with a space that hides
        # a block start from escaping (" <div>" still opens an HTML block)
        text = " ".join(part.strip() for part in msgstr.split("\n") if part.strip())
        if segment.kind != "table cell" or "|" not in _list_lead(post.text, segment.start):
            text = escape_line_start(text)  # a cell after a pipe starts no block: "<center>" stays
        if dialect is not None:
            text = dialect.escape_line(text)
    if segment.kind == "list item" and _TASK_BOX.match(text) and _LIST_MARKER.fullmatch(_list_lead(post.text, segment.start)):
        text = "\\" + text  # "- [x] …" would be a checkbox (GFM, goldmark, kramdown's GFM parser)
    if segment.kind == "table cell" and dialect is not None and dialect.name == "kramdown":
        text = _UNESCAPED_PIPE_KRAMDOWN.sub(lambda m: m.group() if m.group()[0] in "{`" else m.group("bs") + "\\|", text)
    elif segment.kind == "table cell":
        text = _UNESCAPED_PIPE.sub(lambda m: m.group() if m.group().startswith("{") else m.group(1) + "\\|", text)
    elif segment.form == "line" and "|" in text and _DELIMITER_ROW.match(_next_line(post.text, segment.end).lstrip(" \t>")):
        # A line with any "|" (even escaped) over a "---" line is a table header, and the table
        # rule comes before the ATX heading rule: "### a | b" + "---" is a table, not a heading.
        text = re.sub(r"\\?\|", "&#124;", text)
    if segment.kind == "heading" and segment.form == "line":
        text = _CLOSING_HASHES.sub(lambda m: m.group(1) + "\\" + m.group(2) + m.group(3), text)
        if options.heading_ids == "source" and segment.anchor:
            text = f"{text} {{#{segment.anchor}}}"
    return text


def _block_text(msgstr: str, prefix: str, newline: str, following: str, dialect: Dialect | None = None) -> str:
    lines = [escape_line_start(line.strip(), index > 0) for index, line in enumerate(msgstr.split("\n"))]
    if dialect is not None:
        lines = [dialect.escape_line(line) for line in lines]
    lines = [line for line in lines if line] or [""]
    out = []
    for index, line in enumerate(lines):
        after = lines[index + 1] if index + 1 < len(lines) else following
        if "|" in line and _DELIMITER_ROW.match(after.lstrip(" \t>")):
            # Any "|" (even escaped) over a "---" line makes a table header: use the entity.
            line = re.sub(r"\\?\|", "&#124;", line)
        kramdown = dialect is not None and dialect.name == "kramdown"
        if index < len(lines) - 1 and not backslash_break(len(line) - len(line.rstrip("\\")), kramdown):
            line += "  "
        out.append(line)
    if dialect is not None and dialect.name == "kramdown":
        out = _out_of_a_table(out, dialect)
    return (newline + prefix).join(out)


def _out_of_a_table(lines: list[str], dialect: Dialect) -> list[str]:
    """A block whose every line holds a pipe kramdown reads (inside math: it cannot be escaped)
    is a table to kramdown, when it ends a block: a soft break after the last such pipe keeps it
    a paragraph (``The norm $$|x|$$ is`` / ``positive.`` joined on one line became a table)."""
    from i18nflow.source.dialects.kramdown_blocks import is_table_line

    masked = [dialect.mask(line) for line in lines]
    if not all(is_table_line(line) for line in masked):
        return lines
    last, hidden = lines[-1], masked[-1]
    space = hidden.find(" ", hidden.rfind("|") + 1)  # words after the last pipe, else before the first
    if space < 0 or not last[space:].strip():
        space = hidden.rfind(" ", 0, hidden.find("|"))
    if space <= 0 or not last[:space].strip():
        return lines
    return [*lines[:-1], last[:space].rstrip(" "), dialect.escape_line(escape_line_start(last[space:].lstrip(" "), True))]


_CODE_OR_PIPE = re.compile(r"(`+)(?:.*?[^`])?\1(?!`)|\{\{.*?\}\}|\{%.*?%\}|\$\$.*?\$\$|\\.|\|", re.S)


def _escape_pipes(text: str) -> str:
    """``|`` → ``\\|`` outside code spans, escapes, Liquid and math (kramdown prints ``\\|`` as
    ``|``; Liquid's ``{{ x | filter }}`` is gone before kramdown reads the line)."""
    return _CODE_OR_PIPE.sub(lambda m: "\\|" if m.group() == "|" else m.group(), text)


def _list_lead(text: str, start: int) -> str:
    """The list markers before ``start`` on its line: the hr rule sees them with the text."""
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    return _QUOTE_MARKERS.sub("", text[line_start:start])


def _next_line(text: str, end: int) -> str:
    match = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)([^\r\n]*)").match(text, end)
    return match.group(1) if match else ""


# the first characters of everything escape_line_start escapes (and digits: an ordered list)
_MAY_OPEN_A_BLOCK = frozenset("#>-+*`~=_<[")
# HTML blocks of kinds 1-6 interrupt a paragraph; kind 7 (any lone tag, <img …>) does not
_HTML_INTERRUPT = re.compile(_HTML_BLOCK_START.pattern.rsplit("|^</?[A-Za-z]", 1)[0], re.I)


def escape_line_start(line: str, continuation: bool = False) -> str:
    r"""Backslash-escape what would open a block at the start of a line.

    Only what opens one: ``\`\`\`a\`\`\` b`` is a code span (a backtick fence's info string
    has no backtick), and a lone ``<img …>`` tag on a ``continuation`` line (after a hard break
    inside a paragraph) cannot interrupt it.
    """
    if not line or (line[0] not in _MAY_OPEN_A_BLOCK and not line[0].isdigit()):
        return line  # most lines: no pattern below can match (a page has hundreds of them)
    match = _BLOCK_START.match(line)
    if match:
        if match.group("num"):
            cut = match.start("num")
            return line[:cut] + "\\" + line[cut:]
        if match.group().startswith("`") and "`" in line[len(match.group()) :]:
            return line
        return "\\" + line
    if line.startswith("<") and _HTML_BLOCK_START.match(line):
        if continuation and not _HTML_INTERRUPT.match(line):
            return line
        return "\\" + line
    if line.startswith("[") and "]:" in line and _DEFINITION_START.match(line):  # the search: C speed
        return "\\" + line
    return line


def _source_calls(post: Post, segment: Segment, text: str, dialect: Dialect) -> str:
    """``text`` with each call written as the source wrote it: a call over two lines is one line
    in the msgid (soft breaks fold to spaces) and in a translation that kept it, and Liquid,
    shortcodes and math must come back byte for byte. Each call's twin is the one at the same
    place in the source, when the two differ only by those line breaks (and the container's
    ``>`` markers after them)."""
    source = post.text[segment.start : segment.end]
    source_spans, spans = dialect.call_spans(source), dialect.call_spans(text)
    if len(source_spans) != len(spans):
        return text
    prefix = re.compile(r"\r?\n" + re.escape(segment.prefix.rstrip()) if segment.prefix.strip() else r"\r?\n")
    edits = []
    for (a, b), (c, d) in zip(source_spans, spans, strict=True):
        original, kept = source[a:b], text[c:d]
        if original != kept and "".join(prefix.sub(" ", original).split()) == "".join(kept.split()):
            edits.append((c, d, original))
    return _splice(text, edits) if edits else text


def _nested_params(
    changes: list[tuple[Segment, str]],
) -> tuple[list[tuple[Segment, str]], list[tuple[Segment, str]]]:
    """Changes apart from the text parameters that sit inside another changed segment."""
    blocks = sorted((s.start, s.end) for s, _ in changes if s.form != "param")
    if len(blocks) == len(changes):
        return changes, []
    outer: list[tuple[Segment, str]] = []
    nested: list[tuple[Segment, str]] = []
    for segment, text in changes:
        inside = segment.form == "param" and any(a <= segment.start and segment.end <= b for a, b in blocks)
        (nested if inside else outer).append((segment, text))
    return outer, nested


def nest_params(
    post: Post, changes: list[tuple[Segment, str]], params: list[tuple[Segment, str]], dialect: Dialect
) -> tuple[list[tuple[Segment, str]], int, list[tuple[Segment, str]]]:
    """Translated text parameters written inside the translation of the block that holds their
    call (``See {% include f.html caption="A cat" %} here``): that translation kept the call
    byte for byte, so its n-th parameter is the source block's n-th. A parameter whose block
    fell back to the source is written into the source text, as a call on its own line is.
    Returns the changes, how many parameters went inside them, and those that could not."""
    if not params:
        return changes, 0, []
    by_block: dict[Segment, list[tuple[Segment, str]]] = {}
    alone: list[tuple[Segment, str]] = []
    for param, value in params:
        block = next((s for s, _ in changes if s.form != "param" and s.start <= param.start and param.end <= s.end), None)
        if block is None:
            alone.append((param, value))
        else:
            by_block.setdefault(block, []).append((param, value))
    unplaced: list[tuple[Segment, str]] = []
    out: list[tuple[Segment, str]] = []
    placed = 0
    for block, text in changes:
        inner = by_block.get(block)
        if inner:
            text, lost = _write_params(post, block, text, inner, dialect)
            unplaced.extend((param, "its call is not where the block's translation has it") for param in lost)
            placed += len(inner) - len(lost)
        out.append((block, text))
    return out + alone, placed, unplaced


def _write_params(
    post: Post, block: Segment, text: str, params: list[tuple[Segment, str]], dialect: Dialect
) -> tuple[str, list[Segment]]:
    source = dialect.text_params(post.text[block.start : block.end])
    target = dialect.text_params(text)
    edits: list[tuple[int, int, str]] = []
    lost: list[Segment] = []
    for param, value in params:
        index = next((i for i, p in enumerate(source) if p.start == param.start - block.start), None)
        if index is None or len(source) != len(target) or (source[index].call, source[index].name) != (
            target[index].call, target[index].name
        ):
            lost.append(param)
            continue
        edits.append((target[index].start, target[index].end, value))
    return _splice(text, edits), lost


def _splice(text: str, edits: Sequence[tuple[int, int, str]]) -> str:
    """Replace [start, end) ranges; insertions at one place keep their order."""
    parts: list[str] = []
    pos = 0
    for start, end, new in sorted(edits, key=lambda edit: edit[0]):
        if start < pos:
            continue  # overlapping spans cannot happen; never write garbage if they do
        parts.append(text[pos:start])
        parts.append(new)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


# structure --------------------------------------------------------------------


def block_structure(body: str, dialect: Dialect | str = "commonmark") -> list[tuple[str, str, int]]:
    """The block skeleton the site's builder sees (markdown-it with the dialect's rules, its
    code and markup masked): what a translation must never change."""
    rules = dialect_named(dialect) if isinstance(dialect, str) else dialect
    masked = rules.mask(body)
    return [(t.type, t.tag, t.level) for t in rules.parser_for(masked).parse(masked) if t.type != "inline"]


@lru_cache(maxsize=8)
def _source_structure(body: str, dialect: Dialect | str) -> list[tuple[str, str, int]]:
    """A post's own skeleton, parsed once for all its locales (a copy per locale re-parsed it);
    a dialect is hashed by identity (``eq=False``), so another dialect is another entry."""
    return block_structure(body, dialect)


def _keep_structure(
    post: Post, changes: list[tuple[Segment, str]], dialect: Dialect, readings: BodyReadings | None = None
) -> tuple[list[tuple[Segment, str]], list[tuple[Segment, str]]]:
    if not changes:
        return changes, []

    def structure(body: str) -> list[tuple[str, str, int]]:
        found = readings.structure(body) if readings is not None else None
        return found if found is not None else block_structure(body, dialect)

    source = _source_structure(post.body, dialect) if readings is None else structure(post.body)

    def same(selected: Sequence[tuple[Segment, str]]) -> bool:
        base = post.body_start
        spliced = _splice(post.body, [(s.start - base, s.end - base, r) for s, r in selected])
        return structure(spliced) == source

    if same(changes):
        return changes, []
    kept = [c for c in changes if same([c])]
    rejected = [(s, "changes the Markdown structure") for s, r in changes if (s, r) not in kept]
    if not same(kept):
        rejected.extend((s, "changes the Markdown structure") for s, _ in kept)
        kept = []
    return kept, rejected


# front matter fields ------------------------------------------------------------


def _field_values(post: Post, locale: str, options: RenderOptions) -> dict[str, str]:
    """``lang`` and the ``[render]`` templates, for posts that have a front matter block."""
    fields: dict[str, str] = {}
    if post.fm_format is None:
        return fields
    if options.add_lang:
        fields["lang"] = locale
    if options.fields:
        values = dict(top_level_scalars(post))
        values.update(locale=locale, slug=post.slug, path=post.rel, stem=post.stem)
        for key, template in options.fields.items():
            try:
                fields[key] = template.format_map(values)
            except (KeyError, IndexError, ValueError):
                continue  # the post lacks a key the template needs: leave it alone
    return fields
