"""The probe report: what the store says about a time window, as one masked JSON document.

:func:`build_probe_report` asks the database for aggregates only (see
:mod:`seamwatch.storage.report_queries`), so its cost grows with the number of time buckets,
probes and systems, not with the number of stored results. :func:`report_document` turns
the report into the stable document every renderer reads (schema in the README,
``seamwatch.probe-report/1``); it is masked there, once, so no renderer can leak a secret.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from seamwatch.core.secrets import MASK, Masker
from seamwatch.slo.model import SloStatus
from seamwatch.storage import report_queries as q
from seamwatch.storage.sql import SqlStore

__all__ = [
    "DEFAULT_LAG_EDGES_MS",
    "MIN_RESULTS_FOR_CHARTS",
    "RECENT_FAILURES",
    "SCHEMA",
    "ProbeReport",
    "build_probe_report",
    "report_document",
]

SCHEMA: Final = "seamwatch.probe-report/1"
# Sync-lag histogram edges; every sync-lag SLO objective is added so "within objective" is exact.
DEFAULT_LAG_EDGES_MS: Final = (1_000.0, 2_000.0, 5_000.0, 10_000.0, 30_000.0, 60_000.0,
                               120_000.0, 300_000.0, 600_000.0)
RECENT_FAILURES: Final = 50
# One point is not a trend: below this many results the report says there is no data yet.
MIN_RESULTS_FOR_CHARTS: Final = 2


@dataclass(frozen=True)
class ProbeReport:
    """Aggregates for one window; built by :func:`build_probe_report`."""

    generated_at: datetime
    since: datetime
    until: datetime
    bucket_seconds: int
    origin: datetime
    totals: q.Totals
    success: list[q.SuccessBucket]
    latency: list[q.LatencyBucket]
    lag_edges_ms: tuple[float, ...]
    lag_bins: list[q.LagBin]
    failures_by_classification: dict[str, int]
    recent_failures: list[q.FailureRow]
    slos: tuple[SloStatus, ...]


def build_probe_report(store: SqlStore, since: datetime, until: datetime, *, generated_at: datetime,
                       bucket_seconds: int, slo_statuses: Sequence[SloStatus] = (),
                       recent_failures: int = RECENT_FAILURES) -> ProbeReport:
    """Aggregate the runs with ``since <= started_at < until``; ``slo_statuses`` are shown as given."""
    edges = tuple(sorted(set(DEFAULT_LAG_EDGES_MS) | {
        float(s.objective) for s in slo_statuses if s.sli == "sync_lag" and s.unit == "ms"}))
    # The latency query (a join over every call in the window) is the slowest; it runs on its
    # own connection while the others run here. Both drivers release the GIL while querying.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-latency") as pool:
        latency = pool.submit(q.latency_percentiles, store, since, until, bucket_seconds)
        success = q.success_buckets(store, since, until, bucket_seconds)
        lag_bins = q.sync_lag_histogram(store, since, until, edges, bucket_seconds)
        by_class = q.failures_by_classification(store, since, until)
        recent = q.recent_failures(store, since, until, recent_failures)
        first, last = q.first_and_last(store, since, until)
        latency_buckets = latency.result()
    # Totals are the sums of the buckets: one scan of the window fewer.
    totals = q.Totals(sum(b.runs for b in success), sum(b.successes for b in success), first, last)
    return ProbeReport(
        generated_at=generated_at, since=since, until=until, bucket_seconds=bucket_seconds,
        origin=q.bucket_origin(since, bucket_seconds), totals=totals, success=success,
        latency=latency_buckets, lag_edges_ms=edges, lag_bins=lag_bins,
        failures_by_classification=by_class, recent_failures=recent, slos=tuple(slo_statuses),
    )


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 6) if whole else None


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def notice_for(runs: int, since: datetime, until: datetime) -> str | None:
    """The "no data yet" line shown when there is too little to chart, else None."""
    if runs == 0:
        return f"No data yet: no probe results between {_iso(since)} and {_iso(until)}."
    if runs < MIN_RESULTS_FOR_CHARTS:
        return (f"No data yet for charts: {runs} probe result so far; "
                f"charts appear from {MIN_RESULTS_FOR_CHARTS} results.")
    return None


def report_document(report: ProbeReport, masker: Masker) -> dict[str, Any]:
    """The stable, masked document every probe-report format renders."""
    t = report.totals
    document = {
        "schema": SCHEMA,
        "generated_at": _iso(report.generated_at),
        "window": {"since": _iso(report.since), "until": _iso(report.until),
                   "bucket_seconds": report.bucket_seconds, "buckets": _bucket_starts(report)},
        "notice": notice_for(t.runs, report.since, report.until),
        "totals": {"runs": t.runs, "successes": t.successes, "failures": t.runs - t.successes,
                   "success_rate": _ratio(t.successes, t.runs),
                   "first_started_at": _iso(t.first_started_at), "last_started_at": _iso(t.last_started_at)},
        "probes": _probes(report),
        "latency": _latency(report),
        "sync_lag": _sync_lag(report),
        "slos": [slo_entry(s) for s in report.slos],
        "failures": {
            "by_classification": [{"classification": c, "count": n}
                                  for c, n in report.failures_by_classification.items()],
            "recent": [{"run_id": f.run_id, "probe": f.probe, "system": f.system,
                        "started_at": _iso(f.started_at), "classification": f.classification,
                        "failed_step": f.failed_step, "message": f.message}
                       for f in report.recent_failures],
        },
    }
    return mask_document(document, masker)


# Run ids are ours (UUIDs) and cannot hold a secret, but the PII masking of phone numbers
# would eat an all-digit UUID group; ids that look like UUIDs are left as they are.
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def mask_document(value: Any, masker: Masker) -> Any:
    """``masker.data(value)``, except that ``run_id`` values shaped like UUIDs are kept."""
    if isinstance(value, list):
        return [mask_document(v, masker) for v in value]
    if not isinstance(value, dict):
        return masker.data(value)
    out = {}
    for key, item in value.items():
        if key == "run_id" and isinstance(item, str) and _UUID.match(item):
            out[key] = item
        elif isinstance(item, (dict, list)):
            # A sensitive key hides its whole value; otherwise mask inside it.
            out[key] = MASK if masker.data({key: "x"})[key] == MASK else mask_document(item, masker)
        else:
            out[key] = masker.data({key: item})[key]
    return out


def _bucket_start(report: ProbeReport, index: int) -> str | None:
    return _iso(report.origin + timedelta(seconds=index * report.bucket_seconds))


def _bucket_starts(report: ProbeReport) -> list[str | None]:
    span = (report.until - report.origin).total_seconds()
    count = max(1, int(-(-span // report.bucket_seconds)))
    return [_bucket_start(report, i) for i in range(count)]


def _probes(report: ProbeReport) -> list[dict[str, Any]]:
    by_probe: dict[str, list[q.SuccessBucket]] = defaultdict(list)
    for b in report.success:
        by_probe[b.probe].append(b)
    out = []
    for probe, buckets in sorted(by_probe.items()):
        runs, ok = sum(b.runs for b in buckets), sum(b.successes for b in buckets)
        out.append({"probe": probe, "runs": runs, "successes": ok, "success_rate": _ratio(ok, runs),
                    "series": [{"bucket": _bucket_start(report, b.bucket), "runs": b.runs,
                                "successes": b.successes, "success_rate": _ratio(b.successes, b.runs)}
                               for b in buckets]})
    return out


def _latency(report: ProbeReport) -> list[dict[str, Any]]:
    by_system: dict[str, list[q.LatencyBucket]] = defaultdict(list)
    for b in report.latency:
        by_system[b.system].append(b)
    return [{"system": system, "calls": sum(b.calls for b in buckets), "method": "sketch-nearest-rank-1pct",
             "series": [{"bucket": _bucket_start(report, b.bucket), "calls": b.calls,
                         "p50_ms": _r(b.p50_ms), "p95_ms": _r(b.p95_ms)}
                        for b in sorted(buckets, key=lambda b: b.bucket)]}
            for system, buckets in sorted(by_system.items())]


def lag_objective(slos: Sequence[SloStatus], direction: str) -> SloStatus | None:
    """The sync-lag SLO drawn on ``direction``'s histogram: one scoped to the direction,
    else the first sync-lag SLO not scoped to a direction (it covers every direction)."""
    lag = [s for s in slos if s.sli == "sync_lag" and s.unit == "ms"]
    scoped = [s for s in lag if s.scope == f"direction:{direction}"]
    general = [s for s in lag if not s.scope.startswith("direction:")]
    return (scoped or general or [None])[0]


def _sync_lag(report: ProbeReport) -> list[dict[str, Any]]:
    counts: dict[str, dict[int, int]] = defaultdict(dict)
    for b in report.lag_bins:
        counts[b.direction][b.bin] = b.count
    edges = report.lag_edges_ms
    out = []
    for direction, by_bin in sorted(counts.items()):
        slo = lag_objective(report.slos, direction)
        bins = [{"from_ms": edges[i - 1] if i else 0.0, "to_ms": edges[i] if i < len(edges) else None,
                 "count": by_bin.get(i, 0)} for i in range(len(edges) + 1)]
        samples = sum(by_bin.values())
        within = None if slo is None else sum(b["count"] for b in bins
                                              if b["to_ms"] is not None and b["to_ms"] <= slo.objective)
        out.append({"direction": direction, "samples": samples, "bins": bins,
                    "objective_ms": None if slo is None else slo.objective,
                    "objective_percentile": None if slo is None else slo.percentile,
                    "slo": None if slo is None else slo.name,
                    "within_objective": _ratio(within, samples) if within is not None else None})
    return out


def slo_entry(status: SloStatus) -> dict[str, Any]:
    """One SLO status as plain data (rates rounded so documents compare stably)."""
    return {
        "name": status.name, "key": status.key, "sli": status.sli, "scope": status.scope,
        "system": status.system, "unit": status.unit, "objective": status.objective,
        "page_threshold": status.page_threshold, "percentile": status.percentile,
        "value": _r(status.value) if status.unit == "ms" else status.value,
        "samples": status.samples, "window_seconds": status.window_seconds, "state": status.state,
        "budget_remaining": status.budget_remaining, "paging": status.paging,
        "burn_rates": [{**asdict(b), "label": b.label} for b in status.burn_rates],
        "evaluated_at": status.evaluated_at, "message": status.message,
    }
