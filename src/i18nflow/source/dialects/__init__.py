"""Markdown dialects: what each site builder reads differently from CommonMark.

One small module per dialect (``commonmark``, ``kramdown`` for Jekyll, ``goldmark`` for Hugo),
each a :class:`~i18nflow.source.dialects.base.Dialect` built from a list of rules, the way
markdown-it-py's ``rules_block/`` registers one function per block kind:

- *mask rules* find what the builder treats as code or markup before Markdown is parsed
  (Liquid tags and their raw/highlight bodies, shortcodes, math, kramdown extensions); those
  characters are replaced, one for one, by a mask character, so markdown-it sees neither
  letters nor block starts there and every offset stays the source's;
- *block rules* add the dialect's own blocks to markdown-it (kramdown attribute list lines,
  definition lists, tables without a delimiter row, ``markdown="1"`` HTML);
- *call patterns* name the spans a translation must keep byte for byte (math, Liquid,
  shortcodes), which render verifies and the placeholders protect.

``registry.dialect(name)`` gives the dialect for the config's ``dialect`` setting.
"""
