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

if TYPE_CHECKING:
    from i18nflow.source.content import Post
    from i18nflow.source.segment import Segment

MACHINE_COMMENT = "machine translation:"
REUSE_COMMENT = "reused translation:"  # a reviewed translation of the same msgid elsewhere
FUZZY_CUTOFF = 0.65
_DATE_LINE = re.compile(r'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.M)

Key = tuple[str | None, str]


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
                entry = polib.POEntry(msgctxt=segment.msgctxt, msgid=segment.msgid, msgstr="")
                entries[key] = entry
                kinds[key] = []
                pot.append(entry)
            entry.occurrences.append((post.ref, str(segment.line)))
            if segment.kind not in kinds[key]:
                kinds[key].append(segment.kind)
    for key, entry in entries.items():
        entry.comment = "\n".join(kinds[key])
    return pot


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
) -> MergeResult:
    """Merge a template into a locale's catalog (``msgmerge --previous`` semantics).

    ``pool`` holds translations that left other catalogs of the same locale (a renamed post, a
    paragraph moved to another post): an entry this catalog has no translation for takes its
    translation from there, state and all, instead of starting over.
    """
    pot_date = template.metadata.get("POT-Creation-Date", now)
    catalog = polib.POFile(wrapwidth=79)
    if existing is not None and existing.metadata:
        catalog.metadata = dict(existing.metadata)
        catalog.metadata_is_fuzzy = existing.metadata_is_fuzzy
        catalog.header = existing.header
        catalog.metadata["POT-Creation-Date"] = pot_date
        catalog.metadata.setdefault("Language", locale)
        catalog.metadata.setdefault("Plural-Forms", plural_forms(locale))
    else:
        catalog.metadata = locale_header(
            template.metadata.get("Project-Id-Version", ""), locale, pot_date, now
        )
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
            catalog.append(_carry_over(new, old))
        else:
            created = new_entry(new)
            unmatched.append(created)
            catalog.append(created)
    if unmatched:
        candidates = [
            e for e in old_entries if id(e) not in used and e.msgid and is_translated_any(e)
        ]
        _fuzzy_match(unmatched, candidates, result)
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


def new_entry(template_entry: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(
        msgctxt=template_entry.msgctxt,
        msgid=template_entry.msgid,
        msgstr="",
        comment=template_entry.comment,
        occurrences=list(template_entry.occurrences),
    )


def _carry_over(new: polib.POEntry, old: polib.POEntry) -> polib.POEntry:
    entry = new_entry(new)
    entry.msgstr = old.msgstr
    entry.msgid_plural = old.msgid_plural
    entry.msgstr_plural = dict(old.msgstr_plural)
    entry.tcomment = old.tcomment
    entry.flags = list(old.flags)
    if "fuzzy" in entry.flags:
        entry.previous_msgctxt = old.previous_msgctxt
        entry.previous_msgid = old.previous_msgid
    return entry


def _fuzzy_match(
    unmatched: list[polib.POEntry],
    candidates: list[polib.POEntry],
    result: MergeResult,
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
        target.msgstr = old.msgstr
        target.msgstr_plural = dict(old.msgstr_plural)
        target.tcomment = old.tcomment
        target.flags = [f for f in old.flags if f != "fuzzy"] + ["fuzzy"]
        if "fuzzy" in old.flags and old.previous_msgid:
            target.previous_msgid = old.previous_msgid
            target.previous_msgctxt = old.previous_msgctxt
        else:
            target.previous_msgid = old.msgid
            target.previous_msgctxt = old.msgctxt
        result.fuzzy_matched += 1


def make_obsolete(old: polib.POEntry) -> polib.POEntry:
    entry = polib.POEntry(
        msgctxt=old.msgctxt,
        msgid=old.msgid,
        msgstr=old.msgstr,
        msgid_plural=old.msgid_plural,
        msgstr_plural=dict(old.msgstr_plural),
        tcomment=old.tcomment,
        flags=list(old.flags),
        previous_msgctxt=old.previous_msgctxt if "fuzzy" in old.flags else None,
        previous_msgid=old.previous_msgid if "fuzzy" in old.flags else None,
        obsolete=True,
    )
    return entry


def obsolete_all(catalog: polib.POFile) -> polib.POFile:
    """What msgmerge does with an empty template: every translation kept, all obsolete."""
    result = polib.POFile(wrapwidth=79)
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
