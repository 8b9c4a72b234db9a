"""Run the demo steps against a sandbox on free ports, with progress on the terminal."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from seamwatch.demo.steps import (
    DemoContext,
    StepResult,
    contract_tests,
    drift_between_versions,
    live_drift,
    validate,
)
from seamwatch.demo.monitor_steps import monitoring, probe_reports
from seamwatch.sandbox.run import Sandbox
from seamwatch.sandbox.settings import SandboxSettings

__all__ = ["run_demo"]

STEPS: list[Callable[[DemoContext], StepResult]] = [
    validate, contract_tests, monitoring, drift_between_versions, live_drift, probe_reports]


def run_demo(contracts: Path, reports: Path, console: Console, max_examples: int = 5,
             keep_running: bool = False, duration: float = 60.0) -> bool:
    reports.mkdir(parents=True, exist_ok=True)
    # A raised bucket: the demo is about findings, not about waiting for a leaky bucket.
    settings = SandboxSettings(shopify_port=0, erp_port=0, bridge_port=0, bucket_size=100_000,
                               leak_per_second=1_000.0, bridge_db=reports / "demo-bridge.sqlite",
                               inventory_sync_interval=0.2)
    results: list[StepResult] = []
    with Sandbox(settings) as sandbox:
        console.print(f"sandbox: Shopify {sandbox.settings.shopify_base}  ERP {sandbox.settings.erp_base}")
        ctx = DemoContext(sandbox, contracts, reports, max_examples, duration, keep_running)
        columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console) as progress:
            task = progress.add_task("demo", total=len(STEPS))
            for step in STEPS:
                title = (step.__doc__ or step.__name__).split("\n")[0][:60]
                progress.update(task, description=title)
                ctx.progress = lambda message, title=title: progress.update(
                    task, description=f"{title[:40]}: {message}")
                results.append(step(ctx))
                progress.advance(task)
        _print(console, results)
        console.print(f"reports: {reports}/ (probe-report.html, contract-*.html, drift.html, live-drift.html)")
        if keep_running:
            if ctx.monitoring is not None:
                console.print(f"status page: {ctx.monitoring.status_url}/  metrics: {ctx.monitoring.status_url}/metrics")
            console.print("sandbox and probe service left running; Ctrl-C to stop")
            _wait()
        if ctx.monitoring is not None:
            ctx.monitoring.stop()
    return all(r.ok for r in results)


def _print(console: Console, results: list[StepResult]) -> None:
    for result in results:
        mark = "[green]ok[/green]" if result.ok else "[red]FAILED[/red]"
        console.print(f"{mark} {result.title}")
        for line in result.lines:
            console.print(f"   {line}", soft_wrap=True)
        for path in result.files:
            console.print(f"   -> {path}", soft_wrap=True)


def _wait() -> None:
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
