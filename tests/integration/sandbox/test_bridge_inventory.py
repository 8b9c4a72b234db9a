"""Inventory sync: an ERP stock movement shows up as the Shopify inventory level."""

from __future__ import annotations

from typing import Any

import httpx

from seamwatch.sandbox.run import Sandbox
from tests.integration.sandbox.conftest import TIMEOUT
from tests.integration.sandbox.helpers import ground_truth, variant_for, wait_for


def _shopify_available(shopify: httpx.Client, inventory_item_id: int, location_id: int) -> int | None:
    response = shopify.get("/inventory_levels.json", params={
        "inventory_item_ids": str(inventory_item_id), "location_ids": str(location_id)})
    response.raise_for_status()
    levels = response.json()["inventory_levels"]
    return levels[0]["available"] if levels else None


def _post_item_journal(sandbox: Sandbox, sku: str, quantity: int) -> None:
    s = sandbox.settings
    base = f"{s.erp_base}/seamwatch/inventory/v1.0/companies({s.company_id})"
    with httpx.Client(base_url=base, timeout=TIMEOUT,
                      headers={"Authorization": f"Bearer {s.erp_token}"}) as custom:
        line = custom.post("/itemJournalLines", json={
            "journalBatchName": "SEAMWATCH", "itemNumber": sku,
            "entryType": "Positive Adjmt." if quantity > 0 else "Negative Adjmt.",
            "quantity": abs(quantity), "documentNumber": "SW-TEST-1"})
        assert line.status_code == 201, line.text
        journals = custom.get("/itemJournals", params={"$filter": "code eq 'SEAMWATCH'"})
        journal: dict[str, Any] = journals.json()["value"][0]
        posted = custom.post(f"/itemJournals({journal['id']})/Microsoft.NAV.post")
        assert posted.status_code == 204, posted.text


def test_erp_stock_change_reaches_shopify(sandbox: Sandbox, shopify: httpx.Client,
                                          erp: httpx.Client, bridge: httpx.Client) -> None:
    sku, location = "SW-POSTER", sandbox.settings.shopify_location_id
    item_id = int(variant_for(shopify, sku)["inventory_item_id"])
    erp_item = erp.get("/items", params={"$filter": f"number eq '{sku}'"}).json()["value"][0]
    before = int(erp_item["inventory"])
    # The first sync round sets every item; wait for it so the change below is a new one.
    wait_for(lambda: any(i["sku"] == sku for i in ground_truth(bridge)["inventory"]),
             what="first inventory sync")

    _post_item_journal(sandbox, sku, 7)

    wait_for(lambda: _shopify_available(shopify, item_id, location) == before + 7,
             what=f"Shopify level {before + 7} for {sku}")
    truth = next(i for i in ground_truth(bridge)["inventory"] if i["sku"] == sku)
    assert truth["available"] == before + 7 and truth["shopify_set_at"]
    modified = erp.get("/items", params={"$filter": f"number eq '{sku}'"}).json()["value"][0]
    assert truth["erp_modified_at"] == modified["lastModifiedDateTime"]
