"""A contract run as one masked, JSON-ready document, and writing it in every format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from seamwatch.core.secrets import Masker
from seamwatch.reporting import REPORT_FORMATS
from seamwatch.reporting import formats as _formats  # noqa: F401  (registers the formats)
from seamwatch.runner.model import ContractRun
from seamwatch.reporting.step_summary import append_to_step_summary

__all__ = ["run_document", "write_reports"]


def run_document(run: ContractRun, masker: Masker) -> dict[str, Any]:
    """Everything a report shows. Masked here, once, so no renderer can leak a secret."""
    document = {
        "kind": "contract-test",
        "contract": run.contract,
        "base_url": run.base_url,
        "system": run.system,
        "pinned_version": run.pinned_version,
        "seed": run.seed,
        "phases": list(run.phases),
        "started_at": run.started_at,
        "duration_seconds": run.duration_seconds,
        "summary": run.summary(),
        "operations": [
            {"label": op.label, "operation_id": op.operation_id, "cases": op.cases,
             "checks": {name: vars(t) for name, t in sorted(op.checks.items())},
             "failures": [f.to_dict() for f in op.failures]}
            for op in sorted(run.operations.values(), key=lambda o: o.label)
        ],
        "known_failures": [f.to_dict() for f in run.known_failures],
        "errors": list(run.errors),
        "cleanup": list(run.cleanup),
    }
    return masker.data(document)


def write_reports(run: ContractRun, masker: Masker, directory: Path, stem: str,
                  formats: list[str] | None = None) -> dict[str, Path]:
    """Write each format to ``directory/stem.<suffix>``; append Markdown to the CI summary."""
    directory.mkdir(parents=True, exist_ok=True)
    document = run_document(run, masker)
    written: dict[str, Path] = {}
    for name, fmt in REPORT_FORMATS:
        if formats and name not in formats:
            continue
        path = directory / f"{stem}.{fmt.suffix}"
        path.write_text(fmt.render(document), encoding="utf-8")
        written[name] = path
    append_to_step_summary(written)
    return written
