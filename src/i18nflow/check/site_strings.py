"""QA for the templates' catalog (``site.po``): what the preview would refuse, found first.

A ``site.po`` string is shown on every page of its locale, as HTML, after Jinja formats it with
``%``. The preview falls back to the template's text for a translation that brings HTML, a
script URL, a link or a Liquid tag its msgid lacks, or that ``%`` cannot format
(:func:`i18nflow.site.theme.site_string_problem`); ``check`` reports exactly those, at the
msgstr's line. No ``i18nflow-skip-check`` flag silences them: the preview refuses them anyway.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import polib

from i18nflow.check.files import msgstr_line
from i18nflow.check.options import CheckOptions
from i18nflow.check.report import Finding
from i18nflow.gettext import catalogs
from i18nflow.site.theme import site_string_problem


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
