"""`seamwatch drift` on a generated ~3 MB spec against a mutated copy.

Baseline, measured in the same run: loading and resolving both specs, which any diff must
do before it compares anything (with the garbage collector paused, as drift runs). Also
reported: the same diff with the specs written as JSON (no YAML parsing cost), and how time
grows from a 1x to a 10x spec.

Goals (issue 5): under 2 s for 3 MB; 10x the spec takes <= 12x the time. Ratios use CPU
time (best of the repeats), which other load on a shared machine disturbs less than wall
time; ``seconds`` is wall time as in the other benchmarks.
"""

from __future__ import annotations

import copy
import gc
import json
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from seamwatch.contracts.refs import RefResolver
from seamwatch.contracts.spec import load_contract
from seamwatch.drift import DriftReport, diff_files
from tests.benchmarks.common import generated_spec, write_spec

TODAY = date(2026, 6, 1)


def mutate(spec: dict[str, Any]) -> dict[str, Any]:
    """A next version: removed properties, new required parameters, enum and type changes.

    Only schemas no other schema refers to (the upper half: ``parent`` points down) are
    changed, so the number of changes grows with the spec, not with its nesting depth.
    """
    spec = copy.deepcopy(spec)
    schemas = spec["components"]["schemas"]
    things = sorted((k for k in schemas if k.startswith("Thing")), key=lambda k: int(k[5:]))
    for i, name in enumerate(things):
        if i < len(things) // 2:
            continue
        props = schemas[name]["properties"]
        if i % 50 == 7:
            props.pop("attr_0")
        if i % 30 == 11:
            props["status"]["enum"] = ["open", "closed"]
        if i % 40 == 13:
            props["status"]["enum"] = ["open", "closed", "cancelled", "archived"]
        if i % 70 == 17:
            props["name"]["maxLength"] = 100
            props["id"]["format"] = "int32"
    for i, item in enumerate(spec["paths"].values()):
        if i % 100 == 3 and "get" in item:
            item["get"].setdefault("parameters", []).append(
                {"name": "region", "in": "query", "required": True, "schema": {"type": "string"}})
    return spec


def _load_both(old: Path, new: Path) -> None:
    gc.disable()
    try:
        load_contract(old, RefResolver())
        load_contract(new, RefResolver())
    finally:
        gc.enable()


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Fastest wall time and fastest CPU time of ``repeat`` runs."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(wall), min(cpu)


def _measure(directory: Path, paths: int, schemas: int, repeat: int) -> dict[str, Any]:
    spec = generated_spec(paths, schemas)
    mutated = mutate(spec)
    old, new = directory / f"old-{paths}.yaml", directory / f"new-{paths}.yaml"
    megabytes = write_spec(old, spec)
    write_spec(new, mutated)
    old_json, new_json = old.with_suffix(".json"), new.with_suffix(".json")
    old_json.write_text(json.dumps(spec))
    new_json.write_text(json.dumps(mutated))
    reports: list[DriftReport] = []
    seconds, cpu = _timed(lambda: reports.append(diff_files(old, new, today=TODAY)), repeat)
    return {
        "mb": megabytes,
        "seconds": seconds,
        "cpu": cpu,
        "json_cpu": _timed(lambda: diff_files(old_json, new_json, today=TODAY), repeat)[1],
        "baseline_cpu": _timed(lambda: _load_both(old, new), repeat)[1],
        "report": reports[-1],
    }


def run(smoke: bool = False) -> dict[str, Any]:
    scale = (4, 3) if smoke else (160, 69)
    repeat = 1 if smoke else 3
    with tempfile.TemporaryDirectory() as tmp:
        small = _measure(Path(tmp), *scale, repeat)
        big = _measure(Path(tmp), scale[0] * 10, scale[1] * 10, repeat)
    counts = big["report"].counts()
    return {
        "benchmark": "drift",
        "spec_mb": round(big["mb"], 2),
        "seconds": round(big["seconds"], 3),
        "cpu_seconds": round(big["cpu"], 3),
        "cpu_seconds_per_mb": round(big["cpu"] / big["mb"], 3),
        "json_cpu_seconds": round(big["json_cpu"], 3),
        "changes": len(big["report"].changes),
        "breaking": counts["breaking"],
        "baseline_load_and_resolve_cpu_seconds": round(big["baseline_cpu"], 3),
        "ratio_vs_load_and_resolve": round(big["cpu"] / big["baseline_cpu"], 2),
        "small_spec_mb": round(small["mb"], 2),
        "small_cpu_seconds": round(small["cpu"], 3),
        "ratio_10x_vs_1x": round(big["cpu"] / small["cpu"], 2),
        "goal": "< 2 s for 3 MB; ratio_10x_vs_1x <= 12",
    }
