"""Issue 7's end-to-end check: with the bridge lag fault on, `probe serve` pages the local
PagerDuty-compatible sink once, resolves when the fault is off, and /metrics shows it all."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from seamwatch.sandbox.run import Sandbox
from seamwatch.testing.sink import HttpSink
from tests.integration.sandbox.helpers import set_faults
from tests.integration.service.conftest import Served, write_config

ROUTING_KEY = "R0UTING-KEY-planted-secret-7f3a9c"
LAG = "order-sync-lag"
SCOPE = "direction:shopify_to_erp"


def _alerting(sink_url: str) -> str:
    return f"""\
  evaluate_interval_seconds: 1
slos:
  window: 10m
  min_samples: 2
  burn_rates: [{{severity: page, long_window: 45s, short_window: 15s, factor: 4}}]
  definitions: [{{name: {LAG}, objective: 1500, page_threshold: 120000}}]
alerting:
  receivers:
    pager: {{provider: pagerduty, url: "{sink_url}/v2/enqueue", routing_key: "${{SW_TEST_ROUTING_KEY}}"}}
  routes: {{default: [pager]}}
  policy: {{trigger_after: 2, resolve_after: 2}}
"""


def _events(sink: HttpSink) -> list[tuple[str, str]]:
    return [(r.json["event_action"], r.json["dedup_key"]) for r in sink.accepted
            if isinstance(r.json, dict) and "event_action" in r.json]


def _metric(text: str, name: str, **labels: str) -> float | None:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    return None


def test_lag_fault_pages_once_resolves_and_metrics_show_it(tmp_path: Path, sandbox: Sandbox) -> None:
    os.environ["SW_TEST_ROUTING_KEY"] = ROUTING_KEY  # read by the served subprocess
    with HttpSink() as sink:
        config = write_config(tmp_path, sandbox, order_every=1.5, inventory_every=5)
        service_line, sections = _alerting(sink.url).split("slos:", 1)
        text = config.read_text().replace("service:\n  port: 0\n", "service:\n  port: 0\n" + service_line)
        config.write_text(text + "slos:" + sections, encoding="utf-8")
        served = Served(config, tmp_path / "serve.log")
        try:
            served.wait_for("healthy lag samples", lambda: served.health()["results_stored"] >= 6)
            set_faults(sandbox, "bridge", [{"kind": "bridge_lag", "scope": "bridge", "lag_seconds": 3}])
            served.wait_for("the page", lambda: ("trigger", f"seamwatch/{LAG}:{SCOPE}") in _events(sink), timeout=60)
            during = httpx.get(f"{served.url}/metrics", timeout=10).text
            status = httpx.get(f"{served.url}/api/status", timeout=10)
            page = httpx.get(f"{served.url}/", timeout=10)
            set_faults(sandbox, "bridge", [])
            served.wait_for("the resolve", lambda: ("resolve", f"seamwatch/{LAG}:{SCOPE}") in _events(sink), timeout=90)
            time.sleep(3)  # a few more evaluation ticks: nothing else may be sent
            after = httpx.get(f"{served.url}/metrics", timeout=10).text
        finally:
            assert served.stop(signal.SIGTERM) == 0
    events = _events(sink)
    assert events.count(("trigger", f"seamwatch/{LAG}:{SCOPE}")) == 1, events
    assert events.count(("resolve", f"seamwatch/{LAG}:{SCOPE}")) == 1, events
    trigger = next(r.json for r in sink.accepted if r.json.get("event_action") == "trigger")
    assert trigger["routing_key"] == ROUTING_KEY and trigger["payload"]["severity"] in ("critical", "error")
    # Metrics: the SLO degraded during the fault and its burn rate was above the factor.
    assert _metric(during, "seamwatch_slo_state", slo=LAG, scope=SCOPE) == 1.0
    assert (_metric(during, "seamwatch_slo_burn_rate", slo=LAG, scope=SCOPE, window="15s") or 0) > 4
    assert _metric(after, "seamwatch_probe_results_total", probe="order-roundtrip", classification="ok") >= 6
    assert (_metric(after, "seamwatch_sync_lag_seconds_count", probe="order-roundtrip",
                    direction="shopify_to_erp") or 0) >= 6
    # The status page and its API are served by probe serve and show the degraded SLO.
    assert status.status_code == 200 and page.status_code == 200
    assert LAG in status.text and "degraded" in status.text
    log = served.log.read_text()
    assert ROUTING_KEY not in log and ROUTING_KEY not in page.text and ROUTING_KEY not in status.text
    assert "Traceback" not in log
