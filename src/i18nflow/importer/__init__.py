"""``i18nflow import``: bring existing translated posts into the catalogs.

- ``pairing``: which translated file belongs to which source post.
- ``align``: source and translated blocks aligned by structure (1-1, 1-0, 0-1, 2-1, 1-2).
- ``importer``: ``import_translations``, aligned pairs written as fuzzy (or trusted) entries.
"""
