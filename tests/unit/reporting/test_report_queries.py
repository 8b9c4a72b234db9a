"""The aggregate queries agree with the same figures computed from the raw results."""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from seamwatch.core.clock import FakeClock
from seamwatch.core.results import CallLatency, ProbeResult
from seamwatch.slo.sketch import RELATIVE_ERROR
from seamwatch.storage import SqlStore, open_store
from seamwatch.storage import report_queries as q

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def _result(at: datetime, latency: float, lag: float | None, ok: bool = True) -> ProbeResult:
    return ProbeResult(run_id=str(uuid.uuid4()), probe="p", kind="order_roundtrip", system="erp", started_at=at,
                       finished_at=at, duration_ms=1.0, success=ok, classification=None if ok else "timeout",
                       sync_lag_ms=lag, direction="shopify_to_erp" if lag is not None else None,
                       calls=[CallLatency("erp", "op", "GET", 200, latency)])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    with open_store(f"sqlite:///{tmp_path / 's.db'}", FakeClock(T0)) as opened:
        yield opened


def _exact(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(len(ordered) * p / 100) - 1]


def test_latency_percentiles_are_within_one_percent_of_exact_per_bucket(store: SqlStore) -> None:
    rng = random.Random(7)
    values = {0: [rng.lognormvariate(4, 1) for _ in range(300)], 1: [rng.lognormvariate(6, 0.5) for _ in range(200)]}
    store.add_results([_result(T0 + timedelta(minutes=30 * b + i * 0.1), v, None)
                       for b, vs in values.items() for i, v in enumerate(vs)])
    found = q.latency_percentiles(store, T0, T0 + timedelta(hours=1), 1800)
    assert [(f.bucket, f.calls) for f in found] == [(0, 300), (1, 200)]
    for f in found:
        for got, p in ((f.p50_ms, 50), (f.p95_ms, 95)):
            assert abs(got - _exact(values[f.bucket], p)) <= RELATIVE_ERROR * _exact(values[f.bucket], p) * 1.0001


def test_success_buckets_and_edges_of_the_window(store: SqlStore) -> None:
    store.add_results([_result(T0 + timedelta(minutes=m), 1.0, None, ok=m % 3 != 0) for m in range(0, 120, 10)]
                      + [_result(T0 + timedelta(hours=2), 1.0, None)])  # at `until`: excluded
    found = q.success_buckets(store, T0 + timedelta(minutes=5), T0 + timedelta(hours=2), 1800)
    # Bucket 0 starts at T0 (rounded down) but the window starts at 00:05: the 00:00 run is out.
    assert [(b.bucket, b.runs, b.successes) for b in found] == [(0, 2, 2), (1, 3, 2), (2, 3, 2), (3, 3, 2)]


def test_sync_lag_bins_put_each_lag_between_its_edges(store: SqlStore) -> None:
    lags = [500.0, 1500.0, 59_000.0, 61_000.0, 700_000.0]
    store.add_results([_result(T0 + timedelta(minutes=i), 1.0, lag) for i, lag in enumerate(lags)])
    bins = q.sync_lag_histogram(store, T0, T0 + timedelta(hours=1), (1000.0, 60_000.0, 600_000.0), 1800)
    assert [(b.bin, b.count) for b in bins] == [(0, 1), (1, 2), (2, 1), (3, 1)]


def test_bucket_bounds_cover_the_window_exactly() -> None:
    since, until = T0 + timedelta(minutes=7), T0 + timedelta(hours=1, minutes=1)
    bounds = q.bucket_bounds(since, until, 1800)
    assert bounds[0] == (0, since, T0 + timedelta(minutes=30)) and bounds[-1] == (2, T0 + timedelta(hours=1), until)
    assert all(a[2] == b[1] for a, b in zip(bounds, bounds[1:]))
