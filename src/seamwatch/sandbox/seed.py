"""Seed data shared by the sandbox Shopify and ERP, so SKUs and item numbers line up.

By convention SKU = ERP item number. ``SW-PROBE-001`` is the dedicated probe item.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

__all__ = ["PROBE_SKU", "SEED_ITEMS", "SeedItem", "TAX_RATE"]

PROBE_SKU = "SW-PROBE-001"
TAX_RATE = Decimal("0.08")  # the shop's flat rate; the ERP tax code TAXABLE has the same rate
TAXABLE_CODE = "TAXABLE"
NON_TAXABLE_CODE = "NONTAXABLE"


@dataclass(frozen=True)
class SeedItem:
    sku: str
    title: str
    price: Decimal
    stock: int


SEED_ITEMS: tuple[SeedItem, ...] = (
    SeedItem(PROBE_SKU, "seamwatch probe item (do not sell)", Decimal("10.00"), 1000),
    SeedItem("SW-TSHIRT-M", "T-shirt, medium", Decimal("19.99"), 120),
    SeedItem("SW-MUG", "Enamel mug", Decimal("12.50"), 60),
    SeedItem("SW-POSTER", "Poster A2", Decimal("7.25"), 300),
)
