"""Pair the blocks of a hand-translated post with the blocks of its source, by structure.

Translators merge paragraphs, drop a list item, add a sentence: pairing block *n* with block *n*
would shift every pair after the first such change. So the body is aligned the way Gale and
Church align sentences (and Needleman and Wunsch align sequences): a dynamic program over both
block sequences that allows 1-1, 1-0 (dropped), 0-1 (added), 2-1 (two source blocks merged in
the translation) and 1-2 (one split in two) steps, and picks the path with the best total score.

The score of a candidate pair is evidence that survives translation: the block kind, heading
level, list and table shape, link and image targets and code spans (read from the inline
Markdown with markdown-it-py), numbers, names such as ``IPL`` or ``HydraFacial``, words that
keep their first letters across related languages, and the length ratio (Gale–Church's normal
model, with the ratio measured on the two posts so it holds for any pair of languages).
Front matter needs none of this: its values are paired by key path.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from i18nflow.source.content import Post
from i18nflow.source.segment import Segment
from i18nflow.source.segments import markdown_parser

TEXT_KINDS = frozenset({"paragraph", "list item", "blockquote", "footnote"})

# Scores are log-odds-like: positive is evidence for a pair, negative against it.
GAP = 1.5  # a block with no counterpart
MERGE = 2.0  # on top of the pair score: merges and splits are rarer than 1-1 pairs
_SAME_KIND, _TEXT_KIND, _OTHER_KIND = 2.0, -1.0, -3.0
_ANCHOR_WEIGHTS = {"urls": 2.0, "code": 1.5, "numbers": 1.0, "names": 0.7}
_COGNATE_WEIGHT = 3.0
_LENGTH_VARIANCE = 6.8  # Gale & Church's variance per character
_MERGE_CONFIDENCE = 0.5  # a merged or split pair is never more than a guess
_EXACT_CONFIDENCE = 0.5  # a pair below this (numbers differ, lengths far off) needs a human

_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+")
_SPELLINGS = (("ph", "f"), ("th", "t"), ("y", "i"), ("k", "c"), ("nm", "m"))


@dataclass(frozen=True)
class Block:
    """A segment with the features that survive translation."""

    segment: Segment
    level: int = 0  # heading level
    shape: str = ""  # "ol"/"ul" (+ "-nested") for list items, "col<n>" for table cells
    urls: tuple[str, ...] = ()
    code: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    stems: frozenset[str] = frozenset()
    length: int = 0  # visible characters

    @property
    def kind(self) -> str:
        return self.segment.kind

    @property
    def line(self) -> int:
        return self.segment.line

    @property
    def text(self) -> str:
        return self.segment.msgid


@dataclass(frozen=True)
class Pair:
    """Source blocks and their translation; one side is empty for an unaligned block."""

    source: tuple[Block, ...]
    target: tuple[Block, ...]
    confidence: float = 0.0

    @property
    def shape(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"

    @property
    def front_matter(self) -> bool:
        return any(b.segment.in_front_matter for b in self.source + self.target)

    @property
    def exact(self) -> bool:
        """One to one, same kind, heading level and link targets, and nothing against it."""
        if self.shape != "1-1" or self.confidence < _EXACT_CONFIDENCE:
            return False
        (s,), (t,) = self.source, self.target
        return s.kind == t.kind and s.level == t.level and Counter(s.urls) == Counter(t.urls)


@dataclass(frozen=True)
class Alignment:
    pairs: tuple[Pair, ...]

    @property
    def aligned(self) -> list[Pair]:
        return [p for p in self.pairs if p.source and p.target]

    @property
    def unaligned_source(self) -> list[Block]:
        return [b for p in self.pairs if not p.target for b in p.source]

    @property
    def unaligned_target(self) -> list[Block]:
        return [b for p in self.pairs if not p.source for b in p.target]

    @property
    def certain(self) -> bool:
        """Same block count and kinds, same link targets: safe to import as reviewed.

        Front matter is paired by key, so it never makes an alignment uncertain.
        """
        body = [p for p in self.pairs if not p.front_matter]
        return all(p.exact for p in body)


def align_posts(
    source: Post,
    source_segments: Sequence[Segment],
    target: Post,
    target_segments: Sequence[Segment],
) -> Alignment:
    """Front matter paired by key path, then the body aligned by structure."""
    front = pair_front_matter(
        [s for s in source_segments if s.in_front_matter],
        [t for t in target_segments if t.in_front_matter],
    )
    body = align_blocks(
        blocks(source, [s for s in source_segments if not s.in_front_matter]),
        blocks(target, [t for t in target_segments if not t.in_front_matter]),
    )
    return Alignment(tuple(front + body))


def pair_front_matter(source: Sequence[Segment], target: Sequence[Segment]) -> list[Pair]:
    """Pair values by key path (``tags[]`` item by item, in order); keys are never translated."""

    theirs = _by_key(target)
    pairs = []
    for key, segment in _by_key(source).items():
        match = theirs.pop(key, None)
        found = (Block(match),) if match else ()
        pairs.append(Pair((Block(segment),), found, 1.0 if match else 0.0))
    pairs.extend(Pair((), (Block(segment),)) for segment in theirs.values())
    return pairs


def _by_key(segments: Sequence[Segment]) -> dict[tuple[str | None, int], Segment]:
    seen: Counter[str | None] = Counter()
    result = {}
    for segment in segments:
        result[(segment.msgctxt, seen[segment.msgctxt])] = segment
        seen[segment.msgctxt] += 1
    return result


# features ---------------------------------------------------------------------------


def blocks(post: Post, segments: Sequence[Segment]) -> list[Block]:
    """Features of each body segment; reference links resolve against the post's definitions."""
    env: dict[str, Any] = {}
    markdown_parser().parse(post.body, env)
    return [_features(post, segment, env) for segment in segments]


def _features(post: Post, segment: Segment, env: dict[str, Any]) -> Block:
    urls: list[str] = []
    code: list[str] = []
    visible: list[str] = []
    tokens = markdown_parser().parseInline(segment.msgid, dict(env))
    children = tokens[0].children if tokens else None
    for token in children or []:
        if token.type == "link_open":
            urls.append(str(token.attrGet("href") or ""))
        elif token.type == "image":
            urls.append(str(token.attrGet("src") or ""))
            visible.append(token.content)
        elif token.type == "code_inline":
            code.append(token.content)
        elif token.type == "text":
            visible.append(token.content)
    text = " ".join(visible)
    level, shape = _shape(post, segment)
    return Block(
        segment=segment,
        level=level,
        shape=shape,
        urls=tuple(urls),
        code=tuple(code),
        numbers=tuple(n.lstrip("0") or "0" for n in _NUMBER.findall(text)),
        names=_names(text),
        stems=_stems(text),
        length=len(text) + sum(len(c) for c in code),
    )


def _shape(post: Post, segment: Segment) -> tuple[int, str]:
    """Heading level, list marker type or table column, read from the line the segment is on."""
    text = post.text
    line_start = max(text.rfind("\n", 0, segment.start), text.rfind("\r", 0, segment.start)) + 1
    prefix = text[line_start : segment.start]
    if segment.kind == "heading":
        hashes = re.search(r"(#{1,6})[ \t]*$", prefix)
        if hashes:
            return len(hashes.group(1)), ""
        underline = re.match(r"[^\r\n]*(?:\r\n|\r|\n)[ \t>]*([=-])", text[segment.end :])
        return (1 if underline and underline.group(1) == "=" else 2), ""
    if segment.kind == "list item":
        marker = re.search(r"(\d{1,9}[.)]|[-+*])[ \t]+$", prefix)
        if not marker:
            return 0, ""
        nested = len(prefix) - len(prefix.lstrip(" \t>")) >= 2
        return 0, ("ol" if marker.group(1)[0].isdigit() else "ul") + ("-nested" if nested else "")
    if segment.kind == "table cell":
        pipes = len(re.findall(r"(?<!\\)\|", prefix))
        return 0, f"col{pipes - (1 if prefix.lstrip().startswith('|') else 0)}"
    return 0, ""


def _names(text: str) -> tuple[str, ...]:
    """Acronyms and brand names (two capitals: ``IPL``, ``HydraFacial``), not shouted headings."""
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > len(letters) / 2:
        return ()
    return tuple(w for w in _WORD.findall(text) if sum(ch.isupper() for ch in w) >= 2)


def _stems(text: str) -> frozenset[str]:
    """First letters of longer words, spelled plainly: cognates (lymph-/linf-, cellu-/celul-) meet."""
    return frozenset(_plain(word)[:4] for word in _WORD.findall(text) if len(word) >= 5)


def _plain(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.lower())
    word = "".join(ch for ch in word if not unicodedata.combining(ch))
    for spelling, plain in _SPELLINGS:
        word = word.replace(spelling, plain)
    return re.sub(r"(.)\1", r"\1", word)


# scoring ----------------------------------------------------------------------------


def pair_score(source: Block, target: Block, ratio: float | None = 1.0) -> float:
    """Evidence that ``target`` translates ``source``: about +3 for a clean pair, below 0 against.

    Without a length ``ratio`` lengths are left out of the score.
    """
    score = _evidence(source, target)
    if ratio is None:
        return score
    return score + _length_score(source.length, target.length, ratio)


def _evidence(source: Block, target: Block) -> float:
    """Everything but the lengths: kind and shape, anchors, cognates."""
    if source.kind == target.kind:
        score = _SAME_KIND
    elif source.kind in TEXT_KINDS and target.kind in TEXT_KINDS:
        score = _TEXT_KIND
    else:
        score = _OTHER_KIND
    if source.kind == target.kind == "heading":
        score += 0.5 if source.level == target.level else -0.5
    if source.shape or target.shape:
        score += 0.3 if source.shape == target.shape else -0.5
    for name, weight in _ANCHOR_WEIGHTS.items():
        score += weight * _agreement(getattr(source, name), getattr(target, name))
    if source.stems and target.stems:
        shared = len(source.stems & target.stems)
        score += _COGNATE_WEIGHT * 2 * shared / (len(source.stems) + len(target.stems))
    return score


def _agreement(ours: tuple[str, ...], theirs: tuple[str, ...]) -> float:
    """+1 when both carry the same anchors, -1 when they share none, 0 without evidence."""
    if not ours and not theirs:
        return 0.0
    shared = sum(min(ours.count(item), theirs.count(item)) for item in set(ours))
    return 2 * (2 * shared / (len(ours) + len(theirs))) - 1


def _length_score(source: int, target: int, ratio: float) -> float:
    """Gale–Church: translated length is normal around ``ratio`` × source length."""
    mean = (source + target / ratio) / 2
    delta = (target - source * ratio) / math.sqrt(max(mean, 1.0) * _LENGTH_VARIANCE)
    return max(-4.0, 1.0 - delta * delta / 2)


def confidence(score: float) -> float:
    """A pair score as a probability-like number for the report (0.88 for a clean pair)."""
    return round(1 / (1 + math.exp(-(score - 1))), 2)


def _joined(first: Block, second: Block) -> Block | None:
    """Two adjacent text blocks of one kind read as one (what a merged translation covers)."""
    if first.kind != second.kind or first.kind not in TEXT_KINDS:
        return None
    return replace(
        first,
        urls=first.urls + second.urls,
        code=first.code + second.code,
        numbers=first.numbers + second.numbers,
        names=first.names + second.names,
        stems=first.stems | second.stems,
        length=first.length + second.length + 1,
    )


# alignment --------------------------------------------------------------------------


def align_blocks(source: Sequence[Block], target: Sequence[Block]) -> list[Pair]:
    """The best-scoring path through both sequences (1-1, 1-0, 0-1, 2-1 and 1-2 steps).

    Lengths only say something once the two languages' length ratio is known, and the posts'
    total lengths are a poor guess when the translation added or left out whole sections. So a
    first path is found without lengths, the ratio is measured on its confident pairs (those
    with shared anchors or cognates), and the final path uses it.
    """
    evidence: dict[tuple[int, int, int, int], float] = {}  # both passes share it
    pairs = _best_path(source, target, None, evidence)
    measured = sorted(
        p.target[0].length / p.source[0].length
        for p in pairs
        if p.shape == "1-1" and p.confidence >= 0.8 and p.source[0].length >= 20
    )
    if len(measured) >= 2:
        ratio = min(4.0, max(0.25, measured[len(measured) // 2]))
    else:
        ratio = length_ratio(source, target)
    return _best_path(source, target, ratio, evidence)


def _best_path(
    source: Sequence[Block],
    target: Sequence[Block],
    ratio: float | None,
    evidence: dict[tuple[int, int, int, int], float],
) -> list[Pair]:
    n, m = len(source), len(target)

    def pair(ours: Block, theirs: Block, key: tuple[int, int, int, int]) -> float:
        value = evidence.get(key)
        if value is None:
            value = evidence[key] = _evidence(ours, theirs)
        return value if ratio is None else value + _length_score(ours.length, theirs.length, ratio)

    joined_source = [None] + [_joined(source[i - 1], source[i]) for i in range(1, n)]
    joined_target = [None] + [_joined(target[j - 1], target[j]) for j in range(1, m)]
    best = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[int, int, float]]] = [[(0, 0, 0.0)] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options: list[tuple[float, int, int, float]] = []
            if i and j:
                score = pair(source[i - 1], target[j - 1], (i, 1, j, 1))
                options.append((best[i - 1][j - 1] + score, 1, 1, score))
            if i >= 2 and j and (merged := joined_source[i - 1]) is not None:
                score = pair(merged, target[j - 1], (i, 2, j, 1))
                options.append((best[i - 2][j - 1] + score - MERGE, 2, 1, score))
            if j >= 2 and i and (split := joined_target[j - 1]) is not None:
                score = pair(source[i - 1], split, (i, 1, j, 2))
                options.append((best[i - 1][j - 2] + score - MERGE, 1, 2, score))
            if i:
                options.append((best[i - 1][j] - GAP, 1, 0, 0.0))
            if j:
                options.append((best[i][j - 1] - GAP, 0, 1, 0.0))
            total, di, dj, score = max(options, key=lambda o: o[0])  # ties: the 1-1 step
            best[i][j], step[i][j] = total, (di, dj, score)
    pairs: list[Pair] = []
    while n or m:
        di, dj, score = step[n][m]
        ours, theirs = tuple(source[n - di : n]), tuple(target[m - dj : m])
        value = confidence(score) if ours and theirs else 0.0
        if len(ours) + len(theirs) > 2:
            value = min(value, _MERGE_CONFIDENCE)
        pairs.append(Pair(ours, theirs, value))
        n, m = n - di, m - dj
    return pairs[::-1]


def length_ratio(source: Sequence[Block], target: Sequence[Block]) -> float:
    """How much longer the translation's language writes, measured on the posts themselves."""
    ours, theirs = sum(b.length for b in source), sum(b.length for b in target)
    return min(4.0, max(0.25, theirs / ours)) if ours and theirs else 1.0
