"""Where each generator reads a localized page from, and what its own settings must say.

Every layout is an ``output`` pattern (plus, where the generator needs it, a snippet for the
generator's configuration that ``init`` prints, never writes: the site's configuration is the
user's file). All of them put the copies where the content globs would find them, which is
safe: a run never reads its own output back as a source (``source/selection.py``).

=================  =========================================  ===================================
layout             a post ``_posts/2020-01-02-hi.md`` /        the generator
                   ``content/posts/trip/index.md`` goes to
=================  =========================================  ===================================
``polyglot``       ``_posts/es/2020-01-02-hi.md``              jekyll-polyglot: same URL, ``lang``
``jekyll-folders`` ``es/_posts/2020-01-02-hi.md``              plain Jekyll: ``es`` is a category
``filename``       ``content/posts/trip/index.es.md``          Hugo, MkDocs static-i18n (suffix)
``directory``      ``content/es/posts/trip/index.md``          Hugo, one content folder a language
``build``          ``build/es/posts/trip/index.md``            anything else: copy them yourself
=================  =========================================  ===================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from i18nflow.adopt.detect import Site


@dataclass(frozen=True)
class Layout:
    name: str
    generators: tuple[str, ...]
    description: str

    def output(self, site: Site) -> str:
        if self.name == "polyglot":
            return "{base}/{locale}/{path}"
        if self.name == "jekyll-folders":
            return "{locale}/{base}/{path}"
        if self.name == "filename":
            return "{base}/{folder}/{stem}.{locale}.md"
        if self.name == "directory":  # {stem}: index.en.md is index.md in content/es/
            return site.language_dir.replace("{content_dir}", site.content_dir) + "/{folder}/{stem}.md"
        return "build/{locale}/{path}"

    def snippet(self, site: Site, locales: list[str]) -> tuple[str, str] | None:
        """(the file to add it to, the text) for the generator's own configuration."""
        if self.name == "polyglot":
            return _polyglot(site, locales)
        if site.generator == "jekyll":
            return _jekyll_exclude(site)
        if site.generator == "hugo" and self.name in ("filename", "directory"):
            return _hugo_languages(site, locales, self.name == "directory")
        return None


LAYOUTS = {
    layout.name: layout
    for layout in (
        Layout("polyglot", ("jekyll",), "jekyll-polyglot: copies next to the sources, same URL, lang: set"),
        Layout("jekyll-folders", ("jekyll",), "a folder per language above _posts (/es/... URLs)"),
        Layout("filename", ("hugo", "markdown"), "Hugo's translation by file name: page.es.md next to page.md"),
        Layout("directory", ("hugo",), "Hugo's translation by content directory: content/es/..."),
        Layout("build", ("jekyll", "hugo", "markdown"), "copies below build/, for a pipeline of your own"),
    )
}


def default_layout(site: Site) -> Layout:
    if site.generator == "jekyll":
        return LAYOUTS["polyglot"]
    if site.generator == "hugo":
        return LAYOUTS["directory" if site.by_directory else "filename"]
    return LAYOUTS["filename" if site.config_file == "mkdocs.yml" else "build"]


def hugo_code(locale: str) -> str:
    """gettext's ``pt_BR`` as Hugo and HTML write it: ``pt-br``."""
    return locale.replace("_", "-").lower()


def _polyglot(site: Site, locales: list[str]) -> tuple[str, str] | None:
    """What jekyll-polyglot needs in ``_config.yml``, less what the site's file says already."""
    settings = site.settings
    wanted = [hugo_code(code) for code in [site.source_locale, *locales]]
    lines: list[str] = []
    plugins = settings.get("plugins") or settings.get("gems")
    if not (isinstance(plugins, list) and "jekyll-polyglot" in plugins):
        lines += ["# and add jekyll-polyglot to plugins:"] if "plugins" in settings else ["plugins:", "  - jekyll-polyglot"]
    declared = [str(code) for code in settings["languages"]] if isinstance(settings.get("languages"), list) else []
    if not set(wanted) <= {code.lower() for code in declared}:
        lines.append("languages: [" + ", ".join(f'"{code}"' for code in dict.fromkeys([*declared, *wanted])) + "]")
    if str(settings.get("default_lang", "")).lower() != wanted[0]:
        lines.append(f'default_lang: "{wanted[0]}"')
    if "parallel_localization" not in settings:
        lines.append("parallel_localization: false   # one process per language is not worth it on small sites")
    lines += _exclude_lines(settings)
    if site.collections:
        lines.append("# collections: a translated document shares its source's URL only with a permalink")
        lines.append("# that leaves out the folders, e.g. permalink: /:collection/:name/")
    return (site.config_file or "_config.yml", "\n".join(lines) + "\n") if lines else None


def _jekyll_exclude(site: Site) -> tuple[str, str] | None:
    lines = _exclude_lines(site.settings)
    return (site.config_file or "_config.yml", "\n".join(lines) + "\n") if lines else None


def _exclude_lines(settings: dict[str, Any]) -> list[str]:
    """Jekyll copies every file it does not know into the site: i18nflow's own are excluded."""
    excluded = settings.get("exclude")
    if isinstance(excluded, list) and _OWN_FILES <= {str(name).strip("/") for name in excluded}:
        return []
    if "exclude" in settings:
        return ["# add locales, build and i18nflow.toml to exclude: (i18nflow's own files)"]
    return ["exclude: [locales, build, i18nflow.toml]   # i18nflow's own files"]


_OWN_FILES = frozenset({"locales", "build", "i18nflow.toml"})


def _hugo_languages(site: Site, locales: list[str], by_directory: bool) -> tuple[str, str] | None:
    """Hugo's ``[languages]``; the target languages keep i18nflow's spelling, since it is also
    what the output pattern writes into file and folder names (``index.es.md``, ``content/es``).
    A language the site declares already (with the content folder the layout writes to) is
    left out, and so is the whole snippet when there is nothing to add."""
    source = hugo_code(site.source_locale)
    lines = [] if site.source_declared else [
        "# a top-level key: above the first [table] of the file", f'defaultContentLanguage = "{source}"', ""]
    # the source pages in content/ itself, the others' folders inside it
    top = bool(site.bases) and site.bases[0] == site.content_dir and "{content_dir}" in site.language_dir
    declared = {code.lower() for code in site.declared}
    for weight, code in enumerate([source, *locales], start=1):
        if code.lower() in declared and not by_directory:
            continue
        folder = site.language_dir.replace("{content_dir}", site.content_dir).replace("{locale}", code)
        if by_directory and not top and _declared_folder(site, code) == folder:
            continue
        lines += [f"[languages.{code}]", f"weight = {weight}"]
        if by_directory and not top:
            lines.append(f'contentDir = "{folder}"')
        lines.append("")
    if by_directory and top:
        # the source pages sit in content/ itself: the other languages' folders must not be
        # read as sections of the source language, so each folder is mounted for its language
        others = ", ".join(f'"{code}/**"' for code in locales)
        lines += ["[[module.mounts]]", f'source = "{site.content_dir}"', 'target = "content"',
                  f'lang = "{source}"', f"excludeFiles = [{others}]", ""]
        for code in locales:
            lines += ["[[module.mounts]]", f'source = "{site.content_dir}/{code}"', 'target = "content"',
                      f'lang = "{code}"', ""]
    if not lines:
        return None
    return site.config_file or "hugo.toml", "\n".join(lines)


def _declared_folder(site: Site, code: str) -> str | None:
    """The ``contentDir`` the site's own ``[languages.<code>]`` gives, if any."""
    table = site.settings.get("languages")
    if not isinstance(table, dict):
        return None
    own = next((value for key, value in table.items() if str(key).lower() == code.lower()), None)
    if not isinstance(own, dict):
        return None
    folder = own.get("contentDir") or own.get("contentdir")
    return str(folder).strip("/") if folder else None
