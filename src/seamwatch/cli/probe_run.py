"""`seamwatch probe run --once` and `seamwatch probe serve`: wiring only."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from seamwatch.config import load_probe_config
from seamwatch.config.secrets import resolve_secrets
from seamwatch.core.clock import SystemClock
from seamwatch.core.errors import UsageError
from seamwatch.core.results import ProbeResult
from seamwatch.service.once import run_once
from seamwatch.storage import open_store

__all__ = ["run_command", "serve_command"]

CONFIG_HELP = "Probe file (default: probes/sandbox.yaml)."


def run_command(
    config_path: Path = typer.Option(Path("probes/sandbox.yaml"), "--config", help=CONFIG_HELP),
    once: bool = typer.Option(False, "--once", help="Run every probe once and exit (for CI and cron)."),
    only: list[str] = typer.Option(None, "--probe", help="Run only this probe; repeatable."),
    output: str = typer.Option("table", "--format", help="table or json."),
) -> None:
    """Run every probe once and exit: 0 when all passed, 1 when any failed, 2 on config errors."""
    if not once:
        raise UsageError("probe run needs --once (use `seamwatch probe serve` for the schedule)",
                         field="--once", fix="add --once, or run `seamwatch probe serve`")
    if output not in ("table", "json"):
        raise UsageError(f"unknown format {output!r}", field="--format", fix="use table or json")
    config = load_probe_config(config_path)
    probes = _selected(config, only or [])
    tokens = resolve_secrets(config)
    clock = SystemClock()
    console = Console(highlight=False, stderr=output == "json")
    with open_store(config.storage.url, clock) as store:
        results = asyncio.run(run_once(config, store, clock, tokens, probes,
                                       on_result=lambda r: console.print(_line(r))))
    if output == "json":
        typer.echo(json.dumps([_as_json(r) for r in results], indent=2))
    else:
        console.print(_table(results))
    failed = sum(not r.success for r in results)
    console.print(f"{len(results) - failed}/{len(results)} probes passed; results in {config.storage.url}")
    raise typer.Exit(1 if failed else 0)


def serve_command(
    config_path: Path = typer.Option(Path("probes/sandbox.yaml"), "--config", help=CONFIG_HELP),
    port: int = typer.Option(None, "--port", help="Override service.port (0: a free port)."),
) -> None:
    """Run the probes on their schedules with metrics, status page, webhooks and alerts."""
    from seamwatch.service.serve import serve

    config = load_probe_config(config_path)
    raise typer.Exit(serve(config, port=port))


def _selected(config: object, names: list[str]) -> list[object]:
    probes = list(config.probes)  # type: ignore[attr-defined]
    if not names:
        return probes
    known = {p.name for p in probes}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(f"no probe named {unknown[0]!r} (known: {', '.join(sorted(known))})",
                         field="--probe", fix="name a probe from the probe file")
    return [p for p in probes if p.name in names]


def _line(result: ProbeResult) -> str:
    mark = "[green]ok[/]" if result.success else f"[red]{result.classification}[/]"
    return f"{result.probe}: {mark} ({result.duration_ms:.0f} ms) {result.message}"


def _table(results: list[ProbeResult]) -> Table:
    table = Table(title="probe results", title_justify="left")
    for column in ("probe", "kind", "result", "failed step", "lag", "duration"):
        table.add_column(column)
    for r in results:
        lag = f"{r.sync_lag_ms / 1000:.3f} s" if r.sync_lag_ms is not None else "-"
        table.add_row(r.probe, r.kind, "ok" if r.success else str(r.classification),
                      r.failed_step or "-", lag, f"{r.duration_ms:.0f} ms")
    return table


def _as_json(r: ProbeResult) -> dict[str, object]:
    return {"run_id": r.run_id, "probe": r.probe, "kind": r.kind, "success": r.success,
            "classification": r.classification, "failed_step": r.failed_step,
            "message": r.message, "sync_lag_ms": r.sync_lag_ms, "direction": r.direction,
            "duration_ms": r.duration_ms,
            "steps": [{"name": s.name, "duration_ms": s.duration_ms, "ok": s.ok} for s in r.steps],
            "calls": [{"system": c.system, "operation": c.operation, "status": c.status,
                       "latency_ms": c.latency_ms} for c in r.calls]}
