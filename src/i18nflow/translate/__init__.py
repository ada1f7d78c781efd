"""Machine pretranslation: untranslated entries filled by an engine, marked for review.

- ``pretranslate``: ``Pretranslator``, which collects untranslated keys across domains and fills them.
- ``placeholders``: markup and format directives an engine must not touch, as ``[X1X]`` tokens.
- ``memory``: the SQLite translation memory; ``reuse``: reviewed translations of the same msgid elsewhere.
- ``engines/``: one module per engine behind ``create_engine`` / ``translate_segments``.
"""
