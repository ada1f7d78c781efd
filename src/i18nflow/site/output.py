"""Writing the preview's files: below the site folder only, atomically, only when bytes change.

Used by the main process (index pages, home, assets) and by the worker processes that build
post pages alike; each :class:`SiteOutput` counts what it wrote and remembers every page it
produced, so the build knows which pages of an earlier build to remove.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2

from i18nflow.errors import I18nflowError
from i18nflow.fsutil import write_bytes_atomic
from i18nflow.problems import Problems
from i18nflow.site.theme import TemplateError


@dataclass
class SiteOutput:
    """Files written below ``out``: counted, and remembered relative to ``out`` (POSIX)."""

    out: Path
    problems: Problems
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    produced: list[str] = field(default_factory=list)

    def render(self, env: jinja2.Environment, name: str, target: str, **context: Any) -> None:
        """Render template ``name`` to ``<target>/index.html``; template errors name file and line."""
        try:
            html = env.get_template(name).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(exc.message or "syntax error", exc.filename or name, exc.lineno) from None
        except jinja2.TemplateError as exc:
            where, line = _template_frame(exc.__traceback__, name)
            raise TemplateError(str(exc), where, line) from None
        self.write(f"{target}index.html", html.encode("utf-8"))

    def write(self, relative: str, data: bytes) -> None:
        path = self.out / relative
        target = path.resolve()
        if not target.is_relative_to(self.out):
            raise I18nflowError("refusing to write outside the site folder", path)
        try:
            if write_bytes_atomic(target, data):
                self.written.append(relative)
            else:
                self.unchanged += 1
        except I18nflowError as exc:
            self.problems.add(exc)
        self.produced.append(relative)


def _template_frame(tb: TracebackType | None, default: str) -> tuple[str, int | None]:
    """The template file and line a rendering error happened at (Jinja keeps them in the traceback)."""
    where, line = default, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".css")):
            where, line = filename, tb.tb_lineno
        tb = tb.tb_next
    return where, line
