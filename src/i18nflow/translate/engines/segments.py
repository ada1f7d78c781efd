"""The safety wrapper every engine goes through: placeholders, splitting, verification.

Engines are untrusted: they drop or duplicate placeholders, add spaces, return the input
untranslated, an empty string, ``None`` or ten times the text.  :func:`translate_segments`
cuts each msgid into what an engine can handle (edges, lines, sentences that fit its limit),
protects markup, sends each distinct piece once (after the translation memory), and only
accepts a result that restores every placeholder and keeps the Markdown structure.  Anything
else becomes an :class:`EngineFailure` for that msgid, and the batch goes on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from i18nflow.translate.engines.base import Engine, EngineFailure, Limits, PostContext, TextContext
from i18nflow.translate.engines.language import could_stay_as_is
from i18nflow.translate.placeholders import (
    PlaceholderError,
    Protected,
    markdown_signature,
    protect,
    restore,
    split_edges,
    split_lines,
    token_pattern,
)

if TYPE_CHECKING:
    from i18nflow.translate.memory import TranslationMemory

_SENTENCE_END = re.compile(r"(?<=[.!?…:;])\s+|(?<=[。！？；])\s*")
_WORD_GAP = re.compile(r"\s+")


@dataclass
class _Line:
    source: str
    protected: Protected | None = None  # None: nothing translatable (only markup, numbers…)
    chunks: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)  # whitespace between chunks, kept verbatim


@dataclass
class _Plan:
    lead: str
    trail: str
    lines: list[_Line]
    breaks: list[str]


def translate_segments(
    engine: Engine,
    msgids: Sequence[str],
    source: str,
    target: str,
    terms: Sequence[str] = (),
    memory: TranslationMemory | None = None,
    context: PostContext | Callable[[], PostContext] | None = None,
) -> list[str | EngineFailure]:
    """Translate ``msgids`` with ``engine``; one result (text or failure) per msgid, in order.

    ``terms`` are do-not-translate words (brand names).  With a ``memory``, pieces translated
    before are not sent again, and pieces of msgids that succeeded are stored (in one
    transaction); a re-run with nothing new makes no engine call.  ``context`` (the post the
    msgids come from, or a function that reads it: called only when something is sent) reaches
    engines that are ``context_aware``.
    """
    style = getattr(engine, "placeholder_style", "bracket")
    limits = getattr(engine, "limits", None) or Limits()
    memory_name = memory_key(engine)
    plans = [_plan(msgid, terms, style, limits) for msgid in msgids]
    wanted = list(dict.fromkeys(c for p in plans for line in p.lines for c in line.chunks))
    answers: dict[str, str | EngineFailure] = {}
    if memory is not None and wanted:
        answers.update(memory.lookup_many(memory_name, source, target, wanted))
    todo = [chunk for chunk in wanted if chunk not in answers]
    if todo:
        text_context = None
        if getattr(engine, "context_aware", False):
            post = context() if callable(context) else context
            text_context = _text_context(post, msgids, plans, todo)
        answers.update(zip(todo, _ask(engine, todo, source, target, style, text_context), strict=True))
    results: list[str | EngineFailure] = []
    learned: dict[str, str] = {}
    fresh = set(todo)
    for plan in plans:
        result = _assemble(plan, answers)
        results.append(result)
        if isinstance(result, str):
            for line in plan.lines:
                for chunk in line.chunks:
                    answer = answers[chunk]
                    if chunk in fresh and isinstance(answer, str):
                        learned[chunk] = answer
    if memory is not None and learned:
        memory.store_many(memory_name, source, target, learned)
    return results


def memory_key(engine: Engine) -> str:
    """The engine's name in the translation memory: ``memory_name`` where its answers depend on
    more than its name (the ``llm`` engine's model, prompt version and glossary)."""
    name = getattr(engine, "memory_name", None)
    return name if isinstance(name, str) and name else engine.name


def _text_context(
    context: PostContext | None, msgids: Sequence[str], plans: list[_Plan], todo: list[str]
) -> TextContext:
    """Where each piece to send stands in the post (the block of the first msgid that has it)."""
    post = context or PostContext(blocks=tuple(msgids))
    index = {block: i for i, block in reversed(list(enumerate(post.blocks)))}
    where: dict[str, int] = {}
    for msgid, plan in zip(msgids, plans, strict=True):
        for line in plan.lines:
            for chunk in line.chunks:
                where.setdefault(chunk, index.get(msgid, -1))
    return TextContext(post, tuple(where.get(chunk, -1) for chunk in todo))


def planned_requests(engine: Engine, msgids: Sequence[str], terms: Sequence[str] = ()) -> list[str]:
    """The distinct pieces :func:`translate_segments` would send, for ``--dry-run`` estimates."""
    style = getattr(engine, "placeholder_style", "bracket")
    limits = getattr(engine, "limits", None) or Limits()
    plans = [_plan(msgid, terms, style, limits) for msgid in msgids]
    return list(dict.fromkeys(c for p in plans for line in p.lines for c in line.chunks))


def planned_context(
    engine: Engine, msgids: Sequence[str], terms: Sequence[str], post: PostContext, pieces: list[str]
) -> TextContext:
    """The :class:`TextContext` :func:`translate_segments` would give ``pieces`` (dry runs)."""
    style = getattr(engine, "placeholder_style", "bracket")
    limits = getattr(engine, "limits", None) or Limits()
    return _text_context(post, msgids, [_plan(msgid, terms, style, limits) for msgid in msgids], pieces)


def _ask(
    engine: Engine, texts: list[str], source: str, target: str, style: str, context: TextContext | None = None
) -> list[str | EngineFailure]:
    try:
        if context is not None:
            aware: Any = engine
            raw = list(aware.translate(texts, source, target, context=context))
        else:
            raw = list(engine.translate(texts, source, target))
    except Exception as exc:  # an engine bug must not stop the run: every string fails instead
        reason = f"{engine.name} failed: {type(exc).__name__}: {str(exc)[:200]}"
        return [EngineFailure(reason)] * len(texts)
    if len(raw) != len(texts):
        reason = f"{engine.name} answered {len(raw)} results for {len(texts)} strings"
        return [EngineFailure(reason)] * len(texts)
    return [_check_answer(text, answer, style, source) for text, answer in zip(texts, raw, strict=True)]


def _check_answer(text: str, answer: object, style: str, source: str = "") -> str | EngineFailure:
    """Reject answers that are certainly not a translation of ``text``."""
    if isinstance(answer, EngineFailure):
        return answer
    if not isinstance(answer, str):
        return EngineFailure("the engine returned no translation")
    answer = answer.strip()
    if not answer:
        return EngineFailure("the engine returned an empty translation")
    # only words with letters count: "6 × 30 min" may well come back unchanged
    words = [w for w in token_pattern(style).sub(" ", text).split() if any(c.isalpha() for c in w)]
    # a name or an address may rightly come back as it is; prose may not
    if len(words) > 3 and answer == text.strip() and not could_stay_as_is(token_pattern(style).sub(" ", text), source):
        return EngineFailure("the engine returned the text untranslated")
    if len(answer) > 3 * len(text) + 40:
        return EngineFailure(f"the engine's answer is {len(answer) // max(len(text), 1)} times longer than the text")
    return answer


def _plan(msgid: str, terms: Sequence[str], style: str, limits: Limits) -> _Plan:
    lead, core, trail = split_edges(msgid)
    texts, breaks = split_lines(core)
    lines = []
    for text in texts:
        line = _Line(text)
        if text:
            protected = protect(text, terms, style)
            if any(ch.isalpha() for ch in token_pattern(style).sub("", protected.text)):
                line.protected = protected
                line.chunks, line.gaps = chunk_text(protected.text, limits, style)
        lines.append(line)
    return _Plan(lead, trail, lines, breaks)


def _assemble(plan: _Plan, answers: dict[str, str | EngineFailure]) -> str | EngineFailure:
    out = [plan.lead]
    for index, line in enumerate(plan.lines):
        if index:
            out.append(plan.breaks[index - 1])
        if line.protected is None:
            out.append(line.source)
            continue
        parts = [answers[chunk] for chunk in line.chunks]
        for part in parts:
            if isinstance(part, EngineFailure):
                return part
        joined = "".join(str(p) + gap for p, gap in zip(parts, [*line.gaps, ""], strict=True))
        try:
            restored = restore(joined, line.protected)
        except PlaceholderError as exc:
            return EngineFailure(exc.message)
        if markdown_signature(restored) != markdown_signature(line.source):
            return EngineFailure("the translation changed the Markdown structure")
        out.append(restored)
    out.append(plan.trail)
    return "".join(out)


def chunk_text(text: str, limits: Limits, style: str = "bracket") -> tuple[list[str], list[str]]:
    """Split ``text`` into pieces that fit ``limits``: at sentence ends, else between words,
    else (a single huge word) anywhere outside a placeholder.  Returns the pieces and the
    whitespace between them, so that ``piece + gap + piece …`` is ``text`` again."""
    if limits.fits(text):
        return [text], []
    units, gaps = _cut(text, _SENTENCE_END)
    pieces: list[str] = []
    seps: list[str] = []
    for unit_index, unit in enumerate(units):
        sub: list[str]
        sub_gaps: list[str]
        if limits.fits(unit):
            sub, sub_gaps = [unit], []
        else:
            sub, sub_gaps = _split_long(unit, limits, style)
        if unit_index:
            seps.append(gaps[unit_index - 1])
        for k, piece in enumerate(sub):
            if k:
                seps.append(sub_gaps[k - 1])
            pieces.append(piece)
    return _pack(pieces, seps, limits)


def _cut(text: str, pattern: re.Pattern[str]) -> tuple[list[str], list[str]]:
    units, gaps, pos = [], [], 0
    for match in pattern.finditer(text):
        if match.start() <= pos or match.end() >= len(text):
            continue
        units.append(text[pos : match.start()])
        gaps.append(match.group())
        pos = match.end()
    units.append(text[pos:])
    return units, gaps


def _split_long(unit: str, limits: Limits, style: str) -> tuple[list[str], list[str]]:
    words, gaps = _cut(unit, _WORD_GAP)
    pieces: list[str] = []
    seps: list[str] = []
    for index, word in enumerate(words):
        if index:
            seps.append(gaps[index - 1])
        hard = _hard_split(word, limits, style) if not limits.fits(word) else [word]
        for k, piece in enumerate(hard):
            if k:
                seps.append("")
            pieces.append(piece)
    return pieces, seps


def _hard_split(word: str, limits: Limits, style: str) -> list[str]:
    tokens = [m.span() for m in token_pattern(style).finditer(word)]
    out = []
    while word and not limits.fits(word):
        cut = _largest_fitting_prefix(word, limits)
        for start, end in tokens:
            if start < cut < end:
                cut = start if start > 0 else end
        out.append(word[:cut])
        tokens = [(s - cut, e - cut) for s, e in tokens if e > cut]
        word = word[cut:]
    if word:
        out.append(word)
    return out


def _largest_fitting_prefix(word: str, limits: Limits) -> int:
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if limits.fits(word[:middle]):
            low = middle
        else:
            high = middle - 1
    return low


def _pack(pieces: list[str], seps: list[str], limits: Limits) -> tuple[list[str], list[str]]:
    """Greedily glue consecutive pieces back together while the result still fits."""
    chunks = [pieces[0]]
    gaps: list[str] = []
    for sep, piece in zip(seps, pieces[1:], strict=True):
        candidate = chunks[-1] + sep + piece
        if limits.fits(candidate):
            chunks[-1] = candidate
        else:
            chunks.append(piece)
            gaps.append(sep)
    return chunks, gaps
