"""``i18nflow glossary suggest``: candidate terms from the posts, as a starting glossary CSV.

A term worth a glossary entry is usually a name: a treatment ("Microcurrent Facial"), a product
("HydraFacial", "LED"), the clinic itself. Names are written capitalized where ordinary words
are not, so a candidate is a run of up to four capitalized words, counted wherever it is not the
first word of a sentence (where every word is capitalized); a single word must moreover be
capitalized more often than it is written in lower case, which keeps "Session" (a heading)
out and "Pressotherapy" in. Words with an inner capital or digit ("HydraFacial", "CO2") and
acronyms count as names wherever they stand. What the locale's glossary already has is left out.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from i18nflow.translate.engines.language import stop_words
from i18nflow.translate.glossary import Glossary, term_pattern

_MARKUP = re.compile(
    r"\]\([^)]*\)|`[^`]*`|<[^>]*>|\{\{.*?\}\}|\{%.*?%\}|https?://\S+|\[\^[^\]]*\]|[*_~#>|]"
)
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+|\n+|[()\[\]\"“”]")
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d+[^\W\d_][\w-]*")
_MAX_WORDS = 4
_STOP = stop_words("en") | {"i", "my", "me", "our", "we", "us"}


@dataclass(frozen=True)
class Candidate:
    term: str
    count: int


def suggest_terms(
    texts: Iterable[str], glossaries: Iterable[Glossary | None] = (), min_count: int = 2,
    subjects: Iterable[str] = (),
) -> list[Candidate]:
    """Candidate terms of ``texts`` (msgids), most frequent first, not in every glossary given.

    ``subjects`` (posts' slugs as words: "chemical peel") are candidates too, counted in any
    case and spelled as the text spells them most: a post is named after its subject, which
    the text writes in lower case ("a chemical peel") as often as not.
    """
    texts = list(texts)
    sentences = [s for text in texts for s in _SENTENCE.split(_MARKUP.sub(" ", text)) if s.strip()]
    lower: Counter[str] = Counter()
    for sentence in sentences:
        lower.update(w for w in _WORD.findall(sentence) if w.islower())
    counts: Counter[str] = Counter()
    spelling: dict[str, Counter[str]] = {}
    for sentence in sentences:
        for run in _runs(_WORD.findall(sentence)):
            key = run.casefold()
            counts[key] += 1
            spelling.setdefault(key, Counter())[run] += 1
    joined = "\n".join(_MARKUP.sub(" ", text) for text in texts)
    subjects = {" ".join(s.split()).casefold() for s in subjects if 0 < len(s.split()) <= _MAX_WORDS}
    for key in subjects:
        found_forms = Counter(m.group() for m in term_pattern(key).finditer(joined))
        if found_forms:
            counts[key] = max(counts[key], sum(found_forms.values()))
            spelling.setdefault(key, Counter()).update(found_forms)
    known = list(glossaries)  # None: a locale without a glossary, which lacks every term
    found = []
    for key, count in counts.items():
        forms = spelling[key].most_common()
        term = next((form for form, _ in forms if form.casefold() == key), forms[0][0])  # singular first
        common = " " not in term and not _name_like(term) and lower[key] >= count and key not in subjects
        if count < min_count or common:
            continue
        if known and all(g is not None and any(e.pattern.fullmatch(term) for e in g.entries) for g in known):
            continue
        found.append(Candidate(term, count))
    return sorted(found, key=lambda c: (-c.count, c.term.casefold()))


def _runs(words: list[str]) -> Iterable[str]:
    """Runs of capitalized words; the sentence's first word only where it is name-like."""
    run: list[str] = []
    for index, word in enumerate(words + [""]):
        capital = bool(word) and (word[0].isupper() or _name_like(word)) and word.lower() not in _STOP
        if capital and (index > 0 or _name_like(word)):
            run.append(word)
            continue
        if 0 < len(run) <= _MAX_WORDS:
            yield " ".join(run)
        run = []


def _name_like(word: str) -> bool:
    """An acronym or a word with an inner capital or a digit: a name wherever it stands."""
    inner = word[1:]
    return (len(word) >= 2 and word.isupper()) or any(c.isupper() or c.isdigit() for c in inner)


def candidates_csv(candidates: Iterable[Candidate]) -> str:
    """A glossary CSV to start from: fill in ``translation`` (or mark ``dnt``) and keep the rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["term", "translation", "note", "dnt", "count"])
    for candidate in candidates:
        writer.writerow([candidate.term, "", "", "", candidate.count])
    return out.getvalue()
