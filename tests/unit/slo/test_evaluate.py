"""The SLO maths against an in-memory source: states, budgets, burn rates, no_data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from seamwatch.config import Slos
from seamwatch.slo import Delivery, MemorySliSource, Routing, SloStatus, evaluate
from tests.unit.slo.helpers import every, run

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _one(statuses: list[SloStatus], name: str, scope: str | None = None) -> SloStatus:
    found = [s for s in statuses if s.name == name and (scope is None or s.scope == scope)]
    assert len(found) == 1, [s.key for s in statuses]
    return found[0]


def _rates(fail_every: int, n: int = 2000, spacing_s: float = 60) -> list:
    return [run(at, ok=i % fail_every != 0) for i, at in enumerate(every(NOW, n, spacing_s), start=1)]


def test_all_good_is_ok_with_a_whole_budget() -> None:
    s = _one(evaluate(Slos().resolved(), MemorySliSource(_rates(10**9)), NOW), "api-success-rate")
    assert (s.state, s.value, s.budget_remaining, s.samples) == ("ok", 1.0, 1.0, 2000)
    assert s.scope == "system:shopify" and not s.paging
    assert all(b.long_rate == 0 and not b.firing for b in s.burn_rates)


@pytest.mark.parametrize(("fail_every", "state"), [(250, "ok"), (125, "degraded"), (50, "breached")])
def test_states_follow_objective_and_page_threshold(fail_every: int, state: str) -> None:
    # 0.4% bad: ok (>= 99.5%); 0.8%: degraded (< 99.5%, >= 99%); 2%: breached.
    s = _one(evaluate(Slos().resolved(), MemorySliSource(_rates(fail_every)), NOW), "api-success-rate")
    assert s.state == state
    assert s.budget_remaining == pytest.approx(1 - (1 / fail_every) / 0.005)


def test_a_fast_burn_fires_the_page_rule_only_when_both_windows_burn() -> None:
    # Healthy month, then the last 10 minutes fail every other run (one run a minute... x6).
    old = [run(at) for at in every(NOW - timedelta(hours=2), 3000, 60)]
    recent = [run(at, ok=i % 2 == 0) for i, at in enumerate(every(NOW, 60, 10))]
    s = _one(evaluate(Slos().resolved(), MemorySliSource(old + recent), NOW), "api-success-rate")
    fast = s.burn_rates[0]
    assert fast.label == "1h/5m" and fast.threshold == 14.4
    assert fast.long_rate is not None and fast.long_rate > 14.4 and fast.short_rate > 14.4  # type: ignore[operator]
    assert fast.firing and s.paging
    assert not s.burn_rates[2].firing or s.burn_rates[2].long_rate > 1  # type: ignore[operator]


def test_a_single_failure_does_not_page() -> None:
    results = [run(at, ok=i != 0) for i, at in enumerate(every(NOW, 5000, 60))]
    s = _one(evaluate(Slos().resolved(), MemorySliSource(results), NOW), "api-success-rate")
    assert s.state == "ok" and not s.paging
    # The short window has one failure in 5 samples: too few to judge (min_samples 10).
    assert s.burn_rates[0].short_rate is None and not s.burn_rates[0].firing


def test_too_few_samples_is_no_data_and_never_pages() -> None:
    results = [run(at, ok=False) for at in every(NOW, 9, 60)]
    s = _one(evaluate(Slos().resolved(), MemorySliSource(results), NOW), "api-success-rate")
    assert s.state == "no_data" and s.samples == 9 and not s.paging
    assert all(b.long_rate is None and not b.firing for b in s.burn_rates)


def test_sync_lag_p95_per_direction_routes_to_the_bridge() -> None:
    results = [run(at, lag_ms=1000.0 + i, direction="shopify_to_erp") for i, at in enumerate(every(NOW, 100, 60))]
    results += [run(at, lag_ms=400_000.0, direction="erp_to_shopify") for at in every(NOW, 100, 60)]
    statuses = evaluate(Slos().resolved(), MemorySliSource(results), NOW)
    fast = _one(statuses, "order-sync-lag", "direction:shopify_to_erp")
    slow = _one(statuses, "order-sync-lag", "direction:erp_to_shopify")
    assert fast.state == "ok" and fast.value == pytest.approx(1094, rel=0.01) and fast.samples == 100
    assert slow.state == "breached" and slow.system == "bridge" and slow.budget_remaining == pytest.approx(1 - 1 / 0.05)


def test_api_latency_per_system_and_operation_uses_the_system_kind() -> None:
    results = [run(at, system="bc", latency_ms=1200.0) for at in every(NOW, 50, 60)]
    routing = Routing(system_kinds={"bc": "erp"})
    s = _one(evaluate(Slos().resolved(), MemorySliSource(results), NOW, routing), "api-latency")
    assert (s.scope, s.system, s.state) == ("system:bc/operation:orderCreate", "erp", "degraded")


def test_webhooks_pending_within_grace_are_not_counted_yet() -> None:
    arrived = [Delivery("orders/create", at, at + timedelta(seconds=2), 2000.0) for at in every(NOW, 40, 600)]
    lost = [Delivery("orders/create", at) for at in every(NOW - timedelta(minutes=10), 2, 60)]
    pending = [Delivery("orders/create", NOW - timedelta(minutes=1)) for _ in range(30)]
    s = _one(evaluate(Slos().resolved(), MemorySliSource(deliveries=arrived + lost + pending), NOW),
             "webhook-delivery")
    assert s.samples == 42 and s.value == pytest.approx(40 / 42) and s.state == "degraded"
    assert s.system == "shopify" and s.scope == "topic:orders/create"


def test_a_late_webhook_is_bad_only_with_max_delay() -> None:
    hooks = [Delivery("orders/create", at, at, 90_000.0) for at in every(NOW, 20, 600)]
    slos = Slos.model_validate({"definitions": [{"name": "webhook-delivery", "max_delay_ms": 60000}]})
    assert _one(evaluate(Slos().resolved(), MemorySliSource(deliveries=hooks), NOW), "webhook-delivery").value == 1
    assert _one(evaluate(slos.resolved(), MemorySliSource(deliveries=hooks), NOW), "webhook-delivery").value == 0
