"""``/orders``: list, count, get, create, update, close, open, cancel.

Changes emit webhooks: create -> orders/create; update, close, open -> orders/updated;
cancel -> orders/cancelled and orders/updated (as Shopify sends both).
"""

from __future__ import annotations

from seamwatch.sandbox.shopify import orders, render
from seamwatch.sandbox.shopify.bodies import CancelBody, OrderCreate, OrderUpdate, validate
from seamwatch.sandbox.shopify.context import AdminRequest, Reply
from seamwatch.sandbox.shopify.errors import ApiError, not_found
from seamwatch.sandbox.shopify.params import PageRequest
from seamwatch.sandbox.shopify.store import Order

__all__ = ["ROUTES"]


def _newest_first(order: Order) -> int:
    return -order.id


def _order(req: AdminRequest) -> Order:
    found = req.store.orders.get(req.ids[0])
    if found is None:
        raise not_found()
    return found


def _answer(req: AdminRequest, order: Order, *topics: str, status: int = 200) -> Reply:
    """``{"order": ...}``, after sending the webhooks the change triggers."""
    body, raw = req.shop.order_json(order)
    for topic in topics:
        req.emit(topic, body["order"])
    return Reply(body, status, raw=raw)


def list_orders(req: AdminRequest) -> Reply:
    """``GET /orders.json`` (newest first; ``status`` defaults to open)."""
    page = PageRequest.parse(req.query, "orders", orders.FILTERS)
    keep = orders.order_filter(page.filters)
    found = sorted((o for o in req.store.orders.values() if keep(o)), key=_newest_first)
    return req.page("orders", found, _newest_first, page,
                    lambda o: req.shop.order_json(o)[0]["order"])


def count_orders(req: AdminRequest) -> Reply:
    """``GET /orders/count.json``."""
    if "page" in req.query.values:
        raise ApiError(400, {"page": ["page cannot be passed"]})
    keep = orders.order_filter(req.query)
    return Reply({"count": sum(1 for o in req.store.orders.values() if keep(o))})


def get_order(req: AdminRequest) -> Reply:
    """``GET /orders/{id}.json``."""
    body, raw = req.shop.order_json(_order(req))
    fields = req.query.fields()
    if fields is None:
        return Reply(body, raw=raw)
    return Reply({"order": render.only_fields(body["order"], fields)})


def create_order(req: AdminRequest) -> Reply:
    """``POST /orders.json`` (201)."""
    body = validate(OrderCreate, req.json(), "order")
    order, levels = orders.create(req.store, body)
    for level in levels:
        req.emit("inventory_levels/update", render.inventory_level(level))
    return _answer(req, order, "orders/create", status=201)


def update_order(req: AdminRequest) -> Reply:
    """``PUT /orders/{id}.json``."""
    order = _order(req)
    orders.update(req.store, order, validate(OrderUpdate, req.json(), "order"))
    return _answer(req, order, "orders/updated")


def close_order(req: AdminRequest) -> Reply:
    """``POST /orders/{id}/close.json``."""
    order = _order(req)
    orders.close(req.store, order, closed=True)
    return _answer(req, order, "orders/updated")


def open_order(req: AdminRequest) -> Reply:
    """``POST /orders/{id}/open.json``."""
    order = _order(req)
    orders.close(req.store, order, closed=False)
    return _answer(req, order, "orders/updated")


def cancel_order(req: AdminRequest) -> Reply:
    """``POST /orders/{id}/cancel.json`` (optional body)."""
    order = _order(req)
    # The body is optional; cancel documents no 400, so a bad one is a 422.
    try:
        data = req.json() if req.raw_body.strip() else {}
        body = validate(CancelBody, data)
    except ApiError as error:
        raise ApiError(422, error.errors) from None
    orders.cancel(req.store, order, body)
    return _answer(req, order, "orders/cancelled", "orders/updated")


ROUTES = [
    ("GET", "/orders.json", list_orders),
    ("POST", "/orders.json", create_order),
    ("GET", "/orders/count.json", count_orders),
    ("GET", "/orders/{id}.json", get_order),
    ("PUT", "/orders/{id}.json", update_order),
    ("POST", "/orders/{id}/close.json", close_order),
    ("POST", "/orders/{id}/open.json", open_order),
    ("POST", "/orders/{id}/cancel.json", cancel_order),
]
