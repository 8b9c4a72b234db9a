"""Measured sync lag against the bridge's ground truth, and the ERP read budget.

Ground truth is ``written_at - received_at`` from ``GET /_sandbox/ground-truth/orders/{name}``
on the bridge: when its ERP write returned minus when Shopify's orders/create webhook reached
it. The probe measures from sending the create to the ERP record's ``lastModifiedDateTime``.
On loopback the webhook lands a few ms after the create is answered and the stamp a few ms
before the write returns, so the two agree to a few ms plus the lag fault itself.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import pytest

from seamwatch.config.secrets import resolve_secrets
from seamwatch.core.clock import SystemClock
from seamwatch.sandbox.run import Sandbox
from seamwatch.service.once import run_once
from seamwatch.storage import open_store
from tests.integration.probes import support
from tests.integration.sandbox.helpers import ground_truth, set_faults

# The default poll cadence (0.25 s, x1.5, up to 5 s): the budget claim is about it.
ORDER_ONLY = """
  - name: order-roundtrip
    kind: order_roundtrip
    shopify: shopify
    erp: erp
    sku: SW-PROBE-001
    timeout_seconds: 30
    late_after_seconds: 30
    schedule: {interval_seconds: 60}
"""


def truth_lag_ms(truth: dict[str, str]) -> float:
    written = datetime.fromisoformat(truth["written_at"])
    received = datetime.fromisoformat(truth["received_at"])
    return (written - received).total_seconds() * 1000.0


@pytest.mark.parametrize("lag_seconds", [0.5, 5.0])
def test_lag_agrees_with_ground_truth_within_the_budget(
        lag_seconds: float, probe_sandbox: Sandbox, sandbox_tokens: dict[str, str],
        tmp_path: Path) -> None:
    set_faults(probe_sandbox, "bridge", [{"kind": "bridge_lag", "scope": "bridge",
                                          "lag_seconds": lag_seconds}])
    config = support.load(tmp_path, probe_sandbox, ORDER_ONLY)
    _, [result] = support.run_and_store(config, tmp_path)
    assert result.success, result.message
    name = result.message.split(" ", 1)[0]          # "#1001 in the ERP after ..."
    with support.bridge_client(probe_sandbox) as bridge:
        truth = truth_lag_ms(ground_truth(bridge, name))
    assert result.sync_lag_ms is not None
    assert abs(result.sync_lag_ms - truth) <= max(250.0, 0.02 * truth), (result.sync_lag_ms, truth)

    wait = next(s for s in result.steps if s.name == "wait_erp")
    reads = [c for c in result.calls if c.system == "erp" and c.method == "GET"]
    waiting_reads = len(reads) - 2          # minus the compare read and the cleanup lookup
    # At most one ERP read per second of waiting, plus one: a sub-second wait needs its first
    # reads close together (0.25 s, 0.625 s) to keep the lag within 250 ms.
    assert waiting_reads <= max(1.0, wait.duration_ms / 1000.0) + 1, (waiting_reads, wait.duration_ms)


def test_a_budget_wait_before_the_create_is_not_counted_as_lag(
        probe_sandbox: Sandbox, sandbox_tokens: dict[str, str], tmp_path: Path) -> None:
    """Back-to-back round-trips fill the probes' 10% of the Shopify bucket, so later creates
    wait for the budget first; the lag must start when the create left, not before the wait."""
    set_faults(probe_sandbox, "bridge", [{"kind": "bridge_lag", "scope": "bridge", "lag_seconds": 0.5}])
    config = support.load(tmp_path, probe_sandbox, ORDER_ONLY, budget="{max_orders_per_minute: 60}")
    clock = SystemClock()
    with open_store(f"sqlite:///{tmp_path / 'r.sqlite'}", clock) as store:
        results = asyncio.run(run_once(config, store, clock, resolve_secrets(config),
                                       [config.probes[0]] * 3))
    assert all(r.success for r in results), [r.message for r in results]
    with support.bridge_client(probe_sandbox) as bridge:
        for result in results:
            truth = truth_lag_ms(ground_truth(bridge, result.message.split(" ", 1)[0]))
            assert result.sync_lag_ms is not None
            assert abs(result.sync_lag_ms - truth) <= 250.0, (result.sync_lag_ms, truth)
