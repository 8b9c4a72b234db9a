"""`seamwatch slo ...`: SLO verdicts from the result store, and Prometheus rules for them."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from seamwatch.config import load_probe_config
from seamwatch.core.clock import SystemClock
from seamwatch.core.errors import UsageError
from seamwatch.reporting.prometheus_rules import render_rules
from seamwatch.slo import Routing, SloStatus, evaluate
from seamwatch.storage import open_store
from seamwatch.storage.slo_queries import SqlSliSource

app = typer.Typer(help="Service-level objectives: status from the store, Prometheus rules.",
                  no_args_is_help=True)

DEFAULT_CONFIG = Path("probes/sandbox.yaml")
_STYLE = {"ok": "green", "degraded": "yellow", "breached": "bold red", "no_data": "dim"}


@app.command("status")
def status(
    config: Path = typer.Option(DEFAULT_CONFIG, "--config", help="Probe file with storage and slos."),
    output_format: str = typer.Option("table", "--format", help="table or json."),
) -> None:
    """Every SLO with state, value, budget left and burn rates, read from the store.

    Exit 0 when none is breached, 1 when any is, 2 for config or storage errors.
    """
    if output_format not in ("table", "json"):
        raise UsageError(f"unknown format {output_format!r}", field="--format", fix="use table or json")
    probe_config = load_probe_config(config)
    clock = SystemClock()
    with open_store(probe_config.storage.url, clock) as store:
        statuses = evaluate(probe_config.slos.resolved(), SqlSliSource(store), clock.now(),
                            Routing.from_config(probe_config))
    if output_format == "json":
        typer.echo(json.dumps([_as_json(s) for s in statuses], indent=2, allow_nan=False))
    else:
        _print_table(statuses)
    raise typer.Exit(1 if any(s.state == "breached" for s in statuses) else 0)


@app.command("rules")
def rules(
    config: Path = typer.Option(DEFAULT_CONFIG, "--config", help="Probe file with slos."),
    output: Path | None = typer.Option(None, "--output", help="Write here instead of stdout."),
) -> None:
    """Prometheus alerting rules for the multiwindow burn-rate alerts (check with promtool)."""
    text = render_rules(load_probe_config(config).slos.resolved())
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)


def _shown(s: SloStatus, value: float | None) -> str:
    if value is None:
        return "-"
    if s.unit == "ratio":
        return f"{value:.3%}"
    return "never arrived" if math.isinf(value) else f"{value:,.0f} ms"


def _print_table(statuses: list[SloStatus]) -> None:
    table = Table(title="SLOs", title_justify="left")
    for column in ("SLO", "scope", "state", "value", "objective", "samples", "budget left", "burn rates"):
        table.add_column(column)
    for s in statuses:
        value = _shown(s, s.value)
        if s.percentile is not None:
            value = f"p{s.percentile * 100:g} {value}"
        burns = "  ".join(f"{b.label} {_rate(b.long_rate)}/{_rate(b.short_rate)}{' FIRING' if b.firing else ''}"
                          for b in s.burn_rates)
        budget = "-" if s.budget_remaining is None else f"{s.budget_remaining:.1%}"
        table.add_row(s.name, s.scope, f"[{_STYLE[s.state]}]{s.state}[/]", value, _shown(s, s.objective),
                      str(s.samples), budget, burns)
    console = Console(highlight=False, width=200)
    console.print(table if statuses else "no SLO has samples in the store yet")


def _rate(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.2g}x"


def _finite(value: float | None) -> float | str | None:
    # JSON has no infinity; a sync that never arrived is reported as the string "+Inf".
    return "+Inf" if value is not None and math.isinf(value) else value


def _as_json(s: SloStatus) -> dict[str, Any]:
    return {
        "name": s.name, "sli": s.sli, "scope": s.scope, "system": s.system, "unit": s.unit,
        "state": s.state, "value": _finite(s.value), "objective": s.objective,
        "page_threshold": s.page_threshold, "percentile": s.percentile, "samples": s.samples,
        "window_seconds": s.window_seconds, "budget_remaining": s.budget_remaining,
        "paging": s.paging, "message": s.message, "evaluated_at": s.evaluated_at,
        "burn_rates": [{"window": b.label, "severity": b.severity, "factor": b.threshold,
                        "long_rate": b.long_rate, "short_rate": b.short_rate,
                        "long_samples": b.long_samples, "short_samples": b.short_samples,
                        "firing": b.firing} for b in s.burn_rates],
    }
