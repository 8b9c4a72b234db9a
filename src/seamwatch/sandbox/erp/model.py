"""The ERP's state: its entity sets, number series, seed data and the sandbox ground truth."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from seamwatch.core.clock import Clock
from seamwatch.sandbox.erp.contract import Contract
from seamwatch.sandbox.erp.errors import dialog_error
from seamwatch.sandbox.erp.store import EntitySet, Stamps
from seamwatch.sandbox.seed import NON_TAXABLE_CODE, SEED_ITEMS, TAX_RATE, TAXABLE_CODE

__all__ = [
    "DEFAULT_CUSTOMER",
    "JOURNAL_CODE",
    "LOCATION_CODE",
    "TAX_CODES",
    "ErpState",
    "OrderRecord",
    "build_state",
    "money",
    "number",
    "seed_id",
    "tax_rate",
]

DEFAULT_CUSTOMER = "C-SHOPIFY"
LOCATION_CODE = "MAIN"
JOURNAL_CODE = "SEAMWATCH"
# Stable ids for seeded records, so they are the same in every run of the sandbox.
_SEED_NS = uuid.UUID("3f0c4b8e-6a51-4d0e-9a3b-5e7c1d2f8a90")
# BC's AL Decimal is .NET decimal; larger values overflow there, so they are refused here too.
_MAX_DECIMAL = Decimal(79228162514264337593543950335)
_CENT = Decimal("0.01")
TAX_CODES = ("", TAXABLE_CODE, NON_TAXABLE_CODE)


def seed_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(_SEED_NS, f"{kind}:{key}"))


def money(value: Decimal) -> Decimal:
    """Round half away from zero to cents, as BC's amount rounding precision does."""
    try:
        return value.quantize(_CENT, rounding="ROUND_HALF_UP")
    except InvalidOperation as exc:
        raise dialog_error("Arithmetic overflow: an amount is too large") from exc


def decimal(value: Any) -> Decimal:
    """A JSON number as a Decimal (via its shortest text form, never binary expansion)."""
    result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not result.is_finite() or abs(result) > _MAX_DECIMAL:
        raise dialog_error("Arithmetic overflow: a value is too large")
    return result


def number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: an int when integral, else a float."""
    if abs(value) > _MAX_DECIMAL:
        raise dialog_error("Arithmetic overflow: an amount is too large")
    return int(value) if value == value.to_integral_value() else float(value)


def tax_rate(code: str) -> Decimal:
    """The sandbox tax setup: TAXABLE at the shop's flat rate; NONTAXABLE (or blank) at 0.

    Unknown codes are refused before they get here (see ``lines.build_line``)."""
    return TAX_RATE if code.upper() == TAXABLE_CODE else Decimal(0)


@dataclass
class OrderRecord:
    """Ground truth for one sales order: when the server received the POST that created it."""

    order_id: str
    received_at: str
    state: str = "open"  # open | posted | deleted
    changed_at: str | None = None
    snapshot: dict[str, Any] | None = None  # the order as it was when posted or deleted


@dataclass
class ErpState:
    """Every entity set of the one company, plus number series and ground truth."""

    stamps: Stamps
    sales_orders: EntitySet
    sales_order_lines: EntitySet
    items: EntitySet
    customers: EntitySet
    locations: EntitySet
    ledger: EntitySet
    journals: EntitySet
    journal_lines: EntitySet
    order_numbers: itertools.count = field(default_factory=lambda: itertools.count(1001))
    customer_numbers: itertools.count = field(default_factory=lambda: itertools.count(10000, 10))
    ledger_numbers: itertools.count = field(default_factory=lambda: itertools.count(1))
    adjustment_numbers: itertools.count = field(default_factory=lambda: itertools.count(1))
    orders_log: dict[str, OrderRecord] = field(default_factory=dict)

    def lines_of(self, order_id: str) -> list[dict[str, Any]]:
        lines = [row for row in self.sales_order_lines.values() if row["documentId"] == order_id]
        return sorted(lines, key=lambda row: row["sequence"])


def build_state(contract: Contract, clock: Clock) -> ErpState:
    """Empty entity sets typed from the contract, then the seed data."""
    stamps = Stamps(clock)

    def entity_set(name: str, schema: str, navigations: tuple[str, ...] = ()) -> EntitySet:
        return EntitySet(name, contract.field_types(schema), stamps, navigations)

    state = ErpState(
        stamps=stamps,
        sales_orders=entity_set("salesOrders", "salesOrder", ("salesOrderLines",)),
        sales_order_lines=entity_set("salesOrderLines", "salesOrderLine"),
        items=entity_set("items", "item"),
        customers=entity_set("customers", "customer"),
        locations=entity_set("locations", "location"),
        ledger=entity_set("itemLedgerEntries", "itemLedgerEntry"),
        journals=entity_set("itemJournals", "itemJournal"),
        journal_lines=entity_set("itemJournalLines", "itemJournalLine"),
    )
    _seed(state)
    return state


def _seed(state: ErpState) -> None:
    today = state.stamps.today()
    state.customers.add(
        {
            "id": seed_id("customer", DEFAULT_CUSTOMER),
            "number": DEFAULT_CUSTOMER,
            "displayName": "Shopify web customer",
            "type": "Person",
            "addressLine1": "",
            "city": "",
            "country": "US",
            "postalCode": "",
            "email": "",
            "phoneNumber": "",
            "currencyCode": "",
            "blocked": "_x0020_",
        }
    )
    state.locations.add(
        {
            "id": seed_id("location", LOCATION_CODE),
            "code": LOCATION_CODE,
            "displayName": "Main warehouse",
            "addressLine1": "1 Warehouse Way",
            "city": "Atlanta",
            "country": "US",
            "postalCode": "31772",
        }
    )
    state.journals.add(
        {
            "id": seed_id("journal", JOURNAL_CODE),
            "code": JOURNAL_CODE,
            "displayName": "seamwatch inventory adjustments",
        }
    )
    for seed in SEED_ITEMS:
        state.items.add(
            {
                "id": seed_id("item", seed.sku),
                "number": seed.sku,
                "displayName": seed.title,
                "type": "Inventory",
                "blocked": False,
                "gtin": "",
                "inventory": seed.stock,
                "unitPrice": number(seed.price),
                "unitCost": number(money(seed.price / 2)),
                "baseUnitOfMeasureCode": "PCS",
                "itemCategoryCode": "",
            }
        )
        add_ledger_entry(state, seed.sku, "Positive Adjmt.", Decimal(seed.stock), "OPENING", today)


def add_ledger_entry(
    state: ErpState,
    item_number: str,
    entry_type: str,
    quantity: Decimal,
    document_number: str,
    posting_date: str,
) -> dict[str, Any]:
    """One posted stock movement; ``quantity`` is signed (negative for outbound)."""
    return state.ledger.add(
        {
            "entryNumber": next(state.ledger_numbers),
            "itemNumber": item_number,
            "postingDate": posting_date,
            "entryType": entry_type,
            "documentNumber": document_number,
            "quantity": number(quantity),
        }
    )
