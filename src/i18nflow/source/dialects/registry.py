"""The dialects by name, as the ``dialect`` setting names them, with the ``[markup]`` options."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache, partial

from i18nflow.config import Config, MarkupOptions
from i18nflow.source.dialects.base import Dialect

# parameters that are visible text, when [markup] does not say: any call's caption, title,
# subtitle, alt, header, description and text (a button's); a tab's label; an admonition's
# title (its second positional argument), and relearn's notice's (style, title, icon)
SHORTCODE_TEXT: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("*", ("caption", "title", "subtitle", "alt", "header", "summary", "label", "description", "text")),
    ("tab", ("0", "name")),
    ("admonition", ("1",)),
    ("notice", ("1",)),
    ("details", ("0",)),
    ("expand", ("0",)),
)
INCLUDE_TEXT: tuple[tuple[str, tuple[str, ...]], ...] = (("*", ("caption", "alt", "title", "text", "excerpt")),)


def dialect_for(config: Config) -> Dialect:
    """The dialect of a project: its ``dialect`` setting with its ``[markup]`` options."""
    return dialect(config.dialect, config.markup)


@lru_cache(maxsize=16)
def dialect(name: str, markup: MarkupOptions | None = None) -> Dialect:
    """The dialect ``name`` (``kramdown``, ``goldmark`` or ``commonmark``), imported on demand."""
    from i18nflow.source.dialects import params

    markup = markup or MarkupOptions()
    if name == "kramdown":
        from i18nflow.source.dialects import kramdown, math

        table = dict(markup.include_text if markup.include_text is not None else INCLUDE_TEXT)
        base = replace(kramdown.DIALECT, params=(partial(params.include_params, table=table),))
    elif name == "goldmark":
        from i18nflow.source.dialects import goldmark, math, shortcodes

        table = dict(markup.shortcode_text if markup.shortcode_text is not None else SHORTCODE_TEXT)
        base = replace(goldmark.DIALECT, params=(partial(params.shortcode_params, table=table),))
        if markup.code_shortcodes is not None:
            code = partial(shortcodes.code_bodies, names=frozenset(markup.code_shortcodes))
            base = replace(base, masks=(code, *base.masks[1:]))
    else:
        from i18nflow.source.dialects import commonmark, math

        base = commonmark.DIALECT
    if markup.dollar_math:
        base = replace(base, masks=(*base.masks, math.dollar_math), calls=(*base.calls, math.dollar_math),
                       dollar_math=True)
    return base
