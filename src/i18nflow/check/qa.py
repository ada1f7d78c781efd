"""Translation QA for one PO entry: what a translator must keep, and must not add.

Each rule compares the :class:`~i18nflow.markup.Inventory` of the msgid with that of the msgstr
and yields an :class:`Issue` named by its check, so a translator can silence exactly that rule
for an intended difference with a flag on the entry (``#, i18nflow-skip-check:numbers``).
Which entries are checked, and where an issue is reported, is the caller's business.

An issue that render would refuse to publish (:mod:`i18nflow.source.safety`: added HTML, a script
URL, a new link, a new Liquid tag) is marked ``refused``: the skip flag sits in the same PO file
as the translation, which may come from an untrusted pull request, so it never silences those.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from i18nflow.gettext.catalogs import skip_marks
from i18nflow.source.markup import (
    Inventory,
    References,
    count_term,
    edge_whitespace,
    first_new_block,
    inventory,
    missing_and_added,
)
from i18nflow.source.safety import is_markdown_text, refusals_between

if TYPE_CHECKING:
    from i18nflow.translate.glossary import Glossary

# Every check id a flag or the [check] table may name, with its default level.
ENTRY_CHECKS = {
    "urls": "error",
    "code": "error",
    "html": "error",
    "unsafe-url": "error",
    "liquid": "error",
    "footnotes": "error",
    "terms": "error",
    "structure": "error",
    "emphasis": "error",
    "anchors": "error",
    "numbers": "warning",
    "whitespace": "warning",
    "glossary": "warning",
    "format": "error",  # a site.po string Jinja cannot %-format
    "empty": "error",  # only whitespace: render would publish a blank block
    "line-breaks": "error",  # another number of hard line breaks than the source
}


_BLOCK_KINDS = {"paragraph", "heading", "list item", "blockquote", "footnote"}


@dataclass(frozen=True)
class Issue:
    check: str
    message: str
    refused: bool = False  # render falls back for it; no flag in the PO file silences it


def skipped_checks(flags: Iterable[str]) -> set[str]:
    """The checks an entry's flags silence; a bare ``i18nflow-skip-check`` silences them all
    (but never a ``refused`` issue: see :attr:`Issue.refused`)."""
    return checks_silenced(skip_marks(flags))


def checks_silenced(marks: set[str]) -> set[str]:
    """The checks the marks of :func:`~i18nflow.gettext.catalogs.skip_marks` silence."""
    return set(ENTRY_CHECKS) if "all" in marks else marks


def check_entry(
    msgid: str,
    msgstr: str,
    kinds: Iterable[str],
    terms: Iterable[str] = (),
    references: References = (),
    glossary: Glossary | None = None,
) -> list[Issue]:
    """Every issue of one translation. ``kinds`` are the lines of the entry's extracted comment
    (``heading``, ``table cell``, ``front matter: title``…): block rules apply to Markdown
    blocks only, not to front matter values or text inside HTML. With the locale's
    ``glossary``, a term of the msgid whose translation the msgstr lacks is an issue."""
    kinds = set(kinds)
    if msgid.strip() and not msgstr.strip():
        return [Issue("empty", "the translation is only whitespace")]
    markdown = is_markdown_text(kinds)
    source = inventory(msgid, references, markdown)
    target = inventory(msgstr, references, markdown)
    issues = list(_kept_markup(source, target))
    issues.extend(_terms(msgid, msgstr, terms))
    if "table cell" in kinds:
        issues.extend(_table_cell(source, target))
    if kinds & _BLOCK_KINDS:
        issues.extend(_block_structure(source, target))
    if (kinds & _BLOCK_KINDS or "table cell" in kinds) and target.stray_emphasis > source.stray_emphasis:
        issues.append(Issue("emphasis", "emphasis is unbalanced: a *, _ or ~~ opens or closes nothing"))
    if source.numbers != target.numbers:
        missing, added = missing_and_added(source.numbers, target.numbers)
        issues.append(Issue("numbers", _difference("numbers", missing, added)))
    breaks = msgid.strip("\n").count("\n"), msgstr.strip("\n").count("\n")
    if breaks[0] != breaks[1]:
        issues.append(Issue("line-breaks", f"{breaks[1]} hard line breaks where the source has {breaks[0]}"))
    if edge_whitespace(msgid) != edge_whitespace(msgstr):
        issues.append(Issue("whitespace", "leading or trailing whitespace differs from the source"))
    if glossary is not None:
        issues.extend(_glossary(msgid, msgstr, glossary))
    refused = {r.check: r.message for r in refusals_between(source, target)}
    reported = {issue.check for issue in issues}
    for check in ("html", "unsafe-url", "urls", "liquid"):
        if check in refused and (check in ("html", "unsafe-url") or check not in reported):
            issues.append(Issue(check, refused[check]))  # e.g. a bare address, which links no markup
    return [replace(issue, refused=True) if issue.check in refused else issue for issue in issues]


def _glossary(msgid: str, msgstr: str, glossary: Glossary) -> Iterator[Issue]:
    for entry in glossary.missing(msgid, msgstr):
        where = f"{glossary.path.name}:{entry.line}" if entry.line else glossary.path.name
        if entry.dnt:
            yield Issue("glossary", f"glossary term {entry.term!r} is not to be translated ({where})")
        else:
            yield Issue("glossary", f"glossary: {entry.term!r} is translated {entry.translation!r} ({where})")


def _kept_markup(source: Inventory, target: Inventory) -> Iterator[Issue]:
    for check, what, field in (
        ("urls", "link URLs", "links"),
        ("urls", "image URLs", "images"),
        ("code", "code spans", "code"),
        ("liquid", "Liquid tags", "liquid"),
        ("footnotes", "footnote references", "footnotes"),
    ):
        missing, added = missing_and_added(getattr(source, field), getattr(target, field))
        if missing or added:
            yield Issue(check, _difference(what, missing, added))
    if len(target.fragments) < len(source.fragments):
        yield Issue("urls", _difference("links to anchors", *missing_and_added(source.fragments, target.fragments)))


def _terms(msgid: str, msgstr: str, terms: Iterable[str]) -> Iterator[Issue]:
    for term in terms:
        wanted = count_term(msgid, term)
        if wanted and count_term(msgstr, term) < wanted:
            yield Issue("terms", f"do-not-translate term {term!r} must be kept as it is")


def _table_cell(source: Inventory, target: Inventory) -> Iterator[Issue]:
    if target.escaped_pipes < source.escaped_pipes:
        yield Issue("structure", "drops an escaped \\| of the source (the pipe would split the cell)")
    elif target.unescaped_pipes > source.unescaped_pipes:
        yield Issue("structure", "a | adds a table cell; write \\| for a literal pipe")


def _block_structure(source: Inventory, target: Inventory) -> Iterator[Issue]:
    block = first_new_block(source, target)
    if block is not None:
        yield Issue(
            "structure",
            f"starts {block} the source does not have (escape the first character with a backslash)",
        )


def _difference(what: str, missing: list[str], added: list[str]) -> str:
    parts = []
    if missing:
        parts.append("missing " + _quoted(missing))
    if added:
        parts.append("not in the source " + _quoted(added))
    return f"{what} differ from the source: " + "; ".join(parts)


def _quoted(items: list[str]) -> str:
    shown = [item if len(item) <= 80 else item[:77] + "..." for item in items[:5]]
    more = f" and {len(items) - 5} more" if len(items) > 5 else ""
    return ", ".join(f"`{item}`" for item in shown) + more
