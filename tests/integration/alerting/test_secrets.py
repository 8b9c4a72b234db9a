"""Routing keys and webhook URLs never reach a log line, the outbox or the alert state."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import sqlalchemy as sa

from seamwatch.alerting import Alerting
from seamwatch.config.alerting import AlertingConfig
from seamwatch.core.clock import FakeClock
from seamwatch.core.secrets import Masker
from seamwatch.testing.sink import HttpSink
from tests.integration.alerting.harness import Service
from tests.unit.alerting.statuses import breached, healthy

ROUTING_KEY = "R0UT1NG-planted-secret-4242"
SLACK_PATH = "/services/T0PLANTED/B0PLANTED/planted-webhook-secret"


def test_planted_secrets_appear_nowhere_we_write(store_url: str, clock: FakeClock, sink: HttpSink,
                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    slack_url = f"{sink.url}{SLACK_PATH}"
    monkeypatch.setenv("SW_PLANTED_PD_KEY", ROUTING_KEY)
    (tmp_path / "slack-url").write_text(slack_url + "\n", encoding="utf-8")
    config = AlertingConfig.model_validate({
        "receivers": {"oncall": {"provider": "pagerduty", "routing_key": "${SW_PLANTED_PD_KEY}",
                                 "url": f"{sink.url}/v2/enqueue"},
                      "chat": {"provider": "slack", "webhook_url": f"file:{tmp_path / 'slack-url'}"}},
        "routes": {"default": ["oncall", "chat"]},
    })
    service = Service(config, store_url, clock, secrets={})
    # The facade resolves secrets itself when not given them, as the probe service will.
    service.alerting.close()
    service.alerting = Alerting(config, service.store, clock, Masker())

    # A provider that echoes what it got in its error body, then an outage, then success.
    sink.fail(400, count=1, message=f"invalid event for routing key {ROUTING_KEY} at {slack_url}")
    service.run(120, [breached()])
    sink.fail(503)
    service.run(120, [healthy()])
    sink.recover()
    service.run(240, [healthy()])

    # The secrets were really used: the provider received them.
    assert any(r.json.get("routing_key") == ROUTING_KEY for r in sink.accepted)
    assert any(r.path == SLACK_PATH for r in sink.accepted)
    assert any("***" in r.getMessage() for r in caplog.records), "the echoed secret was logged, masked"

    rendered = [r.getMessage() for r in caplog.records] + [str(r.args) for r in caplog.records]
    with service.store.engine.connect() as conn:
        for table in ("alert_state", "alert_outbox"):
            rendered += [repr(tuple(row)) for row in conn.execute(sa.text(f"SELECT * FROM {table}"))]
    rendered += [n.to_json() for n in service.queued]
    assert len(rendered) > 10
    for secret in (ROUTING_KEY, SLACK_PATH.rsplit("/", 1)[1], slack_url):
        leaks = [line for line in rendered if secret in line]
        assert leaks == [], f"{secret!r} leaked into {leaks[:3]}"
    service.close()
