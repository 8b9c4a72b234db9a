"""The few Shopify and Business Central calls probes and the orphan sweeper make.

Paths are relative to each system's ``base_url`` (Shopify: ``.../admin/api/{version}``;
Business Central: ``.../v2.0/{tenant}/{environment}/api``). Lookups that never change
during a service's life (a SKU's variant, an item's id, the journal) are cached per run
context by the caller.
"""

from __future__ import annotations

from typing import Any

from seamwatch.config.systems import System
from seamwatch.probes.client import ProbeHttp, field_of, json_body
from seamwatch.probes.errors import StepFailed

__all__ = [
    "JOURNAL_BATCH",
    "erp_company_path",
    "erp_delete_sales_order",
    "erp_find_item",
    "erp_journal_id",
    "erp_post_adjustment",
    "erp_sales_orders",
    "odata_literal",
    "shopify_cancel_order",
    "shopify_first_location",
    "shopify_variant",
]

# The batch of seamwatch's custom item-journal API (contracts/erp: /seamwatch/inventory/v1.0).
JOURNAL_BATCH = "SEAMWATCH"


def odata_literal(value: str) -> str:
    """An OData string literal: quoted, with single quotes doubled."""
    return "'" + value.replace("'", "''") + "'"


def erp_company_path(system: System, custom: bool = False) -> str:
    if system.company_id is None:
        raise StepFailed("http_4xx", "the erp system has no company_id in the probe file")
    api = "/seamwatch/inventory/v1.0" if custom else "/v2.0"
    return f"{api}/companies({system.company_id})"


async def shopify_variant(http: ProbeHttp, shop: str, sku: str) -> dict[str, Any]:
    """The variant selling ``sku`` (first page of 250 products is searched)."""
    op = "GET /products.json"
    data = json_body(await http.request(shop, op, "GET", "/products.json", params={"limit": 250}), op)
    for product in field_of(data, op, "products"):
        for variant in product.get("variants") or []:
            if variant.get("sku") == sku:
                return dict(variant)
    raise StepFailed("missing", f"no Shopify variant has the probe SKU {sku!r} "
                                "(create the probe product, or set sku: in the probe file)")


async def shopify_first_location(http: ProbeHttp, shop: str) -> int:
    op = "GET /locations.json"
    data = json_body(await http.request(shop, op, "GET", "/locations.json"), op)
    locations = field_of(data, op, "locations")
    if not locations:
        raise StepFailed("missing", "the shop has no locations")
    return int(field_of(locations, op, 0, "id"))


async def shopify_cancel_order(http: ProbeHttp, shop: str, order_id: int) -> None:
    """Cancel ``order_id``; an order that is already cancelled (422) counts as done."""
    op = "POST /orders/{order_id}/cancel.json"
    await http.request(shop, op, "POST", f"/orders/{order_id}/cancel.json",
                       json={"reason": "other", "email": False}, ok=(200, 201, 404, 422))


async def erp_sales_orders(http: ProbeHttp, erp: str, system: System, external: str,
                           expand_lines: bool = False) -> list[dict[str, Any]]:
    op = "GET salesOrders?$filter=externalDocumentNumber"
    params = {"$filter": f"externalDocumentNumber eq {odata_literal(external)}"}
    if expand_lines:
        params["$expand"] = "salesOrderLines"
    path = f"{erp_company_path(system)}/salesOrders"
    data = json_body(await http.request(erp, op, "GET", path, params=params), op)
    value = field_of(data, op, "value")
    if not isinstance(value, list):
        raise StepFailed("schema", f"{op}: value is not a list")
    return [dict(v) for v in value]


async def erp_delete_sales_order(http: ProbeHttp, erp: str, system: System, order: dict[str, Any]) -> None:
    op = "DELETE salesOrders({id})"
    headers = {"If-Match": str(order.get("@odata.etag") or "*")}
    await http.request(erp, op, "DELETE", f"{erp_company_path(system)}/salesOrders({order['id']})",
                       headers=headers, ok=(200, 204, 404))


async def erp_find_item(http: ProbeHttp, erp: str, system: System, number: str) -> dict[str, Any]:
    op = "GET items?$filter=number"
    data = json_body(await http.request(erp, op, "GET", f"{erp_company_path(system)}/items",
                                        params={"$filter": f"number eq {odata_literal(number)}"}), op)
    items = field_of(data, op, "value")
    if not items:
        raise StepFailed("missing", f"no ERP item has the number {number!r} "
                                    "(create the probe item, or set item_number: in the probe file)")
    return dict(items[0])


async def erp_journal_id(http: ProbeHttp, erp: str, system: System) -> str:
    op = "GET itemJournals"
    data = json_body(await http.request(erp, op, "GET", f"{erp_company_path(system, custom=True)}/itemJournals",
                                        params={"$filter": f"code eq {odata_literal(JOURNAL_BATCH)}"}), op)
    journals = field_of(data, op, "value")
    if not journals:
        raise StepFailed("missing", f"the ERP has no item journal batch {JOURNAL_BATCH!r}")
    return str(field_of(journals, op, 0, "id"))


async def erp_post_adjustment(http: ProbeHttp, erp: str, system: System, journal_id: str,
                              item_number: str, quantity: int, document: str) -> None:
    """Create one item-journal line moving ``quantity`` (signed) and post the batch."""
    base = erp_company_path(system, custom=True)
    line = {"journalBatchName": JOURNAL_BATCH, "itemNumber": item_number,
            "entryType": "Positive Adjmt." if quantity > 0 else "Negative Adjmt.",
            "quantity": abs(quantity), "documentNumber": document}
    await http.request(erp, "POST itemJournalLines", "POST", f"{base}/itemJournalLines",
                       json=line, ok=(200, 201))
    await http.request(erp, "POST itemJournals({id})/Microsoft.NAV.post", "POST",
                       f"{base}/itemJournals({journal_id})/Microsoft.NAV.post", ok=(200, 204))
