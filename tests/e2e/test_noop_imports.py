"""A ``sync --html`` with nothing to do loads none of the code that does the work.

A no-op run must cost a few percent of a cold one (issue 18), and on a small site most of its
time is Python importing modules. These are the heavy ones a no-op used to load: the process
pool (multiprocessing), the catalog reader and writer (polib, libgettextsrc through ctypes),
babel (to check the configured locales), the page templates and the Markdown renderer.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable

from conftest import Project

HEAVY = (
    "multiprocessing", "concurrent.futures.process", "ctypes", "polib", "jinja2", "markdown_it", "nh3",
    "babel", "i18nflow.gettext.catalogs", "i18nflow.translate.engines", "i18nflow.site.domain_pages",
)
# cli.main, not ``python -m i18nflow``: the command's own exit (__main__.command) ends the process
# before anything could print what it loaded
LOADED = """
import json, sys
sys.argv = ["i18nflow", *sys.argv[1:]]
from i18nflow.cli import main
try:
    main()
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _modules_of_a_run(project: Project, *args: str) -> tuple[int, set[str]]:
    result = subprocess.run([sys.executable, "-c", LOADED, "-C", str(project.root), *args],
                            capture_output=True, text=True, timeout=120)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return report["code"], set(report["modules"])


def test_a_no_op_sync_html_loads_no_heavy_module(make_project: Callable[..., Project]) -> None:
    project = make_project('locales = ["es", "de"]\n[engines]\ndefault = "pseudo"\n[site]\ntitle = "Clinic"\n')
    project.run("sync", "--html")
    code, modules = _modules_of_a_run(project, "sync", "--html", "-q")
    assert code in (0, None)
    assert {name for name in modules if name.split(".")[0] in HEAVY or name in HEAVY} == set()


def test_the_same_run_with_work_to_do_loads_them(make_project: Callable[..., Project]) -> None:
    """The check above would pass for a run that never loads anything: one with work does."""
    project = make_project('locales = ["es"]\n[engines]\ndefault = "pseudo"\n[site]\ntitle = "Clinic"\n')
    project.run("sync", "--html")
    post = next((project.root / "content/posts").iterdir())
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more paragraph for the clinic.\n", encoding="utf-8")
    code, modules = _modules_of_a_run(project, "sync", "--html", "-q")
    assert code in (0, None)
    assert {"polib", "jinja2", "i18nflow.gettext.catalogs", "i18nflow.site.domain_pages"} <= modules
