"""An in-memory :class:`~seamwatch.slo.source.SliSource` over lists: for tests and as the
executable specification the SQL source must agree with."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from seamwatch.core.results import ProbeResult
from seamwatch.slo.sketch import bucket_of, run_lag_bucket
from seamwatch.slo.source import Histogram, RunScope, WindowCounts

__all__ = ["Delivery", "MemorySliSource"]


@dataclass(frozen=True)
class Delivery:
    """One expected webhook (a row of ``webhook_deliveries``)."""

    topic: str
    expected_at: datetime
    arrived_at: datetime | None = None
    delay_ms: float | None = None


class MemorySliSource:
    def __init__(self, results: Iterable[ProbeResult] = (), deliveries: Iterable[Delivery] = ()) -> None:
        self.results = list(results)
        self.deliveries = list(deliveries)

    def run_counts(self, per: RunScope, since: Sequence[datetime], until: datetime) -> dict[str, WindowCounts]:
        samples = [(getattr(r, per), r.started_at, not r.success) for r in self.results]
        return _counts(samples, since, until)

    def lag_histograms(self, since: Sequence[datetime], until: datetime) -> dict[str, Histogram]:
        samples = []
        for r in self.results:
            bucket = run_lag_bucket(r.sync_lag_ms, r.direction, r.classification)
            if bucket is not None:
                samples.append(((r.direction, bucket), r.started_at))
        return _nest(_histogram(samples, since, until))  # type: ignore[return-value]

    def latency_histograms(self, since: Sequence[datetime],
                           until: datetime) -> dict[tuple[str, str], Histogram]:
        samples = [(((c.system, c.operation), bucket_of(c.latency_ms)), r.started_at)
                   for r in self.results for c in r.calls]
        return _nest(_histogram(samples, since, until))  # type: ignore[return-value]

    def webhook_counts(self, since: Sequence[datetime], until: datetime, settled_before: datetime,
                       max_delay_ms: float | None) -> dict[str, WindowCounts]:
        samples = []
        for d in self.deliveries:
            if d.arrived_at is None and d.expected_at >= settled_before:
                continue  # still pending: neither good nor bad yet
            late = d.delay_ms is not None and max_delay_ms is not None and d.delay_ms > max_delay_ms
            samples.append((d.topic, d.expected_at, d.arrived_at is None or late))
        return _counts(samples, since, until)


def _counts(samples: Iterable[tuple[str, datetime, bool]], since: Sequence[datetime],
            until: datetime) -> dict[str, WindowCounts]:
    total: dict[str, list[int]] = defaultdict(lambda: [0] * len(since))
    bad: dict[str, list[int]] = defaultdict(lambda: [0] * len(since))
    for key, at, is_bad in samples:
        for i, start in enumerate(since):
            if start <= at <= until:
                total[key][i] += 1
                bad[key][i] += is_bad
    return {k: WindowCounts(tuple(total[k]), tuple(bad[k])) for k in total}


def _histogram(samples: Iterable[tuple[tuple[object, int], datetime]], since: Sequence[datetime],
               until: datetime) -> dict[tuple[object, int], list[int]]:
    out: dict[tuple[object, int], list[int]] = defaultdict(lambda: [0] * len(since))
    for key, at in samples:
        for i, start in enumerate(since):
            if start <= at <= until:
                out[key][i] += 1
    return out


def _nest(flat: dict[tuple[object, int], list[int]]) -> dict[object, Histogram]:
    out: dict[object, Histogram] = defaultdict(dict)
    for (key, bucket), counts in flat.items():
        out[key][bucket] = tuple(counts)
    return dict(out)
