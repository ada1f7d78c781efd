"""``i18nflow import``: take hand-translated posts into the locale's catalogs.

A site adopting i18nflow usually has translations already, written as separate Markdown files.
Each is paired with its source post (explicitly, by a path pattern, or by searching a folder),
segmented with the rules of ``extract``, aligned block by block (:mod:`align`), and its text
becomes the msgstr of the source's entries: ``fuzzy`` with a translator comment naming the file
and line, so a human confirms it; reviewed only with ``--trust`` and an alignment that leaves
no doubt. A reviewed translation already in a catalog is never overwritten (a conflict is
reported instead), so running import again, or after translators started, is safe.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib

from i18nflow.config import Config
from i18nflow.errors import I18nflowError
from i18nflow.fsutil import Stats, write_file
from i18nflow.gettext import catalogs
from i18nflow.gettext.po import po_bytes
from i18nflow.importer.align import Alignment, Block, Pair, align_posts
from i18nflow.importer.pairing import find_pairs
from i18nflow.problems import Problems
from i18nflow.source.content import Post, load_post
from i18nflow.source.dialects.registry import dialect_for
from i18nflow.source.domains import group_paths
from i18nflow.source.project import Project, load_project
from i18nflow.source.segment import Segment
from i18nflow.source.segments import extract_segments
from i18nflow.sync import pipeline

MIN_CONFIDENCE = 0.25  # below this a pair is reported, not imported: reviewing noise costs more
_SENTENCE_END = re.compile(r"(?<=[.!?…:;])[\"'”’»)]*\s+")


@dataclass(frozen=True)
class EntryResult:
    """What happened to one catalog entry."""

    segment: Segment
    msgstr: str
    target_line: int
    status: str  # a key of STATUS_WORDS
    current: str = ""  # the catalog's msgstr, for a conflict


@dataclass
class PostImport:
    source: Post
    translation: Post
    domain: str
    alignment: Alignment
    trusted: bool
    results: list[EntryResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


@dataclass
class ImportRun:
    locale: str
    dry_run: bool
    trust: bool
    posts: list[PostImport] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)  # source posts with no translation found


def import_translations(
    config: Config,
    problems: Problems,
    stats: Stats,
    locale: str,
    *,
    files: Sequence[str] = (),
    source_from: str | None = None,
    trust: bool = False,
    dry_run: bool = False,
    min_confidence: float = MIN_CONFIDENCE,
) -> ImportRun:
    """Pair, align and import; catalogs are brought up to date with their templates first."""
    (locale,) = pipeline.target_locales(config, [locale])
    project = load_project(config, problems, check_domains=False)
    pairing = find_pairs(project, locale, files=files, source_from=source_from, problems=problems)
    if source_from and not pairing.pairs:
        from i18nflow.errors import ConfigError

        raise ConfigError(f"--from {source_from}: no translation found for any of the {len(project.posts)} posts "
                          "(a pattern names each post's translation, e.g. 'content/es/{path}'; a folder is "
                          "searched by page_id/ref/translationKey, path, file name or slug)")
    project = _without(project, pairing.excluded, problems)
    group_paths(config, [(post.path, post.path.parents[len(Path(post.rel).parts) - 1]) for post in project.posts])
    templates = pipeline.extract(project, problems, stats, write=not dry_run)
    merged = pipeline.update(project, templates, [locale], problems, Stats(), write=False)
    run = ImportRun(locale, dry_run, trust, untranslated=[p.ref for p in pairing.untranslated])
    touched: set[str] = set()
    for source, path in pairing.pairs:
        translation = _load_translation(config, path, problems)
        if translation is None:
            continue
        post, segments = translation
        domain = project.domain_of(source)
        alignment = align_posts(source, project.segments[source.ref], post, segments)
        item = PostImport(source, post, domain, alignment, trusted=trust and alignment.certain)
        run.posts.append(item)
        catalog = merged.get((locale, domain))
        if catalog is None:
            problems.error(f"catalog for {locale} cannot be read; nothing imported", post.ref)
            continue
        item.results = apply(catalog, alignment, post.ref, item.trusted, min_confidence)
        touched.add(domain)
    if not dry_run:
        for domain in sorted(touched):
            catalog = merged[(locale, domain)]  # written in its header's charset
            write_file(config.po_path(locale, domain), po_bytes(catalog, config.catalog_width), problems, stats)
    return run


def _without(
    project: Project, excluded: set[Path], problems: Problems
) -> Project:
    """The project minus translated files its content globs also match: they are not sources."""
    kept = Project(project.config)
    for post in project.posts:
        if post.path.resolve() in excluded:
            problems.warning(
                "a translation matched by 'content': left out of the templates now, but "
                "exclude it in the configuration or extract will treat it as a source post",
                post.ref,
            )
            continue
        kept.posts.append(post)
        kept.segments[post.ref] = project.segments[post.ref]
    return kept


def _load_translation(
    config: Config, path: Path, problems: Problems
) -> tuple[Post, list[Segment]] | None:
    try:
        post = load_post(path, config.root, path.parent)
        return post, extract_segments(post, config.front_matter, dialect_for(config))
    except I18nflowError as exc:
        problems.add(exc)
    except RecursionError:
        problems.error("too deeply nested to parse", path)
    return None


# catalogs ---------------------------------------------------------------------------


def apply(
    catalog: polib.POFile,
    alignment: Alignment,
    ref: str,
    trusted: bool,
    min_confidence: float = MIN_CONFIDENCE,
) -> list[EntryResult]:
    """Put the aligned translations into ``catalog``; reviewed entries are never changed."""
    entries = {catalogs.entry_key(e): e for e in catalog if not e.obsolete and e.msgid}
    results: list[EntryResult] = []
    done: dict[catalogs.Key, str] = {}
    changed = False
    for pair in alignment.aligned:
        line = pair.target[0].line
        for segment, msgstr in msgstrs(pair):
            key = (segment.msgctxt, segment.msgid)
            entry = entries.get(key)
            if pair.confidence < min_confidence:
                results.append(EntryResult(segment, msgstr, line, "uncertain"))
            elif entry is None:
                results.append(EntryResult(segment, msgstr, line, "missing"))
            elif key in done:
                # The same text twice in a post is one entry: the first translation stands.
                status = "unchanged" if done[key] == msgstr else "duplicate"
                results.append(EntryResult(segment, msgstr, line, status, done[key]))
            else:
                done[key] = msgstr
                status, edited = _apply_one(entry, msgstr, _comment(ref, pair, line), trusted)
                changed = changed or edited
                current = entry.msgstr if status == "conflict" else ""
                results.append(EntryResult(segment, msgstr, line, status, current))
    if changed:
        catalog.metadata["PO-Revision-Date"] = catalogs.now_stamp()
    return results


def msgstrs(pair: Pair) -> list[tuple[Segment, str]]:
    """The translation each source segment gets from an aligned pair.

    Two translated blocks for one source block are joined. One translated block for two source
    blocks is cut at the sentence end closest to the first block's share of the length; with a
    single sentence the first block gets it all and the second stays untranslated.
    """
    if not pair.source or not pair.target:
        return []
    if len(pair.target) == 2:
        return [(pair.source[0].segment, " ".join(t.text for t in pair.target))]
    text = pair.target[0].text
    if len(pair.source) == 1:
        return [(pair.source[0].segment, text)]
    first, second = pair.source
    halves = split_sentences(text, first.length / max(first.length + second.length, 1))
    if halves is None:
        return [(first.segment, text)]
    return [(first.segment, halves[0]), (second.segment, halves[1])]


def split_sentences(text: str, share: float) -> tuple[str, str] | None:
    """Cut ``text`` at the sentence end nearest to ``share`` of its length (never inside a link)."""
    cuts = [
        match.end()
        for match in _SENTENCE_END.finditer(text)
        if 0 < match.end() < len(text)
        and text.count("[", 0, match.end()) == text.count("]", 0, match.end())
    ]
    if not cuts:
        return None
    cut = min(cuts, key=lambda c: abs(c - share * len(text)))
    return text[:cut].rstrip(), text[cut:].lstrip()


def _apply_one(entry: polib.POEntry, msgstr: str, comment: str, reviewed: bool) -> tuple[str, bool]:
    """(status, whether the entry changed); untranslated and fuzzy entries take the import."""
    if catalogs.entry_state(entry) == "reviewed":
        return ("unchanged" if entry.msgstr == msgstr else "conflict"), False
    flags = [f for f in entry.flags if f != "fuzzy"] + ([] if reviewed else ["fuzzy"])
    before = (entry.msgstr, list(entry.flags), entry.tcomment, entry.previous_msgid)
    entry.msgstr = msgstr
    entry.flags = flags
    entry.tcomment = comment
    entry.previous_msgid = None
    entry.previous_msgctxt = None
    if before == (entry.msgstr, list(entry.flags), entry.tcomment, entry.previous_msgid):
        return "unchanged", False
    return ("reviewed" if reviewed else "fuzzy"), True


def _comment(ref: str, pair: Pair, line: int) -> str:
    comment = f"imported from {ref}:{line}"
    if len(pair.source) == 2:
        comment += "\none translated block for two source blocks: check where it was cut"
    elif len(pair.target) == 2:
        comment += f"\ntwo translated blocks joined (lines {line} and {pair.target[1].line})"
    return comment



# reports ----------------------------------------------------------------------------

STATUS_WORDS = {
    "fuzzy": "imported as fuzzy",
    "reviewed": "imported as reviewed",
    "unchanged": "already in the catalog",
    "conflict": "conflict (reviewed translation kept)",
    "uncertain": "not imported (confidence too low)",
    "duplicate": "not imported (same text translated differently earlier in the post)",
    "missing": "not in the catalog",
}


def report_json(run: ImportRun) -> dict[str, Any]:
    """Everything the text report says, for scripts and CI."""
    return {
        "locale": run.locale,
        "dry_run": run.dry_run,
        "posts": [_post_json(item) for item in run.posts],
        "untranslated": run.untranslated,
    }


def _post_json(item: PostImport) -> dict[str, Any]:
    alignment = item.alignment
    return {
        "source": item.source.ref,
        "translation": item.translation.ref,
        "domain": item.domain,
        "certain": alignment.certain,
        "trusted": item.trusted,
        "pairs": [
            {
                "source_lines": [b.line for b in pair.source],
                "translation_lines": [b.line for b in pair.target],
                "kind": pair.source[0].kind,
                "shape": pair.shape,
                "confidence": pair.confidence,
            }
            for pair in alignment.aligned
        ],
        "unaligned_source": [_block_json(b) for b in alignment.unaligned_source],
        "unaligned_translation": [_block_json(b) for b in alignment.unaligned_target],
        "entries": [
            {
                "msgctxt": r.segment.msgctxt,
                "msgid": r.segment.msgid,
                "msgstr": r.msgstr,
                "source_line": r.segment.line,
                "translation_line": r.target_line,
                "status": r.status,
                **({"catalog_msgstr": r.current} if r.status == "conflict" else {}),
            }
            for r in item.results
        ],
        "counts": {status: item.count(status) for status in STATUS_WORDS if item.count(status)},
    }


def _block_json(block: Block) -> dict[str, Any]:
    return {"line": block.line, "kind": block.kind, "text": block.text}


def format_report(run: ImportRun) -> str:
    """One section per post: counts, every pair with its confidence, what did not align."""
    lines: list[str] = []
    for item in run.posts:
        lines.extend(_post_lines(item, run.trust))
        lines.append("")
    totals = {s: sum(item.count(s) for item in run.posts) for s in STATUS_WORDS}
    summary = (
        ", ".join(f"{n} {STATUS_WORDS[s]}" for s, n in totals.items() if n) or "nothing to import"
    )
    lines.append(f"{run.locale}: {len(run.posts)} translated post(s); {summary}")
    if totals["fuzzy"] and not run.dry_run:
        # what a site owner adopting a translated site needs to hear before the next sync:
        # fuzzy entries are not published, so the page goes back to the source's words there
        lines.append(f"the {totals['fuzzy']} fuzzy entries are not published until reviewed (in a PO editor, "
                     "or `--trust` for alignments that are certain); `sync --include-fuzzy` publishes them as they are")
    if run.untranslated:
        lines.append(
            f"no translation found for {len(run.untranslated)} post(s): "
            + ", ".join(run.untranslated)
        )
    if run.dry_run:
        lines.append("dry run: nothing was written")
    return "\n".join(lines)


def _post_lines(item: PostImport, trust: bool) -> list[str]:
    alignment = item.alignment
    source_blocks = sum(len(p.source) for p in alignment.pairs)
    aligned = sum(len(p.source) for p in alignment.aligned)
    verdict = "certain" if alignment.certain else "needs review"
    if item.trusted:
        verdict += "; imported as reviewed (--trust)"
    elif trust:
        verdict += "; --trust not applied, imported as fuzzy"
    out = [
        f"{item.source.ref} <- {item.translation.ref} (catalog {item.domain})",
        f"  {aligned} of {source_blocks} source blocks aligned; alignment {verdict}",
        "  "
        + ", ".join(f"{item.count(s)} {STATUS_WORDS[s]}" for s in STATUS_WORDS if item.count(s)),
        "  pairs (source line <- translated line, confidence):",
    ]
    for pair in alignment.aligned:
        ours = "+".join(str(b.line) for b in pair.source)
        theirs = "+".join(str(b.line) for b in pair.target)
        note = {"2-1": "  merged in the translation", "1-2": "  split in the translation"}.get(
            pair.shape, ""
        )
        out.append(
            f"    {ours:>7} <- {theirs:<7} {pair.confidence:.2f}  {pair.source[0].kind}{note}"
        )
    if alignment.unaligned_source:
        out.append("  source blocks not in the translation:")
        out.extend(
            f"    line {b.line}: {b.kind}: {_excerpt(b.text)}" for b in alignment.unaligned_source
        )
    if alignment.unaligned_target:
        out.append("  translated blocks not in the source:")
        out.extend(
            f"    line {b.line}: {b.kind}: {_excerpt(b.text)}" for b in alignment.unaligned_target
        )
    conflicts = [r for r in item.results if r.status == "conflict"]
    if conflicts:
        out.append("  conflicts (the reviewed translation was kept):")
        for r in conflicts:
            out.append(
                f"    line {r.segment.line}: catalog {_excerpt(r.current)}, file {_excerpt(r.msgstr)}"
            )
    return out


def _excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")
