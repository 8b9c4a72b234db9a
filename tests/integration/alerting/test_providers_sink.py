"""Each provider sends to the local sink over real HTTP; the payload is what the provider expects."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from seamwatch.alerting import Notification, Outcome, figures_of, send, summarize
from seamwatch.alerting.model import dedup_key_for
from seamwatch.config.alerting import AlertingConfig
from seamwatch.core.http import HttpSettings, build_async_client
from seamwatch.testing.sink import HttpSink, RecordedRequest
from tests.unit.alerting.statuses import breached

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def notification(action: str = "trigger", escalated_from: str | None = None) -> Notification:
    status = breached()
    return Notification(action=action, key=status.key, dedup_key=dedup_key_for(status.key),  # type: ignore[arg-type]
                        severity="page", summary=summarize(status, action), slo=status.name,  # type: ignore[arg-type]
                        scope=status.scope, system=status.system, state=status.state, created_at=NOW,
                        opened_at=NOW - timedelta(minutes=3), figures=figures_of(status),
                        report_url="http://127.0.0.1:8080/status", valid_until=NOW + timedelta(hours=2),
                        escalated_from=escalated_from)  # type: ignore[arg-type]


def deliver(receiver: dict[str, Any], secrets: dict[str, str], n: Notification, sink: HttpSink
            ) -> tuple[Outcome, RecordedRequest]:
    model = AlertingConfig.model_validate({"receivers": {"r": receiver}}).receivers["r"]

    async def go() -> Outcome:
        async with build_async_client(settings=HttpSettings(timeout=5, connect_timeout=2)) as client:
            return await send(client, n, model.provider, model, secrets, NOW)
    outcome = asyncio.run(go())
    [request] = sink.wait_for(1, timeout=5)
    return outcome, request


def test_pagerduty(sink: HttpSink) -> None:
    outcome, got = deliver({"provider": "pagerduty", "routing_key": "${X}", "url": f"{sink.url}/v2/enqueue",
                            "source": "seamwatch-prod"}, {"routing_key": "rk-123456"}, notification(), sink)
    assert outcome.result == "sent" and outcome.status == 202
    assert got.method == "POST" and got.path == "/v2/enqueue" and got.headers["content-type"] == "application/json"
    body = got.json
    assert (body["routing_key"], body["event_action"], body["dedup_key"]) == (
        "rk-123456", "trigger", "seamwatch/order-sync-lag:direction:shopify_to_erp")
    payload = body["payload"]
    assert payload["source"] == "seamwatch-prod" and payload["severity"] == "critical"
    assert payload["timestamp"] == NOW.isoformat() and payload["component"] == "bridge"
    assert payload["custom_details"]["state"] == "breached" and payload["custom_details"]["samples"] == 24
    assert body["links"][0]["href"] == "http://127.0.0.1:8080/status"


def test_slack(sink: HttpSink) -> None:
    hook = f"{sink.url}/services/T000/B000/XXXXXXXX"
    outcome, got = deliver({"provider": "slack", "webhook_url": "${SLACK}"}, {"webhook_url": hook},
                           notification(), sink)
    assert outcome.result == "sent" and got.path == "/services/T000/B000/XXXXXXXX"
    assert got.json["text"].startswith(":rotating_light: order-sync-lag")
    blocks = got.json["blocks"]
    assert [b["type"] for b in blocks] == ["section", "section", "context"]
    fields = [f["text"] for f in blocks[1]["fields"]]
    assert "*Value*\n4.12e+05" in fields and "*Samples*\n24" in fields and "*Severity*\ncritical" in fields
    assert "<http://127.0.0.1:8080/status|report>" in blocks[2]["elements"][0]["text"]


def test_alertmanager(sink: HttpSink) -> None:
    outcome, got = deliver({"provider": "alertmanager", "url": sink.url, "bearer_token": "${AM}"},
                           {"bearer_token": "am-token-123"}, notification(), sink)
    assert outcome.result == "sent" and got.path == "/api/v2/alerts"
    assert got.headers["authorization"] == "Bearer am-token-123"
    [alert] = got.json
    assert alert["labels"] == {"alertname": "SeamwatchSLO", "slo": "order-sync-lag",
                               "scope": "direction:shopify_to_erp", "severity": "critical", "system": "bridge"}
    assert alert["annotations"]["summary"].startswith("order-sync-lag") and "samples 24" in alert["annotations"]["description"]
    assert alert["startsAt"] == (NOW - timedelta(minutes=3)).isoformat()
    assert alert["endsAt"] == (NOW + timedelta(hours=2)).isoformat()
    assert alert["generatorURL"] == "http://127.0.0.1:8080/status"


def test_alertmanager_resolve_and_escalation(sink: HttpSink) -> None:
    _, got = deliver({"provider": "alertmanager", "url": sink.url}, {}, notification("resolve"), sink)
    assert got.json[0]["endsAt"] == NOW.isoformat() and "authorization" not in got.headers
    sink.clear()
    _, got = deliver({"provider": "alertmanager", "url": sink.url}, {}, notification(escalated_from="ticket"), sink)
    ended, opened = got.json
    assert (ended["labels"]["severity"], ended["endsAt"]) == ("warning", NOW.isoformat())
    assert opened["labels"]["severity"] == "critical"


def test_webhook(sink: HttpSink) -> None:
    outcome, got = deliver({"provider": "webhook", "url": "${HOOK}", "bearer_token": "${T}"},
                           {"url": f"{sink.url}/in?token=abc123456", "bearer_token": "wh-token-1"},
                           notification(), sink)
    assert outcome.result == "sent" and got.path == "/in" and got.headers["authorization"] == "Bearer wh-token-1"
    body = got.json
    assert set(body) == {"version", "source", "action", "dedup_key", "key", "slo", "scope", "system", "state",
                         "severity", "summary", "opened_at", "sent_at", "report_url", "figures"}
    assert (body["version"], body["action"], body["severity"], body["system"]) == (1, "trigger", "critical", "bridge")
    assert body["figures"]["objective"] == 60000.0


def test_a_429_with_retry_after_is_retried_after_that_long(sink: HttpSink) -> None:
    sink.fail(429, count=1, retry_after=42)
    outcome, got = deliver({"provider": "pagerduty", "routing_key": "${X}", "url": f"{sink.url}/v2/enqueue"},
                           {"routing_key": "rk-123456"}, notification(), sink)
    assert (outcome.result, outcome.status, outcome.retry_after) == ("retry", 429, 42)
    assert got.status == 429


def test_a_refused_connection_is_retryable_and_names_no_url(sink: HttpSink) -> None:
    sink.refuse()
    model = AlertingConfig.model_validate({"receivers": {"r": {"provider": "webhook", "url": "${H}"}}}).receivers["r"]

    async def go() -> Outcome:
        async with build_async_client(settings=HttpSettings(timeout=5, connect_timeout=2)) as client:
            return await send(client, notification(), "webhook", model, {"url": f"{sink.url}/secret-path"}, NOW)
    outcome = asyncio.run(go())
    assert outcome.result == "retry" and outcome.status is None and "connect" in outcome.detail
    assert "secret-path" not in outcome.detail
