"""Prometheus metrics for probe results and SLO verdicts, on a registry owned by the caller.

No global ``REGISTRY``: each :class:`ProbeMetrics` builds (or is given) its own
``CollectorRegistry``, so two services or two tests never share counters.

=================================================  =========  ======================================
metric                                             type       labels
=================================================  =========  ======================================
``seamwatch_probe_duration_seconds``               histogram  probe, kind
``seamwatch_sync_lag_seconds``                     histogram  probe, direction (never arrived: +Inf)
``seamwatch_api_latency_seconds``                  histogram  system, operation
``seamwatch_probe_results_total``                  counter    probe, kind, system, classification
``seamwatch_slo_state``                            gauge      slo, scope (0 ok, 1 degraded, 2 breached, -1 no_data)
``seamwatch_slo_error_budget_remaining_ratio``     gauge      slo, scope (1 = untouched, < 0 overspent)
``seamwatch_slo_burn_rate``                        gauge      slo, scope, window (``1h``, ``5m``...)
``seamwatch_slo_sli_value``                        gauge      slo, scope (ratio, or seconds for times)
=================================================  =========  ======================================

``classification`` is ``ok`` for successes. Histogram buckets always include the SLO
objectives (0.8 s, 60 s by default) so burn-rate rules can read ``le="<objective>"``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from seamwatch.config import ResolvedSlo
from seamwatch.core.results import ProbeResult
from seamwatch.slo.model import SloStatus

__all__ = ["API_LATENCY_BUCKETS", "DURATION_BUCKETS", "LAG_BUCKETS", "STATE_VALUES", "ProbeMetrics",
           "buckets_for"]

DURATION_BUCKETS = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300)
LAG_BUCKETS = (1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600)
API_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.8, 1, 2, 2.5, 5, 10)
STATE_VALUES = {"ok": 0, "degraded": 1, "breached": 2, "no_data": -1}


def buckets_for(sli: str, definitions: Iterable[ResolvedSlo] = ()) -> tuple[float, ...]:
    """Default buckets of ``sync_lag``/``api_latency`` plus every objective (seconds) of that SLI."""
    base = LAG_BUCKETS if sli == "sync_lag" else API_LATENCY_BUCKETS
    extra = {d.objective / 1000 for d in definitions if d.sli == sli}
    return tuple(sorted({float(b) for b in base} | extra))


class ProbeMetrics:
    """Observes :class:`ProbeResult`\\ s and SLO statuses; renders the text exposition."""

    def __init__(self, registry: CollectorRegistry | None = None,
                 definitions: Sequence[ResolvedSlo] = ()) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        r = self.registry
        self.duration = Histogram("seamwatch_probe_duration_seconds", "Wall time of one probe run.",
                                  ["probe", "kind"], buckets=DURATION_BUCKETS, registry=r)
        self.sync_lag = Histogram("seamwatch_sync_lag_seconds",
                                  "Time for a change to appear on the other side (+Inf: never arrived).",
                                  ["probe", "direction"], buckets=buckets_for("sync_lag", definitions), registry=r)
        self.api_latency = Histogram("seamwatch_api_latency_seconds", "Latency of one API call made by a probe.",
                                     ["system", "operation"], buckets=buckets_for("api_latency", definitions),
                                     registry=r)
        self.results = Counter("seamwatch_probe_results", "Probe runs by outcome (classification ok = success).",
                               ["probe", "kind", "system", "classification"], registry=r)
        self.slo_state = Gauge("seamwatch_slo_state", "SLO state: 0 ok, 1 degraded, 2 breached, -1 no_data.",
                               ["slo", "scope"], registry=r)
        self.budget = Gauge("seamwatch_slo_error_budget_remaining_ratio",
                            "Fraction of the error budget left over the SLO window (1 untouched, <0 overspent).",
                            ["slo", "scope"], registry=r)
        self.burn_rate = Gauge("seamwatch_slo_burn_rate", "Error-budget burn rate over a window (1 = on budget).",
                               ["slo", "scope", "window"], registry=r)
        self.sli_value = Gauge("seamwatch_slo_sli_value", "SLI over the SLO window: ratio, or seconds for times.",
                               ["slo", "scope"], registry=r)

    def observe(self, result: ProbeResult) -> None:
        """Count one run and record its duration, sync lag and API-call latencies."""
        self.duration.labels(result.probe, result.kind).observe(result.duration_ms / 1000)
        self.results.labels(result.probe, result.kind, result.system, result.classification or "ok").inc()
        if result.direction is not None:
            if result.sync_lag_ms is not None:
                self.sync_lag.labels(result.probe, result.direction).observe(result.sync_lag_ms / 1000)
            elif result.classification in ("late", "missing"):
                # Same rule as the SLO store: a sync that never arrived is later than any bucket.
                self.sync_lag.labels(result.probe, result.direction).observe(math.inf)
        for call in result.calls:
            self.api_latency.labels(call.system, call.operation).observe(call.latency_ms / 1000)

    def set_slos(self, statuses: Iterable[SloStatus]) -> None:
        """Replace the SLO gauges with ``statuses`` (SLOs no longer reported disappear)."""
        for gauge in (self.slo_state, self.budget, self.burn_rate, self.sli_value):
            gauge.clear()
        for s in statuses:
            self.slo_state.labels(s.name, s.scope).set(STATE_VALUES[s.state])
            if s.budget_remaining is not None:
                self.budget.labels(s.name, s.scope).set(s.budget_remaining)
            if s.value is not None:
                self.sli_value.labels(s.name, s.scope).set(s.value / 1000 if s.unit == "ms" else s.value)
            for b in s.burn_rates:
                long_w, short_w = b.label.split("/")
                for window, rate in ((long_w, b.long_rate), (short_w, b.short_rate)):
                    if rate is not None:
                        self.burn_rate.labels(s.name, s.scope, window).set(rate)

    def render(self) -> tuple[bytes, str]:
        """The text exposition of this registry and its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
