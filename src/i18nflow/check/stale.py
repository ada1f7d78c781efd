"""Would ``extract`` + ``update`` change a catalog? If so, say which post and why.

The verdict is byte-exact: the template and merged catalogs are computed in memory the way the
pipeline computes them and compared with the files on disk, in the charset the pipeline writes. The explanation compares what each
post contributes (msgid, context and line) to the template on disk, so the report names the
posts that were edited, added or removed since the last sync, at the line that changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import polib

from i18nflow.gettext.catalogs import entry_key
from i18nflow.gettext.po import format_po, po_bytes, same_content

_ACTIONS = {
    "edited": "was edited since the last update",
    "added": "is new and was never extracted",
    "removed": "was removed or renamed",
}


@dataclass(frozen=True)
class PostChange:
    ref: str
    line: int | None
    what: str  # "edited", "added" or "removed"

    def describe(self) -> str:
        return f"{self.ref} {_ACTIONS[self.what]}"


@dataclass(frozen=True)
class Staleness:
    line: int | None  # first line of the file that would change
    message: str
    source: str | None = None
    source_line: int | None = None


def post_changes(old_template: polib.POFile | None, template: polib.POFile) -> list[PostChange]:
    """What each post contributes to the template on disk versus now, post by post."""
    old = _contributions(old_template) if old_template is not None else {}
    new = _contributions(template)
    changes = []
    for ref in sorted(set(old) | set(new)):
        before, after = old.get(ref, set()), new.get(ref, set())
        if before == after:
            continue
        if not before:
            changes.append(PostChange(ref, min((line for _, _, line in after), default=None), "added"))
        elif not after:
            changes.append(PostChange(ref, None, "removed"))
        else:
            changed_lines = [line for _, _, line in after - before] or [line for _, _, line in before - after]
            changes.append(PostChange(ref, min(changed_lines, default=None), "edited"))
    return changes


def _contributions(template: polib.POFile) -> dict[str, set[tuple[str | None, str, int]]]:
    result: dict[str, set[tuple[str | None, str, int]]] = {}
    for entry in template:
        if entry.obsolete or not entry.msgid:
            continue
        for ref, line in entry.occurrences:
            result.setdefault(ref, set()).add((entry.msgctxt, entry.msgid, _int(line)))
    return result


def staleness(
    expected: str,
    actual: str | None,
    changes: Sequence[PostChange],
    existing: polib.POFile | None = None,
    template: polib.POFile | None = None,
    command: str = "i18nflow update",
) -> Staleness | None:
    """Why the file on disk (``actual``) is not what the pipeline would write (``expected``)."""
    if actual == expected:
        return None
    line = first_difference(expected, actual) if actual is not None else None
    if changes:
        first = changes[0]
        named = "; ".join(change.describe() for change in changes[:3])
        more = f" (and {len(changes) - 3} more posts)" if len(changes) > 3 else ""
        return Staleness(line, f"out of date: {named}{more}; run `{command}`", first.ref, first.line)
    if actual is None:
        return Staleness(None, f"missing: run `{command}` to create it")
    if existing is not None and template is not None:
        unmerged = _unmerged(existing, template, command)
        if unmerged is not None:
            return unmerged
    if existing is not None:
        flagged = _lost_flags(existing)
        if flagged is not None:
            return flagged
    return Staleness(
        line, f"would be rewritten by `{command}` (references, comments or layout differ from what i18nflow writes)"
    )


def written_staleness(
    catalog: polib.POFile,
    data: bytes,
    encoding: str,
    changes: Sequence[PostChange],
    existing: polib.POFile | None = None,
    template: polib.POFile | None = None,
    command: str = "i18nflow update",
    width: int = 79,
    differs: bool = False,
) -> Staleness | None:
    """Why ``data`` (a catalog file, in the codec ``encoding`` it was read with, parsed as
    ``existing``) would be rewritten by the pipeline as ``catalog``.

    Only content counts: a file laid out otherwise (another wrap width, sorted, CRLF, a BOM, an
    editor's save) is not rewritten by ``update``, so it is not stale (see ``po.layout``); a
    catalog kept in Latin-1 is as up to date as a UTF-8 one. ``differs``: the caller compared
    the bytes already."""
    if not differs and po_bytes(catalog, width) == data:
        return None
    if existing is not None and same_content(catalog, existing):
        return _lost_flags(existing)
    expected = format_po(catalog, width)  # after po_bytes: in UTF-8 if its charset could not hold the text
    found = staleness(expected, data.decode(encoding, "replace"), changes, existing, template, command)
    return found or Staleness(1, f"would be rewritten by `{command}` (its bytes are not what its header's charset gives)")


def _unmerged(existing: polib.POFile, template: polib.POFile, command: str) -> Staleness | None:
    """A catalog that was not merged after its template changed: name the first entry."""
    have = {entry_key(e) for e in existing if not e.obsolete}
    for entry in template:
        if entry_key(entry) not in have and entry.occurrences:
            ref, line = entry.occurrences[0]
            return Staleness(
                None,
                f"not merged with its template: it lacks text its source has; run `{command}`",
                ref,
                _int(line),
            )
    wanted = {entry_key(e) for e in template}
    for entry in existing:
        if not entry.obsolete and entry.msgid and entry_key(entry) not in wanted:
            ref, line = entry.occurrences[0] if entry.occurrences else (None, None)
            return Staleness(
                entry.linenum,
                f"not merged with its template: it has text its source no longer has; run `{command}`",
                ref,
                _int(line) if line is not None else None,
            )
    return None


def _lost_flags(existing: polib.POFile) -> Staleness | None:
    """gettext (msgcat, msgmerge, and so update) drops flags it does not know: say how to keep
    an ``i18nflow-skip-check`` excuse instead of just "would be rewritten"."""
    for entry in existing:
        unknown = [f for f in entry.flags if f.startswith("i18nflow-")]
        if unknown and not entry.obsolete:
            ref, line = entry.occurrences[0] if entry.occurrences else (None, None)
            return Staleness(
                entry.linenum,
                f"`#, {unknown[0]}` would be dropped by `i18nflow update` (gettext tools keep no "
                f"flags they do not know); write it as a translator comment `# {unknown[0]}`",
                ref,
                _int(line) if line is not None else None,
            )
    return None


_DATE_FIELD = re.compile(r'"(?:POT-Creation-Date|PO-Revision-Date): ')


def first_difference(expected: str, actual: str) -> int:
    """1-based line of ``actual`` where it first differs from ``expected``. The header's dates
    are passed over: the template made for the comparison is dated now, so the minute turning
    between ``update`` and ``check`` would point every stale template at its date line."""
    for number, (want, have) in enumerate(zip(expected.splitlines(), actual.splitlines(), strict=False), 1):
        if want != have and not (_DATE_FIELD.match(want) and _DATE_FIELD.match(have)):
            return number
    return min(len(expected.splitlines()), len(actual.splitlines())) + 1


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0
