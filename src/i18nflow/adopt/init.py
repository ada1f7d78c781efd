"""``i18nflow init``: detect the site, propose the settings, write them (or print them).

The settings are proven before they are written: the content globs, excludes and output
pattern are loaded as a real :class:`Config` and every page is grouped into its catalog, so a
layout that would make two pages share a catalog is caught here, and ``{name}`` (the path) is
chosen over ``{slug}`` when slugs repeat on this site.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import tomllib

from i18nflow.adopt.detect import Site, detect_site, markdown_files, suffix_excludes
from i18nflow.adopt.keys import count_prose_keys
from i18nflow.adopt.layouts import LAYOUTS, Layout, default_layout
from i18nflow.adopt.settings import Proposal, settings_text
from i18nflow.config import CONFIG_FILE, Config
from i18nflow.errors import ConfigError
from i18nflow.source.selection import SourceFilter

TOOL_TABLE = "tool.i18nflow"


@dataclass(frozen=True)
class InitResult:
    """What ``init`` wrote (or would write) and what the user must do next."""

    path: Path  # the settings file
    text: str  # the settings as written (for pyproject.toml: the table appended)
    written: bool
    site: Site
    proposal: Proposal
    snippet: tuple[str, str] | None  # (generator config file, text to add to it)


def init_project(
    root: Path,
    locales: list[str],
    *,
    layout: str | None = None,
    source_locale: str | None = None,
    pyproject: bool = False,
    dry_run: bool = False,
) -> InitResult:
    """Detect the site at ``root`` and write its settings; raise :class:`ConfigError` when
    settings already exist, no page is found, or no target locale is known."""
    root = root.resolve()
    target = root / ("pyproject.toml" if pyproject else CONFIG_FILE)
    existing = _existing_settings(root)
    if existing and not dry_run:
        raise ConfigError("settings already exist; init never overwrites them (edit them, or delete the file "
                          "and run init again)", existing)
    site = detect_site(root)
    if source_locale:
        site.source_locale = _checked_locale(source_locale, "--source-locale")
    chosen = [_checked_locale(code, "--locale") for code in (locales or site.languages)]
    chosen = [code for code in dict.fromkeys(chosen) if code != site.source_locale]
    if not chosen:
        raise ConfigError("no target language: name them, e.g. i18nflow init --locale es --locale de", root)
    picked = _layout(site, layout)
    suffix_excludes(site, chosen)
    files = markdown_files(site)
    if not files:
        raise ConfigError("no Markdown pages found (looked for *.md and *.markdown below "
                          f"{', '.join(b or '.' for b in site.bases) or 'the project'})", root)
    config = Config(root=root, source_locale=site.source_locale, locales=tuple(chosen),
                    content=tuple(site.content), exclude=tuple(site.exclude), output=picked.output(site))
    source_filter = SourceFilter.of(config, site.bases)
    pages = [path for path in files if not source_filter.excludes(path.relative_to(root).as_posix())]
    keys, total = count_prose_keys(pages)
    proposal = Proposal(site, chosen, picked, config.output, "{slug}", keys, total)
    _choose_domain(config, proposal)
    _replaced_translations(config, site, pages, proposal)
    if picked.name == "jekyll-folders" and site.collections:
        proposal.problems.append(
            f"Jekyll reads collections ({', '.join(site.collections)}) only at the top: their copies in "
            "<locale>/_<collection>/ are not published; the polyglot layout publishes them")
    text = settings_text(proposal, TOOL_TABLE if pyproject else "")
    snippet = picked.snippet(site, chosen)
    if not dry_run:
        _write(target, text, pyproject)
    return InitResult(target, text, not dry_run, site, proposal, snippet)


def _existing_settings(root: Path) -> Path | None:
    if (root / CONFIG_FILE).is_file():
        return root / CONFIG_FILE
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            tables = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            raise ConfigError("pyproject.toml is not valid TOML; init will not add to it", pyproject) from None
        if "i18nflow" in tables.get("tool", {}):
            return pyproject
    return None


def _checked_locale(code: str, option: str) -> str:
    from i18nflow.config import check_locale  # the same check the loaded settings get

    try:
        return check_locale(code, "locales", Path(CONFIG_FILE))
    except ConfigError:
        raise ConfigError(f"{option} {code}: unknown locale (use a code like es, de or pt_BR)") from None


def _layout(site: Site, name: str | None) -> Layout:
    if name is None:
        return default_layout(site)
    if name not in LAYOUTS:
        raise ConfigError(f"unknown layout {name!r} (layouts: {', '.join(LAYOUTS)})")
    return LAYOUTS[name]


def _choose_domain(config: Config, proposal: Proposal) -> None:
    """``{slug}`` (Jekyll's and Hugo's own page name) when every page has its own, else the
    path-based ``{name}``; what still collides is reported for the user to settle."""
    from dataclasses import replace

    from i18nflow.source.domains import group_posts

    first = ""
    for domain, note in (
        ("{slug}", "One catalog per page, named by its slug (a bundle by its folder, a section by "
                   "its _index.md's folder)."),
        ("{name}", "One catalog per page, named by its path (slugs repeat on this site: "
                   "{first})."),
    ):
        try:
            group_posts(replace(config, domain=domain))
        except ConfigError as exc:
            if domain == "{slug}":
                first = exc.message.split(" (domain", 1)[0]
                continue
            proposal.problems.append(exc.message)
        proposal.domain = domain
        proposal.domain_note = note.format(first=first) if domain == "{name}" else note
        return


def _replaced_translations(config: Config, site: Site, pages: list[Path], proposal: Proposal) -> None:
    """Pages already translated where sync will write: their text would be replaced by the
    catalogs' (empty at first), so the user is told to import them into the catalogs first."""
    from i18nflow.source.naming import output_relative

    for path in pages:
        rel_base = next((b for b in sorted(site.bases, key=len, reverse=True)
                         if not b or path.relative_to(config.root).as_posix().startswith(b + "/")), "")
        ref = path.relative_to(config.root).as_posix()
        rel = ref[len(rel_base) + 1 :] if rel_base else ref
        for locale in config.locales:
            output = output_relative(config.output, rel, locale, rel_base)
            if (config.root / output).is_file():
                proposal.problems.append(
                    f"{output} exists and sync would replace it; import its translations first "
                    f"(--trust keeps the certain alignments published): "
                    f"i18nflow import --trust -l {locale} {ref} {output}"
                )


def _write(target: Path, text: str, pyproject: bool) -> None:
    from i18nflow.fsutil import write_text_atomic

    if pyproject and target.is_file():
        current = target.read_text(encoding="utf-8")
        text = current + ("" if current.endswith("\n") or not current else "\n") + "\n" + text
    write_text_atomic(target, text)
