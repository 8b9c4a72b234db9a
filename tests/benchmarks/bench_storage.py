"""SQLite insert throughput of the result store; baseline: raw ``sqlite3`` executemany of the
same rows into equivalent tables (same pragmas, same one-transaction-per-batch).

Each result carries 4 steps and 3 API calls, like an order round-trip.
Goal (issue 6): >= 10,000 results per second, batched.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from collections.abc import Sequence
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from seamwatch.core.clock import SystemClock
from seamwatch.storage import CallLatency, ProbeResult, StepTiming, new_run_id, open_store

BATCH = 1_000
_ISO = "%Y-%m-%dT%H:%M:%S.%fZ"
_RAW_SCHEMA = """
CREATE TABLE probe_runs (id VARCHAR(36) PRIMARY KEY, probe VARCHAR(200) NOT NULL, kind VARCHAR(50) NOT NULL,
  system VARCHAR(100) NOT NULL, started_at VARCHAR(27) NOT NULL, finished_at VARCHAR(27) NOT NULL,
  duration_ms FLOAT NOT NULL, success BOOLEAN NOT NULL, classification VARCHAR(30), failed_step VARCHAR(200),
  message TEXT NOT NULL, sync_lag_ms FLOAT, direction VARCHAR(20));
CREATE INDEX ix_probe_runs_probe_started_at ON probe_runs (probe, started_at);
CREATE INDEX ix_probe_runs_started_at ON probe_runs (started_at);
CREATE INDEX ix_probe_runs_classification ON probe_runs (classification);
CREATE TABLE probe_steps (run_id VARCHAR(36) REFERENCES probe_runs (id) ON DELETE CASCADE, seq INTEGER,
  name VARCHAR(200) NOT NULL, started_at VARCHAR(27) NOT NULL, duration_ms FLOAT NOT NULL, ok BOOLEAN NOT NULL,
  error TEXT, PRIMARY KEY (run_id, seq));
CREATE TABLE api_calls (run_id VARCHAR(36) REFERENCES probe_runs (id) ON DELETE CASCADE, seq INTEGER,
  system VARCHAR(100) NOT NULL, operation VARCHAR(200) NOT NULL, method VARCHAR(10) NOT NULL, status INTEGER,
  latency_ms FLOAT NOT NULL, PRIMARY KEY (run_id, seq));
"""


def _results(n: int) -> list[ProbeResult]:
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    out = []
    for i in range(n):
        at = t0 + timedelta(seconds=i)
        ok = i % 10 != 0
        out.append(ProbeResult(
            run_id=new_run_id(at), probe=f"probe{i % 50}", kind="order_roundtrip", system="sandbox",
            started_at=at, finished_at=at + timedelta(seconds=2), duration_ms=2000.0 + i % 7, success=ok,
            classification=None if ok else "late", failed_step=None if ok else "poll_erp",
            message="" if ok else "order arrived after 60 s", sync_lag_ms=1500.0 + i % 13,
            direction="shopify_to_erp",
            steps=[StepTiming(name, at + timedelta(milliseconds=100 * k), 100.0 + k, True)
                   for k, name in enumerate(("create_order", "poll_erp", "compare", "cleanup"))],
            calls=[CallLatency("shopify", "orderCreate", "POST", 201, 80.0),
                   CallLatency("erp", "salesOrders", "GET", 200, 40.0),
                   CallLatency("shopify", "orderCancel", "POST", 200, 60.0)],
        ))
    return out


def _raw_sqlite(path: Path, results: Sequence[ProbeResult]) -> float:
    """What a hand-written store would do: tuples and executemany, one transaction per batch."""
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.executescript(_RAW_SCHEMA)
        start = time.perf_counter()
        for b in range(0, len(results), BATCH):
            batch = results[b:b + BATCH]
            runs: list[tuple[Any, ...]] = []
            steps: list[tuple[Any, ...]] = []
            calls: list[tuple[Any, ...]] = []
            for r in batch:
                runs.append((r.run_id, r.probe, r.kind, r.system, r.started_at.strftime(_ISO),
                             r.finished_at.strftime(_ISO), r.duration_ms, r.success, r.classification,
                             r.failed_step, r.message, r.sync_lag_ms, r.direction))
                steps.extend((r.run_id, k, s.name, s.started_at.strftime(_ISO), s.duration_ms, s.ok, s.error)
                             for k, s in enumerate(r.steps))
                calls.extend((r.run_id, k, c.system, c.operation, c.method, c.status, c.latency_ms)
                             for k, c in enumerate(r.calls))
            db.execute("BEGIN")
            db.executemany("INSERT INTO probe_runs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", runs)
            db.executemany("INSERT INTO probe_steps VALUES (?,?,?,?,?,?,?)", steps)
            db.executemany("INSERT INTO api_calls VALUES (?,?,?,?,?,?,?)", calls)
            db.execute("COMMIT")
        return time.perf_counter() - start


def _ours(path: Path, results: Sequence[ProbeResult]) -> float:
    with open_store(f"sqlite:///{path}", SystemClock()) as store:
        start = time.perf_counter()
        for b in range(0, len(results), BATCH):
            store.add_results(results[b:b + BATCH])
        elapsed = time.perf_counter() - start
        assert store.count() == len(results)
    return elapsed


def run(smoke: bool = False) -> dict[str, Any]:
    n = 2_000 if smoke else 200_000
    results = _results(n)
    with tempfile.TemporaryDirectory() as tmp:
        ours = _ours(Path(tmp) / "ours.db", results)
        baseline = _raw_sqlite(Path(tmp) / "raw.db", results)
    return {
        "benchmark": "storage insert (SQLite)",
        "results": n,
        "batch": BATCH,
        "rows_per_result": 1 + 4 + 3,
        "seconds": round(ours, 3),
        "results_per_s": round(n / ours),
        "baseline_raw_sqlite3_results_per_s": round(n / baseline),
        "ratio_vs_raw_sqlite3": round(ours / baseline, 2),
        "goal": ">= 10,000 results/s batched",
    }
