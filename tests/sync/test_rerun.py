"""A domain run twice in one sync (it takes a translation moved from a renamed post) keeps
what its first pass reported and wrote."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from i18nflow.config import load_config
from i18nflow.problems import Problem
from i18nflow.sync import pipeline
from i18nflow.sync.jobs import DomainOutcome


def _outcome(domain: str, problems: list[Problem], written: list[str]) -> DomainOutcome:
    return DomainOutcome(domain, problems=problems, written=written)


def test_a_rerun_keeps_the_first_pass_problems_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "i18nflow.toml").write_text('source_locale = "en"\nlocales = ["es"]\n', encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("# A\n", encoding="utf-8")
    config = load_config(tmp_path)
    only_first = Problem("warning", "header fixed", "locales/es/LC_MESSAGES/a.po", 3)
    both = Problem("warning", "segment too long", "content/a.md", 7)
    only_second = Problem("error", "translation refused", "locales/es/LC_MESSAGES/a.po", 12)
    first = {"a": _outcome("a", [only_first, both], ["locales/es/LC_MESSAGES/a.po"]),
             "b": _outcome("b", [both], [])}
    again = _outcome("a", [both, only_second], ["build/es/a.md"])

    def run_jobs(*_args: Any, **_kwargs: Any) -> dict[str, DomainOutcome]:
        return {"a": again}

    monkeypatch.setattr(pipeline, "run_jobs", run_jobs)
    merged = pipeline._rerun(config, [], first, pipeline.RunOptions(locales=("es",)), lambda o: o)

    assert merged["a"].problems == [only_first, both, only_second]
    assert merged["a"].written == ["build/es/a.md", "locales/es/LC_MESSAGES/a.po"]
    assert merged["b"].problems == [both]  # not run again: left as it was
