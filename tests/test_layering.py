"""Imports flow downward only. This test is the rule; ARCHITECTURE.md only describes it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "seamwatch"

# Lowest first. A package may import its own layer and any lower layer, never a higher one.
LAYERS: dict[str, int] = {
    "core": 0,
    "config": 1, "contracts": 1, "checks": 1,
    "runner": 2, "probes": 2, "drift": 2, "slo": 2,
    "storage": 3, "alerting": 3, "reporting": 3,
    "cli": 4, "service": 4, "web": 4, "demo": 4, "testing": 4,
}
# The sandbox stands apart: it may import only core, and nothing may import it except roots.
SANDBOX_MAY_IMPORT = {"core", "sandbox"}
MAY_IMPORT_SANDBOX = {"cli", "demo", "testing", "sandbox"}


def _package_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "seamwatch" or len(parts) < 2:
        return None
    return parts[1]


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _source_files() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p.relative_to(SRC).parts[0] not in ("__init__.py", "__main__.py"))


def test_every_package_has_a_layer() -> None:
    packages = {p.relative_to(SRC).parts[0].removesuffix(".py") for p in _source_files()}
    unknown = packages - set(LAYERS) - {"sandbox"}
    assert not unknown, f"add these packages to LAYERS in tests/test_layering.py: {unknown}"


@pytest.mark.parametrize("path", _source_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_flow_downward(path: Path) -> None:
    own = path.relative_to(SRC).parts[0].removesuffix(".py")
    violations = []
    for line, module in _imports(path):
        target = _package_of(module)
        if target is None or target == own:
            continue
        if own == "sandbox":
            ok = target in SANDBOX_MAY_IMPORT
        elif target == "sandbox":
            ok = own in MAY_IMPORT_SANDBOX
        else:
            ok = LAYERS.get(target, 99) <= LAYERS[own]
        if not ok:
            violations.append(f"{path.relative_to(SRC)}:{line} imports {module}")
    assert not violations, "layering violated:\n" + "\n".join(violations)


def test_the_checker_catches_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from seamwatch.cli import app\nimport seamwatch.storage.sql\n")
    targets = [_package_of(m) for _, m in _imports(bad)]
    assert targets == ["cli", "storage"]
    assert LAYERS["cli"] > LAYERS["core"] and LAYERS["storage"] > LAYERS["contracts"]


@pytest.mark.parametrize("path", _source_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_only_the_runner_imports_schemathesis(path: Path) -> None:
    if path.relative_to(SRC).parts[0] == "runner":
        return
    offenders = [f"{path.relative_to(SRC)}:{line}" for line, module in _imports(path)
                 if module.split(".")[0] == "schemathesis"]
    assert not offenders, f"schemathesis is translated in runner/ only: {offenders}"
