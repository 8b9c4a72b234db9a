"""Providers build requests and classify answers without sending anything."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from seamwatch.alerting import PROVIDERS, Notification, backoff_seconds, figures_of, summarize
from seamwatch.alerting.model import dedup_key_for
from seamwatch.alerting.providers.base import classify_response, retry_after_seconds
from seamwatch.config.alerting import OutboxSettings, PagerDutyReceiver
from tests.unit.alerting.statuses import breached

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def notification(action: str = "trigger") -> Notification:
    status = breached()
    return Notification(action=action, key=status.key, dedup_key=dedup_key_for(status.key),  # type: ignore[arg-type]
                        severity="page", summary=summarize(status, action), slo=status.name,  # type: ignore[arg-type]
                        scope=status.scope, system=status.system, state=status.state, created_at=NOW,
                        opened_at=NOW - timedelta(minutes=2), figures=figures_of(status))


def test_every_provider_is_registered_once() -> None:
    assert PROVIDERS.names() == ["alertmanager", "pagerduty", "slack", "webhook"]
    with pytest.raises(ValueError, match="already registered"):
        PROVIDERS.add("slack", PROVIDERS.get("slack"))


def test_pagerduty_resolve_is_minimal() -> None:
    receiver = PagerDutyReceiver(provider="pagerduty", routing_key="${K}")
    request = PROVIDERS.get("pagerduty").build_request(notification("resolve"), receiver, {"routing_key": "rk"})
    assert request.json == {"routing_key": "rk", "event_action": "resolve",
                            "dedup_key": "seamwatch/order-sync-lag:direction:shopify_to_erp"}
    assert request.url == "https://events.pagerduty.com/v2/enqueue"


def test_summary_reads_like_a_page() -> None:
    assert summarize(breached(), "trigger") == (
        "order-sync-lag (direction:shopify_to_erp) breached: p95 412.0 s, objective 60.0 s, 24 samples")


def test_notifications_round_trip_through_json() -> None:
    original = notification()
    assert Notification.from_json(original.to_json()) == original


@pytest.mark.parametrize(("status", "result"), [
    (202, "sent"), (200, "sent"), (400, "failed"), (404, "failed"), (429, "retry"),
    (408, "retry"), (500, "retry"), (503, "retry"),
])
def test_default_classification(status: int, result: str) -> None:
    assert classify_response(status, {}, "", NOW).result == result


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert retry_after_seconds({"Retry-After": "30"}, NOW) == 30
    assert retry_after_seconds({"retry-after": "Sun, 01 Mar 2026 12:01:00 GMT"}, NOW) == 60
    assert retry_after_seconds({"Retry-After": "soon"}, NOW) is None
    assert classify_response(429, {"Retry-After": "7"}, "", NOW).retry_after == 7


def test_backoff_doubles_up_to_the_cap_unless_the_server_says() -> None:
    settings = OutboxSettings(backoff_initial_seconds=5, backoff_max_seconds=60)
    assert [backoff_seconds(n, settings) for n in range(1, 7)] == [5, 10, 20, 40, 60, 60]
    assert backoff_seconds(3, settings, retry_after=120) == 120
