"""The configuration ``init`` writes, as commented TOML a user reads and edits.

Written as text rather than dumped from a dict: every choice carries the reason it was made
(how many posts have a key, why a file is excluded, which layout the output follows), which is
what a user adopting a tool reads first.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field

from i18nflow.adopt.detect import Site
from i18nflow.adopt.keys import KeyCount
from i18nflow.adopt.layouts import Layout

_GENERATORS = {"jekyll": "Jekyll", "hugo": "Hugo", "markdown": "plain Markdown"}
_DIALECTS = {"kramdown": "kramdown, as Jekyll reads it", "goldmark": "goldmark, as Hugo reads it",
             "commonmark": "CommonMark with GitHub tables and footnotes"}


@dataclass
class Proposal:
    """Everything the settings say, with the facts behind them."""

    site: Site
    locales: list[str]
    layout: Layout
    output: str
    domain: str
    keys: list[KeyCount]
    posts: int
    domain_note: str = ""
    problems: list[str] = field(default_factory=list)


def settings_text(proposal: Proposal, table: str = "") -> str:
    """The settings as TOML; ``table`` is ``tool.i18nflow`` for pyproject.toml, "" for i18nflow.toml."""
    site = proposal.site
    where = f" ({site.config_file})" if site.config_file else ""
    head = [
        f"# i18nflow settings for this {_GENERATORS[site.generator]} site{where}, written by `i18nflow init`.",
        "# Every key is described in README.md; run `i18nflow sync --html` next.",
    ]
    if table:
        head.append(f"[{table}]")
    lines = [
        *head,
        f"source_locale = {_s(site.source_locale)}",
        f"locales = [{', '.join(_s(code) for code in proposal.locales)}]",
        "",
        f"# The pages to translate ({proposal.posts} found), and files that are not among them.",
        f"content = [{', '.join(_s(glob) for glob in site.content)}]",
    ]
    if site.exclude:
        lines.append("exclude = [")
        lines += [f"    {_s(glob)},  # {site.exclude_notes.get(glob, '')}".rstrip(" #") for glob in site.exclude]
        lines.append("]")
    else:
        lines.append("exclude = []  # globs of files (or folders) below the content globs that are not pages")
    lines += [f"dialect = {_s(site.dialect)}  # {_DIALECTS[site.dialect]}", ""]
    lines += _front_matter(proposal)
    lines += [
        "",
        f"# Layout {proposal.layout.name!r}: {proposal.layout.description}.",
        f"output = {_s(proposal.output)}",
        *(f"# {line}" for line in textwrap.wrap(proposal.domain_note, 96)),
        f"domain = {_s(proposal.domain)}",
        'locales_dir = "locales"',
        "",
    ]
    sub = f"{table}." if table else ""
    lines += [
        f"[{sub}engines]",
        '# Apertium where its language pair is installed; "none" to translate a locale by hand only.',
        'default = "auto"',
        "",
        f"[{sub}site]",
        "# The HTML preview (i18nflow sync --html) in build/site/.",
        f"title = {_s(site.title or 'Preview')}",
    ]
    return "\n".join(lines) + "\n"


def _front_matter(proposal: Proposal) -> list[str]:
    known = [item for item in proposal.keys if item.known]
    other = [item for item in proposal.keys if not item.known]
    lines = [f"# Front matter keys whose values readers see, and in how many of the {proposal.posts} pages:"]
    if not known and not other:
        return [*lines, 'front_matter = ["title", "description"]']
    lines.append("front_matter = [")
    lines += [f"    {_s(item.key)},  # {_posts(item.posts)}" for item in known]
    lines += [f"    # {_s(item.key)},  # {_posts(item.posts)}: prose? switch it on if readers see it" for item in other[:12]]
    lines.append("]")
    return lines


def _posts(count: int) -> str:
    return f"{count} page" if count == 1 else f"{count} pages"


def _s(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)
