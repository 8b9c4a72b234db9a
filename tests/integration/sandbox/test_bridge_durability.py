"""Durability: webhooks acked by the bridge survive a SIGKILL and land in the ERP once."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from seamwatch.sandbox.run import Sandbox
from tests.integration.sandbox.helpers import (
    erp_orders,
    ground_truth,
    post_webhook,
    shopify_order_payload,
    wait_for,
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def bridge_process(tmp_path: Path, db: Path, port: int, shopify_url: str, erp_url: str,
                   *extra: str) -> Iterator[subprocess.Popen[bytes]]:
    log = (tmp_path / f"bridge-{port}-{len(list(tmp_path.glob('bridge-*.log')))}.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "seamwatch.sandbox.bridge", "--port", str(port), "--db", str(db),
         "--shopify-url", shopify_url, "--erp-url", erp_url, *extra],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        wait_for(lambda: _healthy(port, proc), timeout=30, what="bridge subprocess health")
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        log.close()


def _healthy(port: int, proc: subprocess.Popen[bytes]) -> bool:
    assert proc.poll() is None, f"bridge subprocess exited with {proc.returncode}"
    try:
        return httpx.get(f"http://127.0.0.1:{port}/_sandbox/health", timeout=2.0).status_code == 200
    except httpx.TransportError:
        return False


def test_queued_orders_survive_sigkill(sandbox: Sandbox, erp: httpx.Client, tmp_path: Path) -> None:
    s = sandbox.settings
    shopify_url = f"http://{s.host}:{s.shopify_port}"
    db, port, dead_erp = tmp_path / "crash.sqlite", _free_port(), f"http://{s.host}:{_free_port()}"
    payloads = [shopify_order_payload(quantity=n + 1) for n in range(5)]

    # 1. The ERP is unreachable: everything the bridge acks stays queued (slow retries).
    with bridge_process(tmp_path, db, port, shopify_url, dead_erp,
                        "--time-scale", "1", "--max-attempts", "1000") as proc:
        for n, payload in enumerate(payloads):
            response = post_webhook(f"http://127.0.0.1:{port}", payload, s.webhook_secret,
                                    event_id=f"crash-{n}")
            assert response.status_code == 200, response.text
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10.0) as bridge:
            # Wait until each order has failed once against the dead ERP (still queued).
            def all_tried() -> list[dict[str, Any]] | None:
                orders = ground_truth(bridge)["orders"]
                return orders if all(o["attempts"] >= 1 for o in orders) else None

            orders = wait_for(all_tried, what="first failed attempt of every order")
        assert {o["name"]: o["status"] for o in orders} == {p["name"]: "queued" for p in payloads}
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL

    # 2. Restarted against the real ERP: every queued order is written, exactly once.
    with bridge_process(tmp_path, db, port, shopify_url, f"http://{s.host}:{s.erp_port}",
                        "--time-scale", "0.001"):
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10.0) as bridge:
            wait_for(lambda: all(o["status"] == "written" for o in ground_truth(bridge)["orders"]),
                     what="all queued orders written after restart")
            truth = ground_truth(bridge)
            # The de-duplication survived the crash too.
            again = post_webhook(f"http://127.0.0.1:{port}", payloads[0], s.webhook_secret,
                                 event_id="crash-0")
            assert again.json()["status"] == "duplicate"
    assert len(truth["orders"]) == len(payloads)
    assert all(o["attempts"] >= 2 for o in truth["orders"])  # failed before the crash
    assert [len(erp_orders(erp, p["name"])) for p in payloads] == [1] * len(payloads)
