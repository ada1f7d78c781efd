"""The pages that list posts: each language's index, and the home page (see dashboard.py).

They are made from the per-post summaries the domain jobs return (and the site state keeps),
so they can be rebuilt without reading a single post or catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from i18nflow.config import Config
from i18nflow.problems import Problems
from i18nflow.site.dashboard import write_home
from i18nflow.site.languages import language
from i18nflow.site.options import site_options
from i18nflow.site.output import SiteOutput
from i18nflow.site.pages import ListItem, Urls, page
from i18nflow.site.posts import allowed_states
from i18nflow.site.theme import locale_environment


def write_indexes(
    config: Config,
    output: SiteOutput,
    locales: Sequence[str],
    summaries: Sequence[dict[str, Any]],
    flags: tuple[bool, bool],  # include_fuzzy, include_machine
    settings: str,
    problems: Problems,
) -> None:
    """Every language's index (newest first, then the posts still in translation) and the home."""
    options = site_options(config)
    urls = Urls(options.base_url)
    languages = [language(code) for code in locales]
    source = languages[0]
    allowed = allowed_states(*flags)
    for lang in languages:
        env, title = locale_environment(config, options, lang.locale, allowed, problems, settings)
        items: list[ListItem] = []
        waiting: list[ListItem] = []
        for post in summaries:
            entry = post["locales"].get(lang.locale)
            if entry is None:
                continue
            item = ListItem(**{**entry["item"], "date_html": Markup(entry["item"]["date_html"])})
            (items if entry["published"] else waiting).append(item)
        versions = [(other, Urls.path(other.locale)) for other in languages]
        info = page(lang, 1, Urls.path(lang.locale), urls, title, "", versions, "")
        output.render(env, "index.html", Urls.path(lang.locale), page=info,
                      site={"title": title, "source": source}, posts=items, in_translation=waiting)
    write_home(config, output, languages, summaries, allowed, settings, problems)
