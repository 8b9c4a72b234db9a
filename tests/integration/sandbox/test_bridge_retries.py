"""Retries with backoff, and dead letters, against a failing ERP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from seamwatch.sandbox.bridge.worker import backoff_seconds
from seamwatch.sandbox.faults import FaultState
from seamwatch.sandbox.run import Sandbox
from tests.integration.sandbox.conftest import TIMEOUT, sandbox_settings
from tests.integration.sandbox.helpers import (
    create_order,
    erp_orders,
    ground_truth,
    post_webhook,
    set_faults,
    shopify_order_payload,
    wait_for_status,
)


def test_erp_always_failing_ends_in_dead_letter(sandbox: Sandbox, shopify: httpx.Client,
                                                erp: httpx.Client, bridge: httpx.Client) -> None:
    set_faults(sandbox, "erp", [{"kind": "error_rate", "scope": "erp", "rate": 1.0,
                                 "status": 503, "path": "salesOrders"}])
    order = create_order(shopify)
    truth = wait_for_status(bridge, order["name"], "dead_letter")
    assert truth["attempts"] == sandbox.settings.bridge_max_attempts
    assert "503" in truth["last_error"]
    assert ground_truth(bridge)["dead_letters"] == 1
    set_faults(sandbox, "erp", [])
    assert erp_orders(erp, order["name"]) == []


def test_erp_rate_limited_is_retried_then_dead_lettered(sandbox: Sandbox, shopify: httpx.Client,
                                                       erp: httpx.Client,
                                                       bridge: httpx.Client) -> None:
    set_faults(sandbox, "erp", [{"kind": "rate_limit_storm", "scope": "erp", "rate": 1.0,
                                 "retry_after": 1.0, "path": "salesOrders"}])
    order = create_order(shopify)
    truth = wait_for_status(bridge, order["name"], "dead_letter")
    assert "429" in truth["last_error"]


def test_non_retryable_4xx_goes_straight_to_dead_letter(sandbox: Sandbox, bridge: httpx.Client,
                                                        erp: httpx.Client) -> None:
    payload = shopify_order_payload(sku="NO-SUCH-ITEM")
    post_webhook(sandbox.settings.bridge_base, payload, sandbox.settings.webhook_secret)
    truth = wait_for_status(bridge, payload["name"], "dead_letter")
    assert truth["attempts"] == 1
    assert erp_orders(erp, payload["name"]) == []


@pytest.fixture
def flaky_sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    # Half of the ERP's answers fail; lookup and create must both pass, so allow many tries.
    with Sandbox(sandbox_settings(tmp_path, bridge_max_attempts=60),
                 FaultState(seed=20260115)) as running:
        yield running


def test_erp_failing_half_the_time_is_eventually_written_once(flaky_sandbox: Sandbox) -> None:
    s = flaky_sandbox.settings
    set_faults(flaky_sandbox, "erp", [{"kind": "error_rate", "scope": "erp", "rate": 0.5,
                                       "status": 500, "path": "salesOrders"}])
    payloads = [shopify_order_payload() for _ in range(4)]
    for payload in payloads:
        assert post_webhook(s.bridge_base, payload, s.webhook_secret).status_code == 200
    with httpx.Client(base_url=s.bridge_base, timeout=TIMEOUT) as bridge:
        truths = [wait_for_status(bridge, p["name"], "written", "dead_letter") for p in payloads]
    assert [t["status"] for t in truths] == ["written"] * 4
    assert any(t["attempts"] > 1 for t in truths)
    set_faults(flaky_sandbox, "erp", [])
    with httpx.Client(base_url=f"{s.erp_base}/v2.0/companies({s.company_id})", timeout=TIMEOUT,
                      headers={"Authorization": f"Bearer {s.erp_token}"}) as erp:
        assert [len(erp_orders(erp, p["name"])) for p in payloads] == [1, 1, 1, 1]


def test_backoff_grows_exponentially_and_honours_retry_after() -> None:
    assert [backoff_seconds(n, None, 1.0) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 8.0]
    assert backoff_seconds(1, 30.0, 1.0) == 30.0
    assert backoff_seconds(3, None, 0.001) == pytest.approx(0.004)
