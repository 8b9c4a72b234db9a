"""The demo's monitoring act: ``probe serve`` on a fast schedule, a lag fault, a page, a resolve.

The service runs in-process (its own event loop on a thread) against the demo's sandbox,
with a local PagerDuty-compatible sink as its only receiver. The timeline:

1. healthy: every probe passes;
2. ``bridge_lag`` switched on: order sync lag passes its (demo-sized) objective, the
   ``order-sync-lag`` SLO degrades, its page-severity burn rate fires, the sink is paged;
3. fault off: the short window clears, the alert resolves with the same ``dedup_key``.

SLO windows are seconds here instead of hours so the story fits in a minute; the engine,
policy and providers are the ones ``probe serve`` uses in production.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from seamwatch.config.loader import load_probe_config
from seamwatch.sandbox.faults import Fault
from seamwatch.sandbox.run import Sandbox
from seamwatch.service.logs import MaskingFilter
from seamwatch.service.serve import ProbeService
from seamwatch.testing.sink import HttpSink

__all__ = ["DEMO_LAG_SECONDS", "MonitoringRun", "demo_probe_file", "run_monitoring"]

DEMO_LAG_SECONDS = 3.0
# Demo-only credentials for the local sink: valid nowhere, set in this process only.
DEMO_ENV = {"SEAMWATCH_DEMO_ROUTING_KEY": "demo-routing-key-not-a-secret-000"}


@dataclass
class MonitoringRun:
    config_path: Path
    store_url: str
    status_url: str = ""
    pages: list[dict[str, Any]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    results: int = 0
    log_path: Path | None = None
    stop: Callable[[], None] = field(default=lambda: None)


def demo_probe_file(sandbox: Sandbox, reports: Path, sink_url: str) -> dict[str, Any]:
    s = sandbox.settings
    fast = {"first_interval_seconds": 0.1, "max_interval_seconds": 1.0, "backoff": 1.5}
    return {
        "systems": {
            "shopify": {"kind": "shopify", "base_url": s.shopify_base, "api_version": "2026-01",
                        "auth": {"token": "${SHOPIFY_ACCESS_TOKEN}"}},
            "erp": {"kind": "erp", "base_url": s.erp_base, "company_id": s.company_id,
                    "auth": {"token": "${ERP_ACCESS_TOKEN}"}},
        },
        "probes": [
            {"name": "shopify-locations", "kind": "http", "system": "shopify", "path": "/locations.json",
             "schedule": {"interval_seconds": 2},
             "conditions": ["[STATUS] == 200", "[HEADER].x-shopify-api-version == 2026-01"]},
            {"name": "erp-items", "kind": "http", "system": "erp",
             "path": f"/v2.0/companies({s.company_id})/items?$top=1", "schedule": {"interval_seconds": 2}},
            {"name": "order-roundtrip", "kind": "order_roundtrip", "shopify": "shopify", "erp": "erp",
             "timeout_seconds": 30, "late_after_seconds": 30, "poll": fast,
             "schedule": {"interval_seconds": 2}},
            {"name": "inventory-roundtrip", "kind": "inventory_roundtrip", "shopify": "shopify",
             "erp": "erp", "timeout_seconds": 30, "poll": fast, "schedule": {"interval_seconds": 3}},
        ],
        "storage": {"url": f"sqlite:///{(reports / 'demo-probes.sqlite').resolve()}"},
        "budget": {"shopify_bucket_share": 0.5, "max_orders_per_minute": 60},
        "service": {"port": 0, "evaluate_interval_seconds": 2, "shutdown_timeout_seconds": 40,
                    "webhooks": {"secret": "${SEAMWATCH_DEMO_WEBHOOK_SECRET}"},
                    "sweeper": {"interval_seconds": 30, "older_than_seconds": 60}},
        "slos": {"window": "10m", "min_samples": 2,
                 "burn_rates": [{"severity": "page", "long_window": "45s", "short_window": "15s", "factor": 4}],
                 "definitions": [{"name": "order-sync-lag", "objective": 1500, "page_threshold": 120000}]},
        "alerting": {"receivers": {"demo-pager": {"provider": "pagerduty", "url": f"{sink_url}/v2/enqueue",
                                                  "routing_key": "${SEAMWATCH_DEMO_ROUTING_KEY}"}},
                     "routes": {"default": ["demo-pager"]},
                     "policy": {"trigger_after": 2, "resolve_after": 2}},
    }


def run_monitoring(sandbox: Sandbox, reports: Path, duration: float,
                   progress: Callable[[str], None], keep_running: bool = False) -> MonitoringRun:
    """Serve the probes for about ``duration`` seconds with the lag fault in the middle third.

    With ``keep_running`` the service (and its status page) stays up; call ``run.stop()``.
    """
    _set_env(sandbox)
    db = reports / "demo-probes.sqlite"
    for stale in (db, db.with_suffix(".sqlite-wal"), db.with_suffix(".sqlite-shm")):
        stale.unlink(missing_ok=True)
    sink = HttpSink().start()
    path = reports / "demo-probes.yaml"
    path.write_text(yaml.safe_dump(demo_probe_file(sandbox, reports, sink.url), sort_keys=False))
    run = MonitoringRun(path, f"sqlite:///{db.resolve()}", log_path=reports / "demo-service.log")
    log_handler = _log_to_file(run.log_path)
    service = ProbeService(load_probe_config(path))
    log_handler.addFilter(MaskingFilter(service.masker))
    thread, loop = _start(service)

    def stop() -> None:
        if thread.is_alive():
            loop.call_soon_threadsafe(service.stop_event.set)
            thread.join(timeout=60)
        sink.stop()
        logging.getLogger().removeHandler(log_handler)
        log_handler.close()

    run.stop = stop
    try:
        run.status_url = service.base_url
        _timeline(sandbox, sink, service, duration, progress, run)
    finally:
        run.pages = [r.json for r in sink.requests if isinstance(r.json, dict)]
        run.results = service.runtime.results_stored
        if not keep_running:
            stop()
    return run


def _log_to_file(path: Path) -> logging.Handler:
    """The service's log goes to a file during the demo, so the terminal shows progress only."""
    handler = logging.FileHandler(path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    for name in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler


def _timeline(sandbox: Sandbox, sink: HttpSink, service: ProbeService, duration: float,
              progress: Callable[[str], None], run: MonitoringRun) -> None:
    healthy = max(10.0, duration * 0.3)
    progress(f"probes healthy for {healthy:.0f} s")
    time.sleep(healthy)
    progress(f"bridge lag fault on ({DEMO_LAG_SECONDS:g} s): waiting for the page")
    sandbox.faults.set([Fault(kind="bridge_lag", scope="bridge", lag_seconds=DEMO_LAG_SECONDS)])
    triggered = _wait(lambda: _action(sink, "trigger"), max(30.0, duration * 0.6))
    run.lines.append(f"page sent to the local sink: {'yes' if triggered else 'NO'}")
    progress("fault off: waiting for the resolve")
    sandbox.faults.set([])
    resolved = _wait(lambda: _action(sink, "resolve"), max(45.0, duration * 0.6))
    run.lines.append(f"resolve sent with the same dedup_key: {'yes' if resolved and _same_key(sink) else 'NO'}")


def _action(sink: HttpSink, action: str) -> bool:
    return any(isinstance(r.json, dict) and r.json.get("event_action") == action for r in sink.accepted)


def _same_key(sink: HttpSink) -> bool:
    keys = {r.json.get("event_action"): r.json.get("dedup_key") for r in sink.accepted if isinstance(r.json, dict)}
    return keys.get("trigger") is not None and keys.get("trigger") == keys.get("resolve")


def _wait(check: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.25)
    return check()


def _set_env(sandbox: Sandbox) -> None:
    s = sandbox.settings
    os.environ.update({"SEAMWATCH_DEMO_ROUTING_KEY": DEMO_ENV["SEAMWATCH_DEMO_ROUTING_KEY"],
                       "SEAMWATCH_DEMO_WEBHOOK_SECRET": s.webhook_secret,
                       "SHOPIFY_ACCESS_TOKEN": s.shopify_token, "ERP_ACCESS_TOKEN": s.erp_token})


def _start(service: ProbeService) -> tuple[threading.Thread, asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()

    def main() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(service.run())
        loop.close()

    thread = threading.Thread(target=main, name="seamwatch-demo-service", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while (service.server is None or not service.server.started) and time.monotonic() < deadline:
        if not thread.is_alive():
            raise RuntimeError("the demo probe service stopped during start-up")
        time.sleep(0.05)
    return thread, loop
