"""A project's glossary per locale: how its terms are translated, and which are never translated.

``glossary/<locale>.csv`` (columns ``term``, ``translation``, ``note``, ``dnt``; a header row
names them, in any order) or ``glossary/<locale>.tbx`` (TBX, the ISO 30042 exchange format
Weblate, memoQ and Trados export). ``glossary/es.csv`` also serves ``es_MX`` when there is no
``es_MX.csv``. The glossary feeds three consumers, each reading only what it needs:

* the ``llm`` engine puts the entries occurring in a batch into its prompt;
* the ``deepl`` engine uploads the entries as a DeepL glossary (replaced when :attr:`digest`
  changes);
* ``check`` warns ``[glossary]`` when a msgstr lacks the translation of a term its msgid has.

A term matches its simple inflections: any letter case, and a plural ``s``/``es`` on its words
("LED mask" finds "LED Masks", "máscara LED" finds "máscaras LED"). That rule is deliberately small; a translator silences a
false alarm with ``# i18nflow-skip-check:glossary``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from i18nflow.errors import ConfigError

GLOSSARY_DIR = "glossary"
_COLUMNS = {"term", "translation", "note", "dnt", "count"}  # count: from ``glossary suggest``, unused
_YES = {"1", "yes", "y", "true", "x", "dnt"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class GlossaryError(ConfigError):
    """A glossary file cannot be read: bad encoding, missing column, empty term."""

    kind = "glossary error"


@dataclass(frozen=True)
class GlossaryEntry:
    """One term: ``translation`` is the term itself for a do-not-translate (``dnt``) entry."""

    term: str
    translation: str
    note: str = ""
    dnt: bool = False
    line: int = 0

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return term_pattern(self.term)

    @cached_property
    def translation_pattern(self) -> re.Pattern[str]:
        return term_pattern(self.translation)


def term_pattern(term: str) -> re.Pattern[str]:
    """``term`` as a whole word or phrase, any case, any run of spaces, a plural ending on any
    word (Spanish "máscaras LED" for "máscara LED", English "LED masks" for "LED mask")."""
    words = [re.escape(word) + (r"(?:s|es)?" if word[-1:].isalpha() else "") for word in term.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Glossary:
    """The entries of one locale's glossary file, longest terms first (so "LED light therapy"
    is found before "LED")."""

    locale: str
    path: Path
    entries: tuple[GlossaryEntry, ...] = field(default=())

    @cached_property
    def digest(self) -> str:
        """What the entries say, independent of file format, order and comments: part of the
        translation memory key, and the name of the DeepL glossary."""
        lines = sorted(f"{e.term}\t{e.translation}\t{int(e.dnt)}\t{e.note}" for e in self.entries)
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]

    def occurring(self, texts: Iterable[str]) -> list[GlossaryEntry]:
        """The entries whose term occurs in any of ``texts``, in glossary order."""
        joined = "\n".join(texts)
        return [entry for entry in self.entries if entry.pattern.search(joined)]

    def missing(self, msgid: str, msgstr: str) -> list[GlossaryEntry]:
        """Entries whose term ``msgid`` has but whose translation ``msgstr`` lacks.

        A term found only inside a longer term's occurrence ("microcurrent" inside "microcurrent
        facial") is that entry's business, so one mistake is reported once."""
        claimed: list[tuple[int, int]] = []
        found = []
        for entry in self.entries:  # longest first
            spans = [m.span() for m in entry.pattern.finditer(msgid)]
            own = [(a, b) for a, b in spans if not any(c <= a and b <= d for c, d in claimed)]
            claimed.extend(spans)
            if own and not entry.translation_pattern.search(msgstr):
                found.append(entry)
        return found


def glossary_path(root: Path, locale: str) -> Path | None:
    """The glossary file of ``locale`` (CSV before TBX; ``es_MX`` falls back to ``es``)."""
    folder = root / GLOSSARY_DIR
    names = [locale, locale.replace("-", "_")]
    language = re.split(r"[-_@]", locale)[0]
    if language not in names:
        names.append(language)
    for name in dict.fromkeys(names):
        for suffix in (".csv", ".tbx"):
            path = folder / f"{name}{suffix}"
            if path.is_file():
                return path
    return None


def load_glossary(root: Path, locale: str, source_locale: str = "en") -> Glossary | None:
    """The glossary of ``locale`` in the project at ``root``, or None when it has none."""
    path = glossary_path(root, locale)
    if path is None:
        return None
    return read_glossary(path, locale, source_locale)


def read_glossary(path: Path, locale: str, source_locale: str = "en") -> Glossary:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"not UTF-8 (byte {exc.start})", path) from None
    except OSError as exc:
        raise GlossaryError(f"cannot read: {exc.strerror}", path) from None
    if path.suffix.lower() == ".tbx":
        entries = _read_tbx(text, path, locale, source_locale)
    else:
        entries = _read_csv(text, path)
    unique: dict[str, GlossaryEntry] = {}
    for entry in entries:
        unique.setdefault(entry.term.casefold(), entry)
    ordered = sorted(unique.values(), key=lambda e: (-len(e.term), e.line))
    return Glossary(locale, path, tuple(ordered))


def _read_csv(text: str, path: Path) -> list[GlossaryEntry]:
    rows = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    entries = []
    for row in rows:
        line = rows.line_num
        if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [cell.strip().lower() for cell in row]
            if "term" not in header:
                raise GlossaryError("the first row must name the columns: term, translation, note, dnt", path, line)
            unknown = sorted(set(header) - _COLUMNS - {""})
            if unknown:
                raise GlossaryError(f"unknown column {unknown[0]!r} (known: term, translation, note, dnt, count)", path, line)
            continue
        cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
        entries.append(_entry(cells, path, line))
    return entries


def _entry(cells: dict[str, str], path: Path, line: int) -> GlossaryEntry:
    term = " ".join(cells.get("term", "").split())
    if not term:
        raise GlossaryError("empty term", path, line)
    dnt = cells.get("dnt", "").lower() in _YES
    translation = " ".join(cells.get("translation", "").split())
    if dnt:
        translation = translation or term
    elif not translation:
        raise GlossaryError(f"term {term!r} has no translation (mark it dnt if it is never translated)", path, line)
    return GlossaryEntry(term, translation, cells.get("note", ""), dnt, line)


def _read_tbx(text: str, path: Path, locale: str, source_locale: str) -> list[GlossaryEntry]:
    """Concept entries with a term in the source and the target language. A ``termNote`` of
    type ``translatable`` saying ``no``, or the same term in both, makes a dnt entry."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise GlossaryError(f"not well-formed TBX: {exc}", path, exc.position[0]) from None
    source_lang, target_lang = _language(source_locale), _language(locale)
    entries = []
    for concept in _children(root, "termEntry", "conceptEntry"):
        terms: dict[str, str] = {}
        notes = [" ".join((d.text or "").split()) for d in _children(concept, "descrip", "note")]
        dnt = False
        for lang_set in _children(concept, "langSet"):
            lang = _language(lang_set.get(_XML_LANG) or lang_set.get("lang") or "")
            for term in _children(lang_set, "term"):
                if term.text and term.text.strip():
                    terms.setdefault(lang, " ".join(term.text.split()))
            for note in _children(lang_set, "termNote"):
                if note.get("type") == "translatable" and (note.text or "").strip().lower() == "no":
                    dnt = True
        source = terms.get(source_lang)
        target = terms.get(target_lang)
        if not source or not (target or dnt):
            continue
        translation = target or source
        cells = {"term": source, "translation": translation, "note": "; ".join(n for n in notes if n),
                 "dnt": "yes" if dnt or translation == source else ""}
        entries.append(_entry(cells, path, 0))
    return entries


def _children(element: ET.Element, *names: str) -> list[ET.Element]:
    """Descendants named ``names`` in any namespace (TBX 2 has none, TBX 3 has one)."""
    return [node for node in element.iter() if node.tag.rsplit("}", 1)[-1] in names]


def _language(code: str) -> str:
    return re.split(r"[-_@]", code.strip())[0].lower()


_CACHE: dict[tuple[Path, str, str], tuple[tuple[int, int], Glossary | None]] = {}


def cached_glossary(root: Path, locale: str, source_locale: str = "en") -> Glossary | None:
    """:func:`load_glossary`, read again only when the file changes (``check`` asks per domain)."""
    path = glossary_path(root, locale)
    if path is None:
        return None
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    key = (path, locale, source_locale)
    cached = _CACHE.get(key)
    if cached is None or cached[0] != stamp:
        cached = (stamp, read_glossary(path, locale, source_locale))
        _CACHE[key] = cached
    return cached[1]


def glossary_digests(root: Path, locales: Sequence[str]) -> str:
    """One digest of every glossary file of ``locales`` (by bytes): what caches key on."""
    digest = hashlib.sha256()
    for locale in locales:
        path = glossary_path(root, locale)
        if path is not None:
            digest.update(locale.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
