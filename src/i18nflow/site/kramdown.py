"""Jekyll and kramdown markup a browser cannot show, turned into what Jekyll would have made.

Posts carry Liquid tags (``{% highlight %}``, ``{% include %}``, ``{{ site.url }}``) and kramdown
attribute lists (``{: .notice}``, ``{#id}`` after a heading, ``* TOC`` + ``{:toc}``). The
preview cannot run Liquid, but it should not print it either. Everything here works on the
markdown-it tokens, after parsing, so the block structure render.py verified (and that the
source and the translation share) is never changed by it; the one exception,
``{% highlight %}`` becoming a fence, rewrites lines that are never translated, the same way
on both sides.
"""

from __future__ import annotations

import html
import re

from markdown_it.token import Token

from i18nflow.source.content import split_lines
from i18nflow.source.segments import block_parser
from i18nflow.source.text import is_markup_line

TRAILING_IAL = re.compile(r"[ \t]*\{:?[ \t]*([#.][^{}]*)\}[ \t]*$")
_FENCE_OPEN = re.compile(r"^([ \t]*)\{%-?\s*highlight\s+([\w+#.-]+)?[^%]*-?%\}[ \t]*$")
_FENCE_OPENER = re.compile(r"\{%-?\s*highlight\s")  # in every line _FENCE_OPEN matches
_FENCE_CLOSE = re.compile(r"^([ \t]*)\{%-?\s*endhighlight\s*-?%\}[ \t]*$")
_IAL_LINE = re.compile(r"^[ \t]*\{:\s*([^{}]*)\}[ \t]*$")
_NAME = re.compile(r"^[A-Za-z][\w-]*$")
_BREAKS = ("softbreak", "hardbreak")
# Blocks the kramdown reader adds (kramdown_blocks.py) that show nothing themselves.
_KRAMDOWN_BLOCKS = ("kramdown_ial", "kramdown_eob", "kramdown_abbreviation", "kramdown_table_rule")
# Inside text: kramdown span attribute lists and the Liquid raw markers around literal text.
_INLINE_MARKUP = re.compile(r"\{:[^{}\n]*\}|\{%-?\s*(?:end)?raw\s*-?%\}")


def liquid_fences(text: str) -> str:
    """``{% highlight lang %}`` … ``{% endhighlight %}`` → a fenced code block, line for line."""
    if "highlight" not in text or not _FENCE_OPENER.search(text):
        return text  # most posts, and Hugo's {{< highlight >}}: no parse needed (it is per page)
    code = _code_lines(text)
    out: list[str] = []
    for number, line in enumerate(split_lines(text)):
        content = line.rstrip("\r\n")
        eol = line[len(content) :]
        opening, closing = _FENCE_OPEN.match(content), _FENCE_CLOSE.match(content)
        if number not in code and opening:
            out.append(f"{opening.group(1)}```{opening.group(2) or ''}{eol}")
        elif number not in code and closing:
            out.append(f"{closing.group(1)}```{eol}")
        else:
            out.append(line)
    return "".join(out)


def _code_lines(text: str) -> set[int]:
    lines: set[int] = set()
    for token in block_parser().parse(text):  # code blocks are block-level: no inline pass
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(token.map[0] + 1, token.map[1]))
    return lines


def parse_ial(text: str) -> tuple[str | None, list[str]]:
    """The id and classes of an attribute list's inside: ``#intro .notice``."""
    ident: str | None = None
    classes: list[str] = []
    for part in text.replace(":", " ").split():
        name = part[1:]
        if part.startswith("#") and _NAME.match(name):
            ident = name
        elif part.startswith(".") and _NAME.match(name):
            classes.append(name)
    return ident, classes


def apply_markup(tokens: list[Token], liquid: bool = True) -> None:
    """Drop Liquid and attribute-list lines from the text, putting their attributes in place.

    ``liquid``: the site runs Liquid and kramdown (Jekyll, or a site read as CommonMark); a
    Hugo site has neither, and a ``{{< call >}}`` line is a shortcode shown as written."""
    tocs: list[int] = []
    for index, token in enumerate(tokens):
        if not liquid and token.type not in _KRAMDOWN_BLOCKS:
            if token.type == "heading_open":
                _heading_ial(token, tokens[index + 1])  # goldmark's {#id} too
            continue
        if token.type == "inline" and token.children and index:
            if _markup_lines(tokens, index):
                tocs.append(index)
        elif token.type in _KRAMDOWN_BLOCKS:
            token.hidden = True
            if token.type == "kramdown_ial" and _block_ial(tokens, index):
                tocs.append(index)
        if token.type == "heading_open":
            _heading_ial(token, tokens[index + 1])
    for token in tokens if liquid else ():
        if token.children and _may_hold(token.content, "{"):
            for child in token.children:
                if child.type == "text" and "{" in child.content:
                    child.content = _INLINE_MARKUP.sub("", child.content)
    for index in reversed(tocs):
        _table_of_contents(tokens, index)


def _may_hold(content: str, chars: str) -> bool:
    """Whether an inline token's children may show any of ``chars``: only where its source text
    has one, or an entity (``&#123;``, ``&lt;``) that markdown-it decodes to it (a C-speed test
    a block, where looking through the children cost a fortieth of a translated page)."""
    return "&" in content or any(char in content for char in chars)


def _markup_lines(tokens: list[Token], index: int) -> bool:
    """Strip a block's markup-only lines; True when they held a ``{:toc}``."""
    inline, block = tokens[index], tokens[index - 1]
    if not _may_hold(inline.content, "{<") or not any(
            c.type == "text" and ("{" in c.content or "<" in c.content) for c in inline.children or ()):
        return False  # a markup line is text with "{" (Liquid, IAL) or "<!--": most blocks have none
    lines: list[list[Token]] = [[]]
    for child in inline.children or []:
        lines[-1].append(child)
        if child.type in _BREAKS:
            lines.append([])
    kept: list[list[Token]] = []
    toc = False
    for line in lines:
        words = [c for c in line if c.type not in _BREAKS]
        text = "".join(c.content for c in words)
        if not words or any(c.type != "text" for c in words) or not is_markup_line(text):
            kept.append(line)
            continue
        ial = _IAL_LINE.match(text)
        if ial and ial.group(1).strip().lstrip(":") == "toc":
            toc = True
        elif ial:
            _set_attrs(visible_block(tokens, index - 1), *parse_ial(ial.group(1)))
    if len(kept) == len(lines):
        return False
    if kept and kept[-1] and kept[-1][-1].type in _BREAKS:
        kept[-1] = kept[-1][:-1]
    inline.children = [child for line in kept for child in line]
    if not inline.children and block.type == "paragraph_open":
        block.hidden = True
        closing = next(t for t in tokens[index + 1 :] if t.type == "paragraph_close" and t.level == block.level)
        closing.hidden = True
    return toc


def _block_ial(tokens: list[Token], index: int) -> bool:
    """A block IAL the kramdown reader made a block of its own: its attributes go to the block
    right before it, else right after it (kramdown's rule); True for a ``{:toc}``."""
    inside = tokens[index].content.strip()[1:-1].lstrip(":")
    if inside.strip().lstrip(":") == "toc":
        return True
    where = tokens[index].map
    line = where[0] if where else -1
    before = _block_at(tokens, index, -1)
    after = _block_at(tokens, index, 1)
    if before is not None and before[1] == line:
        _set_attrs(visible_block(tokens, before[0]), *parse_ial(inside))
    elif after is not None and after[1] == line + 1:
        _set_attrs(visible_block(tokens, after[0]), *parse_ial(inside))
    return False


def _block_at(tokens: list[Token], index: int, step: int) -> tuple[int, int] | None:
    """(index of the opening token, line next to the IAL) of the sibling block before (step -1:
    its end line) or after (step 1: its first line) the token at ``index``."""
    level = tokens[index].level
    other = index + step
    if not 0 <= other < len(tokens) or tokens[other].level != level or tokens[other].type in _KRAMDOWN_BLOCKS:
        return None
    if step < 0 and tokens[other].nesting == -1:
        depth = 0
        for opener in range(other, -1, -1):
            depth += tokens[opener].nesting
            if depth == 0:
                other = opener
                break
    elif tokens[other].nesting == -1:
        return None  # the IAL is the last thing in its container
    elif step < 0 and tokens[other].nesting == 1:
        return None  # the IAL is the first thing in its container
    found = tokens[other].map
    if found is None:
        return None
    return other, found[1] if step < 0 else found[0]


def visible_block(tokens: list[Token], index: int) -> Token:
    """A tight list's paragraphs are not rendered: their list item carries attributes."""
    token = tokens[index]
    if not token.hidden:
        return token
    for back in range(index - 1, -1, -1):
        if tokens[back].type == "list_item_open" and tokens[back].level == token.level - 1:
            return tokens[back]
    return token


def _set_attrs(token: Token, ident: str | None, classes: list[str]) -> None:
    if ident:
        token.attrSet("id", ident)
    for name in classes:
        token.attrJoin("class", name)


def _heading_ial(heading: Token, inline: Token) -> None:
    """``## Title {#id .class}``: the id (unless the source's is set) and classes, not the text."""
    children = inline.children or []
    if not children or children[-1].type != "text":
        return
    match = TRAILING_IAL.search(children[-1].content)
    if not match:
        return
    children[-1].content = children[-1].content[: match.start()]
    ident, classes = parse_ial(match.group(1))
    _set_attrs(heading, None if heading.attrGet("id") else ident, classes)


def _table_of_contents(tokens: list[Token], inline_index: int) -> None:
    """The kramdown ``* TOC`` list becomes a list of links to the page's headings."""
    start = next((i for i in range(inline_index, -1, -1) if tokens[i].type.endswith("list_open")), None)
    if start is None:
        return
    end = next(i for i in range(start + 1, len(tokens)) if tokens[i].level == tokens[start].level and tokens[i].nesting == -1)
    items = []
    for index, token in enumerate(tokens):
        ident = token.attrGet("id") if token.type == "heading_open" else None
        if isinstance(ident, str):
            text = "".join(c.content for c in tokens[index + 1].children or [] if c.type in ("text", "code_inline"))
            items.append(f'<li class="toc-{token.tag}"><a href="#{html.escape(ident)}">{html.escape(text.strip())}</a></li>')
    nav = Token("html_block", "", 0, map=tokens[start].map)
    nav.content = '<nav class="toc">\n<ul>\n' + "\n".join(items) + "\n</ul>\n</nav>\n"
    tokens[start : end + 1] = [nav]
