"""An order created through the Shopify API reaches the ERP via webhook and bridge."""

from __future__ import annotations

import time
from datetime import datetime
from decimal import Decimal

import httpx

from seamwatch.sandbox.run import Sandbox
from seamwatch.sandbox.seed import TAXABLE_CODE
from tests.integration.sandbox.helpers import (
    create_order,
    erp_orders,
    ground_truth,
    wait_for_erp_order,
    wait_for_status,
)


def test_order_flows_from_shopify_to_the_erp(sandbox: Sandbox, shopify: httpx.Client,
                                             erp: httpx.Client, bridge: httpx.Client) -> None:
    started = time.monotonic()
    order = create_order(shopify, sku="SW-MUG", quantity=3)
    written = wait_for_erp_order(erp, order["name"])
    latency = time.monotonic() - started
    truth = wait_for_status(bridge, order["name"], "written")
    bridge_latency = (datetime.fromisoformat(truth["written_at"])
                      - datetime.fromisoformat(truth["received_at"])).total_seconds()
    print(f"\nend-to-end order latency (Shopify create -> visible in ERP): {latency * 1000:.1f} ms; "
          f"bridge received -> ERP 201: {bridge_latency * 1000:.1f} ms")

    assert written["externalDocumentNumber"] == order["name"]
    assert written["customerNumber"] == "C-SHOPIFY"
    assert written["id"] == truth["erp_id"]
    assert truth["attempts"] == 1 and truth["shopify_order_id"] == order["id"]
    assert truth["received_at"].endswith("+00:00") and "." in truth["received_at"]
    lines = erp.get(f"/salesOrders({written['id']})/salesOrderLines").json()["value"]
    assert [(ln["lineObjectNumber"], ln["quantity"], ln["taxCode"]) for ln in lines] == [
        ("SW-MUG", 3, TAXABLE_CODE)]
    assert Decimal(str(lines[0]["unitPrice"])) == Decimal(order["line_items"][0]["price"])
    assert Decimal(str(written["totalTaxAmount"])) == Decimal(order["total_tax"])
    assert len(erp_orders(erp, order["name"])) == 1


def test_ground_truth_lists_orders_and_health(sandbox: Sandbox, shopify: httpx.Client,
                                              erp: httpx.Client, bridge: httpx.Client) -> None:
    order = create_order(shopify, sku="SW-POSTER", quantity=1)
    wait_for_status(bridge, order["name"], "written")
    truth = ground_truth(bridge)
    assert [o["name"] for o in truth["orders"]] == [order["name"]]
    assert truth["rejected_webhooks"] == 0 and truth["dead_letters"] == 0
    assert bridge.get("/_sandbox/ground-truth/orders/%23nope").status_code == 404
    health = bridge.get("/_sandbox/health").json()
    assert health["status"] == "ok" and health["orders"] == {"written": 1}


def test_a_second_sandbox_on_the_same_bridge_db_still_syncs(tmp_path) -> None:
    """Shopify restarts its ids at #1001; a stale bridge queue must not swallow the new order."""
    from tests.integration.sandbox.conftest import TIMEOUT, sandbox_settings

    settings = sandbox_settings(tmp_path)
    for _ in range(2):
        with Sandbox(settings) as running:
            s = running.settings
            with httpx.Client(base_url=s.shopify_base, timeout=TIMEOUT,
                              headers={"X-Shopify-Access-Token": s.shopify_token}) as shop, \
                 httpx.Client(base_url=f"{s.erp_base}/v2.0/companies({s.company_id})", timeout=TIMEOUT,
                              headers={"Authorization": f"Bearer {s.erp_token}"}) as erp:
                order = create_order(shop, sku="SW-MUG", quantity=1)
                assert order["name"] == "#1001"
                assert wait_for_erp_order(erp, order["name"], timeout=15)["externalDocumentNumber"] == "#1001"
