"""The SQLite translation memory."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import fill_disk
from i18nflow.translate.engines import create_engine, translate_segments
from i18nflow.translate.memory import TranslationMemory


def test_store_and_lookup(tmp_path: Path) -> None:
    path = tmp_path / ".i18nflow" / "memory.sqlite"
    with TranslationMemory(path) as memory:
        assert memory.lookup_many("apertium", "en", "es", ["Hello"]) == {}
        assert memory.store_many("apertium", "en", "es", {"Hello": "Hola", "Bye": "Adiós"}) == 2
        assert memory.lookup_many("apertium", "en", "es", ["Hello", "Bye", "Other"]) == {
            "Hello": "Hola",
            "Bye": "Adiós",
        }
        assert memory.lookup_many("apertium", "en", "ca", ["Hello"]) == {}
        assert memory.lookup_many("google", "en", "es", ["Hello"]) == {}
    with TranslationMemory(path) as again:  # persisted
        assert again.lookup_many("apertium", "en", "es", ["Hello"]) == {"Hello": "Hola"}
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_many_texts_in_one_call(tmp_path: Path) -> None:
    texts = [f"text {i}" for i in range(2500)]  # more than SQLite's bound-parameter limit
    with TranslationMemory(tmp_path / "m.sqlite") as memory:
        memory.store_many("pseudo", "en", "fr", [(t, t.upper()) for t in texts])
        found = memory.lookup_many("pseudo", "en", "fr", texts)
    assert len(found) == 2500 and found["text 7"] == "TEXT 7"


def test_deleted_file_is_recreated(tmp_path: Path) -> None:
    path = tmp_path / ".i18nflow" / "memory.sqlite"
    with TranslationMemory(path) as memory:
        memory.store_many("pseudo", "en", "fr", {"a": "b"})
        for file in path.parent.iterdir():
            file.unlink()
        path.parent.rmdir()
        assert memory.lookup_many("pseudo", "en", "fr", ["a"]) == {}
        memory.store_many("pseudo", "en", "fr", {"c": "d"})
    assert path.exists()
    with TranslationMemory(path) as memory:
        assert memory.lookup_many("pseudo", "en", "fr", ["a", "c"]) == {"c": "d"}


def test_corrupt_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    path.write_bytes(b"this is not a database at all" * 100)
    with TranslationMemory(path) as memory:
        memory.store_many("pseudo", "en", "fr", {"a": "b"})
        assert memory.count() == 1
    assert list(tmp_path.glob("memory.sqlite.corrupt-*"))


def test_rerun_with_nothing_new_calls_no_engine(tmp_path: Path) -> None:
    class CountingPseudo:
        name = "pseudo"

        def __init__(self) -> None:
            self.inner = create_engine("pseudo", {})
            self.calls: list[list[str]] = []

        def available(self, source: str, target: str) -> bool:
            return True

        def label(self, source: str, target: str) -> str:
            return "pseudo"

        def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
            self.calls.append(list(texts))
            return self.inner.translate(texts, source, target)

    engine = CountingPseudo()
    msgids = ["Read the **manual** first.", "Then [ask](https://x.org) us."]
    with TranslationMemory(tmp_path / "m.sqlite") as memory:
        first = translate_segments(engine, msgids, "en", "fr", memory=memory)
        assert len(engine.calls) == 1
        second = translate_segments(engine, msgids, "en", "fr", memory=memory)
        assert len(engine.calls) == 1
        assert first == second
        translate_segments(engine, [*msgids, "Something new."], "en", "fr", memory=memory)
        assert engine.calls[-1] == ["Something new."]


def test_a_full_disk_turns_the_memory_into_an_empty_one_with_a_reason(small_disk: Path) -> None:
    """A cache that cannot be written costs the cache, not the run (no sqlite3 traceback)."""
    path = small_disk / ".i18nflow" / "memory.sqlite"
    with TranslationMemory(path) as memory:
        memory.store_many("pseudo", "en", "es", {"Hello": "Hola"})
    filler = fill_disk(small_disk)
    with TranslationMemory(path) as memory:
        big = {f"text {i} " * 20: f"texto {i} " * 20 for i in range(5000)}
        assert memory.store_many("pseudo", "en", "es", big) == 0
        assert memory.failure is not None and ("full" in memory.failure or "I/O" in memory.failure)
        assert memory.lookup_many("pseudo", "en", "es", ["Hello"]) == {}  # empty from now on
    filler.unlink()
    with TranslationMemory(path) as memory:  # nothing was lost either
        assert memory.lookup_many("pseudo", "en", "es", ["Hello"]) == {"Hello": "Hola"}


def test_reviewed_translations_elsewhere_on_a_full_disk_are_a_warning(small_disk: Path) -> None:
    from i18nflow.config import Config
    from i18nflow.problems import Problems
    from i18nflow.translate.pretranslate import reviewed_elsewhere

    folder = small_disk / "locales" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    body = "".join(f'msgid "Sentence {i}"\nmsgstr "Frase {i}"\n\n' for i in range(3000))
    (folder / "a.po").write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body)
    fill_disk(small_disk)
    problems = Problems(root=small_disk)
    found = reviewed_elsewhere(Config(root=small_disk), "es", {"Sentence 1"}, problems)
    assert found == {}
    assert [p.level for p in problems.items] == ["warning"]
    assert "not reused" in problems.items[0].message
