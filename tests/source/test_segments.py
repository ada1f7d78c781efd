"""What counts as text: every visible piece extracted once, nothing that must not be translated."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEED
from i18nflow.source.content import load_post
from i18nflow.source.segments import extract_segments
from markdown_helpers import post_from_text


def msgids(tmp_path: Path, text: str, keys: tuple[str, ...] = ("title", "description")) -> list[str]:
    return [s.msgid for s in extract_segments(post_from_text(tmp_path, text), keys)]


def test_seed_post_yields_title_description_and_eight_paragraphs() -> None:
    post = load_post(SEED, SEED.parents[2], SEED.parents[1])
    segments = extract_segments(post, ("title", "description"))
    assert [s.msgid for s in segments][:1] == ["What is Microcurrent Facial?"]
    assert len(segments) == 10
    assert [s.kind for s in segments[:2]] == ["front matter: title", "front matter: description"]
    assert [s.msgctxt for s in segments[:2]] == ["title", "description"]
    # the folded >- description becomes one line
    assert "\n" not in segments[1].msgid and segments[1].msgid.startswith("Pressotherapy is a very")
    body = [s.msgid for s in segments[2:]]
    assert body[1] == "How is Microcurrent Facial performed?"
    assert body[-1].startswith("Microcurrent Facial is recommended to carry out 2 to 4 times")
    # the image heading, &nbsp; and <br><br> are not text; curly quotes and typos are kept as is
    assert not any("shutterstock" in m or "nbsp" in m or "<br>" in m for m in body)
    assert "‘double chin’" in body[0] and "microcurrects" in body[0]
    assert [s.line for s in segments[2:4]] == [18, 20]


def test_code_liquid_and_kramdown_lines_are_never_extracted(tmp_path: Path) -> None:
    text = """---
title: Post
---
Intro paragraph.
{: .notice}

{% include booking-cta.html %}

{{ site.description }}

```python
print("not text")
```

    indented code is not text

{% highlight ruby %}
def hello
  puts "not text either"

end
{% endhighlight %}

{% raw %}
Raw Liquid example {{ not.text }}

{% endraw %}

* TOC
{:toc}

[ref]: https://example.com/url "Title"
"""
    assert msgids(tmp_path, text) == ["Post", "Intro paragraph."]


def test_blocks_without_letters_are_skipped(tmp_path: Path) -> None:
    text = "&nbsp;\n\n<br><br>\n\n# ![](/uploads/a.jpg)\n\n---\n\n1234 + 5678\n\nReal text.\n"
    assert msgids(tmp_path, text) == ["Real text."]


def test_each_block_kind_is_one_msgid_with_inline_markup_kept(tmp_path: Path) -> None:
    text = """# A *heading*

Setext heading
==============

A paragraph with **bold**, a [link](https://example.com "Link title") and `code`.

> A quote
> over two lines.

- item one
- item two
  continued
  1. nested

| Col A | Col B |
|-------|-------|
| cell \\| pipe | ![Alt text](/x.png) |

Text with a note[^1].

[^1]: The footnote text.

<div class="callout">
  <p>Visible <strong>HTML</strong> text
     over lines.</p>
  <script>var notText = 1;</script>
</div>
"""
    post = post_from_text(tmp_path, text)
    found = [(s.kind, s.msgid) for s in extract_segments(post, ())]
    assert found == [
        ("heading", "A *heading*"),
        ("heading", "Setext heading"),
        ("paragraph", 'A paragraph with **bold**, a [link](https://example.com "Link title") and `code`.'),
        ("blockquote", "A quote over two lines."),
        ("list item", "item one"),
        ("list item", "item two continued"),
        ("list item", "nested"),
        ("table cell", "Col A"),
        ("table cell", "Col B"),
        ("table cell", "cell \\| pipe"),
        ("table cell", "![Alt text](/x.png)"),
        ("paragraph", "Text with a note[^1]."),
        ("footnote", "The footnote text."),
        ("html text", "Visible <strong>HTML</strong> text over lines."),
    ]


def test_an_inline_footnote_stays_in_its_block_and_breaks_nothing(tmp_path: Path) -> None:
    """markdown-it's footnote plugin gives an inline footnote ("^[…]", also read inside
    "[^[^a]") a paragraph of its own with no line map; it used to stop extraction with an
    AssertionError (a traceback from sync). Its text is part of the block that holds it."""
    text = "x [^[^a]] and ^[an inline note] here\n\n# Head ^[foot]\n\n| a ^[b] |\n|---|\n| c ^[d] |\n"
    assert msgids(tmp_path, "---\ntitle: T\n---\n" + text, ()) == [
        "x [^[^a]] and ^[an inline note] here",
        "Head ^[foot]",
        "a ^[b]",
        "c ^[d]",
    ]


def test_rewrapping_a_paragraph_changes_no_msgid(tmp_path: Path) -> None:
    one_line = msgids(tmp_path, "Alpha beta gamma delta epsilon.\n")
    wrapped = msgids(tmp_path, "Alpha beta\n   gamma delta\nepsilon.\n")
    assert one_line == wrapped == ["Alpha beta gamma delta epsilon."]


def test_hard_line_breaks_stay_in_the_msgid(tmp_path: Path) -> None:
    assert msgids(tmp_path, "Clinic name  \nHigh Street 1\\\nBrighton\n") == [
        "Clinic name\nHigh Street 1\\\nBrighton"
    ]


def test_front_matter_key_paths_reach_nested_values_and_list_items(tmp_path: Path) -> None:
    text = """---
title: Title
layout: post
image: /uploads/a.jpg
date: 2020-01-01
seo:
  description: SEO text
tags: [one tag, another]
faq:
  - question: Does it hurt?
    answer: No.
  - question: How long?
count: 12
---
Body.
"""
    post = post_from_text(tmp_path, text)
    keys = ("title", "layout_missing", "seo.description", "tags[]", "faq[].question", "count", "date")
    found = [(s.msgctxt, s.msgid, s.line) for s in extract_segments(post, keys)]
    assert found == [
        ("title", "Title", 2),
        ("seo.description", "SEO text", 7),
        ("tags[]", "one tag", 8),
        ("tags[]", "another", 8),
        ("faq[].question", "Does it hurt?", 10),
        ("faq[].question", "How long?", 12),
        (None, "Body.", 15),
    ]


def test_post_without_front_matter_or_with_toml_has_its_body_extracted(tmp_path: Path) -> None:
    assert msgids(tmp_path, "Just a body.\n") == ["Just a body."]
    assert msgids(tmp_path, '+++\ntitle = "TOML"\n+++\nHugo body.\n') == ["TOML", "Hugo body."]


def test_references_point_at_the_file_line(tmp_path: Path) -> None:
    post = post_from_text(tmp_path, "---\ntitle: T\n---\n\nFirst.\n\nSecond\nline.\n", "p.md")
    assert [(s.msgid, s.line) for s in extract_segments(post, ("title",))] == [
        ("T", 2),
        ("First.", 5),
        ("Second line.", 7),
    ]


def test_crlf_post_segments_like_lf(tmp_path: Path) -> None:
    lf = msgids(tmp_path, "---\ntitle: T\n---\n# Head\n\nPara\ngraph.\n")
    crlf = msgids(tmp_path, "---\r\ntitle: T\r\n---\r\n# Head\r\n\r\nPara\r\ngraph.\r\n")
    assert lf == crlf == ["T", "Head", "Para graph."]


def test_heading_kramdown_id_is_not_part_of_the_msgid(tmp_path: Path) -> None:
    post = post_from_text(tmp_path, "## Aftercare {#aftercare}\n\n## How is it performed?\n")
    segments = extract_segments(post, ())
    assert [(s.msgid, s.anchor) for s in segments] == [
        ("Aftercare", None),
        ("How is it performed?", "how-is-it-performed"),
    ]


def test_a_setext_heading_whose_last_line_is_an_attribute_list_has_no_trailing_space(tmp_path: Path) -> None:
    """Found by the mutated-corpus property: ``{: style=…}`` alone on the line before ``---``."""
    text = '![A figure](/a.png){: .center}\n{: style="text-align: center;"}\n---\n\nAfter.\n'
    post = post_from_text(tmp_path, text)
    heading = next(s for s in extract_segments(post, ()) if s.kind == "heading")
    assert heading.msgid == "![A figure](/a.png){: .center}"
    assert post.text[heading.start : heading.end] == heading.msgid


def test_text_attributes_of_html_block_tags_are_entries_written_back_in_their_quotes(tmp_path: Path) -> None:
    # an image's alt text in a <figure> is read aloud and shown when the image fails: text; a
    # tag inside a text run stays in that run's msgid, and script content is never text
    from i18nflow.config import RenderOptions
    from i18nflow.source.render import render_post

    body = (
        '<figure>\n  <img src="g.jpg" alt="The garden in summer" title=\'A "quiet" corner\'>\n'
        '  <figcaption>The garden <img alt="icon" src="i.png"></figcaption>\n</figure>\n\n'
        '- <img src="x.png" alt="In a list">\n\n<script>var a = "<img alt=\'no\'>";</script>\n'
    )
    post = post_from_text(tmp_path, body)
    segments = extract_segments(post, (), "goldmark")
    assert [(s.kind, s.msgid, s.line) for s in segments] == [
        ("html img: alt", "The garden in summer", 2),
        ("html img: title", 'A "quiet" corner', 2),
        ("html text", 'The garden <img alt="icon" src="i.png">', 3),
        ("html img: alt", "In a list", 6),
    ]
    translations = {"The garden in summer": 'El "jardín"', 'A "quiet" corner': 'Un rincón "tranquilo"'}
    result = render_post(post, segments, lambda s: translations.get(s.msgid), "es", RenderOptions(add_lang=False), "goldmark")
    assert '<img src="g.jpg" alt="El “jardín”" title=\'Un rincón "tranquilo"\'>' in result.text
    assert result.text.replace("El “jardín”", "The garden in summer").replace('Un rincón "tranquilo"', 'A "quiet" corner') == body
    # an attribute is printed raw: a translation may not bring a tag into it
    refused = render_post(post, segments, lambda s: "<b>x</b>" if s.msgid == "In a list" else None, "es",
                          RenderOptions(add_lang=False), "goldmark")
    assert [(s.msgid, r.check) for s, r in refused.refused] == [("In a list", "html")]


def _cells_one_character_at_a_time(line: str) -> list[tuple[int, int]]:
    """split_table_row's contract spelt out: from the row's first pipe (after container markers),
    split on every pipe no backslash escapes, each cell trimmed of spaces and tabs."""
    import re

    prefix = re.match(r"^(?:[ \t]*(?:>[ \t]?|(?:[-+*]|\d{1,9}[.)])[ \t]+))*[ \t]*", line)
    pos, end = (prefix.end() if prefix else 0), len(line.rstrip())
    if pos < end and line[pos] == "|":
        pos += 1
    bounds, start, index = [], pos, pos
    while index < end:
        if line[index] == "\\":
            index += 2
            continue
        if line[index] == "|":
            bounds.append((start, index))
            start = index + 1
        index += 1
    if start < end:
        bounds.append((start, end))
    cells = []
    for a, b in bounds:
        while a < b and line[a] in " \t":
            a += 1
        while b > a and line[b - 1] in " \t":
            b -= 1
        cells.append((a, b))
    return cells


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("|\\ a\t>-1.é")), max_size=24))
def test_table_rows_split_on_unescaped_pipes(line: str) -> None:
    from i18nflow.source.segments import split_table_row

    assert split_table_row(line) == _cells_one_character_at_a_time(line)
    assert split_table_row(r"| a \| b | c\\| d |") == [(2, 8), (11, 14), (16, 17)]


def test_an_image_or_link_whose_only_words_are_its_title_is_offered(tmp_path: Path) -> None:
    # the title is the tooltip a reader sees: fastpages' ![]({{ site.baseurl }}/logo.png "…'s logo")
    body = '![]({{ site.baseurl }}/images/logo.png "Our logo")\n\n![](/a.png)\n\n[](/b "Go back")\n'
    for dialect in ("kramdown", "goldmark", "commonmark"):
        segments = extract_segments(post_from_text(tmp_path, body), (), dialect)
        assert [s.msgid for s in segments] == ['![]({{ site.baseurl }}/images/logo.png "Our logo")', '[](/b "Go back")']
