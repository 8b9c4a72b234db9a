"""Aggregate queries for reports and the status page: the database does the counting.

Every query is bounded by a ``[since, until)`` window on ``started_at`` (indexed) and
returns aggregates or a LIMITed list, never one row per stored result.

Time series are split into buckets computed here (:func:`bucket_bounds`: the window start
rounded down to a multiple of the width) and each bucket is its own indexed range query.
That keeps the SQL the same on SQLite and PostgreSQL (no epoch arithmetic on timestamps)
and means no sort ever spans the whole window: SQLite sorts for GROUP BY, and one sort of
10^6 rows cost more than the whole report does this way.

Percentiles (API latency) and the sync-lag histogram read the log-bucket sketch the store
writes beside every sample (``latency_bucket``/``lag_bucket``, :mod:`seamwatch.slo.sketch`,
migration 4), through covering indexes: a nearest-rank quantile over bucket counts is
within 1% of the exact nearest-rank quantile, and it is the same estimate the SLO engine
uses, so a chart and an SLO never disagree about what p95 was.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from sqlalchemy import Row, Select, and_, case, desc, false, func, select
from sqlalchemy.sql.elements import ColumnElement

from seamwatch.slo.sketch import bucket_value, quantile
from seamwatch.storage.sql import SqlStore
from seamwatch.storage.tables import api_calls, probe_runs

__all__ = [
    "FailureRow",
    "LagBin",
    "LatencyBucket",
    "RecentRun",
    "SuccessBucket",
    "Totals",
    "bucket_bounds",
    "bucket_origin",
    "failures_by_classification",
    "first_and_last",
    "latency_percentiles",
    "recent_failures",
    "recent_runs",
    "success_buckets",
    "sync_lag_histogram",
]

PERCENTILES: Final = (50, 95)


@dataclass(frozen=True)
class Totals:
    runs: int
    successes: int
    first_started_at: datetime | None
    last_started_at: datetime | None


@dataclass(frozen=True)
class SuccessBucket:
    probe: str
    bucket: int          # index of the bucket from :func:`bucket_origin`
    runs: int
    successes: int


@dataclass(frozen=True)
class LatencyBucket:
    system: str
    bucket: int
    calls: int
    p50_ms: float
    p95_ms: float


@dataclass(frozen=True)
class LagBin:
    direction: str
    bin: int             # index into the edges: bin i holds edges[i-1] <= lag < edges[i]
    count: int


@dataclass(frozen=True)
class FailureRow:
    run_id: str
    probe: str
    system: str
    started_at: datetime
    classification: str | None
    failed_step: str | None
    message: str


@dataclass(frozen=True)
class RecentRun:
    run_id: str
    probe: str
    started_at: datetime
    duration_ms: float
    success: bool
    classification: str | None
    failed_step: str | None
    message: str
    sync_lag_ms: float | None


def _window(since: datetime, until: datetime) -> ColumnElement[bool]:
    return and_(probe_runs.c.started_at >= since, probe_runs.c.started_at < until)


def bucket_origin(since: datetime, bucket_seconds: int) -> datetime:
    """Start of bucket 0: ``since`` rounded down to a multiple of the bucket width (UTC epoch)."""
    epoch = int(since.timestamp()) // bucket_seconds * bucket_seconds
    return datetime.fromtimestamp(epoch, UTC)


def bucket_bounds(since: datetime, until: datetime, bucket_seconds: int) -> list[tuple[int, datetime, datetime]]:
    """``(index, start, end)`` of every bucket overlapping ``[since, until)``, clipped to it."""
    origin, width = bucket_origin(since, bucket_seconds), timedelta(seconds=bucket_seconds)
    bounds = []
    index = 0
    while origin + index * width < until:
        start = max(since, origin + index * width)
        bounds.append((index, start, min(until, origin + (index + 1) * width)))
        index += 1
    return bounds


def first_and_last(store: SqlStore, since: datetime, until: datetime) -> tuple[datetime | None, datetime | None]:
    """The first and last ``started_at`` in the window (None, None when it is empty)."""
    with store.errors("read"), store.engine.connect() as conn:
        # Two queries rather than one: each is a single descent of the started_at index.
        first = conn.execute(select(func.min(probe_runs.c.started_at)).where(_window(since, until))).scalar()
        last = conn.execute(select(func.max(probe_runs.c.started_at)).where(_window(since, until))).scalar()
    return first, last


def success_buckets(store: SqlStore, since: datetime, until: datetime,
                    bucket_seconds: int) -> list[SuccessBucket]:
    """Runs and successes per probe per time bucket (empty buckets are absent).

    One indexed range query per bucket: each groups only that bucket's rows, so no sort
    ever spans the whole window (SQLite sorts for GROUP BY).
    """
    ok = func.sum(case((probe_runs.c.success, 1), else_=0))
    out: list[SuccessBucket] = []
    with store.errors("read"), store.engine.connect() as conn:
        for index, start, end in bucket_bounds(since, until, bucket_seconds):
            query = (select(probe_runs.c.probe, func.count(), ok).where(_window(start, end))
                     .group_by(probe_runs.c.probe).order_by(probe_runs.c.probe))
            out.extend(SuccessBucket(p, index, int(n), int(s)) for p, n, s in conn.execute(query))
    return sorted(out, key=lambda b: (b.probe, b.bucket))


def _per_bucket(store: SqlStore, since: datetime, until: datetime, bucket_seconds: int,
                query_for: Callable[[datetime, datetime], Select[Any]]) -> Iterator[tuple[int, list[Row[Any]]]]:
    with store.errors("read"), store.engine.connect() as conn:
        for index, start, end in bucket_bounds(since, until, bucket_seconds):
            yield index, list(conn.execute(query_for(start, end)))


def latency_percentiles(store: SqlStore, since: datetime, until: datetime,
                        bucket_seconds: int) -> list[LatencyBucket]:
    """p50 and p95 of API call latency per system per time bucket, within 1% (see module doc).

    Counts calls per stored sketch bucket (``api_calls.latency_bucket``, migration 4) from the
    ``(started_at, system, operation, latency_bucket)`` index alone: no join, no table reads.
    """
    calls = api_calls.c
    count = func.count()

    def query(start: datetime, end: datetime) -> Select[Any]:
        return (select(calls.system, calls.latency_bucket, count)
                .where(calls.started_at >= start, calls.started_at < end, calls.latency_bucket.is_not(None))
                .group_by(calls.system, calls.latency_bucket))

    out: list[LatencyBucket] = []
    for index, rows in _per_bucket(store, since, until, bucket_seconds, query):
        by_system: dict[str, dict[int, int]] = defaultdict(dict)
        for system, sketch_bucket, n in rows:
            by_system[system][int(sketch_bucket)] = int(n)
        for system, counts in by_system.items():
            p50, p95 = (quantile(counts, p / 100) for p in PERCENTILES)
            assert p50 is not None and p95 is not None  # counts is never empty here
            out.append(LatencyBucket(system, index, sum(counts.values()), p50, p95))
    return sorted(out, key=lambda b: (b.system, b.bucket))


def sync_lag_histogram(store: SqlStore, since: datetime, until: datetime, edges_ms: Sequence[float],
                       bucket_seconds: int) -> list[LagBin]:
    """Runs by sync lag per direction; bin ``i`` holds ``edges[i-1] <= lag < edges[i]`` and the
    last bin (``len(edges)``) lag at or above the last edge, including syncs that never arrived.

    Counted per stored sketch bucket (``probe_runs.lag_bucket``) from the covering
    ``(started_at, ..., direction, lag_bucket)`` index, one time bucket at a time, then
    binned here by each sketch bucket's representative value (within 1% of the true lag).
    """
    runs = probe_runs.c

    def query(start: datetime, end: datetime) -> Select[Any]:
        return (select(runs.direction, runs.lag_bucket, func.count())
                .where(_window(start, end), runs.direction.is_not(None), runs.lag_bucket.is_not(None))
                .group_by(runs.direction, runs.lag_bucket))

    counts: dict[tuple[str, int], int] = defaultdict(int)
    for _index, rows in _per_bucket(store, since, until, bucket_seconds, query):
        for direction, sketch_bucket, n in rows:
            counts[(direction, bisect_right(edges_ms, bucket_value(int(sketch_bucket))))] += int(n)
    return [LagBin(d, b, n) for (d, b), n in sorted(counts.items())]


def failures_by_classification(store: SqlStore, since: datetime, until: datetime) -> dict[str, int]:
    """Failed runs in the window counted by classification, most frequent first."""
    count = func.count().label("n")
    query = (select(probe_runs.c.classification, count)
             .where(_window(since, until), probe_runs.c.success == false())
             .group_by(probe_runs.c.classification).order_by(desc(count), probe_runs.c.classification))
    with store.errors("read"), store.engine.connect() as conn:
        return {str(c): int(n) for c, n in conn.execute(query)}


def recent_failures(store: SqlStore, since: datetime, until: datetime, limit: int) -> list[FailureRow]:
    """The ``limit`` newest failed runs in the window, newest first."""
    c = probe_runs.c
    query = (select(c.id, c.probe, c.system, c.started_at, c.classification, c.failed_step, c.message)
             .where(_window(since, until), c.success == false())
             .order_by(c.started_at.desc(), c.id.desc()).limit(limit))
    with store.errors("read"), store.engine.connect() as conn:
        return [FailureRow(*row) for row in conn.execute(query)]


def recent_runs(store: SqlStore, probe: str, since: datetime, limit: int) -> list[RecentRun]:
    """The ``limit`` newest runs of ``probe`` started at or after ``since``, newest first.

    Reads run columns only (no steps or calls) through the (probe, started_at) index.
    """
    c = probe_runs.c
    query = (select(c.id, c.probe, c.started_at, c.duration_ms, c.success, c.classification,
                    c.failed_step, c.message, c.sync_lag_ms)
             .where(c.probe == probe, c.started_at >= since)
             .order_by(c.started_at.desc(), c.id.desc()).limit(limit))
    with store.errors("read"), store.engine.connect() as conn:
        return [RecentRun(r.id, r.probe, r.started_at, r.duration_ms, bool(r.success), r.classification,
                          r.failed_step, r.message, r.sync_lag_ms) for r in conn.execute(query)]
