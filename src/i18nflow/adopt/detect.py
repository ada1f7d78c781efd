"""What kind of site a folder holds, where its pages are, and which languages it already has.

Read-only and forgiving: a generator configuration that cannot be parsed is treated as absent
(the site may still build with defaults), since ``init`` only proposes settings the user reads.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomllib

from i18nflow.source.naming import is_language_code, language_suffix

JEKYLL_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml")
HUGO_CONFIGS = tuple(f"{name}.{ext}" for name in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json"))
MARKDOWN_EXTENSIONS = (".md", ".markdown")
# Files a repository has that are not pages of its site.
NOT_PAGES = ("README.md", "CHANGELOG.md", "LICENSE.md", "CONTRIBUTING.md", "CODE_OF_CONDUCT.md", "SECURITY.md")
_SKIPPED_FOLDERS = {"node_modules", "vendor", "_site", "public", "build", "resources", "themes", "locales"}


@dataclass
class Site:
    """What ``init`` found: enough to write the settings and the generator's snippet."""

    root: Path
    generator: str  # "jekyll", "hugo" or "markdown"
    config_file: str | None  # the generator's own configuration, relative to the root
    dialect: str
    source_locale: str
    languages: list[str] = field(default_factory=list)  # other languages the generator knows
    title: str = ""
    content: list[str] = field(default_factory=list)  # globs from the root
    bases: list[str] = field(default_factory=list)  # the globs' folders
    exclude: list[str] = field(default_factory=list)
    exclude_notes: dict[str, str] = field(default_factory=dict)  # glob → why
    by_directory: bool = False  # Hugo with content/<lang>/ folders already
    content_dir: str = "content"  # Hugo's contentDir of the source language's parent
    language_dir: str = "{content_dir}/{locale}"  # a language's content folder, by directory
    collections: list[str] = field(default_factory=list)  # Jekyll collections with pages
    declared: list[str] = field(default_factory=list)  # language keys the generator's settings have
    source_declared: bool = False  # Hugo's defaultContentLanguage is set
    settings: dict[str, Any] = field(default_factory=dict)  # the generator's settings as read
    translated: dict[str, list[str]] = field(default_factory=dict)  # language → pages named page.<lang>.md


def detect_site(root: Path) -> Site:
    """Hugo (``hugo.*``, ``config.*`` with its content folder, ``config/_default/``), Jekyll
    (``_config.yml`` or ``_posts/``), or plain Markdown, in that order (a Jekyll site has no
    ``hugo.*``; a Hugo site may well have a ``_config.yml`` of some other tool)."""
    for name in HUGO_CONFIGS:
        if (root / name).is_file():
            settings = _read_config(root / name)
            content_dir = str(settings.get("contentDir") or settings.get("contentdir") or "content")
            if name.startswith("hugo.") or (root / content_dir).is_dir():
                return _hugo(root, name, settings)
    if (root / "config" / "_default").is_dir() and (root / "content").is_dir():
        return _hugo(root, None, _read_config_dir(root / "config" / "_default"))
    for name in JEKYLL_CONFIGS:
        if (root / name).is_file():
            return _jekyll(root, name, _read_config(root / name))
    if (root / "_posts").is_dir():
        return _jekyll(root, None, {})
    return _markdown(root)


def _hugo(root: Path, config_file: str | None, settings: dict[str, Any]) -> Site:
    source = str(settings.get("defaultContentLanguage") or settings.get("defaultcontentlanguage") or "en")
    content_dir = str(settings.get("contentDir") or settings.get("contentdir") or "content").strip("/")
    languages_table = settings.get("languages")
    languages = [str(code) for code in languages_table] if isinstance(languages_table, dict) else []
    site = Site(root, "hugo", config_file, "goldmark", _locale_name(source),
                title=str(settings.get("title") or ""), content_dir=content_dir, settings=settings)
    site.languages = [_locale_name(code) for code in languages if code != source]
    site.declared = languages
    site.source_declared = any(key.lower() == "defaultcontentlanguage" for key in settings)
    own_dir = None
    if isinstance(languages_table, dict) and isinstance(languages_table.get(source), dict):
        own_dir = languages_table[source].get("contentDir") or languages_table[source].get("contentdir")
    if own_dir:
        base = str(own_dir).strip("/")
        site.by_directory = True
        site.content_dir = str(Path(base).parent) if Path(base).name == source else base
        # contentDir = "content/en" or "content.en" (hugo-book): the others' name the same way
        site.language_dir = re.sub(rf"(?<=[/._-]){re.escape(source)}$", "{locale}", base)
        if "{locale}" not in site.language_dir:
            site.language_dir = "{content_dir}/{locale}"
    elif (root / content_dir / source).is_dir():
        base = f"{content_dir}/{source}"
        site.by_directory = True
    else:
        base = content_dir
    _globs(site, base)
    _suffix_translations(site, source)
    return site


def _jekyll(root: Path, config_file: str | None, settings: dict[str, Any]) -> Site:
    source = str(settings.get("default_lang") or settings.get("lang") or "en")
    languages = settings.get("languages")
    site = Site(root, "jekyll", config_file, "kramdown", _locale_name(source), title=str(settings.get("title") or ""),
                settings=settings)
    if isinstance(languages, list):
        site.languages = [_locale_name(str(code)) for code in languages if str(code) != source]
        site.declared = [str(code) for code in languages]
    collections_dir = str(settings.get("collections_dir") or "").strip("/")
    prefix = f"{collections_dir}/" if collections_dir else ""
    folders = [f"{prefix}_posts"]
    collections = settings.get("collections")
    names = list(collections) if isinstance(collections, (dict, list)) else []
    for name in names:
        if isinstance(name, str) and name != "posts":
            folders.append(f"{prefix}_{name}")
            site.collections.append(name)
    for folder in folders:
        if (root / folder).is_dir():
            _globs(site, folder)
    for folder in site.bases:  # polyglot's language folders inside _posts: translations already
        for child in sorted((root / folder).iterdir()):
            code = _locale_name(child.name)
            if child.is_dir() and code != site.source_locale and (code in site.languages or is_language_code(child.name)):
                glob = f"{folder}/{child.name}/**"
                site.exclude.append(glob)
                site.exclude_notes[glob] = f"pages already in {child.name}"
    for item in settings.get("exclude") or []:
        if isinstance(item, str) and any(item.strip("/").startswith(base + "/") for base in site.bases):
            glob = item.strip("/") + ("/**" if (root / item).is_dir() else "")
            site.exclude.append(glob)
            site.exclude_notes[glob] = f"excluded in {config_file}"
    return site


def _markdown(root: Path) -> Site:
    site = Site(root, "markdown", None, "commonmark", "en")
    mkdocs = root / "mkdocs.yml"
    if mkdocs.is_file():
        site.config_file = "mkdocs.yml"
        settings = _read_config(mkdocs)
        _globs(site, str(settings.get("docs_dir") or "docs").strip("/"))
        site.title = str(settings.get("site_name") or "")
    else:
        for folder in ("content", "docs", "posts"):
            if (root / folder).is_dir():
                _globs(site, folder)
                break
        else:
            _globs(site, "")
            for name in NOT_PAGES:
                if (root / name).is_file():
                    site.exclude.append(name)
                    site.exclude_notes[name] = "a repository file, not a page"
            for name in sorted(_SKIPPED_FOLDERS):
                if (root / name).is_dir():
                    site.exclude.append(name)
                    site.exclude_notes[name] = "not pages of this site"
    _suffix_translations(site, site.source_locale)
    return site


def _globs(site: Site, base: str) -> None:
    """A glob per Markdown extension found below ``base``."""
    found = {ext for path in _markdown_files(site.root / base if base else site.root) for ext in [path.suffix]}
    for ext in MARKDOWN_EXTENSIONS:
        if ext in found:
            site.content.append(f"{base}/**/*{ext}" if base else f"**/*{ext}")
    if any(ext in found for ext in MARKDOWN_EXTENSIONS):
        site.bases.append(base)


def _suffix_translations(site: Site, source: str) -> None:
    """``page.fr.md`` next to ``page.md``: Hugo's (and MkDocs static-i18n's) translations by file
    name, other than in the source language, by language (``init`` excludes those of languages
    it will not write, and has the user import those it would replace)."""
    for base in site.bases:
        for path in _markdown_files(site.root / base if base else site.root):
            _stem, code = language_suffix(path.stem)
            if code and _locale_name(code) != _locale_name(source):
                site.translated.setdefault(code, []).append(path.relative_to(site.root).as_posix())


def suffix_excludes(site: Site, locales: list[str]) -> None:
    """One exclude glob per language found in file names that is not among ``locales``."""
    for code, pages in sorted(site.translated.items()):
        if _locale_name(code) in locales:
            continue
        for base in site.bases:
            glob = f"{base}/**/*.{code}.md" if base else f"**/*.{code}.md"
            site.exclude.append(glob)
            site.exclude_notes[glob] = f"{len(pages)} page(s) already in {code}"


def markdown_files(site: Site) -> list[Path]:
    """Every Markdown file the site's globs would find (before excludes)."""
    return [path for base in site.bases for path in _markdown_files(site.root / base if base else site.root)]


def _markdown_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    for parent, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in _SKIPPED_FOLDERS)
        found.extend(Path(parent, name) for name in sorted(files) if name.endswith(MARKDOWN_EXTENSIONS))
    return found


def _locale_name(code: str) -> str:
    """Hugo's and Jekyll's ``pt-br`` as babel and gettext spell it: ``pt_BR``."""
    parts = code.replace("-", "_").split("_")
    if len(parts) == 2 and len(parts[1]) == 2:
        return f"{parts[0].lower()}_{parts[1].upper()}"
    if len(parts) == 2 and len(parts[1]) == 4:
        return f"{parts[0].lower()}_{parts[1].title()}"
    return code.replace("-", "_")


def _read_config(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            data: Any = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, tomllib.TOMLDecodeError):
        return {}
    except Exception:  # yaml.YAMLError, without importing yaml for TOML sites
        return {}
    return data if isinstance(data, dict) else {}


def _read_config_dir(folder: Path) -> dict[str, Any]:
    """Hugo's ``config/_default/``: ``hugo.toml`` or ``config.toml`` plus ``languages.toml``."""
    settings: dict[str, Any] = {}
    for name in HUGO_CONFIGS:
        if (folder / name).is_file():
            settings.update(_read_config(folder / name))
    for ext in ("toml", "yaml", "yml", "json"):
        if (folder / f"languages.{ext}").is_file():
            settings["languages"] = _read_config(folder / f"languages.{ext}")
    return settings
