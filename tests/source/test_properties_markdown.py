"""Identity and structure of rendered posts, on generated Markdown documents.

The CommonMark spec examples (test_commonmark_spec.py) and the corpus (e2e/test_corpus.py) are
fixed inputs; here hypothesis builds documents that mix every block kind at any depth (lists in
blockquotes in list items, tables after setext underlines, fences in footnotes, CR/CRLF endings,
tabs, BOM, Liquid and kramdown lines) and translations full of Markdown punctuation, and looks
for a document where a property fails:

* with no translations the localized copy is the source, byte for byte;
* only the segments' spans change: everything between them is copied verbatim;
* a translation, whatever a translator types, is used (escaped where needed, never dropped) and
  the copy keeps the source's block structure;
* a front matter translation loads back as exactly that string;
* every msgid survives a trip through a PO file unchanged (or the translation would silently
  never be found again).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18nflow.config import RenderOptions
from i18nflow.errors import ContentError
from i18nflow.gettext import catalogs
from i18nflow.gettext.po import format_po, parse_po_text
from i18nflow.source.content import Post, load_post
from i18nflow.source.frontmatter.yaml_block import find_nodes
from i18nflow.source.render import block_structure, render_post
from i18nflow.source.segment import Segment
from i18nflow.source.segments import extract_segments
from strategies import FIGURES, markdown_documents, scaled, translations, yaml_translations

KEYS = ("title", "description", "tags[]")
FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")


def load(tmp: Path, data: bytes, refusable: bool = False) -> Post | None:
    """The post, or None when it is refused with an error naming file and line.

    Generated documents may only be refused for a header that is not YAML we can patch;
    ``refusable`` documents (mutated real posts) for anything, as long as the error is clear.
    """
    path = tmp / "post.md"
    path.write_bytes(data)
    FIGURES["documents checked"] += 1
    try:
        return load_post(path, tmp, tmp)
    except ContentError as exc:
        assert exc.path and exc.line, exc
        assert refusable or data.lstrip(b"\xef\xbb\xbf").startswith(b"---"), exc
        return None


def keeps_text_between_segments(post: Post, segments: list[Segment], rendered: str) -> bool:
    """True when the source text outside every segment is in ``rendered``, in order, verbatim."""
    chunks, pos = [], 0
    for segment in sorted(segments, key=lambda s: s.start):
        chunks.append(post.text[pos : segment.start])
        pos = segment.end
    chunks.append(post.text[pos:])
    if len(chunks) == 1:
        return rendered == chunks[0]
    first, *middle, last = chunks
    if not (rendered.startswith(first) and rendered.endswith(last)):
        return False
    at, stop = len(first), len(rendered) - len(last)
    for chunk in middle:  # the earliest match of each chunk leaves the most room for the next
        found = rendered.find(chunk, at, stop)
        if found < 0:
            return False
        at = found + len(chunk)
    return True


def changes_footnotes(msgid: str, msgstr: str) -> bool:
    """A footnote is on the page only while something references it."""
    return set(FOOTNOTE_REF.findall(msgid)) != set(FOOTNOTE_REF.findall(msgstr))


def check_identity(post: Post, data: bytes) -> None:
    """No translations, or every msgstr equal to its msgid: the source, byte for byte."""
    segments = extract_segments(post, KEYS)
    plain = render_post(post, segments, lambda s: None, "es", RenderOptions(add_lang=False))
    assert plain.encoded(post) == data
    same = render_post(post, segments, lambda s: s.msgid, "es", RenderOptions(add_lang=False))
    assert same.encoded(post) == data
    if post.fm_format == "yaml":
        with_lang = render_post(post, segments, lambda s: None, "es", RenderOptions()).text
        lines = with_lang.splitlines(keepends=True)
        assert sum(line.lstrip().startswith("lang: es") for line in lines) == 1
        without = [line for line in lines if not line.lstrip().startswith("lang: ")]
        assert without == [
            line
            for line in post.text.splitlines(keepends=True)
            if not line.lstrip().startswith("lang: ")
        ]


def check_msgids(post: Post) -> None:
    """Every msgid is trimmed text from its span, and reads back from a PO file unchanged."""
    segments = extract_segments(post, KEYS)
    for segment in segments:
        assert segment.msgid and segment.msgid == segment.msgid.strip(" \t\n"), segment
        assert post.text[segment.start : segment.end], segment
    pot = catalogs.build_template("post", [(post, segments)], "2024-01-01 00:00+0000")
    back = {(e.msgctxt, e.msgid) for e in parse_po_text(format_po(pot))}
    assert back == {(s.msgctxt, s.msgid) for s in segments}


def check_translated(workdir: Path, post: Post, draw: st.DataObject) -> None:
    """Translations full of Markdown punctuation: used, escaped, structure and the rest kept."""
    segments = extract_segments(post, KEYS)
    chosen: dict[tuple[str | None, str], str] = {}
    for segment in segments:
        key = (segment.msgctxt, segment.msgid)
        if key not in chosen:
            strategy = yaml_translations if segment.in_front_matter else translations()
            chosen[key] = draw.draw(strategy, label=f"msgstr for {segment.msgid[:30]!r}")
    result = render_post(
        post, segments, lambda s: chosen[(s.msgctxt, s.msgid)], "es", RenderOptions(add_lang=False)
    )

    # Escaping must make every translation usable. The one exception is footnote markup: a
    # translation that drops the last reference to a footnote, or references one the source
    # defines but never uses, takes a footnote off the page or puts one on it.
    refused = [
        (s.line, s.msgid)
        for s, _ in result.rejected
        if not changes_footnotes(s.msgid, chosen[(s.msgctxt, s.msgid)])
    ]
    assert refused == []
    # The publishing rule (source/safety.py) refuses what adds a link or HTML; quoting alone must
    # keep every header in shape, so no value is refused for breaking it.
    assert [r.check for _, r in result.refused if r.check == "front-matter"] == []
    withheld = {(s.msgctxt, s.msgid) for s, _ in result.refused}
    chosen = {key: text for key, text in chosen.items() if key not in withheld}
    copy = load(workdir, result.encoded(post))
    assert copy is not None
    assert block_structure(copy.body) == block_structure(post.body)
    assert keeps_text_between_segments(post, segments, result.text), (
        "text outside the segments changed"
    )
    if post.fm_format == "yaml":
        check_front_matter(post, copy, chosen)


def check_front_matter(post: Post, copy: Post, chosen: dict[tuple[str | None, str], str]) -> None:
    """Each translated front matter value loads back as exactly the translation."""
    root, source_root = copy.yaml_root(), post.yaml_root()
    if source_root is None:
        return
    assert root is not None
    for key_path in KEYS:
        source_nodes = find_nodes(source_root, key_path)
        copy_nodes = find_nodes(root, key_path)
        assert len(copy_nodes) == len(source_nodes)
        for old, new in zip(source_nodes, copy_nodes, strict=True):
            block = old.style in ("|", ">")  # the msgid leaves out the closing line break
            msgid = old.value.rstrip("\n") if block else old.value
            expected = chosen.get((key_path, msgid), old.value)
            if block:
                assert new.value.rstrip("\n") == expected.rstrip("\n")
            else:
                assert new.value == expected


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("generated")


@settings(max_examples=scaled(250))
@given(markdown_documents())
def test_untranslated_copy_is_the_source_byte_for_byte(workdir: Path, data: bytes) -> None:
    post = load(workdir, data)
    if post is not None:
        check_identity(post, data)


@settings(max_examples=scaled(250))
@given(markdown_documents())
def test_every_msgid_comes_back_from_a_po_file_unchanged(workdir: Path, data: bytes) -> None:
    post = load(workdir, data)
    if post is not None:
        check_msgids(post)


@settings(max_examples=scaled(400))
@given(markdown_documents(), st.data())
def test_translations_with_markdown_punctuation_keep_the_block_structure(
    workdir: Path, data: bytes, draw: st.DataObject
) -> None:
    post = load(workdir, data)
    if post is not None:
        check_translated(workdir, post, draw)
