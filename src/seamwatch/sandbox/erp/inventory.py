"""Customers, items and the custom item-journal API (create lines, post a batch).

Posting a batch is the only way stock changes besides ``shipAndInvoice``: each line moves
``items.inventory`` by its quantity (up for ``Positive Adjmt.``, down for ``Negative
Adjmt.``), writes one item ledger entry and, as in BC, leaves the journal.
"""

from __future__ import annotations

from typing import Any

from seamwatch.sandbox.erp.errors import dialog_error, record_exists, record_missing
from seamwatch.sandbox.erp.model import JOURNAL_CODE, ErpState, add_ledger_entry, decimal, number
from seamwatch.sandbox.erp.odata_filter import decode_enum
from seamwatch.sandbox.erp.store import next_free_number

__all__ = ["create_customer", "create_journal_line", "post_journal", "update_item"]

_LINE_STEP = 10000


def create_customer(state: ErpState, body: dict[str, Any]) -> dict[str, Any]:
    customer_number = body.get("number") or next_free_number(state.customers, "C", state.customer_numbers)
    if state.customers.find("number", customer_number):
        raise record_exists("Customer", "No.", customer_number)
    customer = {
        "number": customer_number,
        "displayName": "",
        "type": "Company",
        "addressLine1": "",
        "city": "",
        "country": "",
        "postalCode": "",
        "email": "",
        "phoneNumber": "",
        "currencyCode": "",
        "blocked": "_x0020_",
    }
    customer.update({k: v for k, v in body.items() if k != "number"})
    return state.customers.add(customer)


def update_item(state: ErpState, item: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    changes = dict(body)
    if "type" in changes:
        changes["type"] = decode_enum(changes["type"])
    for key in ("unitPrice", "unitCost"):
        if key in changes:
            changes[key] = number(decimal(changes[key]))
    item.update(changes)
    return state.items.touch(item)


def create_journal_line(state: ErpState, body: dict[str, Any]) -> dict[str, Any]:
    batch = body.get("journalBatchName", JOURNAL_CODE)
    if state.journals.find("code", batch) is None:
        raise record_missing("Item Journal Batch", "Name", batch)
    item = _journal_item(state, body)
    line_number = _line_number(state, batch, body.get("lineNumber"))
    location = body.get("locationCode", "")
    if location and state.locations.find("code", location) is None:
        raise record_missing("Location", "Code", location)
    return state.journal_lines.add(
        {
            "journalBatchName": batch,
            "lineNumber": line_number,
            "itemNumber": item["number"],
            "itemId": item["id"],
            "entryType": decode_enum(body["entryType"]),
            "quantity": number(decimal(body["quantity"])),
            "postingDate": body.get("postingDate") or state.stamps.today(),
            "documentNumber": body.get("documentNumber")
            or f"SW-ADJ-{next(state.adjustment_numbers):04d}",
            "locationCode": location,
            "externalDocumentNumber": body.get("externalDocumentNumber", ""),
        }
    )


def _journal_item(state: ErpState, body: dict[str, Any]) -> dict[str, Any]:
    item = None
    if "itemId" in body:
        item = state.items.get(body["itemId"])
        if item is None:
            raise record_missing("Item", "Id", body["itemId"])
    if "itemNumber" in body:
        by_number = state.items.find("number", body["itemNumber"])
        if by_number is None or (item is not None and by_number is not item):
            raise record_missing("Item", "No.", body["itemNumber"])
        item = by_number
    assert item is not None  # the contract requires itemNumber or itemId
    return item


def _line_number(state: ErpState, batch: str, given: int | None) -> int:
    used = {
        line["lineNumber"]
        for line in state.journal_lines.values()
        if line["journalBatchName"] == batch
    }
    if given is not None:
        if given in used:
            raise record_exists("Item Journal Line", "Line No.", given)
        return given
    return (max(used, default=0) // _LINE_STEP + 1) * _LINE_STEP


def post_journal(state: ErpState, journal: dict[str, Any]) -> int:
    """Post every line of the batch in line order; returns how many were posted."""
    lines = sorted(
        (
            line
            for line in state.journal_lines.values()
            if line["journalBatchName"] == journal["code"]
        ),
        key=lambda line: line["lineNumber"],
    )
    if not lines:
        raise dialog_error("There is nothing to post.")
    for line in lines:
        item = state.items.get(line["itemId"])
        if item is None:
            raise record_missing("Item", "No.", line["itemNumber"])
    # Checked first, applied second: posting either fully succeeds or changes nothing.
    for line in lines:
        item = state.items.get(line["itemId"])
        assert item is not None
        quantity = decimal(line["quantity"])
        signed = quantity if line["entryType"] == "Positive Adjmt." else -quantity
        item["inventory"] = number(decimal(item["inventory"]) + signed)
        state.items.touch(item)
        add_ledger_entry(
            state,
            item["number"],
            line["entryType"],
            signed,
            line["documentNumber"],
            line["postingDate"],
        )
        state.journal_lines.remove(line["id"])
    return len(lines)
