"""A machine translation follows its text: an edited source is translated again in the same sync
where an engine is configured, and is outdated (never published as machine) where none is."""

from __future__ import annotations

from typing import Any

from i18nflow.gettext.catalogs import MACHINE_COMMENT, entry_state
from i18nflow.gettext.po import read_po

POST = "---\ntitle: Hours\n---\n\nThe clinic opens at nine in the morning every day.\n"
EDITED = POST.replace("at nine", "at ten")


def _entries(project: Any) -> dict[str, Any]:
    return {e.msgid: e for e in read_po(project.po("es", "hours")) if not e.obsolete}


def test_with_an_engine_the_same_sync_translates_the_edited_text_again(make_project: Any) -> None:
    project = make_project('locales = ["es"]\n[engines]\ndefault = "pseudo"\n', seed=False)
    post = project.post("2024-01-01-hours.md", POST)
    project.run("sync")
    before = _entries(project)["The clinic opens at nine in the morning every day."]
    assert entry_state(before) == "machine"
    post.write_text(EDITED, encoding="utf-8")
    project.run("sync")
    after = _entries(project)["The clinic opens at ten in the morning every day."]
    assert entry_state(after) == "machine" and after.msgstr != before.msgstr
    assert not after.previous_msgid


def test_without_an_engine_it_becomes_outdated_and_is_not_published_as_machine(make_project: Any) -> None:
    project = make_project('locales = ["es"]\n[engines]\ndefault = "pseudo"\n', seed=False)
    post = project.post("2024-01-01-hours.md", POST)
    project.run("sync")
    machine_text = _entries(project)["The clinic opens at nine in the morning every day."].msgstr
    (project.root / "i18nflow.toml").write_text('locales = ["es"]\n[engines]\ndefault = "none"\n', encoding="utf-8")
    post.write_text(EDITED, encoding="utf-8")
    project.run("sync")
    entry = _entries(project)["The clinic opens at ten in the morning every day."]
    assert entry_state(entry) == "outdated" and entry.msgstr == machine_text
    assert entry.previous_msgid == "The clinic opens at nine in the morning every day."
    assert MACHINE_COMMENT not in (entry.tcomment or "")
    project.run("render", "--include-machine")
    copy = (project.root / "build/es/posts/2024-01-01-hours.md").read_text(encoding="utf-8")
    assert machine_text not in copy and "at ten" in copy
