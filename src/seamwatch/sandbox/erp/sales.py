"""Sales orders and their lines, with totals computed from the lines as BC does.

Line amounts come from lines.py. Order totals are the sum of the lines (less the invoice
``discountAmount``), with tax computed once at order level from the taxable base and rounded
to cents, so order tax may differ by a cent from the sum of the lines' tax, exactly as in BC.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from seamwatch.sandbox.erp.errors import dialog_error, record_exists
from seamwatch.sandbox.erp.lines import build_line, next_sequence, resolve_reference
from seamwatch.sandbox.erp.model import (
    DEFAULT_CUSTOMER,
    ErpState,
    OrderRecord,
    add_ledger_entry,
    decimal,
    money,
    number,
    tax_rate,
)
from seamwatch.sandbox.erp.odata_filter import decode_enum
from seamwatch.sandbox.erp.store import EMPTY_GUID, next_free_number

__all__ = [
    "create_line",
    "create_order",
    "delete_line",
    "delete_order",
    "order_view",
    "ship_and_invoice",
    "update_line",
    "update_order",
]

# Sell-to/bill-to/ship-to names and address, copied from the customer unless the body gives them.
_PARTY_FIELDS = (
    "customerName",
    "billToName",
    "shipToName",
    "sellToAddressLine1",
    "sellToCity",
    "sellToCountry",
    "sellToPostCode",
)


# ------------------------------------------------------------------------------ orders
def create_order(state: ErpState, body: dict[str, Any], received_at: str) -> dict[str, Any]:
    """Create an order and its deep-inserted lines atomically; returns the order with lines."""
    header = {k: v for k, v in body.items() if k != "salesOrderLines"}
    given_number = header.get("number")
    if given_number and state.sales_orders.find("number", given_number):
        raise record_exists("Sales Header", "No.", given_number)
    order_date = header.get("orderDate") or state.stamps.today()
    # Keys in BC's order; the customer fields are filled in by _apply_customer.
    order: dict[str, Any] = {
        "number": given_number,
        "externalDocumentNumber": "",
        "orderDate": order_date,
        "postingDate": order_date,
        "requestedDeliveryDate": "0001-01-01",
        "customerId": EMPTY_GUID,
        "customerNumber": "",
        **dict.fromkeys(_PARTY_FIELDS, ""),
        "currencyId": EMPTY_GUID,
        "currencyCode": "",
        "pricesIncludeTax": False,
        "discountAmount": 0,
        "totalAmountExcludingTax": 0,
        "totalTaxAmount": 0,
        "totalAmountIncludingTax": 0,
        "fullyShipped": False,
        "status": "Draft",
        "lastModifiedDateTime": "",
        "phoneNumber": "",
        "email": "",
    }
    _apply_customer(state, order, header)
    order.update(
        {k: v for k, v in header.items() if k not in ("customerId", "customerNumber", "number")}
    )
    # Build every line before storing anything: a bad line rejects the whole deep insert.
    lines, used = [], set()
    for line_body in body.get("salesOrderLines", []):
        line = build_line(state, order, line_body, next_sequence(used, line_body))
        used.add(line["sequence"])
        lines.append(line)
    order["discountAmount"] = number(money(decimal(order["discountAmount"])))
    # Numbered last, so a rejected request does not use up a number (BC rolls back too).
    order["number"] = given_number or next_free_number(state.sales_orders, "SO-", state.order_numbers)
    stored = state.sales_orders.add(order)
    for line in lines:
        state.sales_order_lines.add({"documentId": stored["id"], **line})
    _recompute(state, stored, touch=False)
    state.orders_log[stored["id"]] = OrderRecord(stored["id"], received_at)
    return order_view(state, stored, expand=True)


def update_order(state: ErpState, order: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    if body.get("number", order["number"]) != order["number"] and state.sales_orders.find(
        "number", body["number"]
    ):
        raise record_exists("Sales Header", "No.", body["number"])
    changed = dict(order)
    if "customerId" in body or "customerNumber" in body:
        _apply_customer(state, changed, body)
    changed.update({k: v for k, v in body.items() if k not in ("customerId", "customerNumber")})
    changed["discountAmount"] = number(money(decimal(changed["discountAmount"])))
    order.update(changed)
    _recompute(state, order, touch=True)
    return order_view(state, order, expand=False)


def delete_order(state: ErpState, order: dict[str, Any], at: str) -> None:
    _close(state, order, "deleted", at)


def ship_and_invoice(state: ErpState, order: dict[str, Any], at: str) -> None:
    """Post the order: ship every item line (inventory down, ``Sale`` ledger entries), then
    the order becomes a posted document and leaves ``salesOrders``."""
    lines = [
        line
        for line in state.lines_of(order["id"])
        if line["quantity"] and line["lineType"] != "Comment"
    ]
    if not lines:
        raise dialog_error("There is nothing to post.")
    today = state.stamps.today()
    for line in lines:
        item = state.items.get(line["itemId"]) if line["lineType"] == "Item" else None
        if item is None:
            continue
        quantity = decimal(line["quantity"])
        item["inventory"] = number(decimal(item["inventory"]) - quantity)
        state.items.touch(item)
        add_ledger_entry(state, item["number"], "Sale", -quantity, order["number"], today)
    _close(state, order, "posted", at)


def _close(state: ErpState, order: dict[str, Any], how: str, at: str) -> None:
    record = state.orders_log.get(order["id"])
    snapshot = order_view(state, order, expand=True)
    for line in state.lines_of(order["id"]):
        state.sales_order_lines.remove(line["id"])
    state.sales_orders.remove(order["id"])
    if record is not None:
        record.state, record.changed_at, record.snapshot = how, at, snapshot


def order_view(state: ErpState, order: dict[str, Any], expand: bool) -> dict[str, Any]:
    """The order as returned by the API, with ``salesOrderLines`` when expanded."""
    if not expand:
        return order
    return {**order, "salesOrderLines": state.lines_of(order["id"])}


def _apply_customer(state: ErpState, order: dict[str, Any], body: dict[str, Any]) -> None:
    customer = resolve_reference(state.customers, "Customer", body.get("customerId"),
                                 body.get("customerNumber"))
    if customer is None:
        # Only reachable when the app runs with allow_missing_customer (schema relaxed).
        customer = state.customers.find("number", DEFAULT_CUSTOMER)
    assert customer is not None
    name = customer["displayName"]
    order.update(
        {
            "customerId": customer["id"],
            "customerNumber": customer["number"],
            "customerName": name,
            "billToName": name,
            "shipToName": name,
            "sellToAddressLine1": customer["addressLine1"],
            "sellToCity": customer["city"],
            "sellToCountry": customer["country"],
            "sellToPostCode": customer["postalCode"],
            "phoneNumber": customer["phoneNumber"],
            "email": customer["email"],
            "currencyCode": customer["currencyCode"],
        }
    )


# ------------------------------------------------------------------------------- lines
def create_line(state: ErpState, order: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    used = {line["sequence"] for line in state.lines_of(order["id"])}
    line = build_line(state, order, body, next_sequence(used, body))
    stored = state.sales_order_lines.add({"documentId": order["id"], **line})
    _recompute(state, order, touch=True)
    return stored


def update_line(
    state: ErpState, order: dict[str, Any], line: dict[str, Any], body: dict[str, Any]
) -> dict[str, Any]:
    merged = {
        k: v for k, v in line.items() if not k.startswith("@") and k not in ("id", "documentId")
    }
    if _item_changed(line, body):
        # A new item brings its own defaults, as when the No. is changed on a line in BC.
        for key in ("itemId", "lineObjectNumber", "unitPrice", "description", "unitOfMeasureCode"):
            merged.pop(key, None)
    if "quantity" in body and "shipQuantity" not in body:
        merged.pop("shipQuantity", None)  # BC resets Qty. to Ship to the new quantity
    merged.update(body)
    rebuilt = build_line(
        state, order, merged, line["sequence"], use_amount="discountAmount" in body
    )
    line.update(rebuilt)
    state.sales_order_lines.touch(line)
    _recompute(state, order, touch=True)
    return line


def _item_changed(line: dict[str, Any], body: dict[str, Any]) -> bool:
    if "lineType" in body and decode_enum(body["lineType"]) != line["lineType"]:
        return True
    return any(key in body and body[key] != line[key] for key in ("itemId", "lineObjectNumber"))


def delete_line(state: ErpState, order: dict[str, Any], line: dict[str, Any]) -> None:
    state.sales_order_lines.remove(line["id"])
    _recompute(state, order, touch=True)


def _recompute(state: ErpState, order: dict[str, Any], touch: bool) -> None:
    """Order totals from its lines; tax computed at order level per tax rate."""
    lines = state.lines_of(order["id"])
    excl_lines = sum((decimal(line["amountExcludingTax"]) for line in lines), Decimal(0))
    by_rate: dict[Decimal, Decimal] = {}
    for line in lines:
        rate = tax_rate(line["taxCode"])
        by_rate[rate] = by_rate.get(rate, Decimal(0)) + decimal(line["amountExcludingTax"])
    invoice_discount = money(decimal(order["discountAmount"]))
    share = (invoice_discount / excl_lines) if excl_lines else Decimal(0)
    # The invoice discount is spread over the lines pro rata, so it also lowers the tax base.
    tax = sum((money(base * (1 - share) * rate) for rate, base in by_rate.items()), Decimal(0))
    excl = money(excl_lines - invoice_discount)
    order.update(
        {
            "totalAmountExcludingTax": number(excl),
            "totalTaxAmount": number(tax),
            "totalAmountIncludingTax": number(excl + tax),
        }
    )
    if touch:
        state.sales_orders.touch(order)
