"""The post a domain's strings come from, as context for engines that read it (``llm``).

Pretranslation runs after ``update`` has written the domain's template, whose entries are the
post's blocks in document order (front matter first), so the template is the cheapest faithful
picture of the post: no Markdown parse, and it is the same text the strings were cut from. A
template that cannot be read (a dry run before the first ``update``) gives way to the strings
themselves, which are then their own context.
"""

from __future__ import annotations

from collections.abc import Sequence

from i18nflow.config import Config
from i18nflow.errors import CatalogError
from i18nflow.gettext.catalogs import Key
from i18nflow.translate.engines.base import PostContext

TITLE_CONTEXT = "title"


def post_context(config: Config, domain: str, keys: Sequence[Key]) -> PostContext:
    """Title and blocks of ``domain``'s post, from its template (or from ``keys``)."""
    from i18nflow.gettext.po import read_po

    pairs: list[tuple[str | None, str]] = list(keys)
    path = config.pot_path(domain)
    if path.is_file():
        try:
            pairs = [(entry.msgctxt, entry.msgid) for entry in read_po(path) if entry.msgid and not entry.obsolete]
        except CatalogError:
            pass
    title = next((msgid for msgctxt, msgid in pairs if msgctxt == TITLE_CONTEXT), "")
    return PostContext(title, tuple(dict.fromkeys(msgid for _, msgid in pairs)))
