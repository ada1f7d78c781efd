"""Segments → POT templates → PO catalogs per locale, merged the way ``msgmerge`` does.

What translators rely on, kept here: a translation is never dropped (an entry whose source is
gone stays as an obsolete ``#~`` entry and comes back when the source returns), a changed source
is matched fuzzily and marked ``fuzzy`` with the previous msgid (``#|``), headers come from CLDR.

Where we differ from msgmerge, on purpose: the similarity is our own (rapidfuzz), because
babel's matcher (difflib's get_close_matches with a 0.6 cutoff on short prefixes, babel #969)
misses long paragraphs with small edits; and an old translation that seeds a fuzzy entry is also
kept as obsolete, so reverting the source edit restores the reviewed translation exactly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polib

from i18nflow import __version__
from i18nflow.gettext.formats import format_mismatch
from i18nflow.gettext.plural_forms import nplurals
from i18nflow.gettext.po.entry import po_entry
from i18nflow.gettext.po.layout import copy_layout

if TYPE_CHECKING:
    from i18nflow.source.content import Post
    from i18nflow.source.segment import Segment

MACHINE_COMMENT = "machine translation:"
REUSE_COMMENT = "reused translation:"  # a reviewed translation of the same msgid elsewhere
IMPORT_COMMENT = "imported from "  # i18nflow import: aligned from a hand-translated post
FUZZY_CUTOFF = 0.65
_DATE_LINE = re.compile(r'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.M)

Key = tuple[str | None, str]


SKIP_FLAG = "i18nflow-skip-check"


def skip_marks(flags: Iterable[str]) -> set[str]:
    """The check names ``i18nflow-skip-check:NAME`` marks among ``flags`` give (``all`` for a
    bare mark). ``check`` silences those checks; render asks only whether ``structure`` is."""
    marks: set[str] = set()
    for flag in flags:
        name, _, value = flag.strip().partition(":")
        if name == SKIP_FLAG:
            marks.add(value.strip() or "all")
    return marks


def entry_skip_marks(entry: polib.POEntry) -> set[str]:
    """:func:`skip_marks` of an entry's flags and of its translator comments, which is where
    PO editors that drop flags they do not know let a translator write them."""
    return skip_marks([*entry.flags, *(entry.tcomment or "").splitlines()])


def entry_key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def now_stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


# templates ------------------------------------------------------------------


def build_template(domain: str, posts: Iterable[tuple[Post, Sequence[Segment]]], date: str) -> polib.POFile:
    """One POT for a domain: each (msgctxt, msgid) once, with every place it occurs."""
    pot = polib.POFile(wrapwidth=79)
    pot.metadata = template_header(domain, date)
    entries: dict[Key, polib.POEntry] = {}
    kinds: dict[Key, list[str]] = {}
    for post, segments in posts:
        for segment in segments:
            key = (segment.msgctxt, segment.msgid)
            entry = entries.get(key)
            if entry is None:
                entry = po_entry(msgctxt=segment.msgctxt, msgid=segment.msgid, msgstr="")
                entries[key] = entry
                kinds[key] = []
                pot.append(entry)
            entry.occurrences.append((post.ref, str(segment.line)))
            if segment.kind not in kinds[key]:
                kinds[key].append(segment.kind)
    for key, entry in entries.items():
        entry.comment = "\n".join(kinds[key])
    return pot


def dated(pot: polib.POFile, old_text: str | None, width: int) -> polib.POFile | None:
    """Give a fresh template (built with the old ``POT-Creation-Date``) today's date when its
    content differs from the file on disk (``old_text``), not when only its layout does (a new
    wrap width); the old template when it had to be parsed to tell."""
    return dated_or_same(pot, old_text, width)[0]


def dated_or_same(pot: polib.POFile, old_text: str | None, width: int) -> tuple[polib.POFile | None, bool]:
    """:func:`dated`, and whether the template's text is ``old_text`` exactly (then writing it
    would change nothing, and formatting it again to find that out costs a second at 100,000
    entries)."""
    from i18nflow.errors import CatalogError
    from i18nflow.gettext.po import format_po, parse_po_text, same_content

    old_date = creation_date(old_text)
    if old_text is None or not old_date:
        return None, False
    if format_po(pot, width) == old_text:
        return None, True
    try:
        old = parse_po_text(old_text)
    except CatalogError:
        old = None
    if old is None or not same_content(pot, old):
        pot.metadata["POT-Creation-Date"] = now_stamp()
    return old, False


def template_header(domain: str, date: str) -> dict[str, str]:
    return {
        "Project-Id-Version": domain,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": date,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Generated-By": f"i18nflow {__version__}",
    }


def creation_date(text: str | None) -> str | None:
    """The POT-Creation-Date of a catalog's text, read without parsing the whole file."""
    if not text:
        return None
    match = _DATE_LINE.search(text, 0, 2000)
    return match.group(1) if match else None


# headers ----------------------------------------------------------------------


def plural_forms(locale: str) -> str:
    from babel import Locale
    from babel.messages.plurals import get_plural

    try:
        return get_plural(Locale.parse(locale)).plural_forms
    except Exception:  # noqa: BLE001 - babel has no data: gettext's safe default
        return "nplurals=2; plural=(n != 1);"


def language_team(locale: str) -> str:
    from babel import Locale

    try:
        return f"{Locale.parse(locale).get_display_name('en')} <LL@li.org>"
    except Exception:  # noqa: BLE001
        return "none"


def locale_header(domain: str, locale: str, pot_date: str, now: str) -> dict[str, str]:
    return {
        "Project-Id-Version": domain,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": pot_date,
        "PO-Revision-Date": now,
        "Last-Translator": "Automatically generated",
        "Language-Team": language_team(locale),
        "Language": locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(locale),
        "Generated-By": f"i18nflow {__version__}",
    }


# merging ----------------------------------------------------------------------


@dataclass
class MergeResult:
    catalog: polib.POFile
    fuzzy_matched: int = 0
    obsoleted: int = 0
    restored: int = 0


def merge(
    template: polib.POFile,
    existing: polib.POFile | None,
    locale: str,
    now: str,
    pool: dict[Key, polib.POEntry] | None = None,
    retranslate: bool = False,
) -> MergeResult:
    """Merge a template into a locale's catalog (``msgmerge --previous`` semantics).

    As msgmerge does, an entry takes its flags (format flags, ``no-wrap``, ``range``) and its
    ``msgid_plural`` from the template and keeps only ``fuzzy`` of its own; it becomes fuzzy
    when its plural changed or a new format flag does not fit its translation, and a plural
    entry gets as many ``msgstr[i]`` as the catalog's ``Plural-Forms`` says.

    ``pool`` holds translations that left other catalogs of the same locale (a renamed post, a
    paragraph moved to another post): an entry this catalog has no translation for takes its
    translation from there, state and all, instead of starting over.

    A machine translation of a text that changed is not a translation of the new text: with
    ``retranslate`` (an engine will fill the locale in this run) the entry is left untranslated
    for it, otherwise it becomes an ordinary outdated entry (fuzzy, ``#|``, no machine mark).
    """
    pot_date = template.metadata.get("POT-Creation-Date", now)
    catalog = polib.POFile(wrapwidth=79)
    copy_layout(existing, catalog)
    if existing is not None and existing.metadata:
        catalog.metadata = dict(existing.metadata)
        catalog.metadata_is_fuzzy = existing.metadata_is_fuzzy
        catalog.header = existing.header
        header_entry = getattr(existing, "_i18nflow_header_entry", None)
        if header_entry is not None:
            catalog._i18nflow_header_entry = header_entry
        catalog.metadata["POT-Creation-Date"] = pot_date
        catalog.metadata.setdefault("Language", locale)
        catalog.metadata.setdefault("Plural-Forms", plural_forms(locale))
    else:
        catalog.metadata = locale_header(
            template.metadata.get("Project-Id-Version", ""), locale, pot_date, now
        )
    count = nplurals(catalog.metadata.get("Plural-Forms", ""))
    # polib iterates obsolete entries too: old_entries is every entry, active first
    old_entries = active(existing) + obsolete(existing) if existing is not None else []
    by_key: dict[Key, polib.POEntry] = {}
    for entry in old_entries:
        if entry.msgid == "":
            continue
        current = by_key.get(entry_key(entry))
        if current is None or (current.obsolete and not entry.obsolete):
            by_key[entry_key(entry)] = entry
    result = MergeResult(catalog)
    used: set[int] = set()
    unmatched: list[polib.POEntry] = []
    for new in template:
        old = by_key.get(entry_key(new))
        pooled = pool.get(entry_key(new)) if pool else None
        if pooled is not None and _pool_improves(pooled, old):
            old = pooled
            result.restored += 1
        if old is not None:
            used.add(id(old))
            catalog.append(_carry_over(new, old, count))
        else:
            created = new_entry(new, count)
            unmatched.append(created)
            catalog.append(created)
    if unmatched:
        candidates = [
            e for e in old_entries
            if id(e) not in used and e.msgid and is_translated_any(e) and not (retranslate and is_machine(e))
        ]
        _fuzzy_match(unmatched, candidates, result, count)
    seen = {entry_key(e) for e in active(catalog)}
    for old in old_entries:
        key = entry_key(old)
        if old.msgid == "" or key in seen or not is_translated_any(old):
            continue
        seen.add(key)
        if id(old) not in used and not old.obsolete:
            result.obsoleted += 1
        catalog.append(make_obsolete(old))
    return result


def _pool_improves(pooled: polib.POEntry, old: polib.POEntry | None) -> bool:
    """A translation from elsewhere replaces none, or a machine one when a human reviewed it."""
    if old is None or not is_translated_any(old):
        return True
    return is_machine(old) and entry_state(pooled) == "reviewed"


def new_entry(template_entry: polib.POEntry, count: int = 2) -> polib.POEntry:
    """The template's entry untranslated: its flags, and ``count`` empty plural forms."""
    entry = po_entry(
        msgctxt=template_entry.msgctxt,
        msgid=template_entry.msgid,
        msgstr="",
        comment=template_entry.comment,
        occurrences=list(template_entry.occurrences),
        flags=[f for f in template_entry.flags if f != "fuzzy"],
    )
    if template_entry.msgid_plural:
        entry.msgid_plural = template_entry.msgid_plural
        entry.msgstr_plural = dict.fromkeys(range(count), "")
    return entry


def _carry_over(new: polib.POEntry, old: polib.POEntry, count: int = 2) -> polib.POEntry:
    entry = new_entry(new, count)
    if not any(f.endswith("-format") for f in entry.flags):
        # Unlike msgmerge: where the template says nothing about formats, the format flags a
        # translator's tool set stay (babel flags "20% discount" python-format on every save;
        # dropping the flag would rewrite such a file on every sync).
        entry.flags.extend(f for f in old.flags if f.endswith("-format"))
    _translate_from(entry, old, count)
    if "fuzzy" in old.flags:
        entry.flags.insert(0, "fuzzy")
        entry.previous_msgctxt = old.previous_msgctxt
        entry.previous_msgid = old.previous_msgid
        entry.previous_msgid_plural = old.previous_msgid_plural
    elif is_translated_any(old) and (
        (old.msgid_plural or "") != (new.msgid_plural or "") or _format_broken(entry, old)
    ):
        # msgmerge: a changed plural or a new format flag the translation does not satisfy
        entry.flags.insert(0, "fuzzy")
        entry.previous_msgctxt = old.msgctxt
        entry.previous_msgid = old.msgid
        entry.previous_msgid_plural = old.msgid_plural or None
    return entry


def _translate_from(entry: polib.POEntry, old: polib.POEntry, count: int) -> None:
    """The old entry's translation and translator comment, in the shape of the new entry:
    a singular translation fills every plural form, a plural one gives its first form."""
    entry.tcomment = old.tcomment
    if entry.msgid_plural:
        if old.msgid_plural:
            entry.msgstr_plural = dict(old.msgstr_plural)
        else:
            entry.msgstr_plural = dict.fromkeys(range(count), old.msgstr or "")
    else:
        entry.msgstr = old.msgstr if not old.msgid_plural else _first_form(old)


def _first_form(entry: polib.POEntry) -> str:
    plural = entry.msgstr_plural or {}
    return str(plural.get(0, plural.get("0", "")) or "")


def _format_broken(entry: polib.POEntry, old: polib.POEntry) -> bool:
    """A format flag the template sets and the old entry lacked, which the translation breaks."""
    added = [f for f in entry.flags if f.endswith("-format") and f not in old.flags]
    if not added:
        return False
    texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    plural = bool(entry.msgid_plural)
    return any(format_mismatch(added, entry.msgid, str(text), plural) for text in texts if text)


def _fuzzy_match(
    unmatched: list[polib.POEntry],
    candidates: list[polib.POEntry],
    result: MergeResult,
    count: int = 2,
) -> None:
    if not candidates:
        return
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    texts = [c.msgid for c in candidates]
    for target in unmatched:
        best = process.extractOne(
            target.msgid,
            texts,
            scorer=Indel.normalized_similarity,
            score_cutoff=FUZZY_CUTOFF,
        )
        if best is None:
            continue
        old = candidates[best[2]]
        _translate_from(target, old, count)
        if is_machine(old) or IMPORT_COMMENT in (old.tcomment or ""):
            # outdated now, not "awaiting review": a translation of another text
            target.tcomment = _without_machine_mark(old.tcomment or "")
        target.flags = ["fuzzy", *(f for f in target.flags if f != "fuzzy")]
        if "fuzzy" in old.flags and old.previous_msgid:
            target.previous_msgid = old.previous_msgid
            target.previous_msgctxt = old.previous_msgctxt
            target.previous_msgid_plural = old.previous_msgid_plural
        else:
            target.previous_msgid = old.msgid
            target.previous_msgctxt = old.msgctxt
            target.previous_msgid_plural = old.msgid_plural or None
        result.fuzzy_matched += 1


def _without_machine_mark(tcomment: str) -> str:
    markers = (MACHINE_COMMENT, REUSE_COMMENT, IMPORT_COMMENT)
    return "\n".join(line for line in tcomment.split("\n") if not line.startswith(markers))


def make_obsolete(old: polib.POEntry) -> polib.POEntry:
    entry = po_entry(
        msgctxt=old.msgctxt,
        msgid=old.msgid,
        msgstr=old.msgstr,
        msgid_plural=old.msgid_plural,
        msgstr_plural=dict(old.msgstr_plural),
        tcomment=old.tcomment,
        flags=list(old.flags),
        previous_msgctxt=old.previous_msgctxt if "fuzzy" in old.flags else None,
        previous_msgid=old.previous_msgid if "fuzzy" in old.flags else None,
        previous_msgid_plural=old.previous_msgid_plural if "fuzzy" in old.flags else None,
        obsolete=True,
    )
    return entry


def obsolete_all(catalog: polib.POFile) -> polib.POFile:
    """What msgmerge does with an empty template: every translation kept, all obsolete."""
    result = polib.POFile(wrapwidth=79)
    copy_layout(catalog, result)
    result.metadata = dict(catalog.metadata)
    result.metadata_is_fuzzy = catalog.metadata_is_fuzzy
    result.header = catalog.header
    seen: set[Key] = set()
    for entry in catalog:
        if entry.msgid and is_translated_any(entry) and entry_key(entry) not in seen:
            seen.add(entry_key(entry))
            result.append(make_obsolete(entry))
    return result


def active(catalog: polib.POFile) -> list[polib.POEntry]:
    """Entries that are not obsolete (iterating a polib POFile yields obsolete ones too)."""
    return [e for e in catalog if not e.obsolete]


def obsolete(catalog: polib.POFile) -> list[polib.POEntry]:
    return [e for e in catalog if e.obsolete]


# entry states -----------------------------------------------------------------


def is_translated_any(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return any(v for v in entry.msgstr_plural.values())
    return bool(entry.msgstr)


def is_machine(entry: polib.POEntry) -> bool:
    """Filled for review (engine or reuse), as opposed to fuzzy because the source changed.

    The state lives in the translator comment: PO editors keep comments but drop unknown flags.
    """
    return machine_marked(entry.flags, entry.tcomment or "")


def machine_marked(flags: list[str], tcomment: str) -> bool:
    """:func:`is_machine` for what an entry carries (also between catalogs, see moves.py)."""
    return "fuzzy" in flags and (MACHINE_COMMENT in tcomment or REUSE_COMMENT in tcomment)


def entry_state(entry: polib.POEntry) -> str:
    """reviewed, machine (awaiting review), outdated (source changed) or untranslated."""
    if not is_translated_any(entry):
        return "untranslated"
    if "fuzzy" not in entry.flags:
        return "reviewed"
    return "machine" if is_machine(entry) else "outdated"


def translations(
    catalog: polib.POFile, include_fuzzy: bool = False, include_machine: bool = False
) -> dict[Key, str]:
    """The msgstr render may use for each (msgctxt, msgid)."""
    allowed = {"reviewed"}
    if include_machine:
        allowed.add("machine")
    if include_fuzzy:
        allowed.update(("machine", "outdated"))
    result = {}
    for entry in active(catalog):
        if entry.msgid and entry_state(entry) in allowed:
            result[entry_key(entry)] = entry.msgstr
    return result
