"""What a post is called: its slug, its catalog (domain) and where its localized copy goes.

Pure functions of the post's path below its content folder (``rel``), so a run can group posts
and name every file without reading one. The names follow what the generators themselves call a
page: Jekyll's slug drops the date of ``2020-01-02-hello.md``; Hugo names a page bundle
(``posts/my-trip/index.md``) by its folder and a section by the folder of its ``_index.md``; a
Hugo language suffix (``index.en.md``) is not part of the name.
"""

from __future__ import annotations

import os
import posixpath
import re
from functools import lru_cache

from i18nflow.config import SITE_DOMAIN

_DATE_PREFIX = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}-")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_LANG_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)$")
BUNDLE_STEMS = ("index", "_index")  # a leaf bundle's and a section's own page
RESERVED_SUFFIX = "-post"  # a post that would be named like the preview's catalog gets this


def safe_name(name: str) -> str:
    cleaned = _UNSAFE_NAME.sub("-", name).strip("-.")
    return cleaned or "post"


def language_suffix(stem: str) -> tuple[str, str | None]:
    """``("index", "en")`` for ``index.en``: Hugo's (and MkDocs static-i18n's) language in a file
    name. Only a code CLDR knows counts, so ``0.16.0`` or ``setup.py`` keep their dots."""
    match = _LANG_SUFFIX.match(stem)
    if match and _is_language(match.group("lang")):
        return match.group("stem"), match.group("lang")
    return stem, None


_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def is_language_code(code: str) -> bool:
    """``es``, ``pt-br``, ``zh-Hans``: a language CLDR knows, as a folder or suffix names it."""
    return _CODE.match(code) is not None and _is_language(code)


@lru_cache(maxsize=256)
def _is_language(code: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def bare_stem(rel: str) -> str:
    """The file name without extension and without a language suffix: ``index.en.md`` → ``index``."""
    return language_suffix(os.path.splitext(os.path.basename(rel))[0])[0]


def slug_of(rel: str) -> str:
    """Jekyll's slug (no date prefix); a bundle's or section's page is named by its folder."""
    folders = rel.split("/")[:-1]
    stem = bare_stem(rel)
    if stem in BUNDLE_STEMS:
        stem = folders[-1] if folders else "index"
    return safe_name(_DATE_PREFIX.sub("", stem) or stem)


def name_of(rel: str) -> str:
    """A name unique to the post's path: its folders and slug, ``posts-my-trip`` for
    ``posts/my-trip/index.md``. The domain pattern ``{name}`` for sites where slugs repeat."""
    folders = rel.split("/")[:-1]
    stem = bare_stem(rel)
    if stem in BUNDLE_STEMS:
        parts = folders or ["index"]
    else:
        parts = [*folders, _DATE_PREFIX.sub("", stem) or stem]
    return safe_name("-".join(parts))


def folder_of(rel: str) -> str:
    """The ``{dir}`` of the domain pattern: the post's folder with dashes, ``root`` at the top."""
    parent = posixpath.dirname(rel)
    return safe_name(parent.replace("/", "-")) if parent else "root"


def domain_of(domain_pattern: str, rel: str) -> str:
    """The catalog a post belongs to, from its path alone (no need to read it).

    Never the preview's own catalog: a post that would be called ``site`` is ``site-post``.
    """
    domain = domain_pattern.format(
        slug=slug_of(rel), stem=safe_name(bare_stem(rel)), dir=folder_of(rel), name=name_of(rel)
    )
    return domain + RESERVED_SUFFIX if domain == SITE_DOMAIN else domain


def output_relative(output_pattern: str, rel: str, locale: str, base: str = "") -> str:
    """The output pattern filled in for a post: ``rel`` is its path below the content folder
    ``base`` (relative to the project root, "" for the root itself)."""
    return output_relatives(output_pattern, rel, (locale,), base)[locale]


def output_relatives(output_pattern: str, rel: str, locales: tuple[str, ...] | list[str], base: str = "") -> dict[str, str]:
    """:func:`output_relative` for several locales (a no-op run asks for every post's)."""
    fields = {"path": rel, "base": base, "folder": posixpath.dirname(rel), "stem": bare_stem(rel),
              "slug": slug_of(rel), "name": name_of(rel)}
    result = {}
    for locale in locales:
        text = output_pattern.format(locale=locale, **fields)
        if "//" in text or text.startswith("/") or "/./" in text:  # an empty {base} or {folder}
            text = posixpath.normpath(text).lstrip("/")
        result[locale] = text
    return result
