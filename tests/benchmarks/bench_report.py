"""Building the probe report from a SQLite store of 10^6 results (issue 8: < 10 s, < 500 MB).

Every result sits inside the report's 24 h window (the worst case: nothing is filtered out
by the time index, 11.6 results a second) and carries one API call, so the latency
percentiles cover 10^6 calls.
Seeding uses raw ``sqlite3`` executemany in batches (it is not what is measured).

Measured in a fresh process, so its peak RSS is the report's own: wall time of
``build_probe_report`` + ``report_document`` + rendering HTML, JSON and Markdown, and
``ru_maxrss`` (peak resident memory, SQLite's page cache included; tracemalloc is not used
because it sees only Python objects and slows the run it measures several times over). Baseline, in the same process and store: a bare
``count/avg`` scan of ``probe_runs`` and ``api_calls`` over the same window.
"""

from __future__ import annotations

import resource
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from datetime import UTC, datetime, timedelta
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from seamwatch.core.clock import FakeClock
from seamwatch.core.results import new_run_id
from seamwatch.slo.sketch import bucket_of, run_lag_bucket
from seamwatch.storage import open_store

UNTIL = datetime(2026, 3, 2, tzinfo=UTC)
SINCE = UNTIL - timedelta(hours=24)
BATCH = 20_000
_ISO = "%Y-%m-%dT%H:%M:%S.%fZ"
_SYSTEMS = ("shopify", "erp", "bridge")
_CLASSES = ("http_5xx", "timeout", "late", "data_mismatch")


def _rows(n: int) -> Iterator[tuple[tuple[Any, ...], tuple[Any, ...]]]:
    """Rows as the store writes them, sketch buckets (migration 4) included."""
    step = 86_400 / n
    for i in range(n):
        at = SINCE + timedelta(seconds=i * step)
        ok = i % 20 != 0
        run_id = new_run_id(at)
        stamp = at.strftime(_ISO)
        done = (at + timedelta(seconds=2)).strftime(_ISO)
        cls = None if ok else _CLASSES[i % len(_CLASSES)]
        direction = ("shopify_to_erp", "erp_to_shopify")[i % 2]
        lag = float(500 + (i * 7919) % 90_000)
        latency = float(20 + (i * 104729) % 800)
        yield ((run_id, f"probe-{i % 10}", "order_roundtrip", "sandbox", stamp, done, 2000.0, ok, cls,
                None if ok else "poll_erp", "" if ok else f"order {i} did not arrive", lag, direction,
                run_lag_bucket(lag, direction, cls)),
               (run_id, 0, _SYSTEMS[i % 3], "orderCreate", "POST", 201, latency, stamp, bucket_of(latency)))


def _seed(path: Path, n: int) -> None:
    open_store(f"sqlite:///{path}", FakeClock(UNTIL)).close()  # create and migrate the schema
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA synchronous=OFF")
        runs: list[tuple[Any, ...]] = []
        calls: list[tuple[Any, ...]] = []
        for run, call in _rows(n):
            runs.append(run)
            calls.append(call)
            if len(runs) == BATCH:
                _flush(db, runs, calls)
        _flush(db, runs, calls)


def _flush(db: sqlite3.Connection, runs: list[tuple[Any, ...]], calls: list[tuple[Any, ...]]) -> None:
    db.execute("BEGIN")
    db.executemany("INSERT INTO probe_runs (id, probe, kind, system, started_at, finished_at, duration_ms, "
                   "success, classification, failed_step, message, sync_lag_ms, direction, lag_bucket) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", runs)
    db.executemany("INSERT INTO api_calls (run_id, seq, system, operation, method, status, latency_ms, "
                   "started_at, latency_bucket) VALUES (?,?,?,?,?,?,?,?,?)", calls)
    db.execute("COMMIT")
    runs.clear()
    calls.clear()


def _baseline(store: Any) -> float:
    from sqlalchemy import text

    start = time.perf_counter()
    with store.engine.connect() as conn:
        conn.execute(text("SELECT count(*), avg(duration_ms), avg(sync_lag_ms) FROM probe_runs "
                          "WHERE started_at >= :a AND started_at < :b"),
                     {"a": SINCE.strftime(_ISO), "b": UNTIL.strftime(_ISO)}).one()
        conn.execute(text("SELECT count(*), avg(latency_ms) FROM api_calls")).one()
    return time.perf_counter() - start


def _measure(path: str) -> dict[str, float]:
    """Runs in a fresh process: time and memory of building and rendering the report."""
    from seamwatch.core.secrets import Masker
    from seamwatch.reporting.probe_formats import PROBE_REPORT_FORMATS
    from seamwatch.reporting.probe_report import build_probe_report, report_document
    from seamwatch.reporting.time_range import bucket_seconds_for

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open_store(f"sqlite:///{path}", FakeClock(UNTIL)) as store:
        _baseline(store)  # warm the page cache for both, so neither pays the first read
        baseline = min(_baseline(store) for _ in range(2))
        start = time.perf_counter()
        report = build_probe_report(store, SINCE, UNTIL, generated_at=UNTIL,
                                    bucket_seconds=bucket_seconds_for(UNTIL - SINCE))
        document = report_document(report, Masker())
        sizes = {name: len(fmt.render(document)) for name, fmt in PROBE_REPORT_FORMATS}
        elapsed = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    assert document["totals"]["runs"] == store_count(path)
    return {"seconds": elapsed, "baseline": baseline, "peak_rss_mb": rss_after / 1024, "rss_growth_mb": (rss_after - rss_before) / 1024,
            "html_kb": sizes["html"] / 1024}


def store_count(path: str) -> int:
    with closing(sqlite3.connect(path)) as db:
        return int(db.execute("SELECT count(*) FROM probe_runs").fetchone()[0])


def run(smoke: bool = False) -> dict[str, Any]:
    n = 5_000 if smoke else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.db"
        start = time.perf_counter()
        _seed(path, n)
        seeding = time.perf_counter() - start
        # A fresh process, so ru_maxrss is the report's peak and not the seeding's.
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            figures = pool.submit(_measure, str(path)).result(timeout=600)
    return {
        "benchmark": "probe report from SQLite",
        "results": n,
        "api_calls": n,
        "seeding_seconds": round(seeding, 1),
        "seconds": round(figures["seconds"], 3),
        "baseline_count_avg_scan_seconds": round(figures["baseline"], 3),
        "ratio_vs_count_avg_scan": round(figures["seconds"] / figures["baseline"], 2),
        "rss_growth_mb": round(figures["rss_growth_mb"], 1),
        "peak_rss_mb": round(figures["peak_rss_mb"], 1),
        "html_kb": round(figures["html_kb"], 1),
        "goal": "< 10 s and < 500 MB with 1,000,000 results",
    }
