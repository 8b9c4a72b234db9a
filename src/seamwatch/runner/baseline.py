"""Known failures, so a team can adopt seamwatch on an imperfect API and fail only on new ones.

A failure's fingerprint is what broke and where (operation, check, title), never the random
input that showed it, so the same defect matches across runs and seeds.
"""

from __future__ import annotations

import json
from pathlib import Path

from seamwatch.core.errors import ConfigError
from seamwatch.runner.model import ContractRun

__all__ = ["apply_baseline", "load_baseline", "save_baseline"]

VERSION = 1


def load_baseline(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("baseline file not found", file=path, field="--baseline",
                          fix="create it with --update-baseline, or fix the path") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"baseline is not readable JSON: {exc}", file=path, field="--baseline",
                          fix="regenerate it with --update-baseline") from None
    if not isinstance(data, dict) or not isinstance(data.get("failures"), list):
        raise ConfigError("baseline has no 'failures' list", file=path, field="failures",
                          fix="regenerate it with --update-baseline")
    return {str(f.get("fingerprint")) for f in data["failures"] if isinstance(f, dict)}


def save_baseline(path: Path, run: ContractRun) -> None:
    failures = sorted(run.failures + run.known_failures, key=lambda f: (f.operation, f.check, f.title))
    data = {"version": VERSION, "contract": run.contract, "failures": [
        {"fingerprint": f.fingerprint, "operation": f.operation, "check": f.check, "title": f.title}
        for f in failures]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def apply_baseline(run: ContractRun, known: set[str]) -> None:
    """Move failures whose fingerprint is known from the operations to ``known_failures``."""
    for op in run.operations.values():
        keep = []
        for failure in op.failures:
            (run.known_failures if failure.fingerprint in known else keep).append(failure)
        op.failures = keep
