"""The package's shape, checked on its source: imports go one way and modules stay small.

Every import counts, including those inside functions and under ``TYPE_CHECKING``: a lazy
import against the direction is still a dependency against it, it is only paid later.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "i18nflow"

# Bottom to top. A module may import from its own part or from any part below it.
LAYERS: list[set[str]] = [
    {"i18nflow", "i18nflow.errors"},
    {"i18nflow.problems", "i18nflow.engine_settings", "i18nflow.progress", "i18nflow.collection"},
    {"i18nflow.fsutil"},
    {"i18nflow.config"},
    {"i18nflow.source"},
    {"i18nflow.gettext"},
    {"i18nflow.translate"},
    {"i18nflow.site"},
    {"i18nflow.sync"},
    {"i18nflow.check", "i18nflow.importer", "i18nflow.adopt"},
    {"i18nflow.cli"},
    {"i18nflow.__main__"},
]
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def part_of(module: str) -> str:
    """The layered part a module belongs to: ``i18nflow.source.segments`` → ``i18nflow.source``."""
    parts = module.split(".")
    return ".".join(parts[:2])


def layer_of(module: str) -> int:
    part = part_of(module)
    for number, parts in enumerate(LAYERS):
        if part in parts:
            return number
    raise AssertionError(f"{module} belongs to no layer: add its part to LAYERS")


def imported_modules(module: str, path: Path) -> list[tuple[str, int]]:
    """The i18nflow modules ``module`` imports, with the line of each import."""
    is_package = path.name == "__init__.py"
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names if alias.name.startswith("i18nflow"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "i18nflow":
                target = node.module
            else:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((sub if sub in MODULES else target, node.lineno))
    return found


GRAPH = {module: imported_modules(module, path) for module, path in MODULES.items()}


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        layer_of(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down_the_layers(module: str) -> None:
    own_part, own_layer = part_of(module), layer_of(module)
    wrong = [
        f"{MODULES[module].relative_to(PACKAGE)}:{line} imports {target}"
        for target, line in GRAPH[module]
        if part_of(target) != own_part and layer_of(target) >= own_layer
    ]
    assert not wrong, "imports against the layer order:\n" + "\n".join(wrong)


def test_no_import_cycles() -> None:
    """Tarjan's strongly connected components over every import: a cycle is a component of 2+."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target, _line in GRAPH.get(node, []):
            if target not in MODULES:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in MODULES:
        if module not in index:
            visit(module)
    assert not cycles, f"import cycles: {cycles}"


def test_the_checker_sees_a_cycle_and_a_wrong_direction(tmp_path: Path) -> None:
    """The walk above must not pass by finding nothing: it finds what it should in real files."""
    assert ("i18nflow.config", 1) not in GRAPH["i18nflow.cli"]  # sanity: lines are real lines
    assert any(target == "i18nflow.sync.pipeline" for target, _ in GRAPH["i18nflow.cli"])
    assert any(part_of(t) == "i18nflow.gettext" for t, _ in GRAPH["i18nflow.sync.jobs"])
    fake = tmp_path / "fake.py"
    fake.write_text("from i18nflow.cli import main\nfrom . import catalogs\n")
    found = imported_modules("i18nflow.gettext.fake", fake)
    assert found == [("i18nflow.cli", 1), ("i18nflow.gettext.catalogs", 2)]
    assert layer_of("i18nflow.cli") > layer_of("i18nflow.gettext.fake")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines: split it by concept (limit {MAX_LINES})"
