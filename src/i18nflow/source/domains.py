"""Posts grouped by catalog, with the accidental sharing of a catalog or an output refused.

Two posts in one catalog by accident (two dated posts with one slug, ``docs/v1/install.md`` and
``docs/v2/install.md``) would mix their texts, and translations would move back and forth
between them on every run; two posts rendered to one output file would overwrite each other.
Both are configuration mistakes and are refused before anything is written, naming both files.
A pattern that groups on purpose (``domain = "messages"``, ``"{dir}"``) shares catalogs freely.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from i18nflow.config import Config
from i18nflow.errors import ConfigError, ContentError
from i18nflow.source.content import iter_post_paths, relative_ref
from i18nflow.source.naming import domain_of, output_relative

PostPaths = list[tuple[Path, Path]]  # (post path, its content folder), as iter_post_paths gives


def group_posts(config: Config, loops: list[ContentError] | None = None) -> dict[str, PostPaths]:
    """Post paths by domain; symlink loops met on the way go to ``loops``.

    Raises :class:`ConfigError` when the domain pattern names single posts and two posts get
    the same name, or when two posts would be rendered to the same file.
    """
    return group_paths(config, iter_post_paths(config, loops))


def group_paths(config: Config, pairs: Iterable[tuple[Path, Path]]) -> dict[str, PostPaths]:
    """:func:`group_posts` for a given list of (post path, content folder)."""
    grouped: dict[str, PostPaths] = {}
    outputs: dict[str, str] = {}
    per_post = config.domain_per_post
    sample_locale = config.locales[0] if config.locales else "xx"
    for path, base in pairs:
        rel = relative_ref(path, base)
        domain = domain_of(config.domain, rel)
        ref = relative_ref(path, config.root)
        if per_post and domain in grouped:
            other = relative_ref(grouped[domain][0][0], config.root)
            raise ConfigError(
                f"{other} and {ref} would share the catalog {domain!r} (domain = {config.domain!r}); "
                'rename one, exclude one, or name catalogs by path: domain = "{name}"',
                config.source_file or config.root,
            )
        base_ref = "" if base == config.root else relative_ref(base, config.root)
        output = output_relative(config.output, rel, sample_locale, base_ref)
        if output in outputs:
            raise ConfigError(
                f"{outputs[output]} and {ref} would both be rendered to {output!r} (output = {config.output!r})",
                config.source_file or config.root,
            )
        outputs[output] = ref
        grouped.setdefault(domain, []).append((path, base))
    return grouped
