"""Messages quote translations, which are untrusted: what a run prints cannot drive a terminal.

A translation with ``ESC [2K ESC [1A`` would erase and overwrite the CI log line above it (an
error made to look like a pass), and a right-to-left override reorders what a reviewer reads.
"""

from __future__ import annotations

import json
from pathlib import Path

import polib

from conftest import spanish_project
from i18nflow.errors import CatalogError, printable
from i18nflow.problems import Problem

HOSTILE = "Hola amigo, www.evil.example/\x1b[2K\x1b[1A\u202eok\x9b31m."


def test_controls_and_bidi_overrides_are_shown_as_escapes() -> None:
    assert printable("plain é ü 中文\ttab") == "plain é ü 中文\ttab"
    assert printable("a\x1b[2Kb\x07c\x7fd\x9be\u202ef\u2066g") == "a\\x1b[2Kb\\x07c\\x7fd\\x9be\\u202ef\\u2066g"
    assert "\x1b" not in str(Problem("error", HOSTILE, "a.po", 3))
    assert "\u202e" not in str(CatalogError(HOSTILE, "a.po", 3))


def test_check_and_render_print_no_control_character_of_a_translation(tmp_path: Path) -> None:
    project = spanish_project(tmp_path / "site", {"a.md": "---\ntitle: A\n---\n\nHello friend.\n"}, "", "update")
    po_path = project.root / "locales/es/LC_MESSAGES/a.po"
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        if entry.msgid == "Hello friend.":
            entry.msgstr = HOSTILE
    catalog.save(str(po_path))
    for args in (("check", "--no-cache"), ("check", "--no-cache", "--format", "github"), ("render",)):
        result = project.run(*args, check=1)
        shown = result.stdout + result.stderr
        assert "adds a web or e-mail address" in shown, shown
        assert not any(ch in shown for ch in "\x1b\x9b\u202e"), (args, shown)
        assert "\\x1b[2K" in shown
    found = json.loads(project.run("check", "--no-cache", "--format", "json", check=1).stdout)
    assert any("\x1b[2K" in p["message"] for p in found["problems"])  # JSON keeps the data, escaped by JSON
