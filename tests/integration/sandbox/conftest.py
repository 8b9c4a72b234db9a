"""Fixtures for sandbox integration tests: a whole sandbox on free loopback ports.

``sandbox`` starts Shopify, the ERP and the bridge (function scoped, so faults and data never
leak between tests); ``shopify``, ``erp`` and ``bridge`` are httpx clients on their base URLs
with the sandbox credentials. Helpers live in ``tests/integration/sandbox/helpers.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from seamwatch.sandbox.run import Sandbox
from seamwatch.sandbox.settings import SandboxSettings

TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def sandbox_settings(tmp_path: Path, **overrides: object) -> SandboxSettings:
    """Free ports, a private bridge DB and fast retries/sync for tests."""
    values: dict[str, object] = {
        "shopify_port": 0, "erp_port": 0, "bridge_port": 0,
        "bridge_db": tmp_path / "bridge.sqlite", "time_scale": 0.001,
        "bridge_poll_interval": 0.02, "inventory_sync_interval": 0.1,
    }
    values.update(overrides)
    return SandboxSettings(**values)  # type: ignore[arg-type]


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(sandbox_settings(tmp_path)) as running:
        yield running


@pytest.fixture
def shopify(sandbox: Sandbox) -> Iterator[httpx.Client]:
    headers = {"X-Shopify-Access-Token": sandbox.settings.shopify_token}
    with httpx.Client(base_url=sandbox.settings.shopify_base, headers=headers,
                      timeout=TIMEOUT) as client:
        yield client


@pytest.fixture
def erp(sandbox: Sandbox) -> Iterator[httpx.Client]:
    s = sandbox.settings
    with httpx.Client(base_url=f"{s.erp_base}/v2.0/companies({s.company_id})",
                      headers={"Authorization": f"Bearer {s.erp_token}"},
                      timeout=TIMEOUT) as client:
        yield client


@pytest.fixture
def bridge(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.settings.bridge_base, timeout=TIMEOUT) as client:
        yield client
