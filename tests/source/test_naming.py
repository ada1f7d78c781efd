"""Post names, catalogs and output paths from a post's path; which files are not sources."""

from __future__ import annotations

import re

import pytest

from i18nflow.source.naming import domain_of, name_of, output_relative, slug_of
from i18nflow.source.selection import glob_regex, output_regex


@pytest.mark.parametrize(
    ("rel", "slug", "name"),
    [
        ("2020-01-02-hello.md", "hello", "hello"),
        ("posts/my-trip/index.md", "my-trip", "posts-my-trip"),  # a page bundle: its folder
        ("posts/my-trip/index.en.md", "my-trip", "posts-my-trip"),  # Hugo's language suffix
        ("docs/_index.md", "docs", "docs"),  # a section: its _index.md's folder
        ("_index.md", "index", "index"),  # the home page
        ("blog/2026/0.16.0.md", "0.16.0", "blog-2026-0.16.0"),  # dots that are no language
        ("guide/callout.fa.md", "callout", "guide-callout"),
    ],
)
def test_pages_are_named_like_their_generator_names_them(rel: str, slug: str, name: str) -> None:
    assert (slug_of(rel), name_of(rel)) == (slug, name)


def test_a_post_is_never_named_like_the_previews_catalog() -> None:
    assert domain_of("{slug}", "posts/site.md") == "site-post"
    assert domain_of("{slug}", "posts/site/index.md") == "site-post"
    assert domain_of("{dir}", "site/a.md") == "site-post"  # whatever the pattern


@pytest.mark.parametrize(
    ("pattern", "rel", "base", "expected"),
    [
        ("{base}/{locale}/{path}", "2020-01-02-hi.md", "_posts", "_posts/es/2020-01-02-hi.md"),
        ("{locale}/{base}/{path}", "2020-01-02-hi.md", "_posts", "es/_posts/2020-01-02-hi.md"),
        ("{base}/{folder}/{stem}.{locale}.md", "posts/trip/index.md", "content", "content/posts/trip/index.es.md"),
        ("{base}/{folder}/{stem}.{locale}.md", "posts/trip/index.en.md", "content", "content/posts/trip/index.es.md"),
        ("{base}/{folder}/{stem}.{locale}.md", "about.md", "content", "content/about.es.md"),  # no folder
        ("content/{locale}/{path}", "docs/_index.md", "content/en", "content/es/docs/_index.md"),
        ("{base}/{locale}/{path}", "a.md", "", "es/a.md"),  # content at the project root
    ],
)
def test_output_patterns_fill_in_and_drop_empty_folders(pattern: str, rel: str, base: str, expected: str) -> None:
    assert output_relative(pattern, rel, "es", base) == expected


@pytest.mark.parametrize(
    ("pattern", "bases", "outputs", "sources"),
    [
        ("{base}/{locale}/{path}", ["_posts"], ["_posts/es/a.md", "_posts/de/x/b.md"], ["_posts/a.md", "_posts/fr/a.md"]),
        ("{base}/{folder}/{stem}.{locale}.md", ["content"], ["content/a.es.md", "content/x/index.de.md"],
         ["content/a.md", "content/a.en.md", "content/a.fr.md", "content/esx/a.md"]),
        ("content/{locale}/{path}", ["content"], ["content/es/a.md", "content/de/x/_index.md"],
         ["content/a.md", "content/eso/a.md", "content/fr/a.md"]),
    ],
)
def test_what_the_output_pattern_writes_is_recognised(pattern, bases, outputs, sources) -> None:
    regex = re.compile(f"^(?:{output_regex(pattern, ('es', 'de'), bases)})$")
    assert [path for path in outputs if regex.match(path)] == outputs
    assert [path for path in sources if regex.match(path)] == []


@pytest.mark.parametrize(
    ("glob", "matches", "misses"),
    [
        ("content/**/*.fr.md", ["content/a.fr.md", "content/x/y/a.fr.md"], ["content/a.md", "other/a.fr.md"]),
        ("drafts/*.md", ["drafts/a.md"], ["drafts/x/a.md", "a.md"]),
        ("content/?.md", ["content/a.md"], ["content/ab.md"]),
        ("content/[!_]*.md", ["content/a.md"], ["content/_index.md"]),
    ],
)
def test_exclude_globs_match_like_content_globs(glob: str, matches: list[str], misses: list[str]) -> None:
    regex = re.compile(f"^{glob_regex(glob)}$")
    assert all(regex.match(path) for path in matches) and not any(regex.match(path) for path in misses)
