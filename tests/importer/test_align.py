"""Aligning a hand-written translation with its source, block by block, by structure."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import CORPUS, SEED
from i18nflow.importer.align import Alignment, align_posts, blocks, pair_score
from i18nflow.importer.importer import msgstrs, split_sentences
from i18nflow.source.content import Post, load_post
from i18nflow.source.segments import extract_segments

KEYS = ("title", "description", "tags[]")

DATA = Path(__file__).parents[1] / "data"
SEED_ES = DATA / "microcurrent-facial.es.md"
AFTERCARE = (DATA / "aftercare.md").read_text(encoding="utf-8")
# Merges the first two paragraphs, drops "Avoid saunas", adds a paragraph (line 18).
AFTERCARE_ES_LOOSE = (DATA / "aftercare-loose.es.md").read_text(encoding="utf-8")


def load(tmp_path: Path, name: str, text: str) -> Post:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_post(path, tmp_path, tmp_path)


def align(source: Post, target: Post) -> Alignment:
    return align_posts(
        source, extract_segments(source, KEYS), target, extract_segments(target, KEYS)
    )


def line_pairs(alignment: Alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [
        (tuple(b.line for b in p.source), tuple(b.line for b in p.target)) for p in alignment.pairs
    ]


def test_translation_with_the_same_structure_pairs_every_block_one_to_one() -> None:
    source = load_post(SEED, SEED.parent, SEED.parent)
    target = load_post(SEED_ES, SEED_ES.parent, SEED_ES.parent)
    alignment = align(source, target)
    assert line_pairs(alignment) == [
        ((line,), (line,)) for line in (3, 4, 18, 20, 22, 24, 26, 28, 30, 32)
    ]
    assert alignment.certain
    assert min(p.confidence for p in alignment.pairs) >= 0.85


def test_merged_paragraph_dropped_item_and_added_paragraph_leave_the_rest_aligned(
    tmp_path: Path,
) -> None:
    alignment = align(
        load(tmp_path, "en.md", AFTERCARE), load(tmp_path, "es.md", AFTERCARE_ES_LOOSE)
    )
    assert line_pairs(alignment) == [
        ((2,), (2,)),
        ((3,), (3,)),
        ((6,), (6,)),
        ((8, 10), (8,)),  # merged in the translation
        ((12,), (10,)),
        ((14,), (12,)),
        ((15,), (13,)),
        ((16,), (14,)),
        ((17,), ()),  # "Avoid saunas" was dropped
        ((19,), (16,)),
        ((), (18,)),  # the translator's own paragraph
        ((21,), (20,)),
        ((23,), (22,)),
        ((23,), (22,)),
        ((25,), (24,)),
        ((26,), (25,)),
    ]
    merged = alignment.pairs[3]
    assert merged.confidence <= 0.5
    assert not alignment.certain
    assert all(p.confidence >= 0.8 for p in alignment.aligned if p is not merged)
    assert [b.text for b in alignment.unaligned_source] == ["Avoid saunas and hot baths."]
    assert [b.line for b in alignment.unaligned_target] == [18]


def test_a_merged_translation_is_cut_between_sentences_for_the_two_entries(tmp_path: Path) -> None:
    alignment = align(
        load(tmp_path, "en.md", AFTERCARE), load(tmp_path, "es.md", AFTERCARE_ES_LOOSE)
    )
    first, second = msgstrs(alignment.pairs[3])
    assert first[0].msgid.startswith("Your skin will feel tight")
    assert (
        first[1]
        == "Notará la piel tirante durante 2 o 3 días; es normal y significa que el peeling está funcionando."
    )
    assert second[0].msgid.startswith("Keep your face clean")
    assert second[1].startswith("Mantenga el rostro limpio") and "(/shop/cleanser)" in second[1]


def test_sentences_are_never_cut_inside_a_link() -> None:
    assert split_sentences("See [the guide. It helps](/g) now.", 0.3) is None
    assert split_sentences("One. Two. Three four five six.", 0.5) == (
        "One. Two.",
        "Three four five six.",
    )


def test_link_targets_decide_when_lengths_do_not(tmp_path: Path) -> None:
    source = load(
        tmp_path,
        "en.md",
        """\
        Read the [first guide](/a) before your visit today.

        Read the [second guide](/b) before your visit today.

        Read the [third guide](/c) before your visit today.
        """,
    )
    target = load(
        tmp_path,
        "es.md",
        """\
        Lea la [primera guía](/a) antes de su visita de hoy.

        Lea la [tercera guía](/c) antes de su visita de hoy.
        """,
    )
    assert line_pairs(align(source, target)) == [((1,), (1,)), ((3,), ()), ((5,), (3,))]


def test_a_heading_is_not_paired_with_a_paragraph(tmp_path: Path) -> None:
    source = load(
        tmp_path, "en.md", "## Before the visit\n\nDrink water.\n\n## After\n\nRest a lot.\n"
    )
    target = load(tmp_path, "es.md", "Beba agua.\n\n## Después\n\nDescanse mucho.\n")
    assert line_pairs(align(source, target)) == [
        ((1,), ()),
        ((3,), (1,)),
        ((5,), (3,)),
        ((7,), (5,)),
    ]


def test_front_matter_values_are_paired_by_key_and_list_position(tmp_path: Path) -> None:
    source = load(
        tmp_path,
        "en.md",
        "---\ntitle: Peel\ndescription: Fresh skin.\ntags: [skin, face]\n---\nHi.\n",
    )
    target = load(tmp_path, "es.md", "---\ntags: [piel, cara]\ntitle: Peeling\n---\nHola.\n")
    pairs = {
        (p.source[0].segment.msgctxt, p.source[0].text): p
        for p in align(source, target).pairs
        if p.source
    }
    assert pairs[("title", "Peel")].target[0].text == "Peeling"
    assert pairs[("tags[]", "face")].target[0].text == "cara"
    assert pairs[("description", "Fresh skin.")].target == ()
    assert align(source, target).certain  # front matter never makes the body uncertain


def test_table_cells_pair_by_column_and_numbers_count(tmp_path: Path) -> None:
    source = load(
        tmp_path, "en.md", "| Step | Minutes |\n|---|---|\n| Cleanse | 10 |\n| Mask | 20 |\n"
    )
    target = load(
        tmp_path, "es.md", "| Paso | Minutos |\n|---|---|\n| Limpieza | 10 |\n| Mascarilla | 20 |\n"
    )
    alignment = align(source, target)
    assert [(p.source[0].text, p.target[0].text) for p in alignment.pairs] == [
        ("Step", "Paso"),
        ("Minutes", "Minutos"),
        ("Cleanse", "Limpieza"),
        ("Mask", "Mascarilla"),
    ]
    ours = blocks(source, extract_segments(source, ()))
    assert ours[1].shape == "col1"


def test_matching_numbers_and_links_raise_the_score(tmp_path: Path) -> None:
    post = load(
        tmp_path,
        "p.md",
        "Take [2 drops](/d) daily.\n\nTake [5 drops](/e) daily.\n\nTome 2 gotas.\n",
    )
    take_2, take_5, tome_2 = blocks(post, extract_segments(post, ()))
    assert pair_score(take_2, tome_2) > pair_score(take_5, tome_2)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not found")
def test_unrelated_corpus_posts_do_not_align_with_certainty() -> None:
    """The corpus holds no source/translation pair: a Spanish IPL page against the English
    HydraFacial page of the same site must come out uncertain and mostly unaligned."""
    english = CORPUS / "ftdgomez__bellaesthetic-site__hydrafacial.md"
    spanish = CORPUS / "ftdgomez__bellaesthetic-site__ipl-es.md"
    alignment = align(load_post(english, CORPUS, CORPUS), load_post(spanish, CORPUS, CORPUS))
    assert not alignment.certain
    body = [p for p in alignment.aligned if not p.front_matter]
    assert len(alignment.unaligned_target) > len(body)
    assert all(p.confidence <= 0.5 for p in body)
