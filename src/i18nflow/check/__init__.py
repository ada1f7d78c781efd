"""``i18nflow check``: is every catalog up to date, valid and well translated? Never writes a catalog.

- ``runner``: ``run_check(config, options)``, domains in parallel, the result cache (``cache``).
- ``domain``: one domain's checks; ``options``: what to check.
- One module per family of findings: ``stale`` (and ``untranslated``, ``blocks``: fast paths),
  ``files`` (catalog syntax and headers), ``msgfmt`` (``msgfmt -c``; ``msgfmt_proof``: once per
  header), ``qa`` (translation QA), ``anchors`` (heading anchors).
- ``report``: text, JSON and GitHub annotations.
"""
