"""Post + translations → localized Markdown: the source text with translated spans swapped in.

Nothing is re-serialized: each segment knows the characters it came from, so render copies the
source and replaces only those. What a translator types is escaped where it would otherwise open
a block the source does not have (a list, a heading, a table cell, a code fence), and the result
is parsed again: a translation that still changes the document's block structure falls back to
the source text and is reported, so a localized page is never structurally broken.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import yaml

from .config import RenderOptions
from .content import Post
from .frontmatter_text import double_quoted, is_plain_safe, yaml_scalar
from .segments import Segment, markdown_parser

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
_CLOSING_HASHES = re.compile(r"([ \t])(#+)([ \t]*)$")
_DELIMITER_ROW = re.compile(r"^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")

Lookup = Callable[[Segment], "str | None"]


@dataclass
class RenderResult:
    text: str
    translated: int = 0
    rejected: list[tuple[Segment, str]] = field(default_factory=list)

    def encoded(self, post: Post) -> bytes:
        return (("\ufeff" if post.bom else "") + self.text).encode("utf-8")


def render_post(
    post: Post,
    segments: Sequence[Segment],
    lookup: Lookup,
    locale: str,
    options: RenderOptions,
) -> RenderResult:
    """The localized copy of ``post``; untranslated segments keep their source text."""
    newline = post.newline
    changes: list[tuple[Segment, str]] = []
    for segment in segments:
        msgstr = lookup(segment)
        if not msgstr or msgstr == segment.msgid:
            continue
        changes.append((segment, replacement(post, segment, msgstr, options, newline)))
    result = RenderResult(text="", translated=len(changes))
    changes, result.rejected = _keep_structure(post, changes)
    result.translated = len(changes)
    result.text = _front_matter_additions(post, _splice(post.text, changes), locale, options, changes)
    return result


def replacement(post: Post, segment: Segment, msgstr: str, options: RenderOptions, newline: str) -> str:
    """The text that stands where the segment's source text stood."""
    if segment.form == "yaml":
        original = post.text[segment.start : segment.end]
        return yaml_scalar(original, segment.yaml_style or "", msgstr, newline)
    if segment.form == "block":
        text = _block_text(msgstr, segment.prefix, newline, _next_line(post.text, segment.end))
    else:
        text = escape_line_start(" ".join(part.strip() for part in msgstr.split("\n")))
    if segment.kind == "table cell":
        text = _UNESCAPED_PIPE.sub(lambda m: m.group(1) + "\\|", text)
    elif segment.kind == "heading" and segment.form == "line":
        text = _CLOSING_HASHES.sub(lambda m: m.group(1) + "\\" + m.group(2) + m.group(3), text)
        if options.heading_ids == "source" and segment.anchor:
            text = f"{text} {{#{segment.anchor}}}"
    return text


def _block_text(msgstr: str, prefix: str, newline: str, following: str) -> str:
    lines = [escape_line_start(line.strip()) for line in msgstr.split("\n")]
    lines = [line for line in lines if line] or [""]
    out = []
    for index, line in enumerate(lines):
        after = lines[index + 1] if index + 1 < len(lines) else following
        if "|" in line and _DELIMITER_ROW.match(after.lstrip(" \t>")):
            # Any "|" (even escaped) over a "---" line makes a table header: use the entity.
            line = re.sub(r"\\?\|", "&#124;", line)
        if index < len(lines) - 1 and not line.endswith("\\"):
            line += "  "
        out.append(line)
    return (newline + prefix).join(out)


def _next_line(text: str, end: int) -> str:
    match = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)([^\r\n]*)").match(text, end)
    return match.group(1) if match else ""


def escape_line_start(line: str) -> str:
    """Backslash-escape what would open a block at the start of a line."""
    match = _BLOCK_START.match(line)
    if match:
        if match.group("num"):
            cut = match.start("num")
            return line[:cut] + "\\" + line[cut:]
        return "\\" + line
    if line.startswith("<") and _HTML_BLOCK_START.match(line):
        return "\\" + line
    return line


def _splice(text: str, changes: Sequence[tuple[Segment, str]]) -> str:
    parts: list[str] = []
    pos = 0
    for segment, new in sorted(changes, key=lambda change: change[0].start):
        if segment.start < pos:
            continue  # overlapping spans cannot happen; never write garbage if they do
        parts.append(text[pos : segment.start])
        parts.append(new)
        pos = segment.end
    parts.append(text[pos:])
    return "".join(parts)


# structure --------------------------------------------------------------------


def block_structure(body: str) -> list[tuple[str, str, int]]:
    """The block skeleton markdown-it sees: what a translation must never change."""
    return [(t.type, t.tag, t.level) for t in markdown_parser().parse(body) if t.type != "inline"]


def _keep_structure(
    post: Post, changes: list[tuple[Segment, str]]
) -> tuple[list[tuple[Segment, str]], list[tuple[Segment, str]]]:
    body_changes = [c for c in changes if c[0].form != "yaml"]
    if not body_changes:
        return changes, []
    source = block_structure(post.body)

    def same(selected: Sequence[tuple[Segment, str]]) -> bool:
        spliced = _splice(post.body, [(_shift(s, -post.body_start), r) for s, r in selected])
        return block_structure(spliced) == source

    if same(body_changes):
        return changes, []
    kept = [c for c in body_changes if same([c])]
    rejected = [(s, "changes the Markdown structure") for s, r in body_changes if (s, r) not in kept]
    if not same(kept):
        rejected.extend((s, "changes the Markdown structure") for s, _ in kept)
        kept = []
    return [c for c in changes if c[0].form == "yaml"] + kept, rejected


def _shift(segment: Segment, delta: int) -> Segment:
    from dataclasses import replace

    return replace(segment, start=segment.start + delta, end=segment.end + delta)


# front matter fields ------------------------------------------------------------


def _front_matter_additions(
    post: Post, text: str, locale: str, options: RenderOptions, changes: Sequence[tuple[Segment, str]]
) -> str:
    fields: dict[str, str] = {}
    if options.add_lang:
        fields["lang"] = locale
    if options.fields:
        values = _template_values(post, locale)
        for key, template in options.fields.items():
            try:
                fields[key] = template.format_map(values)
            except (KeyError, IndexError, ValueError):
                continue
    if not fields or post.fm_format is None:
        return text
    # The front matter region in the spliced text: its length changed by the yaml changes.
    delta = sum(len(r) - (s.end - s.start) for s, r in changes if s.form == "yaml")
    fm_start, fm_end = post.fm_start, post.fm_end + delta
    header = text[fm_start:fm_end]
    new_header = (
        _set_yaml_fields(header, fields, post.newline)
        if post.fm_format == "yaml"
        else _set_toml_fields(header, fields, post.newline)
    )
    return text[:fm_start] + new_header + text[fm_end:]


def _template_values(post: Post, locale: str) -> dict[str, str]:
    values: dict[str, str] = {}
    root = post.yaml_root()
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):
                values[str(key.value)] = str(value.value)
    values.update(locale=locale, slug=post.slug, path=post.rel, stem=post.stem)
    return values


def _set_yaml_fields(header: str, fields: dict[str, str], newline: str) -> str:
    try:
        root = yaml.compose(header, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return header
    existing: dict[str, yaml.Node] = {}
    indent = ""
    if isinstance(root, yaml.MappingNode):
        if root.value:
            indent = " " * root.value[0][0].start_mark.column  # some headers indent every key
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode):
                existing[str(key.value)] = value
    edits: list[tuple[int, int, str]] = []
    additions = []
    for key, value in fields.items():
        scalar = value if is_plain_safe(value) else double_quoted(value)
        node = existing.get(key)
        if isinstance(node, yaml.ScalarNode) and node.style not in ("|", ">"):
            edits.append((node.start_mark.index, node.end_mark.index, scalar))
        elif node is None:
            additions.append(f"{indent}{key}: {scalar}{newline}")
    for start, end, new in sorted(edits, reverse=True):
        header = header[:start] + new + header[end:]
    if additions:
        if header and not header.endswith(("\n", "\r")):
            header += newline
        header += "".join(additions)
    return header


def _set_toml_fields(header: str, fields: dict[str, str], newline: str) -> str:
    """Top-level TOML keys go before the first ``[table]``, or they would land inside it."""
    table = re.search(r"^[ \t]*\[", header, re.M)
    top, rest = (header[: table.start()], header[table.start() :]) if table else (header, "")
    for key, value in fields.items():
        quoted = double_quoted(value)
        pattern = re.compile(rf"^{re.escape(key)}[ \t]*=.*$", re.M)
        if pattern.search(top):
            top = pattern.sub(lambda _m, k=key, q=quoted: f"{k} = {q}", top, count=1)
        else:
            if top and not top.endswith(("\n", "\r")):
                top += newline
            top += f"{key} = {quoted}{newline}"
    return top + rest
