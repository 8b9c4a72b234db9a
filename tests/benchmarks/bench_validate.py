"""`contract validate` on a generated ~3 MB spec; baseline: bare openapi-spec-validator (the
library as shipped, with its pure-Python meta checks).

Goal (issue 2): under 5 s for 3 MB on the 2-core CI machine.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import OpenAPIV31SpecValidator

from seamwatch.contracts.validate import validate_paths
from tests.benchmarks.common import best_of, generated_spec, write_spec


def run(smoke: bool = False) -> dict[str, Any]:
    paths, schemas = (30, 20) if smoke else (1400, 600)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        megabytes = write_spec(path, generated_spec(paths, schemas))
        repeat = 1 if smoke else 3
        reports: list = []
        ours = best_of(lambda: reports.append(validate_paths([path])), repeat)

        def bare() -> None:
            data = yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
            for _ in OpenAPIV31SpecValidator(data, base_uri=path.as_uri()).iter_errors():
                pass

        baseline = best_of(bare, repeat)
    status = reports[-1][0].status
    return {
        "benchmark": "contract validate",
        "spec_mb": round(megabytes, 2),
        "seconds": round(ours, 3),
        "seconds_per_mb": round(ours / megabytes, 3),
        "baseline_openapi_spec_validator_seconds": round(baseline, 3),
        "ratio_vs_baseline": round(ours / baseline, 2),
        "status": status,
        "goal": "< 5 s for 3 MB",
    }
