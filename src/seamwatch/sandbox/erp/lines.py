"""Sales order lines: numbering, item defaults, discounts and line amounts.

``amountExcludingTax = quantity * unitPrice - discount``; the line's tax uses its ``taxCode``
(``TAXABLE`` at the shop's rate, ``NONTAXABLE`` or blank at 0). A line discount may be given
as an amount or a percent; BC keeps the two in step.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from seamwatch.sandbox.erp.errors import record_exists, record_missing
from seamwatch.sandbox.erp.model import TAX_CODES, ErpState, decimal, money, number, tax_rate
from seamwatch.sandbox.erp.odata_filter import decode_enum
from seamwatch.sandbox.erp.store import EMPTY_GUID

__all__ = ["build_line", "next_sequence"]

_SEQUENCE_STEP = 10000


def next_sequence(used: set[int], body: dict[str, Any]) -> int:
    if "sequence" in body:
        if body["sequence"] in used:
            raise record_exists("Sales Line", "Line No.", body["sequence"])
        return int(body["sequence"])
    return (max(used, default=0) // _SEQUENCE_STEP + 1) * _SEQUENCE_STEP


def build_line(
    state: ErpState,
    order: dict[str, Any],
    body: dict[str, Any],
    sequence: int,
    use_amount: bool | None = None,
) -> dict[str, Any]:
    """A priced line (without ``id``/``documentId``) from a create or merged update body."""
    has_item_ref = (
        bool(body.get("lineObjectNumber")) or body.get("itemId", EMPTY_GUID) != EMPTY_GUID
    )
    line_type = decode_enum(body.get("lineType") or ("Item" if has_item_ref else "Comment"))
    tax_code = str(body.get("taxCode", "")).upper()
    if tax_code not in TAX_CODES:
        raise record_missing("Tax Group", "Code", tax_code)
    line: dict[str, Any] = {
        "sequence": sequence,
        "itemId": EMPTY_GUID,
        "itemVariantId": body.get("itemVariantId", EMPTY_GUID),
        "accountId": body.get("accountId", EMPTY_GUID),
        "lineType": line_type,
        "lineObjectNumber": body.get("lineObjectNumber", ""),
        "description": body.get("description", ""),
        "unitOfMeasureCode": body.get("unitOfMeasureCode", ""),
        "quantity": body.get("quantity", 0),
        "unitPrice": body.get("unitPrice", 0),
        "discountAmount": body.get("discountAmount", 0),
        "discountPercent": body.get("discountPercent", 0),
        "amountExcludingTax": 0,
        "taxCode": tax_code,
        "amountIncludingTax": 0,
        "netAmount": 0,
        "shipmentDate": body.get("shipmentDate", order["orderDate"]),
        "shippedQuantity": 0,
        "invoicedQuantity": 0,
        "shipQuantity": body.get("shipQuantity", body.get("quantity", 0)),
    }
    if line_type == "Item":
        _apply_item(state, line, body)
    amount_given = ("discountAmount" in body) if use_amount is None else use_amount
    _price(line, amount_given)
    return line


def resolve_reference(table: Any, label: str, key: Any, number: Any) -> dict[str, Any] | None:
    """The record named by GUID ``key`` and/or ``number`` (both must agree), or ``None`` when
    neither is given; BC's "does not exist" error for a name that matches nothing."""
    record = None
    if key and key != EMPTY_GUID:  # the empty GUID means "none"
        record = table.get(key)
        if record is None:
            raise record_missing(label, "Id", key)
    if number:
        by_number = table.find("number", number)
        if by_number is None or (record is not None and by_number is not record):
            raise record_missing(label, "No.", number)
        record = by_number
    return record


def _apply_item(state: ErpState, line: dict[str, Any], body: dict[str, Any]) -> None:
    item = resolve_reference(state.items, "Item", body.get("itemId"), body.get("lineObjectNumber"))
    if item is None:
        return  # a blank item line, as BC allows before the No. is filled in
    line["itemId"], line["lineObjectNumber"] = item["id"], item["number"]
    line["description"] = body.get("description", item["displayName"])
    line["unitOfMeasureCode"] = body.get("unitOfMeasureCode", item["baseUnitOfMeasureCode"])
    line["unitPrice"] = body.get("unitPrice", item["unitPrice"])


def _price(line: dict[str, Any], amount_given: bool) -> None:
    """Discount and amounts of one line; comment lines carry no amounts."""
    gross = decimal(line["quantity"]) * decimal(line["unitPrice"])
    if line["lineType"] == "Comment":
        gross = Decimal(0)
    if amount_given:
        discount = money(decimal(line["discountAmount"]))
        if gross and abs(discount) <= abs(gross):
            # BC keeps the two in step; otherwise (no gross, or a discount beyond it) the given
            # percent stays as it was.
            line["discountPercent"] = number(money(discount / gross * 100))
    else:
        discount = money(gross * decimal(line["discountPercent"]) / 100)
    excl = money(gross - discount)
    tax = money(excl * tax_rate(line["taxCode"]))
    line.update(
        {
            "discountAmount": number(discount),
            "amountExcludingTax": number(excl),
            "amountIncludingTax": number(excl + tax),
            "netAmount": number(excl),
        }
    )
