"""Shopify order -> Business Central salesOrder body, per contracts/mappings/order.yaml.

The ``mapping_bug`` fault is applied here, deliberately: ``total_without_tax`` writes every
line with the non-taxable code, ``wrong_quantity`` adds one to each quantity, ``wrong_sku``
swaps each SKU for another seeded item (the ERP rejects unknown items, so the bug must
still produce an order the ERP accepts).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from seamwatch.sandbox.seed import NON_TAXABLE_CODE, SEED_ITEMS, TAXABLE_CODE

__all__ = ["CUSTOMER_NUMBER", "erp_filter_literal", "to_sales_order"]

CUSTOMER_NUMBER = "C-SHOPIFY"


def to_sales_order(order: dict[str, Any], bug: str | None = None) -> dict[str, Any]:
    """The deep-insert body of ``createSalesOrder`` for one Shopify order."""
    body: dict[str, Any] = {
        "externalDocumentNumber": str(order.get("name") or order.get("id")),
        "customerNumber": CUSTOMER_NUMBER,
        "currencyCode": str(order.get("currency") or "").upper(),
        "salesOrderLines": [_line(item, bug) for item in order.get("line_items") or []],
    }
    order_date = _utc_date(order.get("created_at"))
    if order_date:
        body["orderDate"] = order_date
    if order.get("email"):
        body["email"] = str(order["email"])
    return body


def _line(item: dict[str, Any], bug: str | None) -> dict[str, Any]:
    sku = str(item.get("sku") or "").strip()
    quantity = int(item.get("quantity") or 0)
    taxable = item.get("taxable", True) is not False
    if bug == "wrong_sku":
        sku = _other_sku(sku)
    if bug == "wrong_quantity":
        quantity += 1
    if bug == "total_without_tax":
        taxable = False
    line: dict[str, Any] = {
        "lineType": "Item",
        "lineObjectNumber": sku,
        "quantity": quantity,
        "unitPrice": float(Decimal(str(item.get("price") or "0"))),
        "taxCode": TAXABLE_CODE if taxable else NON_TAXABLE_CODE,
    }
    if item.get("title"):
        line["description"] = str(item["title"])
    return line


def _other_sku(sku: str) -> str:
    """The next seeded item after ``sku`` (a real item number, but the wrong one)."""
    skus = [item.sku for item in SEED_ITEMS]
    if sku in skus:
        return skus[(skus.index(sku) + 1) % len(skus)]
    return skus[1] if len(skus) > 1 else skus[0]


def _utc_date(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).date().isoformat()


def erp_filter_literal(value: str) -> str:
    """An OData string literal: single-quoted, inner quotes doubled."""
    return "'" + value.replace("'", "''") + "'"
