"""A fixed store for probe-report and status-page tests: fixed clock, fixed run ids, planted secrets.

Three probes over 24 h: ``shopify-locations`` always succeeds; ``erp-items`` fails its last
three runs (degraded); ``order-roundtrip`` syncs with growing lag, one run late. Failure
messages carry :data:`ERP_TOKEN`, the ERP system's token, which must never be shown.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from seamwatch.config import ProbeConfig, load_probe_config
from seamwatch.core.results import CallLatency, ProbeResult, StepTiming
from seamwatch.slo.model import BurnRate, SloStatus
from seamwatch.storage import SqlStore

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
ERP_TOKEN = "erp-secret-7f3a9c1d2e4b"
SHOPIFY_TOKEN = "shpat_planted_0a1b2c3d4e5f"
TOKEN_ENV = {"SW_TEST_ERP_TOKEN": ERP_TOKEN, "SW_TEST_SHOPIFY_TOKEN": SHOPIFY_TOKEN}
RUNS_PER_PROBE = 12

PROBE_FILE: dict[str, Any] = {
    "systems": {
        "shopify": {"kind": "shopify", "base_url": "http://127.0.0.1:1/admin/api/2026-01",
                    "auth": {"token": "${SW_TEST_SHOPIFY_TOKEN}"}},
        "erp": {"kind": "erp", "base_url": "http://127.0.0.1:2/api", "auth": {"token": "${SW_TEST_ERP_TOKEN}"}},
    },
    "probes": [
        {"name": "shopify-locations", "kind": "http", "system": "shopify", "path": "/locations.json",
         "schedule": {"interval_seconds": 60}},
        {"name": "erp-items", "kind": "http", "system": "erp", "path": "/items", "schedule": {"interval_seconds": 60}},
        {"name": "order-roundtrip", "kind": "order_roundtrip", "shopify": "shopify", "erp": "erp",
         "schedule": {"interval_seconds": 300}},
    ],
}


def write_probe_file(directory: Path, storage_url: str) -> Path:
    path = directory / "probes.yaml"
    path.write_text(yaml.safe_dump({**PROBE_FILE, "storage": {"url": storage_url}}, sort_keys=False))
    return path


def probe_config(directory: Path, storage_url: str = "sqlite:///unused.db") -> ProbeConfig:
    return load_probe_config(write_probe_file(directory, storage_url))


def run_id(n: int) -> str:
    return f"00000000-0000-7000-8000-{n:012d}"


def _http(n: int, probe: str, system: str, at: datetime, ok: bool, latency: float) -> ProbeResult:
    return ProbeResult(
        run_id=run_id(n), probe=probe, kind="http", system=system, started_at=at,
        finished_at=at + timedelta(milliseconds=latency), duration_ms=latency, success=ok,
        classification=None if ok else "http_5xx", failed_step=None if ok else "request",
        message="" if ok else f"GET /items returned 503; Authorization: Bearer {ERP_TOKEN}",
        steps=[StepTiming("request", at, latency, ok)],
        calls=[CallLatency(system, f"GET {probe}", "GET", 200 if ok else 503, latency)])


def _roundtrip(n: int, at: datetime, index: int) -> ProbeResult:
    late = index == 7
    lag = 1_500.0 * (index + 1) if not late else 95_000.0
    return ProbeResult(
        run_id=run_id(n), probe="order-roundtrip", kind="order_roundtrip", system="erp", started_at=at,
        finished_at=at + timedelta(milliseconds=lag + 400), duration_ms=lag + 400, success=not late,
        classification="late" if late else None, failed_step="poll_erp" if late else None,
        message=f"order arrived after {lag / 1000:g} s (token={ERP_TOKEN})" if late else "",
        sync_lag_ms=lag, direction="shopify_to_erp",
        calls=[CallLatency("shopify", "orderCreate", "POST", 201, 80.0 + index),
               CallLatency("erp", "salesOrders", "GET", 200, 40.0 + 2 * index)])


def results() -> list[ProbeResult]:
    """36 results, two hours apart per probe, from 23.5 h to about 1.5 h before :data:`NOW`."""
    out: list[ProbeResult] = []
    for i in range(RUNS_PER_PROBE):
        at = NOW - timedelta(hours=23, minutes=30) + timedelta(hours=2 * i)
        out.append(_http(3 * i, "shopify-locations", "shopify", at, True, 100.0 + 5 * i))
        out.append(_http(3 * i + 1, "erp-items", "erp", at + timedelta(minutes=1), i < RUNS_PER_PROBE - 3, 50.0 + i))
        out.append(_roundtrip(3 * i + 2, at + timedelta(minutes=2), i))
    return out


def seed(store: SqlStore) -> list[ProbeResult]:
    stored = results()
    store.add_results(stored)
    return stored


def slo_statuses() -> list[SloStatus]:
    """Hand-built SLO figures: sync lag breached for the round trip, ERP success degraded."""
    page = BurnRate("page", 3600, 300, 14.4, 20.0, 30.0, 12, 2, True)
    ticket = BurnRate("ticket", 259200, 21600, 1.0, 2.5, None, 12, 1, False)
    return [
        SloStatus(name="order-sync-lag", sli="sync_lag", scope="probe:order-roundtrip", system="bridge",
                  unit="ms", objective=60_000.0, page_threshold=90_000.0, percentile=0.95, value=95_000.0,
                  samples=12, window_seconds=2_592_000, state="breached", budget_remaining=-0.67,
                  burn_rates=(page, ticket), evaluated_at="2026-03-02T12:00:00Z",
                  message=f"p95 sync lag 95 s (token={ERP_TOKEN})"),
        SloStatus(name="erp-success", sli="success_rate", scope="system:erp", system="erp", unit="ratio",
                  objective=0.995, page_threshold=0.99, percentile=None, value=0.75, samples=12,
                  window_seconds=2_592_000, state="degraded", budget_remaining=0.25,
                  burn_rates=(BurnRate("page", 3600, 300, 14.4, None, None, 0, 0, False),),
                  evaluated_at="2026-03-02T12:00:00Z"),
    ]
