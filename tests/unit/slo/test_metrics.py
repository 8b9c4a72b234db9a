"""ProbeMetrics: own registry, Prometheus names and units, parsed back with the real parser."""

from __future__ import annotations

from datetime import UTC, datetime

from prometheus_client.parser import text_string_to_metric_families

from seamwatch.config import Slos
from seamwatch.reporting.metrics import ProbeMetrics
from seamwatch.slo import MemorySliSource, evaluate
from tests.unit.slo.helpers import every, run

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _samples(metrics: ProbeMetrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    body, content_type = metrics.render()
    assert content_type.startswith("text/plain")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(body.decode()) for s in family.samples}


def test_observe_fills_histograms_in_seconds_and_counts_by_classification() -> None:
    metrics = ProbeMetrics()
    metrics.observe(run(NOW, lag_ms=45_000.0, direction="shopify_to_erp", latency_ms=750.0))
    metrics.observe(run(NOW, ok=False, classification="late", direction="shopify_to_erp"))
    got = _samples(metrics)
    lag = (("direction", "shopify_to_erp"), ("probe", "orders"))
    assert got[("seamwatch_sync_lag_seconds_bucket", tuple(sorted(lag + (("le", "60.0"),))))] == 1
    assert got[("seamwatch_sync_lag_seconds_bucket", tuple(sorted(lag + (("le", "+Inf"),))))] == 2
    assert got[("seamwatch_sync_lag_seconds_sum", lag)] == float("inf")  # never arrived
    call = (("operation", "orderCreate"), ("system", "shopify"))
    assert got[("seamwatch_api_latency_seconds_bucket", tuple(sorted(call + (("le", "0.8"),))))] == 1
    assert got[("seamwatch_api_latency_seconds_bucket", tuple(sorted(call + (("le", "0.5"),))))] == 0
    base = (("kind", "order_roundtrip"), ("probe", "orders"), ("system", "shopify"))
    assert got[("seamwatch_probe_results_total", tuple(sorted(base + (("classification", "ok"),))))] == 1
    assert got[("seamwatch_probe_results_total", tuple(sorted(base + (("classification", "late"),))))] == 1
    assert got[("seamwatch_probe_duration_seconds_count", (("kind", "order_roundtrip"), ("probe", "orders")))] == 2


def test_two_instances_do_not_share_a_registry() -> None:
    a, b = ProbeMetrics(), ProbeMetrics()
    a.observe(run(NOW))
    assert a.registry is not b.registry
    assert not any(name == "seamwatch_probe_results_total" for name, _ in _samples(b))


def test_custom_objectives_become_histogram_buckets() -> None:
    slos = Slos.model_validate({"definitions": [{"name": "api-latency", "objective": 333}]})
    metrics = ProbeMetrics(definitions=slos.resolved())
    metrics.observe(run(NOW, latency_ms=300.0))
    assert any(dict(labels).get("le") == "0.333" for name, labels in _samples(metrics)
               if name == "seamwatch_api_latency_seconds_bucket")


def test_slo_gauges_state_budget_burn_and_value() -> None:
    results = [run(at, ok=i % 40 != 0) for i, at in enumerate(every(NOW, 400, 60))]
    metrics = ProbeMetrics()
    metrics.set_slos(evaluate(Slos().resolved(), MemorySliSource(results), NOW))
    got = _samples(metrics)
    key = (("scope", "system:shopify"), ("slo", "api-success-rate"))
    assert got[("seamwatch_slo_state", key)] == 2  # 97.5%: breached
    assert got[("seamwatch_slo_sli_value", key)] == 0.975
    assert abs(got[("seamwatch_slo_error_budget_remaining_ratio", key)] - (1 - 0.025 / 0.005)) < 1e-9
    assert ("seamwatch_slo_burn_rate", tuple(sorted(key + (("window", "1h"),)))) in got
    # 5 runs in 5 minutes: below min_samples, so no rate is exported for that window.
    assert ("seamwatch_slo_burn_rate", tuple(sorted(key + (("window", "5m"),)))) not in got
    metrics.set_slos([])
    assert not any(name.startswith("seamwatch_slo_") for name, _ in _samples(metrics))
