"""Order rules: building an order from a validated body, totals, close/open/cancel, filters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from seamwatch.sandbox.seed import TAX_RATE
from seamwatch.sandbox.shopify.bodies import (
    CancelBody,
    CustomLine,
    OrderCreate,
    OrderUpdate,
    VariantLine,
)
from seamwatch.sandbox.shopify.errors import ApiError, unprocessable
from seamwatch.sandbox.shopify.params import Query
from seamwatch.sandbox.shopify.store import Customer, Level, LineItem, Order, Store
from seamwatch.sandbox.shopify.values import parse_cents, tax_cents

__all__ = ["FILTERS", "cancel", "create", "order_filter", "update"]

FILTERS = ("ids", "name", "since_id", "created_at_min", "created_at_max", "updated_at_min",
           "updated_at_max", "processed_at_min", "processed_at_max", "status",
           "financial_status", "fulfillment_status")
_UNPAID = {"pending", "authorized", "partially_paid"}


def create(store: Store, body: OrderCreate) -> tuple[Order, list[Level]]:
    """A new order, and the inventory levels its ``inventory_behaviour`` decremented."""
    lines = [_line(store, line) for line in body.line_items]
    levels = _decrement(store, lines, body.inventory_behaviour)
    subtotal = sum(line.price_cents * line.quantity for line in lines)
    taxable = sum(line.price_cents * line.quantity for line in lines if line.taxable)
    owner = _customer(store, body)
    now = store.now()
    order = Order(
        id=store.next_id("order"), number=store.next_id("order_number"),
        currency=body.currency or store.currency, line_items=lines, subtotal_cents=subtotal,
        tax_cents=tax_cents(taxable, TAX_RATE), financial_status=body.financial_status or "paid",
        created_at=now, updated_at=now, email=body.email or (owner.email if owner else None),
        note=body.note, tags=body.tags, test=body.test,
        customer_id=owner.id if owner else None)
    store.orders[order.id] = order
    return order, levels


def _line(store: Store, line: VariantLine | CustomLine) -> LineItem:
    """A custom line keeps its own title and price (no SKU unless given); a variant line
    takes title, SKU and price from the variant."""
    if isinstance(line, CustomLine):
        return LineItem(store.next_id("line"), None, None, line.sku, line.title, line.title,
                        line.quantity, parse_cents(line.price) or 0, line.taxable,
                        line.requires_shipping, line.quantity)
    variant = store.variants.get(line.variant_id)
    if variant is None:
        raise unprocessable("line_items", f"variant {line.variant_id} does not exist")
    product = store.products[variant.product_id]
    name = product.title if variant.title == "Default Title" else \
        f"{product.title} - {variant.title}"
    return LineItem(store.next_id("line"), variant.id, product.id, variant.sku, product.title,
                    name, line.quantity, variant.price_cents, fulfillable_quantity=line.quantity)


def _decrement(store: Store, lines: list[LineItem], behaviour: str) -> list[Level]:
    """Take stock at the shop's location; ``decrement_obeying_policy`` refuses to oversell."""
    if behaviour == "bypass":
        return []
    location = store.settings.shopify_location_id
    changes: list[tuple[Level, int]] = []
    for line in lines:
        variant = store.variants.get(line.variant_id) if line.variant_id else None
        level = store.levels.get((variant.inventory_item_id, location)) if variant else None
        if level is None or level.available is None:
            continue
        if behaviour == "decrement_obeying_policy" and level.available < line.quantity:
            raise unprocessable("line_items", f"Unable to reserve inventory for {line.sku}")
        changes.append((level, line.quantity))
    now = store.now()
    for level, quantity in changes:
        level.available = (level.available or 0) - quantity
        level.updated_at = now
    return [level for level, _ in changes]


def _customer(store: Store, body: OrderCreate) -> Customer | None:
    """An existing customer by id or email, or a new one; an unknown id is ignored."""
    given = body.customer
    if given is None:
        return None
    if given.id is not None:
        return store.customers.get(given.id)
    email = given.email or body.email
    known = next((c for c in store.customers.values() if email and c.email == email), None)
    if known is not None or not (email or given.first_name or given.last_name):
        return known
    return store.add_customer(email=email, first_name=given.first_name, last_name=given.last_name)


def update(store: Store, order: Order, body: OrderUpdate) -> None:
    """Change only the attributes the body names (``id`` is not an attribute)."""
    for name in body.model_fields_set - {"id"}:
        setattr(order, name, getattr(body, name))
    _touch(order, store.now())


def close(store: Store, order: Order, closed: bool) -> None:
    """Close (sets ``closed_at``) or re-open (clears it)."""
    now = store.now()
    order.closed_at = (order.closed_at or now) if closed else None
    _touch(order, now)


def cancel(store: Store, order: Order, body: CancelBody) -> None:
    """Cancel; a paid **and** fulfilled order, or a cancelled one, cannot be cancelled."""
    if order.cancelled_at is not None:
        raise ApiError(422, {"base": ["Order has already been cancelled"]})
    if order.financial_status == "paid" and order.fulfillment_status == "fulfilled":
        raise ApiError(422, {"base": ["Cannot cancel an order that has been paid and fulfilled"]})
    now = store.now()
    order.cancelled_at = now
    order.cancel_reason = body.reason
    order.closed_at = order.closed_at or now
    _touch(order, now)
    order.financial_status = _status_after_cancel(order, body)
    for line in order.line_items:
        line.fulfillable_quantity = 0


def _touch(order: Order, now: datetime) -> None:
    order.updated_at = now
    order.revision += 1


def _status_after_cancel(order: Order, body: CancelBody) -> str | None:
    if order.financial_status in _UNPAID:
        return "voided"
    if body.amount is not None:
        refunded = parse_cents(body.amount) or 0
        total = order.subtotal_cents + order.tax_cents
        return "refunded" if refunded >= total else "partially_refunded"
    return "refunded" if body.refund is not None else order.financial_status


def order_filter(q: Query) -> Callable[[Order], bool]:
    """One predicate from the list/count filters; every value is validated (400 when bad)."""
    checks: list[Callable[[Order], bool]] = [_status_check(q.choice(
        "status", ("open", "closed", "cancelled", "any"), "open") or "open")]
    if (ids := q.id_list("ids")) is not None:
        wanted = set(ids)
        checks.append(lambda o: o.id in wanted)
    if (name := q.get("name")) is not None:
        checks.append(lambda o: f"#{o.number}" in (name, f"#{name}"))
    if (since := q.id("since_id")) is not None:
        checks.append(lambda o: o.id > since)
    for field, attribute in (("created_at", "created_at"), ("updated_at", "updated_at"),
                             ("processed_at", "created_at")):
        checks.extend(_range_checks(q, field, attribute))
    if (financial := q.get("financial_status")) not in (None, "any"):
        wanted_fin = _UNPAID if financial == "unpaid" else {financial}
        checks.append(lambda o: o.financial_status in wanted_fin)
    if (fulfillment := q.get("fulfillment_status")) not in (None, "any"):
        checks.append(_fulfillment_check(fulfillment or ""))
    return lambda o: all(check(o) for check in checks)


def _status_check(status: str) -> Callable[[Order], bool]:
    return {
        "open": lambda o: o.closed_at is None,
        "closed": lambda o: o.closed_at is not None,
        "cancelled": lambda o: o.cancelled_at is not None,
        "any": lambda o: True,
    }[status]


def _range_checks(q: Query, field: str, attribute: str) -> list[Callable[[Order], bool]]:
    checks: list[Callable[[Order], bool]] = []
    if (low := q.timestamp(f"{field}_min")) is not None:
        checks.append(lambda o: _at(o, attribute) >= low)
    if (high := q.timestamp(f"{field}_max")) is not None:
        checks.append(lambda o: _at(o, attribute) <= high)
    return checks


def _at(order: Order, attribute: str) -> datetime:
    return getattr(order, attribute)  # type: ignore[no-any-return]


def _fulfillment_check(value: str) -> Callable[[Order], bool]:
    # Shopify's filter vocabulary differs from the field's values.
    aliases = {"shipped": {"fulfilled"}, "unshipped": {None}, "unfulfilled": {None, "partial"}}
    wanted = aliases.get(value, {value})
    return lambda o: o.fulfillment_status in wanted
