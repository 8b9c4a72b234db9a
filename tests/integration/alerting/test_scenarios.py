"""Issue 7's alerting scenarios end to end: real HTTP to a local sink, a real store (SQLite
and PostgreSQL), a fake clock for time."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from seamwatch.config.alerting import AlertingConfig
from seamwatch.core.clock import FakeClock
from seamwatch.storage.alert_queries import load_alert_states, outbox_rows
from seamwatch.testing.sink import HttpSink, RecordedRequest
from tests.integration.alerting.harness import ROUTING_KEY, Service, pagerduty_config
from tests.unit.alerting.statuses import breached, healthy, no_data

DEDUP = "seamwatch/order-sync-lag:direction:shopify_to_erp"


def events(sink: HttpSink, action: str | None = None) -> list[RecordedRequest]:
    """PagerDuty events the sink accepted (optionally only one event_action)."""
    return [r for r in sink.accepted if action in (None, r.json["event_action"])]


def test_a_single_bad_evaluation_and_no_data_do_not_page(store_url: str, clock: FakeClock, sink: HttpSink) -> None:
    service = Service(pagerduty_config(sink.url), store_url, clock)
    service.run(60, [breached()])
    service.run(300, [healthy()])
    service.run(300, [no_data()])
    service.close()
    assert sink.requests == [] and outbox_rows(service.store) == []


def test_a_sustained_breach_pages_once_and_recovery_resolves_it(store_url: str, clock: FakeClock,
                                                               sink: HttpSink) -> None:
    service = Service(pagerduty_config(sink.url), store_url, clock)
    start = clock.now()
    service.run(300, [breached()])
    triggers = events(sink, "trigger")
    assert len(triggers) == 1
    page = triggers[0].json
    assert page["routing_key"] == ROUTING_KEY and page["dedup_key"] == DEDUP
    assert page["payload"]["severity"] == "critical" and page["payload"]["source"] == "seamwatch"
    assert page["payload"]["summary"].startswith("order-sync-lag (direction:shopify_to_erp) breached")
    details = page["payload"]["custom_details"]
    assert details["value"] == 412000.0 and details["objective"] == 60000.0 and details["samples"] == 24
    assert details["budget_remaining"] == 0.42 and details["burn_rates"][0]["window"] == "1h/5m"
    assert page["links"] == [{"href": "http://127.0.0.1:8080/status", "text": "seamwatch report"}]
    sent_at = next(r.sent_at for r in outbox_rows(service.store) if r.action == "trigger")
    assert sent_at is not None and sent_at - start <= timedelta(minutes=5)

    service.run(300, [healthy()])
    resolves = events(sink, "resolve")
    assert [r.json["dedup_key"] for r in resolves] == [DEDUP]
    assert len(events(sink, "trigger")) == 1
    assert load_alert_states(service.store)[breached().key].status == "inactive"
    service.close()


def test_a_restart_mid_incident_neither_repages_nor_forgets(store_url: str, clock: FakeClock,
                                                           sink: HttpSink) -> None:
    first = Service(pagerduty_config(sink.url), store_url, clock)
    first.run(180, [breached()])
    first.close()
    assert len(events(sink, "trigger")) == 1

    second = Service(pagerduty_config(sink.url), store_url, clock)  # a new process, same store
    second.run(600, [breached()])
    assert len(events(sink, "trigger")) == 1, "no re-page after the restart"
    second.run(180, [healthy()])
    assert [r.json["dedup_key"] for r in events(sink, "resolve")] == [DEDUP], "the open incident is remembered"
    second.close()


def test_a_provider_down_for_three_minutes_still_gets_the_page_exactly_once(
        store_url: str, clock: FakeClock, sink: HttpSink) -> None:
    service = Service(pagerduty_config(sink.url), store_url, clock)
    sink.fail(503)
    service.run(120, [breached()])             # the trigger is queued and fails
    service.run(60, [breached()])
    sink.refuse()                              # then the provider does not even listen
    service.run(120, [breached()])
    assert events(sink) == [] and len(sink.requests) >= 2
    sink.recover()
    sink.accept()                              # three minutes of outage are over
    service.run(120, [breached()])
    assert len(events(sink, "trigger")) == 1
    [entry] = outbox_rows(service.store)
    assert entry.status == "sent" and entry.attempts >= 4
    service.close()


def test_a_resolve_never_overtakes_its_trigger(store_url: str, clock: FakeClock, sink: HttpSink) -> None:
    service = Service(pagerduty_config(sink.url), store_url, clock)
    sink.fail(429, count=1, retry_after=600)  # the trigger is told to come back in 10 minutes
    service.run(120, [breached()])
    service.run(180, [healthy()])              # resolved meanwhile; the provider is fine again
    assert {r.action for r in outbox_rows(service.store, "pending")} == {"trigger", "resolve"}
    assert events(sink) == [], "the resolve waits behind its trigger, which honours Retry-After"
    service.run(600, [healthy()])
    assert [r.json["event_action"] for r in events(sink)] == ["trigger", "resolve"]
    service.close()


def test_a_refused_event_is_failed_and_not_retried(store_url: str, clock: FakeClock, sink: HttpSink,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    service = Service(pagerduty_config(sink.url), store_url, clock)
    sink.fail(400)
    service.run(600, [breached()])
    [entry] = outbox_rows(service.store)
    assert entry.status == "failed" and entry.attempts == 1 and "HTTP 400" in (entry.last_error or "")
    assert len(sink.requests) == 1
    assert any("giving up" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    service.close()


def test_maintenance_suppresses_pages_but_records_state(store_url: str, clock: FakeClock, sink: HttpSink) -> None:
    now = clock.now()
    config = pagerduty_config(sink.url).model_copy(update={"maintenance": AlertingConfig.model_validate(
        {"maintenance": [{"name": "erp-upgrade", "start": now.isoformat(),
                          "end": (now + timedelta(minutes=10)).isoformat()}]}).maintenance})
    service = Service(config, store_url, clock)
    service.run(540, [breached()])
    assert sink.requests == []
    state = load_alert_states(service.store)[breached().key]
    assert state.status == "firing" and not state.notified
    service.run(120, [breached()])             # the window closed; the incident is still open
    assert len(events(sink, "trigger")) == 1
    service.close()


def test_routing_by_failing_system(store_url: str, clock: FakeClock, sink: HttpSink) -> None:
    config = AlertingConfig.model_validate({
        "receivers": {name: {"provider": "webhook", "url": f"{sink.url}/{name}"}
                      for name in ("erp-team", "shop-team", "catch-all")},
        "routes": {"erp": ["erp-team"], "shopify": ["shop-team"], "default": ["catch-all"]},
    })
    service = Service(config, store_url, clock, secrets={})
    statuses = [breached(system="erp", name="erp-latency"), breached(system="shopify", name="shop-latency"),
                breached(system="bridge", name="bridge-lag")]
    service.run(180, statuses)
    got = sorted((r.path, r.json["slo"]) for r in sink.accepted)
    assert got == [("/catch-all", "bridge-lag"), ("/erp-team", "erp-latency"), ("/shop-team", "shop-latency")]
    service.close()


def test_reminders_keep_the_minimum_interval(store_url: str, clock: FakeClock, sink: HttpSink) -> None:
    service = Service(pagerduty_config(sink.url, reminder_interval_seconds=600), store_url, clock)
    service.run(1920, [breached()])            # 32 minutes
    assert len(events(sink)) == 4              # trigger at 2 min, reminders at 12, 22, 32
    sent = sorted(r.sent_at for r in outbox_rows(service.store) if r.sent_at is not None)
    assert [int((b - a).total_seconds()) for a, b in zip(sent, sent[1:])] == [600, 600, 600]
    assert {r.json["dedup_key"] for r in events(sink)} == {DEDUP}
    service.close()


def test_state_lives_in_the_alert_state_table(store_url: str, clock: FakeClock, sink: HttpSink) -> None:
    service = Service(pagerduty_config(sink.url), store_url, clock)
    service.run(180, [breached()])
    with service.store.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT status, dedup_key, sent_count FROM alert_state")).one()
    assert tuple(row) == ("firing", DEDUP, 1)
    service.close()


def test_pruning_keeps_undelivered_entries(store_url: str, clock: FakeClock, sink: HttpSink) -> None:
    service = Service(pagerduty_config(sink.url), store_url, clock)
    service.run(180, [breached()])                     # trigger sent
    sink.fail(503)
    service.run(180, [healthy()])                      # resolve queued, not delivered
    assert service.alerting.prune(clock.now() + timedelta(seconds=1)) == 1
    assert [(r.action, r.status) for r in outbox_rows(service.store)] == [("resolve", "pending")]
    service.close()
