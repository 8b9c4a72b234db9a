"""The sandbox shop's in-memory state: products, variants, one location, inventory levels,
customers, orders and webhook subscriptions, seeded from :mod:`seamwatch.sandbox.seed`.

Everything runs on the server's event loop, so no locking is needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from seamwatch.core.clock import Clock
from seamwatch.sandbox.seed import SEED_ITEMS
from seamwatch.sandbox.settings import SandboxSettings
from seamwatch.sandbox.shopify.values import IdSequence, cents_from_decimal, truncate

__all__ = ["Customer", "Level", "LineItem", "Location", "Order", "Product", "Store",
           "Subscription", "Variant"]


@dataclass(slots=True)
class Variant:
    """A product variant; its ``inventory_item_id`` keys its inventory levels."""

    id: int
    product_id: int
    title: str
    sku: str | None
    price_cents: int
    inventory_item_id: int
    barcode: str | None
    updated_at: datetime


@dataclass(slots=True)
class Product:
    """A product."""

    id: int
    title: str
    handle: str
    status: str
    created_at: datetime
    updated_at: datetime
    variant_ids: list[int] = field(default_factory=list)
    vendor: str = "seamwatch sandbox"
    product_type: str = ""
    tags: str = ""


@dataclass(slots=True)
class Location:
    """A location (the sandbox shop has one)."""

    id: int
    name: str
    created_at: datetime


@dataclass(slots=True)
class Level:
    """Stock of one inventory item at one location (None: untracked)."""

    inventory_item_id: int
    location_id: int
    available: int | None
    updated_at: datetime


@dataclass(slots=True)
class Customer:
    """A customer."""

    id: int
    email: str | None
    first_name: str | None
    last_name: str | None
    phone: str | None
    created_at: datetime
    updated_at: datetime
    tags: str = ""
    note: str | None = None
    verified_email: bool = False
    state: str = "disabled"


@dataclass(slots=True)
class LineItem:
    """One order line; prices in cents."""

    id: int
    variant_id: int | None
    product_id: int | None
    sku: str | None
    title: str
    name: str
    quantity: int
    price_cents: int
    taxable: bool = True
    requires_shipping: bool = True
    fulfillable_quantity: int = 0


@dataclass(slots=True)
class Order:
    """An order; money in cents, ``number`` is ``order_number``."""

    id: int
    number: int
    currency: str
    line_items: list[LineItem]
    subtotal_cents: int
    tax_cents: int
    financial_status: str | None
    created_at: datetime
    updated_at: datetime
    email: str | None = None
    phone: str | None = None
    note: str | None = None
    tags: str = ""
    test: bool = False
    customer_id: int | None = None
    buyer_accepts_marketing: bool = False
    fulfillment_status: str | None = None
    closed_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None
    revision: int = 0  # bumped on every change; keys the rendered-JSON cache


@dataclass(slots=True)
class Subscription:
    """A webhook subscription made through the Admin API."""

    id: int
    address: str
    topic: str
    api_version: str
    created_at: datetime
    fields: list[str] = field(default_factory=list)
    filter: str | None = None


class Store:
    """All records, by id, plus the id sequences and the clock that stamps them."""

    def __init__(self, settings: SandboxSettings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self.currency = "USD"
        self.products: dict[int, Product] = {}
        self.variants: dict[int, Variant] = {}
        self.locations: dict[int, Location] = {}
        self.levels: dict[tuple[int, int], Level] = {}
        self.customers: dict[int, Customer] = {}
        self.orders: dict[int, Order] = {}
        self.subscriptions: dict[int, Subscription] = {}
        # Distinct, realistic-looking ranges per resource, as in Shopify.
        self.ids = {name: IdSequence(start) for name, start in (
            ("product", 8_123_456_789_000), ("variant", 44_556_677_880_000),
            ("item", 45_678_901_230_000), ("customer", 7_012_345_670_000),
            ("order", 5_678_901_230_000), ("line", 13_456_789_010_000),
            ("webhook", 1_234_567_890_000), ("order_number", 1001))}
        self._seed()

    def now(self) -> datetime:
        """The clock's time, in whole seconds."""
        return truncate(self.clock.now())

    def next_id(self, kind: str) -> int:
        """The next id of ``kind`` (product, order, line, ...)."""
        return self.ids[kind].next()

    @property
    def multi_location(self) -> bool:
        """Whether the shop has more than one location."""
        return len(self.locations) > 1

    def _seed(self) -> None:
        """One product and variant per seed item, stocked at the one location; two customers."""
        now = self.now()
        location = Location(self.settings.shopify_location_id, "Sandbox warehouse", now)
        self.locations[location.id] = location
        for item in SEED_ITEMS:
            product = Product(self.next_id("product"), item.title, _handle(item.title), "active",
                              now, now)
            variant = Variant(self.next_id("variant"), product.id, "Default Title", item.sku,
                              cents_from_decimal(item.price), self.next_id("item"), None, now)
            product.variant_ids.append(variant.id)
            self.products[product.id] = product
            self.variants[variant.id] = variant
            key = (variant.inventory_item_id, location.id)
            self.levels[key] = Level(*key, item.stock, now)
        for first, last, email in (("Jane", "Doe", "jane.doe@example.com"),
                                   ("Max", "Mustermann", "max@example.com")):
            self.add_customer(email=email, first_name=first, last_name=last, verified_email=True)

    def add_customer(self, *, email: str | None = None, first_name: str | None = None,
                     last_name: str | None = None, phone: str | None = None, tags: str = "",
                     note: str | None = None, verified_email: bool = False,
                     state: str = "disabled") -> Customer:
        """Create and store a customer."""
        now = self.now()
        customer = Customer(self.next_id("customer"), email, first_name, last_name, phone, now, now,
                            tags, note, verified_email, state)
        self.customers[customer.id] = customer
        return customer

    def variant_by_item(self, inventory_item_id: int) -> Variant | None:
        """The variant that owns an inventory item, if any."""
        return next((v for v in self.variants.values()
                     if v.inventory_item_id == inventory_item_id), None)

    def available(self, inventory_item_id: int) -> int:
        """Sum over locations, as a variant's ``inventory_quantity``."""
        return sum(level.available or 0 for (item, _), level in self.levels.items()
                   if item == inventory_item_id)


def _handle(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
