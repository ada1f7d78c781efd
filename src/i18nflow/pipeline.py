"""The steps a user runs: extract → update → (translate) → render, and sync doing all of them.

Each step reports problems per file and goes on with the others; a broken PO file is reported and
left exactly as it is (never overwritten), a broken post is skipped. Files are written only when
their bytes change, atomically.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from . import catalogs
from .config import Config
from .content import Post, iter_post_paths, load_post
from .errors import CatalogError, ContentError, I18nflowError
from .fsutil import write_bytes_atomic
from .pofile import format_po, read_po
from .problems import Problems
from .render import render_post
from .segments import Segment, extract_segments

SITE_DOMAIN = "site"


@dataclass
class Project:
    """The posts of a project that could be read, with their segments."""

    config: Config
    posts: list[Post] = field(default_factory=list)
    segments: dict[str, list[Segment]] = field(default_factory=dict)

    def domain_of(self, post: Post) -> str:
        return self.config.domain.format(slug=post.slug, stem=post.stem, dir=post.folder)

    def domains(self) -> dict[str, list[Post]]:
        grouped: dict[str, list[Post]] = {}
        for post in self.posts:
            grouped.setdefault(self.domain_of(post), []).append(post)
        return grouped


@dataclass
class Stats:
    written: list[Path] = field(default_factory=list)
    unchanged: int = 0

    def record(self, path: Path, written: bool) -> None:
        if written:
            self.written.append(path)
        else:
            self.unchanged += 1


def load_project(config: Config, problems: Problems) -> Project:
    project = Project(config)
    for path, base in iter_post_paths(config):
        try:
            post = load_post(path, config.root, base)
            segments = extract_segments(post, config.front_matter)
        except ContentError as exc:
            problems.add(exc)
            continue
        except RecursionError:
            problems.error("too deeply nested to parse", path.relative_to(config.root))
            continue
        project.posts.append(post)
        project.segments[post.ref] = segments
    return project


# extract --------------------------------------------------------------------------


def extract(project: Project, problems: Problems, stats: Stats, write: bool = True) -> dict[str, polib.POFile]:
    """Write one POT per domain; a template whose entries did not change keeps its date."""
    templates: dict[str, polib.POFile] = {}
    now = catalogs.now_stamp()
    for domain, posts in sorted(project.domains().items()):
        path = project.config.pot_path(domain)
        old_text = _read_text(path)
        old_date = catalogs.creation_date(old_text)
        items = [(post, project.segments[post.ref]) for post in posts]
        pot = catalogs.build_template(domain, items, old_date or now)
        text = format_po(pot)
        if old_text is not None and text != old_text and old_date:
            pot.metadata["POT-Creation-Date"] = now
            text = format_po(pot)
        templates[domain] = pot
        if write:
            _write(path, text, problems, stats)
    return templates


# update ---------------------------------------------------------------------------


def update(
    project: Project,
    templates: dict[str, polib.POFile],
    locales: Sequence[str],
    problems: Problems,
    stats: Stats,
    write: bool = True,
) -> dict[tuple[str, str], polib.POFile]:
    """Merge every template into every locale's catalog; orphaned catalogs become obsolete."""
    merged: dict[tuple[str, str], polib.POFile] = {}
    now = catalogs.now_stamp()
    for locale in locales:
        existing, broken = _read_locale(project.config, locale, problems)
        pool = _orphan_pool(existing, templates)
        for domain, template in templates.items():
            if domain in broken:
                continue
            result = catalogs.merge(template, existing.get(domain), locale, now, pool)
            merged[(locale, domain)] = result.catalog
            if write:
                _write(project.config.po_path(locale, domain), format_po(result.catalog), problems, stats)
        for domain, catalog in existing.items():
            if domain in templates or domain == SITE_DOMAIN:
                continue
            orphan = catalogs.obsolete_all(catalog)
            if write:
                _write(project.config.po_path(locale, domain), format_po(orphan), problems, stats)
    return merged


def _read_locale(
    config: Config, locale: str, problems: Problems
) -> tuple[dict[str, polib.POFile], set[str]]:
    folder = config.locales_path / locale / "LC_MESSAGES"
    existing: dict[str, polib.POFile] = {}
    broken: set[str] = set()
    for path in sorted(folder.glob("*.po")):
        try:
            existing[path.stem] = read_po(path)
        except CatalogError as exc:
            exc.path = _relative(config, path) if exc.path else exc.path
            problems.add(exc)
            problems.warning("left unchanged until the error above is fixed", _relative(config, path))
            broken.add(path.stem)
    return existing, broken


def _orphan_pool(
    existing: dict[str, polib.POFile], templates: dict[str, polib.POFile]
) -> dict[catalogs.Key, polib.POEntry]:
    """Translations that are leaving their catalog: a moved paragraph or renamed post finds them."""
    pool: dict[catalogs.Key, polib.POEntry] = {}
    for domain, catalog in existing.items():
        if domain == SITE_DOMAIN:
            continue
        template = templates.get(domain)
        keep = {catalogs.entry_key(e) for e in template} if template is not None else set()
        for entry in list(catalog) + list(catalog.obsolete_entries()):
            key = catalogs.entry_key(entry)
            if key in keep or not catalogs.is_translated_any(entry):
                continue
            current = pool.get(key)
            if current is None or catalogs.entry_state(current) != "reviewed":
                pool[key] = entry
    return pool


# render ---------------------------------------------------------------------------


def render(
    project: Project,
    locales: Sequence[str],
    problems: Problems,
    stats: Stats,
    include_fuzzy: bool = False,
    include_machine: bool = False,
    merged: dict[tuple[str, str], polib.POFile] | None = None,
) -> None:
    """Write the localized copy of every post for every locale."""
    config = project.config
    for locale in locales:
        for domain, posts in sorted(project.domains().items()):
            catalog = (merged or {}).get((locale, domain))
            if catalog is None:
                catalog = _load_for_render(config, locale, domain, problems)
                if catalog is None:
                    continue
            table = catalogs.translations(catalog, include_fuzzy, include_machine)
            for post in posts:
                _render_one(project, post, locale, table, problems, stats)


def _render_one(
    project: Project,
    post: Post,
    locale: str,
    table: dict[catalogs.Key, str],
    problems: Problems,
    stats: Stats,
) -> None:
    config = project.config
    try:
        target = output_path(config, post, locale)
    except I18nflowError as exc:
        problems.add(exc)
        return
    result = render_post(
        post,
        project.segments[post.ref],
        lambda s: table.get((s.msgctxt, s.msgid)),
        locale,
        config.render,
    )
    po = _relative(config, config.po_path(locale, project.domain_of(post)))
    for segment, reason in result.rejected:
        problems.warning(
            f"translation for {locale} not used ({reason}): {segment.msgid[:60]!r} (see {po})",
            post.ref,
            segment.line,
        )
    try:
        stats.record(target, write_bytes_atomic(target, result.encoded(post)))
    except I18nflowError as exc:
        problems.add(exc)


def _load_for_render(config: Config, locale: str, domain: str, problems: Problems) -> polib.POFile | None:
    path = config.po_path(locale, domain)
    if not path.exists():
        return polib.POFile()
    try:
        return read_po(path)
    except CatalogError as exc:
        problems.add(exc)
        return None


def output_path(config: Config, post: Post, locale: str) -> Path:
    """Where a localized copy goes; never outside the project, whatever a post is called."""
    relative = config.output.format(locale=locale, path=post.rel, slug=post.slug, stem=post.stem)
    target = (config.root / relative).resolve()
    root = config.root.resolve()
    if not target.is_relative_to(root) or target == root:
        raise ContentError(f"output path {relative!r} would be outside the project", post.ref)
    return target


# helpers --------------------------------------------------------------------------


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return None


def _write(path: Path, text: str, problems: Problems, stats: Stats) -> None:
    try:
        stats.record(path, write_bytes_atomic(path, text.encode("utf-8")))
    except I18nflowError as exc:
        problems.add(exc)


def _relative(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def target_locales(config: Config, chosen: Iterable[str] = ()) -> list[str]:
    chosen = list(chosen)
    if not chosen:
        return list(config.locales)
    unknown = [locale for locale in chosen if locale.replace("-", "_") not in config.locales]
    if unknown:
        from .errors import ConfigError

        raise ConfigError(f"--locale {unknown[0]} is not in the configured 'locales'")
    return [locale.replace("-", "_") for locale in chosen]
