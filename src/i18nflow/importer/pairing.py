"""Which translated file belongs to which source post, for ``i18nflow import``.

Sites lay translations out in many ways: a parallel tree (``content/es/{path}``, jekyll-polyglot's
``_posts/es/``), Hugo's ``post.es.md`` next to the source, or a folder whose files carry a shared
front matter key (``page_id``, ``ref``, ``translationKey``). A path pattern names the file
outright; a folder is searched, strongest evidence first: shared key, same relative path, same
file name, same slug. Translated files are never source posts, even when the ``content`` globs
match them too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from i18nflow.errors import ConfigError, I18nflowError
from i18nflow.problems import Problems
from i18nflow.source.content import Post, load_post, safe_name
from i18nflow.source.frontmatter.metadata import metadata
from i18nflow.source.project import Project

SHARED_KEYS = ("page_id", "ref", "translationKey")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}-")
_PLACEHOLDERS = "{path}, {dir}, {stem}, {slug}, {name}, {locale}"


@dataclass
class Pairing:
    pairs: list[tuple[Post, Path]] = field(default_factory=list)
    excluded: set[Path] = field(default_factory=set)  # translations: never source posts
    untranslated: list[Post] = field(default_factory=list)


def find_pairs(
    project: Project,
    locale: str,
    *,
    files: Sequence[str] = (),
    source_from: str | None = None,
    problems: Problems,
) -> Pairing:
    """Source posts paired with translated files: explicit, by pattern, or by folder search."""
    root = project.config.root
    if files:
        return _explicit(project, resolve_file(root, files[0]), resolve_file(root, files[1]))
    if not source_from:
        raise ConfigError("give SOURCE_POST TRANSLATED_POST, or --from PATTERN or FOLDER")
    if "{" in source_from:
        return _by_pattern(project, locale, source_from)
    folder = resolve_file(root, source_from)
    if not folder.is_dir():
        raise ConfigError(f"--from {source_from}: not a folder, and no {{path}}-style placeholder")
    return _by_search(project, locale, folder, problems)


def resolve_file(root: Path, raw: str) -> Path:
    """A path as typed: relative to the project root (as ``-C`` promises), else to the cwd."""
    path = Path(raw)
    if path.is_absolute():
        if path.exists():
            return path.resolve()
    else:
        for base in (root, Path(os.getcwd())):
            if (base / path).exists():
                return (base / path).resolve()
    raise ConfigError(f"{raw}: no such file or folder")


def _explicit(project: Project, source: Path, translation: Path) -> Pairing:
    if source == translation:
        raise ConfigError(f"{source.name}: the source and the translation are the same file")
    post = next((p for p in project.posts if p.path.resolve() == source), None)
    if post is None:
        raise ConfigError(f"{source}: not a post of this project (no 'content' glob matches it)")
    return Pairing(pairs=[(post, translation)], excluded={translation})


def _by_pattern(project: Project, locale: str, pattern: str) -> Pairing:
    root = project.config.root
    candidates: dict[Path, Path] = {}
    for post in project.posts:
        parent = Path(post.rel).parent.as_posix()
        values = {
            "path": post.rel,
            "dir": "" if parent == "." else parent,
            "stem": post.stem,
            "slug": post.slug,
            "name": Path(post.rel).name,
            "locale": locale,
        }
        try:
            relative = pattern.format_map(values)
        except (KeyError, IndexError, ValueError) as exc:
            raise ConfigError(f"--from: unknown placeholder {exc} (use {_PLACEHOLDERS})") from None
        candidates[post.path] = (root / os.path.normpath(relative)).resolve()
    existing = {path for path in candidates.values() if path.is_file()}
    pairing = Pairing(excluded=existing)
    for post in project.posts:
        if post.path.resolve() in existing:
            continue
        target = candidates[post.path]
        if target in existing and target != post.path.resolve():
            pairing.pairs.append((post, target))
        else:
            pairing.untranslated.append(post)
    return pairing


def _by_search(project: Project, locale: str, folder: Path, problems: Problems) -> Pairing:
    files = sorted(
        p.resolve() for p in folder.rglob("*") if p.suffix in (".md", ".markdown") and p.is_file()
    )
    pairing = Pairing(excluded=set(files))
    translations = [t for t in (_read(project, path, problems) for path in files) if t is not None]
    used: set[Path] = set()
    sources = [p for p in project.posts if p.path.resolve() not in pairing.excluded]
    rules: list[Callable[[Post, Post], bool]] = [
        _same_key,
        lambda s, t: Path(t.path).resolve() == (folder / s.rel).resolve(),
        lambda s, t: _plain_name(t, locale) == Path(s.rel).name,
        lambda s, t: _slug(t, locale) == s.slug,
    ]
    for post in sources:
        match = None
        for rule in rules:
            found = [t for t in translations if t.path not in used and rule(post, t)]
            if len(found) == 1:
                match = found[0]
                break
            if len(found) > 1:
                names = ", ".join(t.ref for t in found[:3])
                problems.warning(
                    f"several possible translations ({names}); pair it explicitly", post.ref
                )
                break
        if match is None:
            pairing.untranslated.append(post)
        else:
            used.add(match.path)
            pairing.pairs.append((post, match.path))
    return pairing


def _read(project: Project, path: Path, problems: Problems) -> Post | None:
    try:
        return load_post(path, project.config.root, path.parent)
    except I18nflowError as exc:
        problems.add(exc)
        return None


def _same_key(source: Post, translation: Post) -> bool:
    ours, theirs = _shared_keys(source), _shared_keys(translation)
    return any(key in theirs and theirs[key] == value for key, value in ours.items())


def _shared_keys(post: Post) -> dict[str, str]:
    """The keys that name one article across languages, in YAML, TOML or JSON front matter."""
    values = metadata(post.text)
    return {
        key: str(value)
        for key in SHARED_KEYS
        if isinstance(value := values.get(key), str | int | float) and not isinstance(value, bool) and str(value)
    }


def _plain_name(translation: Post, locale: str) -> str:
    """The file name without a Hugo-style language suffix (``post.es.md`` → ``post.md``)."""
    name = translation.path.name
    stem, suffix = os.path.splitext(name)
    for tag in {locale, locale.lower(), locale.replace("_", "-"), locale.replace("_", "-").lower()}:
        if stem.endswith(f".{tag}"):
            return stem[: -len(tag) - 1] + suffix
    return name


def _slug(translation: Post, locale: str) -> str:
    """Jekyll's slug of the translated file, language suffix left out."""
    stem = Path(_plain_name(translation, locale)).stem
    return safe_name(_DATE_PREFIX.sub("", stem) or stem)
