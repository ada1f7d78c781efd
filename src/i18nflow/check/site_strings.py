"""QA for the templates' catalog (``site.po``): what the preview would refuse, found first.

A ``site.po`` string is shown on every page of its locale, as HTML, after Jinja formats it with
``%``. The preview falls back to the template's text for a translation that brings HTML, a
script URL, a link or a Liquid tag its msgid lacks, or that ``%`` cannot format
(:func:`i18nflow.site.theme.site_string_problem`); ``check`` reports exactly those, at the
msgstr's line. No ``i18nflow-skip-check`` flag silences them: the preview refuses them anyway.

The templates' catalog can also be stale, like a post's: a template edited (or a ``[site]``
setting changed) since the last ``sync --html`` gives a ``site.pot`` that no longer holds the
page's strings, and ``site.po`` files that were not merged with it. Checking ``site.po``
against the ``site.pot`` on disk would miss that, so the template is extracted again here, in
memory, the way ``sync --html`` does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import polib

from i18nflow.check.files import msgstr_line
from i18nflow.check.options import CheckOptions
from i18nflow.check.report import Finding
from i18nflow.check.stale import post_changes, written_staleness
from i18nflow.config import SITE_DOMAIN, Config
from i18nflow.errors import CatalogError, I18nflowError
from i18nflow.fsutil import read_utf8_or_none
from i18nflow.gettext import catalogs
from i18nflow.gettext.po import po_bytes, read_po, same_content
from i18nflow.site.theme import site_string_problem, site_template

_COMMAND = "i18nflow sync --html"


def site_string_findings(
    catalog: polib.POFile, options: CheckOptions, rel: str, locale: str, lines: Sequence[str]
) -> Iterator[Finding]:
    """A finding for each translation of ``catalog`` the preview would not use."""
    wanted = {"reviewed", "machine", "outdated"} if options.fuzzy else {"reviewed"}
    for entry in catalogs.active(catalog):
        if not entry.msgid or catalogs.entry_state(entry) not in wanted:
            continue
        problem = site_string_problem(entry)
        if problem is None or problem[0] in options.skip:
            continue
        check, message = problem
        source, source_line = entry.occurrences[0] if entry.occurrences else (None, None)
        yield Finding(
            options.level(check), check, f"the preview will not use this translation: {message}",
            rel, msgstr_line(lines, entry.linenum), source,
            int(source_line) if source_line and str(source_line).isdigit() else None,
            locale, entry.msgctxt, entry.msgid,
        )


def site_staleness_findings(
    config: Config, options: CheckOptions, parsed: Mapping[str, polib.POFile], paths: Mapping[str, Path]
) -> list[Finding]:
    """Would ``sync --html`` rewrite ``site.pot`` or a locale's ``site.po`` (``parsed``, read from
    ``paths``, by locale)? Only for a project that uses the preview: one with a ``site.pot``."""
    pot_path = config.pot_path(SITE_DOMAIN)
    old_text = read_utf8_or_none(pot_path)
    if old_text is None or "stale" in options.skip:
        return []
    level = options.level("stale")
    try:
        template = site_template(config, catalogs.creation_date(old_text) or catalogs.now_stamp())
    except I18nflowError as exc:
        return [Finding(level, "stale", f"the preview's templates cannot be read: {exc.message}",
                        exc.path, exc.line)]
    findings = []
    rel = config.relative(pot_path)
    try:
        old_template = read_po(pot_path)
    except CatalogError as exc:
        return [Finding(options.level("syntax"), "syntax", exc.message, rel, exc.line)]
    width = config.catalog_width
    if not same_content(template, old_template):
        stale = written_staleness(template, old_text.encode("utf-8"), "utf-8",
                                  post_changes(old_template, template), old_template, None, _COMMAND, width)
        if stale is not None:
            findings.append(Finding(level, "stale", stale.message, rel, stale.line, stale.source, stale.source_line))
    for locale in options.locales:
        catalog, path = parsed.get(locale), paths.get(locale)
        if catalog is None or path is None:
            continue
        merged = catalogs.merge(template, catalog, locale, catalogs.now_stamp()).catalog
        data = path.read_bytes()
        if po_bytes(merged, width) == data:
            continue
        stale = written_staleness(merged, data, catalog.encoding or "utf-8", [], catalog, template, _COMMAND,
                                  width, differs=True)
        if stale is not None:
            findings.append(Finding(level, "stale", stale.message, config.relative(path), stale.line,
                                    stale.source, stale.source_line, locale))
    return findings
