"""``probe serve``: scheduled round-trips, measured webhooks, graceful SIGTERM, SIGKILL recovery."""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

import httpx

from seamwatch.sandbox.run import Sandbox
from tests.integration.sandbox.helpers import erp_orders, set_faults
from tests.integration.service.conftest import SECRETS, Served, write_config

TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def _rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def _synthetic_orders(sandbox: Sandbox) -> list[dict]:
    s = sandbox.settings
    response = httpx.get(f"{s.shopify_base}/orders.json", params={"status": "any", "limit": 250},
                         headers={"X-Shopify-Access-Token": s.shopify_token}, timeout=TIMEOUT)
    response.raise_for_status()
    return [o for o in response.json()["orders"] if "seamwatch-synthetic" in o["tags"]]


def _erp_client(sandbox: Sandbox) -> httpx.Client:
    s = sandbox.settings
    return httpx.Client(base_url=f"{s.erp_base}/v2.0/companies({s.company_id})",
                        headers={"Authorization": f"Bearer {s.erp_token}"}, timeout=TIMEOUT)


def _orphans(sandbox: Sandbox) -> list[str]:
    """Synthetic orders still open in Shopify, or with a sales order still in the ERP."""
    found = []
    with _erp_client(sandbox) as erp:
        for order in _synthetic_orders(sandbox):
            if order["cancelled_at"] is None:
                found.append(f"{order['name']} open in Shopify")
            if erp_orders(erp, order["name"]):
                found.append(f"{order['name']} in the ERP")
    return found


def test_serve_runs_probes_measures_webhooks_and_stops_cleanly(tmp_path: Path, sandbox: Sandbox) -> None:
    served = Served(write_config(tmp_path, sandbox), tmp_path / "serve.log")
    db = tmp_path / "results.sqlite"
    served.wait_for("two passing runs of each probe", lambda: all(
        n >= 2 for n in dict(_rows(db, "SELECT probe, count(*) FROM probe_runs WHERE success "
                                       "GROUP BY probe")).values()) and len(_rows(db, "SELECT DISTINCT probe FROM probe_runs")) == 2)
    assert served.stop(signal.SIGTERM) == 0
    log = served.log.read_text()
    assert "Traceback" not in log and " ERROR " not in log, log
    for secret in SECRETS.values():
        assert secret not in log
    failures = _rows(db, "SELECT probe, classification, message FROM probe_runs WHERE NOT success")
    assert failures == []
    lags = _rows(db, "SELECT direction, sync_lag_ms FROM probe_runs WHERE sync_lag_ms IS NOT NULL")
    assert {d for d, _ in lags} == {"shopify_to_erp", "erp_to_shopify"}
    assert all(0 <= lag < 15000 for _, lag in lags)
    arrived = _rows(db, "SELECT topic, count(*) FROM webhook_deliveries WHERE arrived_at IS NOT NULL "
                        "GROUP BY topic")
    assert dict(arrived).get("orders/create", 0) >= 2 and dict(arrived).get("inventory_levels/update", 0) >= 1
    assert _orphans(sandbox) == []
    # Subscriptions were removed on shutdown: only the sandbox bridge's own remain.
    s = sandbox.settings
    hooks = httpx.get(f"{s.shopify_base}/webhooks.json", headers={"X-Shopify-Access-Token": s.shopify_token},
                      timeout=TIMEOUT).json()["webhooks"]
    assert all("/webhooks/shopify" in h["address"] and str(s.bridge_port) in h["address"] for h in hooks)


def test_a_forged_webhook_is_refused(tmp_path: Path, sandbox: Sandbox) -> None:
    served = Served(write_config(tmp_path, sandbox, order_every=3600, inventory_every=3600),
                    tmp_path / "serve.log")
    try:
        response = httpx.post(f"{served.url}/webhooks/shopify", content=b'{"name": "#1"}', timeout=TIMEOUT,
                              headers={"X-Shopify-Topic": "orders/create", "X-Shopify-Hmac-Sha256": "Zm9yZ2Vk"})
        assert response.status_code == 401
        assert served.health()["webhooks"]["rejected"] == 1
    finally:
        assert served.stop() == 0


def test_sigterm_waits_for_the_cleanup_of_an_in_flight_roundtrip(tmp_path: Path, sandbox: Sandbox) -> None:
    set_faults(sandbox, "bridge", [{"kind": "bridge_lag", "scope": "bridge", "lag_seconds": 3}])
    served = Served(write_config(tmp_path, sandbox, order_every=3600, inventory_every=3600),
                    tmp_path / "serve.log")
    served.wait_for("the order to be created", lambda: _synthetic_orders(sandbox))
    assert served.stop(signal.SIGTERM) == 0
    rows = _rows(tmp_path / "results.sqlite", "SELECT probe, success FROM probe_runs WHERE probe = 'order-roundtrip'")
    assert rows == [("order-roundtrip", 1)]
    assert _orphans(sandbox) == []


def test_sigkill_mid_roundtrip_loses_no_result_and_leaves_no_orphan(tmp_path: Path, sandbox: Sandbox) -> None:
    set_faults(sandbox, "bridge", [{"kind": "bridge_lag", "scope": "bridge", "lag_seconds": 2}])
    config = write_config(tmp_path, sandbox, order_every=1, inventory_every=1)
    db = tmp_path / "results.sqlite"
    committed: set[str] = set()
    for attempt in range(3):
        served = Served(config, tmp_path / f"serve-{attempt}.log")
        before = len(_synthetic_orders(sandbox))
        served.wait_for("a new synthetic order", lambda: len(_synthetic_orders(sandbox)) > before)
        time.sleep(0.5)  # inside the 2 s bridge lag: the round-trip is mid-flight
        committed |= {r[0] for r in _rows(db, "SELECT id FROM probe_runs")} if db.exists() else set()
        served.stop(signal.SIGKILL, timeout=10)
        stored = {r[0] for r in _rows(db, "SELECT id FROM probe_runs")}
        assert committed <= stored, "a committed result was lost"
        committed = stored
    set_faults(sandbox, "bridge", [])
    served = Served(write_config(tmp_path, sandbox, order_every=3600, inventory_every=3600),
                    tmp_path / "serve-final.log")
    try:
        served.wait_for("the sweeper to leave no orphan", lambda: served.health()["sweeps"] >= 2
                        and not _orphans(sandbox), timeout=30)
        with _erp_client(sandbox) as erp:
            item = erp.get("/items", params={"$filter": "number eq 'SW-PROBE-001'"}).json()["value"][0]
        assert served.wait_for("stock to be reverted", lambda: _stock_balanced(sandbox), timeout=20)
        assert item["number"] == "SW-PROBE-001"
    finally:
        assert served.stop() == 0
    assert committed <= {r[0] for r in _rows(db, "SELECT id FROM probe_runs")}


def _stock_balanced(sandbox: Sandbox) -> bool:
    with _erp_client(sandbox) as erp:
        entries = erp.get("/itemLedgerEntries",
                          params={"$filter": "startswith(documentNumber,'SW-INV-')"}).json()["value"]
    net: dict[str, float] = {}
    for entry in entries:
        key = entry["documentNumber"].removesuffix("-R")
        net[key] = net.get(key, 0.0) + float(entry["quantity"])
    return all(v == 0 for v in net.values())


def test_a_taken_port_is_one_line_and_exit_2(tmp_path: Path, sandbox: Sandbox) -> None:
    import os
    import socket
    import subprocess
    import sys

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "seamwatch", "probe", "serve", "--config",
                               str(write_config(tmp_path, sandbox)), "--port", str(port)],
                              env={**os.environ, **SECRETS}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert "probes.yaml" in line and "service.port" in line and "--port 0" in line
