"""Every benchmark runs at smoke scale and reports its figures (no timing is asserted)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

NAMES = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))


@pytest.mark.benchmark_smoke
@pytest.mark.parametrize("name", NAMES)
def test_benchmark_runs_at_smoke_scale(name: str) -> None:
    result = importlib.import_module(f"tests.benchmarks.{name}").run(smoke=True)
    assert result["benchmark"]
    ratios = {k: v for k, v in result.items() if k.startswith("ratio")}
    assert ratios, "every benchmark reports a ratio against a baseline measured in the same run"
    assert all(isinstance(v, (int, float)) and v > 0 for v in ratios.values())
