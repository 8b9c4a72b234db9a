"""Every built-in SLO (success rate per system, sync lag p95 per direction, API latency p95
per system+operation, webhook delivery per topic; 3 burn-rate rules each) over 1,000,000
stored runs (each with one API call) and 200,000 webhook deliveries in a SQLite file.

Baseline, same run and file: a bare ``SELECT count(*), sum(...)`` scan of ``probe_runs``
and of ``api_calls`` (the least any exact answer must read). Goal (issue 7): < 1 s.

Rows are seeded with ``executemany`` on the store's own schema (the store's ``add_results``
runs at ~10k results/s and would spend minutes here); bucket columns come from the same
``bucket_of``/``run_lag_bucket`` the store calls on insert.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from seamwatch.config import Slos
from seamwatch.core.clock import FakeClock
from seamwatch.slo import bucket_of, evaluate, run_lag_bucket
from seamwatch.storage import open_store
from seamwatch.storage.slo_queries import SqlSliSource
from tests.benchmarks.common import best_of

NOW = datetime(2026, 3, 1, tzinfo=UTC)
_ISO = "%Y-%m-%dT%H:%M:%S.%fZ"
_OPS = [("shopify", "orderCreate"), ("shopify", "orderCancel"), ("shopify", "locations"),
        ("erp", "salesOrders"), ("erp", "items"), ("erp", "itemLedger")]
_TOPICS = ["orders/create", "orders/cancelled", "inventory_levels/update"]


def _seed(path: Path, n: int) -> None:
    rnd = random.Random(7)
    step = 30 * 86400 / n
    runs: list[tuple[Any, ...]] = []
    calls: list[tuple[Any, ...]] = []
    for i in range(n):
        at = (NOW - timedelta(seconds=i * step)).strftime(_ISO)
        ok = rnd.random() > 0.004
        cls = None if ok else rnd.choice(["late", "http_5xx", "timeout"])
        direction = ("shopify_to_erp", "erp_to_shopify")[i % 2]
        lag = rnd.lognormvariate(9.5, 0.6) if ok else None
        run_id = f"{i:036d}"
        runs.append((run_id, f"probe-{i % 12}", "order_roundtrip", ("shopify", "erp", "bridge")[i % 3],
                     at, at, 2000.0, ok, cls, None, "", lag, direction, run_lag_bucket(lag, direction, cls)))
        system, op = _OPS[i % len(_OPS)]
        latency = rnd.lognormvariate(5.3, 0.5)
        calls.append((run_id, 0, system, op, "GET", 200, latency, at, bucket_of(latency)))
    hooks = []
    for i in range(n // 5):
        expected = NOW - timedelta(seconds=i * step * 5)
        arrived = rnd.random() > 0.003
        delay = rnd.uniform(100, 5000) if arrived else None
        hooks.append((f"h{i}", "orders", _TOPICS[i % 3], f"r{i}", expected.strftime(_ISO),
                      (expected + timedelta(milliseconds=delay)).strftime(_ISO) if delay else None, delay))
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("BEGIN")
        db.executemany("INSERT INTO probe_runs (id, probe, kind, system, started_at, finished_at, duration_ms, "
                       "success, classification, failed_step, message, sync_lag_ms, direction, lag_bucket) "
                       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", runs)
        db.executemany("INSERT INTO api_calls (run_id, seq, system, operation, method, status, latency_ms, "
                       "started_at, latency_bucket) VALUES (?,?,?,?,?,?,?,?,?)", calls)
        db.executemany("INSERT INTO webhook_deliveries VALUES (?,?,?,?,?,?,?)", hooks)
        db.execute("COMMIT")


def run(smoke: bool = False) -> dict[str, Any]:
    n = 5_000 if smoke else 1_000_000
    definitions = Slos().resolved()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "slo.db"
        with open_store(f"sqlite:///{path}", FakeClock(NOW)) as store:
            _seed(path, n)
            statuses: list[Any] = []

            def ours() -> None:
                statuses[:] = evaluate(definitions, SqlSliSource(store), NOW)

            def baseline() -> None:
                with store.engine.connect() as conn:
                    conn.exec_driver_sql("SELECT count(*), sum(success) FROM probe_runs").all()
                    conn.exec_driver_sql("SELECT count(*), sum(latency_ms) FROM api_calls").all()

            repeat = 3
            seconds = best_of(ours, repeat)
            base = best_of(baseline, repeat)
    return {
        "benchmark": "SLO evaluation (SQLite)",
        "runs": n,
        "api_calls": n,
        "webhook_deliveries": n // 5,
        "slo_statuses": len(statuses),
        "seconds": round(seconds, 3),
        "baseline_bare_count_scan_seconds": round(base, 3),
        "ratio_vs_bare_count_scan": round(seconds / base, 2),
        "goal": "< 1 s for every SLO over 1,000,000 runs",
    }
