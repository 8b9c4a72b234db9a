"""`seamwatch contract test` overhead against a bare Schemathesis run of the same contract,
sandbox, seed and example count. Goal (issue 4): wall-time ratio <= 1.10. Also reports test
cases per second.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events
from schemathesis.generation import GenerationMode

from seamwatch.runner.engine import run_contract
from seamwatch.runner.model import RunOptions
from seamwatch.sandbox.run import Sandbox
from seamwatch.sandbox.settings import SandboxSettings

CONTRACT = Path(__file__).resolve().parents[2] / "contracts/shopify/admin-rest-2026-01.yaml"


def _bare(base_url: str, token: str, seed: int, examples: int, phases: list[str]) -> tuple[float, int]:
    config = SchemathesisConfig()
    config.update(seed=seed, max_failures=None)
    schema = schemathesis.openapi.from_path(str(CONTRACT), config=config)
    schema.config.update(base_url=base_url, headers={"X-Shopify-Access-Token": token})
    schema.config.phases.update(phases=phases)
    # The same generation modes as `seamwatch contract test` (positive and negative).
    schema.config.generation.update(max_examples=examples, modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
    cases = 0
    start = time.perf_counter()
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            cases += len(event.recorder.cases)
    return time.perf_counter() - start, cases


def run(smoke: bool = False) -> dict[str, Any]:
    examples, phases = (2, ["examples"]) if smoke else (10, ["examples", "coverage", "fuzzing"])
    settings = SandboxSettings(shopify_port=0, erp_port=0, bridge_port=0, bucket_size=10**9,
                               leak_per_second=10**6, bridge_db=Path("/tmp/seamwatch-bench-bridge.sqlite"))
    with Sandbox(settings) as sandbox:
        s = sandbox.settings
        bare_seconds, bare_cases = _bare(s.shopify_base, s.shopify_token, 11, examples, phases)
        start = time.perf_counter()
        result = run_contract(RunOptions(contract=CONTRACT, base_url=s.shopify_base,
                                         headers={"X-Shopify-Access-Token": s.shopify_token},
                                         phases=tuple(phases), max_examples=examples, seed=11))
        ours = time.perf_counter() - start
    return {
        "benchmark": "contract test vs bare schemathesis",
        "phases": phases, "max_examples": examples,
        "bare_schemathesis_seconds": round(bare_seconds, 2),
        "seamwatch_seconds": round(ours, 2),
        "ratio_wall_time_vs_bare": round(ours / bare_seconds, 3),
        # Not the same work: the bare run hits false failures (e.g. `fields` trims responses
        # below `required`), and Hypothesis stops generating for an operation once it fails;
        # seamwatch's contract hints avoid those, so every operation gets its whole budget and
        # more cases are sent. Time per case is the like-for-like figure.
        "ratio_seconds_per_case_vs_bare": round((ours / max(result.cases, 1)) / (bare_seconds / max(bare_cases, 1)), 3),
        "bare_cases": bare_cases, "seamwatch_cases": result.cases,
        "seamwatch_cases_per_second": round(result.cases / ours, 1),
        "goal": "ratio <= 1.10",
    }
