"""A real Alertmanager (Debian's prometheus-alertmanager), started on loopback by the test."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from seamwatch.config.alerting import AlertingConfig
from seamwatch.core.clock import FakeClock
from seamwatch.storage.alert_queries import outbox_rows
from tests.integration.alerting.harness import Service
from tests.unit.alerting.statuses import breached, healthy

ALERTMANAGER = "/usr/bin/prometheus-alertmanager"
CONFIG = """\
route:
  receiver: nowhere
  group_wait: 1s
receivers:
  - name: nowhere
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def alertmanager(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "am.yml").write_text(CONFIG, encoding="utf-8")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path / "am.log").open("wb")
    process = subprocess.Popen(
        [ALERTMANAGER, f"--config.file={tmp_path / 'am.yml'}", f"--storage.path={tmp_path / 'data'}",
         f"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address="],
        stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/-/ready", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"alertmanager did not start: {(tmp_path / 'am.log').read_text()[-2000:]}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        log.close()


def _our_alerts(url: str) -> list[dict[str, Any]]:
    alerts = httpx.get(f"{url}/api/v2/alerts", timeout=5).json()
    return [a for a in alerts if a["labels"].get("alertname") == "SeamwatchSLO"]


def _wait_until(check: Any, timeout: float = 15) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def test_alerts_show_up_in_alertmanager_and_resolve(alertmanager: str, tmp_path: Path) -> None:
    # Alertmanager judges startsAt/endsAt by its own wall clock, so fake time starts just behind it.
    clock = FakeClock(datetime.now(UTC) - timedelta(minutes=10))
    config = AlertingConfig.model_validate({
        "receivers": {"am": {"provider": "alertmanager", "url": alertmanager}},
        "routes": {"default": ["am"]}, "policy": {"trigger_after": 1, "resolve_after": 1},
    })
    service = Service(config, f"sqlite:///{tmp_path / 'store.db'}", clock, secrets={})
    service.run(60, [breached()])
    assert [r.status for r in outbox_rows(service.store)] == ["sent"]

    active = _wait_until(lambda: _our_alerts(alertmanager))
    assert len(active) == 1
    alert = active[0]
    assert alert["labels"] == {"alertname": "SeamwatchSLO", "slo": "order-sync-lag",
                               "scope": "direction:shopify_to_erp", "severity": "critical", "system": "bridge"}
    assert alert["status"]["state"] == "active"
    assert datetime.fromisoformat(alert["endsAt"]) > datetime.now(UTC)

    service.run(60, [healthy()])
    assert [r.action for r in outbox_rows(service.store, "sent")] == ["trigger", "resolve"]

    def resolved() -> bool:
        return all(datetime.fromisoformat(a["endsAt"]) <= datetime.now(UTC) for a in _our_alerts(alertmanager))
    assert _wait_until(resolved), _our_alerts(alertmanager)
    service.close()
