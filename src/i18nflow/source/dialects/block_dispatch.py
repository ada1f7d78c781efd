"""markdown-it-py's block pass, trying at each line only the block rules that can act on it.

At every line the block tokenizer tries its rules in order until one matches, and the
paragraph rule (lheading, list, blockquote, reference and table too) asks every rule of a
terminator chain whether the next line ends it: a dozen Python calls for a line of text,
though each rule begins by looking at the line's first character (after its indent) and
returns at once when it is not its own: ``#`` a heading, ``>`` a blockquote, ``[`` a
reference. Trying only the rules listed for that character (for GFM tables: for the first
character of the next line, the delimiter row), in the same order, gives the same tokens and
``env``. A rule :data:`_STARTS` does not know (nor :func:`same_starts_as` another) is tried on
every line: a dialect rule nobody classified costs time, never a token.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any
from weakref import WeakKeyDictionary

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

BlockRuleFn = Callable[[StateBlock, int, int, bool], bool]

# Where a rule can act: on any line (ANY), only on a line indented as code (CODE: the main
# loop tries the whole chain on such a line), or (LINE, chars) where the line's first
# character after its indent is one of chars, (NEXT, chars) where the next line's is.
ANY, CODE, LINE, NEXT = "any", "code", "line", "next"
Starts = tuple[str, str]
_ANY: Starts = (ANY, "")
_CODE: Starts = (CODE, "")


def _line(chars: str) -> Starts:
    return (LINE, chars)


_DELIMITER_ROW: Starts = (NEXT, "|-:")  # a GFM table needs its delimiter row under its first line
_LIST = _line("*-+0123456789")
_RULE = _line("*-_")
# what Python's str.strip() removes besides spaces and tabs (which the indent already holds)
_OTHER_SPACES = (
    "\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)

# (in the main loop, as a terminator: silent) for each rule, by its module and qualified name
_STARTS: dict[str, tuple[Starts, Starts]] = {
    "markdown_it.rules_block.table.table": (_DELIMITER_ROW, _DELIMITER_ROW),
    "markdown_it.rules_block.code.code": (_CODE, _ANY),
    "markdown_it.rules_block.blockquote.blockquote": (_line(">"), _line(">")),
    "markdown_it.rules_block.hr.hr": (_RULE, _RULE),
    "markdown_it.rules_block.list.list_block": (_LIST, _LIST),
    "markdown_it.rules_block.reference.reference": (_line("["), _line("[")),
    "markdown_it.rules_block.html_block.html_block": (_line("<"), _line("<")),
    "markdown_it.rules_block.heading.heading": (_line("#"), _line("#")),
    "markdown_it.rules_block.lheading.lheading": (_ANY, _ANY),
    "markdown_it.rules_block.paragraph.paragraph": (_ANY, _ANY),
    "mdit_py_plugins.footnote.index.footnote_def": (_line("["), _line("[")),
    # a term line opens the list; a definition (":" or "~") ends a definition's paragraph
    "mdit_py_plugins.deflist.index.deflist_plugin.<locals>.deflist": (_ANY, _line(":~")),
    # the dialects' own rules (kramdown_blocks, kramdown_paragraphs, deflist, goldmark)
    "i18nflow.source.dialects.kramdown_blocks.ial_line_rule": (_line("{"), _line("{")),
    "i18nflow.source.dialects.kramdown_blocks.end_of_block_rule": (_line("^" + _OTHER_SPACES),) * 2,
    "i18nflow.source.dialects.kramdown_blocks.abbreviation_rule": (_line("*"), _line("*")),
    "i18nflow.source.dialects.kramdown_blocks.table_rule": (_ANY, _ANY),
    "i18nflow.source.dialects.kramdown_blocks.markdown_html_rule": (_line("<"), _line("<")),
    "i18nflow.source.dialects.kramdown_blocks.html_block_rule": (_line("<"), _line("<")),
    "i18nflow.source.dialects.kramdown_paragraphs.one_line_setext": (_ANY, _ANY),
    "i18nflow.source.dialects.kramdown_paragraphs.rule_in_paragraph": (_RULE, _RULE),
    "i18nflow.source.dialects.deflist.definition_list_rule": (_ANY, _line(":")),
    "i18nflow.source.dialects.goldmark._table_with_indented_rows": (_DELIMITER_ROW, _DELIMITER_ROW),
}
# rules made by a factory are known as the very function it made (a fence with other markers
# shares its qualified name)
_MADE: dict[str, tuple[Starts, Starts]] = {"fence": (_line("`~"), _line("`~"))}

# wrappers that act on fewer lines than the rule they wrap (quick_references' reference)
_NARROWING: WeakKeyDictionary[Callable[..., Any], Callable[..., Any]] = WeakKeyDictionary()


def same_starts_as(wrapper: BlockRuleFn, original: BlockRuleFn) -> None:
    """Declare that ``wrapper`` acts only on lines ``original`` acts on (it rejects earlier)."""
    _NARROWING[wrapper] = original


@lru_cache(maxsize=1)
def _made() -> dict[int, tuple[Starts, Starts]]:
    from markdown_it import rules_block

    return {id(getattr(rules_block, name)): starts for name, starts in _MADE.items()}


def starts_of(rule: BlockRuleFn) -> tuple[Starts, Starts]:
    """Where ``rule`` can act (main loop, terminator); any line when it is not known."""
    while rule in _NARROWING:
        rule = _NARROWING[rule]
    made = _made().get(id(rule))
    if made is not None:
        return made
    name = f"{getattr(rule, '__module__', '')}.{getattr(rule, '__qualname__', '')}"
    return _STARTS.get(name, (_ANY, _ANY))


class _Lists:
    """One chain's rules, and for each (first character, next line's first character) the
    rules among them that can act there (built on first use)."""

    def __init__(self, rules: list[BlockRuleFn], silent: bool):
        self.rules = rules
        self.starts = [(starts_of(rule)[1 if silent else 0], rule) for rule in rules]
        self.next_chars = "".join(chars for (kind, chars), _rule in self.starts if kind == NEXT)
        self.by_key: dict[str, list[BlockRuleFn]] = {}

    def key(self, state: StateBlock, line: int, end: int) -> str:
        """The line's first character ("\\n": none), and the next line's where a rule asks."""
        pos = state.bMarks[line] + state.tShift[line]
        first = state.src[pos] if pos < state.eMarks[line] else "\n"
        if not self.next_chars or line + 1 >= end:
            return first
        pos = state.bMarks[line + 1] + state.tShift[line + 1]
        below = state.src[pos] if pos < state.eMarks[line + 1] else ""
        return first + below if below and below in self.next_chars else first

    def build(self, key: str) -> list[BlockRuleFn]:
        first, below = key[0], key[1:]
        found = self.by_key[key] = [
            rule
            for (kind, chars), rule in self.starts
            if kind == ANY or (kind == LINE and first in chars) or (kind == NEXT and below != "" and below in chars)
        ]
        return found


def dispatched_blocks(md: MarkdownIt) -> None:
    """markdown-it-py's block tokenizer and terminator chains, each line trying only the rules
    that can act on how it starts (see the module's docstring); the same tokens and ``env``."""
    dispatch = _BlockDispatch(md.block)
    md.block.tokenize = dispatch.tokenize  # type: ignore[method-assign]
    md.block.ruler.getRules = dispatch.get_rules  # type: ignore[method-assign]


class _BlockDispatch:
    """``ParserBlock.tokenize`` of markdown-it-py (4.x) with the rules for a line looked up, and
    the ruler's terminator chains each served as one rule that does the same lookup. Both
    follow the ruler: rebuilt when it recompiles (a rule added, enabled or disabled)."""

    def __init__(self, block: Any):
        self.original_get_rules: Callable[[str], list[BlockRuleFn]] = block.ruler.getRules
        self.main: _Lists | None = None
        self.gates: dict[str, tuple[list[BlockRuleFn], list[BlockRuleFn]]] = {}

    def get_rules(self, chainName: str = "") -> list[BlockRuleFn]:  # noqa: N803 (the ruler's names)
        """The ruler's chain; a terminator chain as one rule (:func:`_gate`)."""
        rules = self.original_get_rules(chainName)
        if not chainName or not rules:
            return rules
        gated = self.gates.get(chainName)
        if gated is None or gated[0] is not rules:
            gated = self.gates[chainName] = (rules, [_gate(_Lists(rules, silent=True))])
        return gated[1]

    def tokenize(self, state: StateBlock, startLine: int, endLine: int) -> None:  # noqa: N803 (markdown-it's names)
        rules = self.original_get_rules("")
        lists = self.main
        if lists is None or lists.rules is not rules:
            lists = self.main = _Lists(rules, silent=False)
        by_key, next_chars = lists.by_key, lists.next_chars
        line = startLine
        max_nesting = state.md.options.maxNesting
        has_empty_lines = False
        while line < endLine:
            state.line = line = state.skipEmptyLines(line)
            if line >= endLine:
                break
            if state.sCount[line] < state.blkIndent:
                break  # the end of a nested call (blockquotes, lists)
            if state.level >= max_nesting:
                state.line = endLine  # too deep: skip to the end, as markdown-it does
                break
            if state.sCount[line] - state.blkIndent >= 4:
                tried = rules  # indented code, or a paragraph's lazy line: every rule
            else:  # the line's first character (and the next line's, where a rule asks), inline
                src, b_marks, t_shift = state.src, state.bMarks, state.tShift
                key = src[b_marks[line] + t_shift[line]]
                if next_chars and line + 1 < endLine:
                    pos = b_marks[line + 1] + t_shift[line + 1]
                    if pos < state.eMarks[line + 1] and src[pos] in next_chars:
                        key += src[pos]
                found = by_key.get(key)
                tried = lists.build(key) if found is None else found
            ok = False
            for rule in tried:
                ok = rule(state, line, endLine, False)
                if ok:
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    break
            if not ok:
                raise RuntimeError("none of the block rules matched")
            state.tight = not has_empty_lines  # an empty line before this block makes it loose
            line = state.line
            if (line - 1) < endLine and state.isEmpty(line - 1):
                has_empty_lines = True  # a paragraph may eat the empty line after it
            if line < endLine and state.isEmpty(line):
                has_empty_lines = True
                line += 1
                state.line = line


def _gate(lists: _Lists) -> BlockRuleFn:
    """A terminator chain as one rule: whether any rule of it that can act on the line does."""

    def gate(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        if not silent:  # a chain is asked silently; anything else gets every rule
            return any(rule(state, line, end, silent) for rule in lists.rules)
        key = lists.key(state, line, end)
        found = lists.by_key.get(key)
        for rule in lists.build(key) if found is None else found:
            if rule(state, line, end, True):
                return True
        return False

    return gate
