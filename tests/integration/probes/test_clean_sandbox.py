"""All four probe kinds against a clean sandbox: they pass and leave nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from seamwatch.probes import SYNTHETIC_TAG
from seamwatch.probes.kinds.order_roundtrip import CLEANED_TAG
from seamwatch.sandbox.run import Sandbox
from tests.integration.probes import support
from tests.integration.sandbox.helpers import erp_orders, ground_truth


def test_every_kind_passes_and_cleans_up(probe_sandbox: Sandbox, sandbox_tokens: dict[str, str],
                                         tmp_path: Path) -> None:
    start_stock = support.erp_inventory(probe_sandbox)
    config = support.load(tmp_path, probe_sandbox)
    _, stored = support.run_and_store(config, tmp_path)

    assert {r.probe: r.classification for r in stored} == {
        "shopify-locations": None, "erp-items": None, "order-roundtrip": None,
        "inventory-roundtrip": None}
    order = next(r for r in stored if r.probe == "order-roundtrip")
    assert order.direction == "shopify_to_erp" and order.sync_lag_ms is not None
    assert [s.name for s in order.steps] == ["create_order", "wait_erp", "compare", "cleanup"]
    assert all(s.ok for s in order.steps)
    inventory = next(r for r in stored if r.probe == "inventory-roundtrip")
    assert inventory.direction == "erp_to_shopify" and inventory.sync_lag_ms is not None

    # The synthetic Shopify order is cancelled and marked cleaned; the ERP holds no copy.
    with support.shopify_client(probe_sandbox) as shopify:
        orders = shopify.get("/orders.json", params={"status": "any"}).json()["orders"]
    synthetic = [o for o in orders if SYNTHETIC_TAG in (o.get("tags") or "")]
    assert len(synthetic) == 1
    assert synthetic[0]["test"] is True and synthetic[0]["cancelled_at"]
    assert CLEANED_TAG in synthetic[0]["tags"]
    name = synthetic[0]["name"]
    assert name in order.message
    with support.erp_client(probe_sandbox) as erp:
        assert erp_orders(erp, name) == []
    with support.bridge_client(probe_sandbox) as bridge:
        truth = ground_truth(bridge, name)
    assert truth["status"] == "written" and truth["erp_id"]   # the bridge did write it

    # The stock adjustment was reverted.
    assert support.erp_inventory(probe_sandbox) == pytest.approx(start_stock)
