"""Catalogs: templates and PO files as GNU gettext writes and merges them.

- ``po/``: the PO reader and writer (byte-exact with ``msgcat``): ``read_po``, ``parse_po_text``,
  ``format_po``, ``po_bytes``, ``write_po``.
- ``catalogs``: build a template from segments, ``merge`` it into a PO (msgmerge semantics),
  entry states (reviewed, machine, outdated, untranslated).
- ``plural_forms``: a ``Plural-Forms`` header checked with gettext's grammar.
- ``stats``: counts per locale and post (``status``); ``mo``: compiled catalogs (``compile``).
"""
