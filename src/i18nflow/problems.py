"""What a run found wrong, collected so one bad file never stops the others."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from i18nflow.errors import I18nflowError, printable


@dataclass(frozen=True)
class Problem:
    level: str  # "error" or "warning"
    message: str
    path: str | None = None
    line: int | None = None
    check: str = ""

    def location(self) -> str:
        if not self.path:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        where = self.location()
        return printable(f"{where}: {self.level}: {self.message}" if where else f"{self.level}: {self.message}")


@dataclass
class Problems:
    items: list[Problem] = field(default_factory=list)
    root: Path | None = None

    def error(self, message: str, path: str | Path | None = None, line: int | None = None, check: str = "") -> None:
        self._append(Problem("error", message, self._rel(path), line, check))

    def warning(self, message: str, path: str | Path | None = None, line: int | None = None, check: str = "") -> None:
        self._append(Problem("warning", message, self._rel(path), line, check))

    def _append(self, problem: Problem) -> None:
        # A broken file read by two steps is still one problem for the user.
        if problem not in self.items:
            self.items.append(problem)

    def add(self, exc: I18nflowError) -> None:
        self.error(exc.message, exc.path, exc.line, check=exc.kind)

    def _rel(self, path: str | Path | None) -> str | None:
        if path is None:
            return None
        path = Path(path)
        if self.root is not None and path.is_absolute():
            try:
                return path.relative_to(self.root).as_posix()
            except ValueError:
                pass
        return path.as_posix()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.level == "warning"]
