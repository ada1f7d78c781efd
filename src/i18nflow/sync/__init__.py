"""The run: which domains changed, their jobs over a process pool, and what crosses domains.

- ``pipeline``: ``run(config, options, problems, stats)`` and the steps ``extract``/``update``.
- ``jobs``: one domain's whole job (extract, merge every locale, apply fills, render).
- ``domains``: posts grouped by domain, shards; ``state``: the stamps that let a run skip a domain.
- ``moves``, ``moves_index``: translations that follow their text to another catalog.
- ``lock``: one run at a time per project.
"""
