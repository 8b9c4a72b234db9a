"""`seamwatch report`: the probe report (HTML, JSON, Markdown) for a time window, from the store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import typer

from seamwatch.config import ProbeConfig, load_probe_config
from seamwatch.core.clock import SystemClock
from seamwatch.core.errors import SecretError, UsageError
from seamwatch.core.secrets import Masker, resolve_secret
from seamwatch.reporting.probe_output import format_names, write_probe_reports
from seamwatch.reporting.probe_report import build_probe_report, report_document
from seamwatch.reporting.time_range import DEFAULT_WINDOW, bucket_seconds_for, parse_instant
from seamwatch.slo import evaluate
from seamwatch.slo.model import SloStatus
from seamwatch.slo.routing import Routing
from seamwatch.storage import SqlStore, open_store
from seamwatch.storage.slo_queries import SqlSliSource

__all__ = ["report"]

DEFAULT_CONFIG = Path("probes/sandbox.yaml")


def _masker(config: ProbeConfig) -> Masker:
    """Mask every system token that resolves here; one that does not cannot leak either."""
    masker = Masker()
    for system in config.systems.values():
        if system.auth is not None:
            try:
                masker.add(resolve_secret(system.auth.token))
            except SecretError:
                continue
    return masker


def _slo_statuses(config: ProbeConfig, store: SqlStore, now: datetime) -> Sequence[SloStatus]:
    """The SLO figures as of ``now``, evaluated from the store (the single seam for SLOs)."""
    return evaluate(config.slos.resolved(), SqlSliSource(store), now, Routing.from_config(config))


def report(
    config_path: Path = typer.Option(DEFAULT_CONFIG, "--config", help="Probe file (for storage.url and SLOs)."),
    since: str = typer.Option("24h", "--since", help="Window start: a duration before now (24h, 30m, 7d) or ISO-8601."),
    until: str = typer.Option("0s", "--until", help="Window end: a duration before now or ISO-8601. Default now."),
    output_dir: Path = typer.Option(Path("reports"), "--output-dir", help="Where probe-report.* are written."),
    formats: str = typer.Option("html,json,md", "--format", help="Comma-separated: html, json, md (markdown)."),
) -> None:
    """Write the probe report (success rate, latency, sync lag, SLO budgets, failures) for a window.

    Exit 0 when the report was written (whatever it shows), 2 for usage, config or storage errors.
    """
    wanted = format_names([f for f in formats.split(",") if f.strip()])
    config = load_probe_config(config_path)
    clock = SystemClock()
    now = clock.now()
    start, end = parse_instant(since, now, option="--since"), parse_instant(until, now, option="--until")
    if start >= end:
        raise UsageError(f"--since ({start.isoformat()}) is not before --until ({end.isoformat()})",
                         field="--since", fix=f"give a window, e.g. --since {int(DEFAULT_WINDOW.total_seconds() // 3600)}h")
    with open_store(config.storage.url, clock) as store:
        built = build_probe_report(store, start, end, generated_at=now, bucket_seconds=bucket_seconds_for(end - start),
                                   slo_statuses=_slo_statuses(config, store, end))
    document = report_document(built, _masker(config))
    for path in write_probe_reports(document, output_dir, wanted).values():
        typer.echo(str(path))
    if document["notice"]:
        typer.echo(document["notice"])
