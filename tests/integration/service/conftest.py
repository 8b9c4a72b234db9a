"""``probe serve`` as a real subprocess against a real sandbox on free loopback ports."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from seamwatch.sandbox.run import Sandbox
from tests.integration.sandbox.conftest import sandbox_settings

SECRETS = {"SHOPIFY_ACCESS_TOKEN": "shpat_sandbox_0000000000000000",
           "ERP_ACCESS_TOKEN": "sandbox-erp-token-0000000000",
           "SHOPIFY_WEBHOOK_SECRET": "sandbox-webhook-secret-0000"}


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    # A big bucket: the tests poll Shopify themselves, besides the probes.
    with Sandbox(sandbox_settings(tmp_path, inventory_sync_interval=0.2, bucket_size=2000,
                                  leak_per_second=100.0)) as running:
        yield running


def write_config(tmp_path: Path, sandbox: Sandbox, *, order_every: float = 2.0,
                 inventory_every: float = 3.0, extra: str = "") -> Path:
    s = sandbox.settings
    path = tmp_path / "probes.yaml"
    path.write_text(f"""\
systems:
  shopify:
    kind: shopify
    base_url: {s.shopify_base}
    auth: {{token: "${{SHOPIFY_ACCESS_TOKEN}}"}}
  erp:
    kind: erp
    base_url: {s.erp_base}
    company_id: {s.company_id}
    auth: {{token: "${{ERP_ACCESS_TOKEN}}"}}
probes:
  - name: order-roundtrip
    kind: order_roundtrip
    shopify: shopify
    erp: erp
    timeout_seconds: 20
    late_after_seconds: 15
    schedule: {{interval_seconds: {order_every}}}
  - name: inventory-roundtrip
    kind: inventory_roundtrip
    shopify: shopify
    erp: erp
    timeout_seconds: 20
    schedule: {{interval_seconds: {inventory_every}}}
storage: {{url: "sqlite:///{tmp_path / 'results.sqlite'}"}}
budget: {{shopify_bucket_share: 0.5, max_orders_per_minute: 120}}
service:
  port: 0
  shutdown_timeout_seconds: 30
  webhooks: {{secret: "${{SHOPIFY_WEBHOOK_SECRET}}"}}
  sweeper: {{older_than_seconds: 0.5, interval_seconds: 1}}
{extra}""")
    return path


_RUNNING: list[subprocess.Popen[bytes]] = []


@pytest.fixture(autouse=True)
def _no_leftover_services() -> Iterator[None]:
    """A test that fails half-way must not leave a ``probe serve`` running behind it."""
    yield
    while _RUNNING:
        proc = _RUNNING.pop()
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


class Served:
    """A running ``seamwatch probe serve`` process; stderr collected to a file."""

    def __init__(self, config: Path, log: Path) -> None:
        self.log = log
        env = {**os.environ, **SECRETS}
        self._stderr = log.open("ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "seamwatch", "probe", "serve",
                                      "--config", str(config)], env=env,
                                     stdout=subprocess.DEVNULL, stderr=self._stderr)
        _RUNNING.append(self.proc)
        self.url = self._wait_for_url()

    def _wait_for_url(self, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.log.read_text(errors="replace").splitlines():
                if "probe service on " in line:
                    return line.split("probe service on ", 1)[1].split()[0]
            if self.proc.poll() is not None:
                raise AssertionError(f"probe serve exited early:\n{self.log.read_text()}")
            time.sleep(0.1)
        raise AssertionError(f"probe serve did not start:\n{self.log.read_text()}")

    def health(self) -> dict[str, Any]:
        return dict(httpx.get(f"{self.url}/healthz", timeout=5).json())

    def wait_for(self, what: str, check: Any, timeout: float = 40.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = check()
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}:\n{self.log.read_text()[-3000:]}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60.0) -> int:
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self._stderr.close()
