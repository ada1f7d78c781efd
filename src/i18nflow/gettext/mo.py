"""``i18nflow compile``: a binary ``.mo`` catalog for every PO file.

Gettext consumers (Python's ``gettext``, Jinja2's i18n extension, PHP, C programs) read MO
files, not PO. They are written with polib in the standard layout
``<dir>/<locale>/LC_MESSAGES/<domain>.mo`` (next to the PO files unless another directory is
given), so ``gettext.translation(domain, localedir)`` finds them. Like msgfmt, only reviewed
translations go in: a fuzzy entry (machine output awaiting review, or an outdated translation)
would put unreviewed text on a page, so it needs ``include_fuzzy``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polib

from i18nflow.config import Config
from i18nflow.errors import I18nflowError
from i18nflow.fsutil import Stats, write_bytes_atomic
from i18nflow.gettext.catalogs import active, is_translated_any
from i18nflow.gettext.po import read_po
from i18nflow.problems import Problems


def mo_bytes(catalog: polib.POFile, include_fuzzy: bool = False) -> bytes:
    """The MO file of a catalog: its header and the translations a reader may see."""
    selected = polib.POFile(encoding=catalog.encoding or "utf-8")
    selected.metadata = dict(catalog.metadata)
    for entry in active(catalog):
        if not entry.msgid or not is_translated_any(entry):
            continue
        fuzzy = "fuzzy" in entry.flags
        if fuzzy and not include_fuzzy:
            continue
        selected.append(polib.POEntry(
            msgctxt=entry.msgctxt,
            msgid=entry.msgid,
            msgstr=entry.msgstr,
            msgid_plural=entry.msgid_plural,
            msgstr_plural=dict(entry.msgstr_plural),
        ))
    return bytes(selected.to_binary())


def compile_catalogs(
    config: Config,
    locales: Sequence[str],
    problems: Problems,
    stats: Stats,
    include_fuzzy: bool = False,
    output_dir: Path | None = None,
) -> None:
    """Write the MO file of every PO of ``locales``; a broken PO is reported, the rest compiled."""
    for locale in locales:
        folder = config.locales_path / locale / "LC_MESSAGES"
        for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            target = path.with_suffix(".mo")
            if output_dir is not None:
                target = config.root / output_dir / locale / "LC_MESSAGES" / target.name
            try:
                data = mo_bytes(read_po(path), include_fuzzy)
                stats.record(target, write_bytes_atomic(target, data))
            except I18nflowError as exc:  # a broken PO, an unwritable target
                problems.add(exc)
