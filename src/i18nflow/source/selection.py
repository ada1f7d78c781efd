"""Which files the content globs find are not posts: ``exclude`` globs and our own output.

A site's generator reads the localized copies from places that often lie inside the content
folder (Hugo's ``content/es/…``, ``index.es.md`` next to ``index.md``, jekyll-polyglot's
``_posts/es/…``). Read back as sources, they would become posts of their own, translated again
on the next run. So whatever the output pattern produces for a configured locale is never a
source, without the user having to say so; ``exclude`` covers the rest (translations in
languages not configured, drafts, vendored themes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from i18nflow.config import Config


def glob_regex(pattern: str) -> str:
    """A glob as a regular expression over '/'-separated paths: ``*`` and ``?`` stay inside one
    folder, ``**`` spans any number of folders (none too), as in the content globs."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out)


def output_regex(output: str, locales: tuple[str, ...], bases: list[str]) -> str:
    """Every path the output pattern can produce for ``locales``, as a regular expression."""
    from string import Formatter

    if not locales:
        return "(?!)"
    fields = {
        "locale": "(?:" + "|".join(re.escape(locale) for locale in locales) + ")",
        "path": ".+",
        "folder": ".*",
        "base": "(?:" + "|".join(re.escape(base) for base in bases) + ")",
        "stem": "[^/]+",
        "slug": "[^/]+",
        "name": "[^/]+",
    }
    # an empty {folder} or {base} goes with its slash when the path is written (normalized)
    optional = {
        "\0F": "(?:.*/)?",
        "\0B": "(?:" + "|".join(sorted(re.escape(base) + "/" if base else "" for base in set(bases))) + ")",
    }
    text = output.replace("{folder}/", "\0F").replace("{base}/", "\0B")
    out: list[str] = []
    for literal, field, _spec, _conversion in Formatter().parse(text):
        for piece in re.split("(\0[FB])", literal):
            out.append(optional.get(piece) or re.escape(piece))
        if field:
            out.append(fields[field])
    return "".join(out)


@dataclass(frozen=True)
class SourceFilter:
    """The test every globbed file passes before it counts as a post."""

    pattern: re.Pattern[str] | None

    @classmethod
    def of(cls, config: Config, bases: list[str]) -> SourceFilter:
        """``bases``: the content globs' folders from the project root ("" for the root)."""
        parts = [f"{glob_regex(glob.rstrip('/'))}(?:/.*)?" for glob in config.exclude]
        if config.locales:
            parts.append(output_regex(config.output, config.locales, bases))
        return cls(re.compile("^(?:" + "|".join(f"(?:{part})" for part in parts) + ")$") if parts else None)

    @property
    def active(self) -> bool:
        return self.pattern is not None

    def excludes(self, ref: str) -> bool:
        """True for a file (path from the project root, with '/') that is not a post."""
        return self.pattern is not None and self.pattern.match(ref) is not None
