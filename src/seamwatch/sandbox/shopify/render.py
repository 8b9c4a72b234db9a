"""REST JSON for each resource, as Shopify shapes it (money as strings, ISO timestamps)."""

from __future__ import annotations

from typing import Any

from seamwatch.sandbox.seed import TAX_RATE
from seamwatch.sandbox.shopify.store import (
    Customer,
    Level,
    LineItem,
    Location,
    Order,
    Product,
    Store,
    Subscription,
    Variant,
)
from seamwatch.sandbox.shopify.values import format_cents, iso, tax_cents

__all__ = ["customer", "inventory_level", "location", "only_fields", "order", "product",
           "subscription", "variant"]

_RATE = float(TAX_RATE)


def only_fields(body: dict[str, Any], fields: list[str] | None) -> dict[str, Any]:
    """Apply the ``fields`` query parameter: keep only the named top-level keys."""
    return body if fields is None else {k: v for k, v in body.items() if k in fields}


def order(o: Order, store: Store) -> dict[str, Any]:
    """An order, with its customer and line items."""
    total = format_cents(o.subtotal_cents + o.tax_cents)
    owner = store.customers.get(o.customer_id) if o.customer_id is not None else None
    return {
        "id": o.id,
        "admin_graphql_api_id": f"gid://shopify/Order/{o.id}",
        "name": f"#{o.number}",
        "number": o.number - 1000,
        "order_number": o.number,
        "email": o.email,
        "phone": o.phone,
        "currency": o.currency,
        "presentment_currency": o.currency,
        "subtotal_price": format_cents(o.subtotal_cents),
        "total_line_items_price": format_cents(o.subtotal_cents),
        "total_tax": format_cents(o.tax_cents),
        "total_discounts": "0.00",
        "total_price": total,
        "current_total_price": total,
        "taxes_included": False,
        "financial_status": o.financial_status,
        "fulfillment_status": o.fulfillment_status,
        "tags": o.tags,
        "test": o.test,
        "note": o.note,
        "buyer_accepts_marketing": o.buyer_accepts_marketing,
        "created_at": iso(o.created_at),
        "updated_at": iso(o.updated_at),
        "processed_at": iso(o.created_at),
        "closed_at": iso(o.closed_at),
        "cancelled_at": iso(o.cancelled_at),
        "cancel_reason": o.cancel_reason,
        "customer": customer(owner) if owner is not None else None,
        "line_items": [line_item(line, o.currency) for line in o.line_items],
    }


def line_item(line: LineItem, currency: str) -> dict[str, Any]:
    """One order line, with its tax line and price set."""
    price = format_cents(line.price_cents)
    line_tax = tax_cents(line.price_cents * line.quantity, TAX_RATE) if line.taxable else 0
    money = {"amount": price, "currency_code": currency}
    return {
        "id": line.id,
        "admin_graphql_api_id": f"gid://shopify/LineItem/{line.id}",
        "variant_id": line.variant_id,
        "product_id": line.product_id,
        "sku": line.sku,
        "title": line.title,
        "name": line.name,
        "quantity": line.quantity,
        "price": price,
        "price_set": {"shop_money": money, "presentment_money": money},
        "fulfillable_quantity": line.fulfillable_quantity,
        "fulfillment_status": None,
        "requires_shipping": line.requires_shipping,
        "taxable": line.taxable,
        "tax_lines": [{"title": "Sales tax", "rate": _RATE, "price": format_cents(line_tax)}]
        if line.taxable else [],
        "properties": [],
    }


def customer(c: Customer) -> dict[str, Any]:
    """A customer."""
    return {
        "id": c.id,
        "admin_graphql_api_id": f"gid://shopify/Customer/{c.id}",
        "email": c.email,
        "first_name": c.first_name,
        "last_name": c.last_name,
        "phone": c.phone,
        "tags": c.tags,
        "note": c.note,
        "state": c.state,
        "verified_email": c.verified_email,
        "currency": "USD",
        "created_at": iso(c.created_at),
        "updated_at": iso(c.updated_at),
    }


def variant(v: Variant, store: Store) -> dict[str, Any]:
    """A variant; ``inventory_quantity`` sums its levels."""
    return {
        "id": v.id,
        "admin_graphql_api_id": f"gid://shopify/ProductVariant/{v.id}",
        "product_id": v.product_id,
        "title": v.title,
        "sku": v.sku,
        "price": format_cents(v.price_cents),
        "inventory_item_id": v.inventory_item_id,
        "inventory_management": "shopify",
        "inventory_policy": "deny",
        "inventory_quantity": store.available(v.inventory_item_id),
        "barcode": v.barcode,
        "taxable": True,
        "requires_shipping": True,
        "updated_at": iso(v.updated_at),
    }


def product(p: Product, store: Store) -> dict[str, Any]:
    """A product with (at most 100 of) its variants."""
    return {
        "id": p.id,
        "admin_graphql_api_id": f"gid://shopify/Product/{p.id}",
        "title": p.title,
        "handle": p.handle,
        "vendor": p.vendor,
        "product_type": p.product_type,
        "status": p.status,
        "tags": p.tags,
        "created_at": iso(p.created_at),
        "updated_at": iso(p.updated_at),
        "published_at": iso(p.created_at),
        # REST returns at most 100 variants per product since 2024-04.
        "variants": [variant(store.variants[v], store) for v in p.variant_ids[:100]],
    }


def location(loc: Location) -> dict[str, Any]:
    """A location."""
    return {
        "id": loc.id,
        "admin_graphql_api_id": f"gid://shopify/Location/{loc.id}",
        "name": loc.name,
        "active": True,
        "legacy": False,
        "address1": "1 Sandbox Way",
        "address2": None,
        "city": "Springfield",
        "zip": "12345",
        "province": None,
        "country": "US",
        "country_code": "US",
        "phone": None,
        "created_at": iso(loc.created_at),
        "updated_at": iso(loc.created_at),
    }


def inventory_level(level: Level) -> dict[str, Any]:
    """An inventory level (one item at one location)."""
    return {
        "inventory_item_id": level.inventory_item_id,
        "location_id": level.location_id,
        "available": level.available,
        "updated_at": iso(level.updated_at),
        "admin_graphql_api_id": (f"gid://shopify/InventoryLevel/{level.location_id}"
                                 f"?inventory_item_id={level.inventory_item_id}"),
    }


def subscription(s: Subscription) -> dict[str, Any]:
    """A webhook subscription."""
    return {
        "id": s.id,
        "address": s.address,
        "topic": s.topic,
        "format": "json",
        "api_version": s.api_version,
        "fields": list(s.fields),
        "metafield_namespaces": [],
        "filter": s.filter,
        "created_at": iso(s.created_at),
        "updated_at": iso(s.created_at),
    }
