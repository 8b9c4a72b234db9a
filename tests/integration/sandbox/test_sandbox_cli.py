"""`seamwatch sandbox up` in a subprocess, and the Sandbox launcher's clean stop."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from seamwatch.sandbox.run import Sandbox
from seamwatch.sandbox.settings import SandboxSettings
from tests.integration.sandbox.conftest import sandbox_settings

CLI = [sys.executable, "-m", "seamwatch"]
BANNER_TIMEOUT = 60.0


def _start(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[str], "queue.Queue[str]"]:
    proc = subprocess.Popen(
        [*CLI, "sandbox", "up", "--shopify-port", "0", "--erp-port", "0", "--bridge-port", "0",
         "--bridge-db", str(tmp_path / "bridge.sqlite"), "--time-scale", "0.001", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return proc, lines


def _banner(proc: subprocess.Popen[str], lines: "queue.Queue[str]") -> dict[str, str]:
    found: dict[str, str] = {}
    while "control token" not in found:
        try:
            line = lines.get(timeout=BANNER_TIMEOUT)
        except queue.Empty:
            proc.kill()
            raise AssertionError(f"no banner; stderr: {proc.communicate()[1]}") from None
        match = re.match(r"\s+(shopify token|webhook secret|erp token|control token|"
                         r"shopify|erp|bridge)\s{2,}(\S+)", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_sandbox_up_serves_and_stops_cleanly(tmp_path: Path, sig: signal.Signals) -> None:
    proc, lines = _start(tmp_path, "--fault", "latency:erp:latency_ms=1")
    try:
        banner = _banner(proc, lines)
        assert banner["shopify"].startswith("http://127.0.0.1:")
        assert banner["shopify token"].startswith("shpat_")
        assert {"erp", "bridge", "webhook secret", "erp token", "control token"} <= set(banner)
        products = httpx.get(f"{banner['shopify']}/products.json", timeout=10.0,
                             headers={"X-Shopify-Access-Token": banner["shopify token"]})
        assert products.status_code == 200
        company = SandboxSettings().company_id
        erp = httpx.get(f"{banner['erp']}/v2.0/companies({company})/items", timeout=10.0,
                        headers={"Authorization": f"Bearer {banner['erp token']}"})
        assert erp.status_code == 200
        assert httpx.get(f"{banner['bridge']}/_sandbox/health", timeout=10.0).status_code == 200
        proc.send_signal(sig)
        assert proc.wait(timeout=15) == 0
        assert "Traceback" not in (proc.stderr.read() if proc.stderr else "")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def test_port_in_use_is_one_line_and_exit_2(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [*CLI, "sandbox", "up", "--shopify-port", str(port), "--erp-port", "0",
             "--bridge-port", "0", "--bridge-db", str(tmp_path / "b.sqlite")],
            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(port) in lines[0] and "--shopify-port 0" in lines[0]
    assert "Traceback" not in result.stderr


def test_bad_fault_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = subprocess.run([*CLI, "sandbox", "up", "--fault", "meltdown:erp"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--fault" in lines[0] and "error_rate" in lines[0]
    assert "Traceback" not in result.stderr


def test_sandbox_stop_leaves_no_threads_or_ports(tmp_path: Path) -> None:
    before = {t.name for t in threading.enumerate()}
    with Sandbox(sandbox_settings(tmp_path)) as running:
        ports = [running.settings.shopify_port, running.settings.erp_port,
                 running.settings.bridge_port]
        assert all(ports) and len(set(ports)) == 3
        assert running.urls["bridge"] == f"http://127.0.0.1:{ports[2]}"
        hooks = httpx.get(f"{running.settings.shopify_base}/webhooks.json", timeout=10.0,
                          headers={"X-Shopify-Access-Token": running.settings.shopify_token})
        assert {h["topic"] for h in hooks.json()["webhooks"]} == {
            "orders/create", "orders/updated", "orders/cancelled"}
    leftover = {t.name for t in threading.enumerate() if t.is_alive()} - before
    assert not [name for name in leftover if "sandbox" in name], leftover
    for port in ports:
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", port))  # nobody listens there any more
