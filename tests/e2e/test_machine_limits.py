"""A table too large for machine translation (issue 17, item 11), through the real CLI: still
extracted and rendered, its entries left untranslated in the catalog for translators, one
warning naming the post, the table's line and the setting; the rest of the post translated."""

from __future__ import annotations

import re

from conftest import needs_gettext
from i18nflow.gettext.po import read_po

CONFIG = 'locales = ["de"]\n[engines]\ndefault = "pseudo"\n[translate]\nmax_table_cells = {limit}\n'
ROWS, COLUMNS = 8, 3


def post() -> str:
    header = "| Treatment | Sessions | Notes |\n|---|---|---|\n"
    rows = "".join(f"| Peel {r} | Four sessions {r} | Gentle care {r} |\n" for r in range(ROWS))
    return f"---\ntitle: Price list\n---\n\nOur prices for this spring.\n\n{header}{rows}\nBook a visit today.\n"


@needs_gettext
def test_a_table_over_the_lowered_limit_is_kept_for_translators(make_project) -> None:
    project = make_project(CONFIG.format(limit=20), seed=False)
    project.post("2024-03-01-prices.md", post())
    result = project.run("sync")

    cells = COLUMNS * (ROWS + 1)  # 27, over the limit of 20
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert warnings == [
        f"content/posts/2024-03-01-prices.md:7: warning: table of {cells} cells not machine translated "
        "(more than [translate] max_table_cells = 20 in i18nflow.toml; raise it, then run "
        "`i18nflow translate`, to translate it): its entries stay in the catalog for translators"
    ]
    assert project.read("content/posts/2024-03-01-prices.md").split("\n")[6] == "| Treatment | Sessions | Notes |"

    catalog = read_po(project.po("de", "prices"))
    entries = {e.msgid: e for e in catalog}
    table_entries = [e for e in catalog if any(e.msgid.startswith(w) for w in ("Peel", "Four", "Gentle"))]
    assert len(table_entries) == ROWS * COLUMNS and "Treatment" in entries
    assert all(e.msgstr == "" and "fuzzy" not in e.flags for e in [*table_entries, entries["Treatment"]])
    for msgid in ("Price list", "Our prices for this spring.", "Book a visit today."):
        assert entries[msgid].msgstr and "fuzzy" in entries[msgid].flags, msgid  # machine-translated

    # sync publishes the machine translations only when asked; with them the table stays English
    project.run("render", "--include-machine")
    copy = project.read("build/de/posts/2024-03-01-prices.md")
    assert "| Peel 0 | Four sessions 0 | Gentle care 0 |" in copy
    assert "Our prices for this spring." not in copy and re.search(r"Ōûŕ ƥŕîçēš", copy)

    # raising the limit and running translate fills the table too
    project.write("i18nflow.toml", CONFIG.format(limit=0))
    again = project.run("translate")
    assert "not machine translated" not in again.stderr
    catalog = read_po(project.po("de", "prices"))
    assert all(e.msgstr and "fuzzy" in e.flags for e in catalog if e.msgid)
