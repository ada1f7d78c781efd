"""Writing the preview's files: below the site folder only, atomically, only when bytes change.

Used by the main process (index pages, home, assets) and by the worker processes that build
post pages alike; each :class:`SiteOutput` counts what it wrote and remembers every page it
produced, so the build knows which pages of an earlier build to remove.
"""

from __future__ import annotations

import os
import posixpath
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
    _folders: dict[str, str] = field(default_factory=dict, repr=False)  # folder below out → its real path

    def __post_init__(self) -> None:
        self._folders[""] = str(self.out)  # resolved by output_root
        self._top = str(self.out) + os.sep

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
        target = self._inside(relative)
        try:
            if write_bytes_atomic(Path(target), data, confined=False):  # _inside confined it
                self.written.append(relative)
            else:
                self.unchanged += 1
        except I18nflowError as exc:
            self.problems.add(exc)
        self.produced.append(relative)

    def _inside(self, relative: str) -> str:
        """Where ``out/relative`` really leads, when that is below ``out``; else an error.

        What resolving the whole path told, for one ``lstat`` a file and one a new folder:
        folders are resolved once each (the site folder itself by ``output_root``), and a
        component that is a symlink is followed in full. A page's own folder is new in a cold
        build, so resolving each page's path from the root was most of what writing it cost.
        """
        clean = posixpath.normpath(relative)
        if clean.startswith(("/", "../")) or clean in (".", ".."):
            raise I18nflowError("refusing to write outside the site folder", self.out / relative)
        folder, _, name = clean.rpartition("/")
        path = os.path.join(self._real(folder), name)
        if os.path.islink(path):
            path = os.path.realpath(path)
        if not path.startswith(self._top):
            raise I18nflowError("refusing to write outside the site folder", self.out / relative)
        return path

    def _real(self, folder: str) -> str:
        found = self._folders.get(folder)
        if found is None:
            parent, _, leaf = folder.rpartition("/")
            found = os.path.join(self._real(parent), leaf)
            if os.path.islink(found):
                found = os.path.realpath(found)
            self._folders[folder] = found
        return found


def _template_frame(tb: TracebackType | None, default: str) -> tuple[str, int | None]:
    """The template file and line a rendering error happened at (Jinja keeps them in the traceback)."""
    where, line = default, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".css")):
            where, line = filename, tb.tb_lineno
        tb = tb.tb_next
    return where, line
