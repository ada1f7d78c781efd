"""Which template files a project uses: the package's, each overridable by the project's own.

Kept apart from ``theme.py`` (Jinja2, babel) so that checking whether any template changed
since the last run imports nothing heavy: a no-op ``sync --html`` only stats these files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from i18nflow.config import Config
from i18nflow.site.options import SiteOptions

PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class TemplateFile:
    name: str  # as templates refer to it: "post.html"
    path: Path
    ref: str  # as written in site.pot references


def template_files(config: Config, options: SiteOptions) -> list[TemplateFile]:
    """Every template in use: the project's override of a name wins over the package's."""
    found: dict[str, TemplateFile] = {}
    for path in sorted(PACKAGE_TEMPLATES.iterdir()):
        if path.is_file():
            found[path.name] = TemplateFile(path.name, path, f"i18nflow/templates/{path.name}")
    project = config.root / options.templates
    if project.is_dir():
        for path in sorted(project.iterdir()):
            if path.is_file():
                found[path.name] = TemplateFile(path.name, path, f"{options.templates}/{path.name}")
    return [found[name] for name in sorted(found)]
