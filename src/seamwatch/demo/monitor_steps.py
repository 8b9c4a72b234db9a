"""The demo's monitoring and reporting steps (issue 8): probes, a page, a resolve, reports."""

from __future__ import annotations

from datetime import timedelta

from seamwatch.config.loader import load_probe_config
from seamwatch.core.clock import SystemClock
from seamwatch.core.secrets import Masker
from seamwatch.demo.monitoring import DEMO_ENV, run_monitoring
from seamwatch.demo.steps import DemoContext, StepResult
from seamwatch.reporting.probe_output import write_probe_reports
from seamwatch.reporting.probe_report import build_probe_report, report_document
from seamwatch.slo import Routing, evaluate
from seamwatch.storage import open_store
from seamwatch.storage.slo_queries import SqlSliSource

__all__ = ["monitoring", "probe_reports"]


def monitoring(ctx: DemoContext) -> StepResult:
    """Serve the probes; a bridge lag fault pages the local sink, then resolves."""
    run = run_monitoring(ctx.sandbox, ctx.reports, ctx.duration, ctx.progress, ctx.keep_running)
    ctx.monitoring = run
    actions = [(p.get("event_action"), p.get("dedup_key")) for p in run.pages]
    triggers = [key for action, key in actions if action == "trigger"]
    resolves = [key for action, key in actions if action == "resolve"]
    ok = bool(triggers) and set(triggers) <= set(resolves)
    lines = [f"{run.results} probe results stored in {run.store_url}", *run.lines,
             *[f"sink received {action}: {key}" for action, key in actions]]
    return StepResult("probe serve: order and inventory round-trips, a lag fault, a page and its resolve",
                      ok, lines, [run.config_path, run.log_path])


def probe_reports(ctx: DemoContext) -> StepResult:
    """Write the probe report (HTML, JSON, Markdown) from the demo's store."""
    run = ctx.monitoring
    if run is None:
        return StepResult("probe reports", False, ["the monitoring step did not run"])
    config = load_probe_config(run.config_path)
    clock = SystemClock()
    now = clock.now()
    with open_store(config.storage.url, clock) as store:
        statuses = evaluate(config.slos.resolved(), SqlSliSource(store), now, Routing.from_config(config))
        report = build_probe_report(store, now - timedelta(minutes=15), now + timedelta(seconds=1),
                                    generated_at=now, bucket_seconds=10, slo_statuses=statuses)
    document = report_document(report, Masker([DEMO_ENV["SEAMWATCH_DEMO_ROUTING_KEY"],
                                               ctx.sandbox.settings.shopify_token,
                                               ctx.sandbox.settings.erp_token]))
    written = write_probe_reports(document, ctx.reports)
    states = sorted({f"{s.name} {s.scope}: {s.state}" for s in statuses if s.sli != "api_latency"})
    return StepResult("probe report with charts (HTML, JSON, Markdown)", bool(written), states,
                      list(written.values()))
