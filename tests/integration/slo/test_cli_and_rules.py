"""`seamwatch slo status|rules` against a real SQLite store, and the rules under real promtool."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from seamwatch.cli import app
from seamwatch.config import Slos
from seamwatch.core.clock import FakeClock
from seamwatch.reporting.prometheus_rules import ALERT_NAME, render_rules, rules_document
from seamwatch.storage import open_store
from tests.unit.slo.helpers import run

PROMTOOL = "/usr/bin/promtool"


def _probe_file(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "probes.yaml"
    path.write_text(f"""systems:
  shopify: {{kind: shopify, base_url: "http://127.0.0.1:1/admin/api/2026-01", api_version: "2026-01",
            auth: {{token: "${{SHOPIFY_TOKEN}}"}}}}
storage: {{url: "{url}"}}
""")
    return path


def _store_with(tmp_path: Path, fail_every: int) -> Path:
    url = f"sqlite:///{tmp_path / 'sw.db'}"
    now = datetime.now(UTC)
    with open_store(url, FakeClock(now)) as store:
        store.add_results([run(now - timedelta(minutes=i + 1), ok=i % fail_every != 0, latency_ms=100.0)
                           for i in range(300)])
    return _probe_file(tmp_path, url)


def test_status_exits_0_when_nothing_is_breached(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["slo", "status", "--config", str(_store_with(tmp_path, 10**6))])
    assert result.exit_code == 0, result.output
    assert "api-success-rate" in result.output and "system:shopify" in result.output and "ok" in result.output


def test_status_exits_1_when_breached_and_json_carries_the_figures(tmp_path: Path) -> None:
    config = _store_with(tmp_path, 10)
    result = CliRunner().invoke(app, ["slo", "status", "--config", str(config), "--format", "json"])
    assert result.exit_code == 1, result.output
    rows = {r["name"]: r for r in json.loads(result.output)}
    rate = rows["api-success-rate"]
    assert rate["state"] == "breached" and rate["samples"] == 300 and rate["value"] == pytest.approx(0.9)
    assert rate["paging"] and [b["window"] for b in rate["burn_rates"]] == ["1h/5m", "6h/30m", "3d/6h"]
    assert rows["api-latency"]["state"] == "ok"


def test_a_config_or_storage_error_exits_2_with_one_line(tmp_path: Path) -> None:
    bad = _probe_file(tmp_path, "sqlite:////proc/forbidden/sw.db")
    done = subprocess.run(["seamwatch", "slo", "status", "--config", str(bad)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stderr.startswith("seamwatch: error:") and "fix:" in done.stderr
    bad.write_text(bad.read_text() + "slos: {windw: 7d}\n")
    done = subprocess.run(["seamwatch", "slo", "status", "--config", str(bad)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "did you mean 'window'" in done.stderr


def test_generated_rules_pass_promtool_check(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yml"
    result = CliRunner().invoke(app, ["slo", "rules", "--config", str(_probe_file(tmp_path, "sqlite:///x.db")),
                                      "--output", str(rules)])
    assert result.exit_code == 0, result.output
    done = subprocess.run([PROMTOOL, "check", "rules", str(rules)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS: 12 rules found" in done.stdout


def _series(ok_per_min: int, bad_per_min: int, lag_good_per_100: int) -> str:
    labels = 'probe="p", kind="http", system="shopify"'
    lag = 'probe="o", direction="shopify_to_erp"'
    return f"""
      - series: 'seamwatch_probe_results_total{{{labels}, classification="ok"}}'
        values: '0+{ok_per_min}x120'
      - series: 'seamwatch_probe_results_total{{{labels}, classification="timeout"}}'
        values: '0+{bad_per_min}x120'
      - series: 'seamwatch_sync_lag_seconds_count{{{lag}}}'
        values: '0+100x120'
      - series: 'seamwatch_sync_lag_seconds_bucket{{{lag}, le="60.0"}}'
        values: '0+{lag_good_per_100}x120'"""


def test_promtool_pages_on_a_14x_burn_and_not_on_1x(tmp_path: Path) -> None:
    (tmp_path / "rules.yml").write_text(render_rules(Slos().resolved()))
    # A 20x burn (10% failed runs; 80% of syncs over 60 s) fires every rule of both SLOs,
    # the 1h/5m pages included; a 1x burn (0.5%, 5%) fires none.
    expected = [{"exp_labels": {**rule["labels"], "alertname": ALERT_NAME, **extra},
                 "exp_annotations": rule["annotations"]}
                for rule in rules_document(Slos().resolved())["groups"][0]["rules"]
                for sli, extra in (("success_rate", {"system": "shopify"}),
                                   ("sync_lag", {"direction": "shopify_to_erp"}))
                if rule["labels"]["sli"] == sli]
    assert {e["exp_labels"]["long_window"] for e in expected if e["exp_labels"]["severity"] == "page"} == {"1h", "6h"}
    firing = json.dumps([{k: {n: v for n, v in e[k].items() if n != "alertname"} for k in e} for e in expected])
    (tmp_path / "test.yml").write_text(f"""rule_files: [rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:{_series(900, 100, 20)}
    alert_rule_test:
      - eval_time: 90m
        alertname: {ALERT_NAME}
        exp_alerts: {firing}
  - interval: 1m
    input_series:{_series(995, 5, 95)}
    alert_rule_test:
      - eval_time: 90m
        alertname: {ALERT_NAME}
        exp_alerts: []
""")
    done = subprocess.run([PROMTOOL, "test", "rules", "test.yml"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
