"""The demo's steps. Each returns what it showed and whether it worked as intended."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from seamwatch.contracts.spec import load_contract
from seamwatch.contracts.validate import validate_paths
from seamwatch.core.http import HttpSettings, build_client
from seamwatch.core.secrets import Masker
from seamwatch.drift import diff_files
from seamwatch.drift.render import render
from seamwatch.drift.sampling import sample_live
from seamwatch.reporting.contract_run import write_reports
from seamwatch.runner.engine import run_contract
from seamwatch.runner.model import RunOptions
from seamwatch.sandbox.faults import Fault
from seamwatch.sandbox.run import Sandbox

__all__ = ["DemoContext", "StepResult", "contract_tests", "drift_between_versions", "live_drift", "validate"]


@dataclass
class StepResult:
    title: str
    ok: bool
    lines: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


@dataclass
class DemoContext:
    sandbox: Sandbox
    contracts: Path
    reports: Path
    max_examples: int
    duration: float = 60.0
    keep_running: bool = False
    progress: Callable[[str], None] = field(default=lambda _message: None)
    monitoring: Any = None      # the monitoring step's MonitoringRun, for the report step

    @property
    def shopify(self) -> Path:
        return self.contracts / "shopify/admin-rest-2026-01.yaml"

    @property
    def erp(self) -> Path:
        return self.contracts / "erp/business-central-v2.0.yaml"


def validate(ctx: DemoContext) -> StepResult:
    """Validate the shipped contracts and mappings."""
    reports = validate_paths([ctx.contracts])
    lines = [f"{r.path.relative_to(ctx.contracts)}: {r.status} "
             f"({r.summary.get('operations', r.summary.get('fields', ''))} {'operations' if 'operations' in r.summary else 'fields'})"
             for r in reports if r.kind in ("openapi", "mapping")]
    return StepResult("validate the shipped contracts", all(r.status == "ok" for r in reports), lines)


def contract_tests(ctx: DemoContext) -> StepResult:
    """Run both contracts against the sandbox (Schemathesis + seamwatch checks)."""
    s = ctx.sandbox.settings
    runs = [
        ("shopify", ctx.shopify, s.shopify_base, {"X-Shopify-Access-Token": s.shopify_token}, {}),
        ("erp", ctx.erp, s.erp_base, {"Authorization": f"Bearer {s.erp_token}"}, {"companyId": s.company_id}),
    ]
    result = StepResult("contract tests against the sandbox", True)
    for system, contract, base_url, headers, params in runs:
        run = run_contract(RunOptions(contract=contract, base_url=base_url, headers=headers, parameters=params,
                                      max_examples=ctx.max_examples, seed=2026))
        written = write_reports(run, Masker(headers.values()), ctx.reports, f"contract-{system}")
        summary = run.summary()
        result.ok &= run.ok
        result.lines.append(f"{system}: {summary['operations']} operations, {summary['cases']} cases, "
                            f"{summary['failures']} failures in {run.duration_seconds:.1f} s")
        result.files += [written["html"], written["junit"]]
    return result


def drift_between_versions(ctx: DemoContext) -> StepResult:
    """Diff the pinned contract with a made-up next version (a copy the demo edits)."""
    data = yaml.safe_load(ctx.shopify.read_text(encoding="utf-8"))
    order = data["components"]["schemas"]["Order"]
    order["properties"].pop("total_price")
    order["required"].remove("total_price")
    data["info"]["title"] += " (demo's hypothetical next version, not Shopify's)"
    next_version = ctx.reports / "demo-next-version.yaml"
    next_version.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    report = diff_files(ctx.shopify, next_version, mappings=ctx.contracts / "mappings")
    path = ctx.reports / "drift.html"
    path.write_text(render(report, "html"), encoding="utf-8")
    mapped = sorted({f"{c.id} affects mapping {', '.join(c.mappings)}" for c in report.changes if c.mappings})
    counts = report.counts()
    lines = [f"{counts['breaking']} breaking, {counts['warning']} warning, {counts['info']} info "
             f"(Order.total_price removed in the copy)", *mapped]
    return StepResult("drift: pinned contract vs a hypothetical next version", bool(mapped), lines, [path])


def live_drift(ctx: DemoContext) -> StepResult:
    """Switch a schema-drift fault on and let live drift find it."""
    s = ctx.sandbox.settings
    contract = load_contract(ctx.shopify)
    headers = {"X-Shopify-Access-Token": s.shopify_token}
    with build_client(headers=headers, settings=HttpSettings(timeout=10)) as client:
        variant = client.get(f"{s.shopify_base}/products.json").json()["products"][0]["variants"][0]["id"]
        client.post(f"{s.shopify_base}/orders.json",
                    json={"order": {"line_items": [{"variant_id": variant, "quantity": 1}], "test": True,
                                    "tags": "seamwatch-synthetic"}})
        clean = sample_live(contract, client, s.shopify_base).report
        ctx.sandbox.faults.set([Fault(kind="schema_drift", scope="shopify", drift="rename_field", field="total_price")])
        try:
            drifted = sample_live(contract, client, s.shopify_base).report
        finally:
            ctx.sandbox.faults.clear()
    path = ctx.reports / "live-drift.html"
    path.write_text(render(drifted, "html"), encoding="utf-8")
    found = sorted({c.message.split(": ", 1)[-1] for c in drifted.changes})
    ok = not clean.changes and any("total_price" in m for m in found)
    return StepResult("live drift: a renamed field switched on in the sandbox", ok,
                      [f"clean sandbox: {len(clean.changes)} differences", *[f"with the fault: {m}" for m in found]],
                      [path])
