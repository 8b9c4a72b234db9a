"""Each bridge domain fault is observable (and webhook_stop at the Shopify side)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import httpx

from seamwatch.sandbox.run import Sandbox
from seamwatch.sandbox.seed import NON_TAXABLE_CODE
from tests.integration.sandbox.helpers import (
    create_order,
    erp_orders,
    ground_truth,
    set_faults,
    wait_for,
    wait_for_erp_order,
    wait_for_status,
)


def test_bridge_lag_delays_the_write(sandbox: Sandbox, shopify: httpx.Client,
                                     bridge: httpx.Client) -> None:
    set_faults(sandbox, "bridge", [{"kind": "bridge_lag", "scope": "bridge", "lag_seconds": 0.4}])
    order = create_order(shopify)
    truth = wait_for_status(bridge, order["name"], "written")
    lag = (datetime.fromisoformat(truth["written_at"])
           - datetime.fromisoformat(truth["received_at"])).total_seconds()
    assert lag >= 0.4


def test_drop_orders_acks_but_never_writes(sandbox: Sandbox, shopify: httpx.Client,
                                           erp: httpx.Client, bridge: httpx.Client) -> None:
    set_faults(sandbox, "bridge", [{"kind": "drop_orders", "scope": "bridge"}])
    order = create_order(shopify)
    truth = wait_for_status(bridge, order["name"], "dropped")
    assert truth["written_at"] is None and truth["erp_id"] is None
    set_faults(sandbox, "bridge", [])
    control = create_order(shopify)  # later orders still flow; the dropped one stays dropped
    wait_for_erp_order(erp, control["name"])
    assert erp_orders(erp, order["name"]) == []
    assert ground_truth(bridge, order["name"])["status"] == "dropped"


def test_duplicate_orders_writes_twice(sandbox: Sandbox, shopify: httpx.Client,
                                       erp: httpx.Client, bridge: httpx.Client) -> None:
    set_faults(sandbox, "bridge", [{"kind": "duplicate_orders", "scope": "bridge"}])
    order = create_order(shopify)
    truth = wait_for_status(bridge, order["name"], "written")
    written = erp_orders(erp, order["name"])
    assert len(written) == 2
    assert sorted(o["id"] for o in written) == sorted(truth["erp_ids"])


def test_mapping_bug_total_without_tax(sandbox: Sandbox, shopify: httpx.Client,
                                       erp: httpx.Client, bridge: httpx.Client) -> None:
    set_faults(sandbox, "bridge", [{"kind": "mapping_bug", "scope": "bridge",
                                    "bug": "total_without_tax"}])
    order = create_order(shopify, sku="SW-TSHIRT-M", quantity=2)
    assert Decimal(order["total_tax"]) > 0
    written = wait_for_erp_order(erp, order["name"])
    assert Decimal(str(written["totalTaxAmount"])) == 0
    lines = erp.get(f"/salesOrders({written['id']})/salesOrderLines").json()["value"]
    assert {ln["taxCode"] for ln in lines} == {NON_TAXABLE_CODE}


def test_mapping_bug_wrong_quantity_and_wrong_sku(sandbox: Sandbox, shopify: httpx.Client,
                                                  erp: httpx.Client) -> None:
    set_faults(sandbox, "bridge", [{"kind": "mapping_bug", "scope": "bridge",
                                    "bug": "wrong_quantity"}])
    order = create_order(shopify, sku="SW-MUG", quantity=2)
    written = wait_for_erp_order(erp, order["name"])
    lines = erp.get(f"/salesOrders({written['id']})/salesOrderLines").json()["value"]
    assert [(ln["lineObjectNumber"], ln["quantity"]) for ln in lines] == [("SW-MUG", 3)]

    set_faults(sandbox, "bridge", [{"kind": "mapping_bug", "scope": "bridge", "bug": "wrong_sku"}])
    order = create_order(shopify, sku="SW-MUG", quantity=1)
    written = wait_for_erp_order(erp, order["name"])
    lines = erp.get(f"/salesOrders({written['id']})/salesOrderLines").json()["value"]
    assert len(lines) == 1 and lines[0]["lineObjectNumber"] not in ("SW-MUG", "")


def test_webhook_stop_means_nothing_reaches_the_bridge(sandbox: Sandbox, shopify: httpx.Client,
                                                      erp: httpx.Client,
                                                      bridge: httpx.Client) -> None:
    set_faults(sandbox, "shopify", [{"kind": "webhook_stop", "scope": "shopify"}])
    stopped = create_order(shopify)
    set_faults(sandbox, "shopify", [])
    control = create_order(shopify)
    wait_for_erp_order(erp, control["name"])
    wait_for(lambda: ground_truth(bridge, control["name"]).get("status") == "written")
    names = [o["name"] for o in ground_truth(bridge)["orders"]]
    assert stopped["name"] not in names
    assert erp_orders(erp, stopped["name"]) == []
