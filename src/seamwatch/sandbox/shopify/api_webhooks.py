"""``/webhooks``: subscribe, list and delete webhook subscriptions."""

from __future__ import annotations

from collections.abc import Callable

from seamwatch.sandbox.shopify import render
from seamwatch.sandbox.shopify.bodies import WebhookCreate, validate
from seamwatch.sandbox.shopify.context import AdminRequest, Reply
from seamwatch.sandbox.shopify.errors import not_found, unprocessable
from seamwatch.sandbox.shopify.params import PageRequest, Query
from seamwatch.sandbox.shopify.store import Subscription

__all__ = ["ROUTES", "TOPICS"]

# The REST topics Shopify accepts (FACTS.md section 3); the sandbox sends the order and
# inventory-level ones, plus customers/create.
TOPICS = frozenset({
    "orders/create", "orders/updated", "orders/paid", "orders/cancelled", "orders/fulfilled",
    "orders/partially_fulfilled", "orders/edited", "orders/delete",
    "inventory_levels/update", "inventory_levels/connect", "inventory_levels/disconnect",
    "inventory_items/create", "inventory_items/update", "inventory_items/delete",
    "products/create", "products/update", "products/delete",
    "customers/create", "customers/update", "app/uninstalled",
})
FILTERS = ("address", "topic", "since_id")


def _by_id(subscription: Subscription) -> int:
    return subscription.id


def _filter(q: Query) -> Callable[[Subscription], bool]:
    address, topic, since = q.uri("address"), q.get("topic"), q.id("since_id")
    return lambda s: ((address is None or s.address == address)
                      and (topic is None or s.topic == topic)
                      and (since is None or s.id > since))


def list_webhooks(req: AdminRequest) -> Reply:
    """``GET /webhooks.json``."""
    page = PageRequest.parse(req.query, "webhooks", FILTERS)
    keep = _filter(page.filters)
    found = sorted((s for s in req.store.subscriptions.values() if keep(s)), key=_by_id)
    return req.page("webhooks", found, _by_id, page, render.subscription)


def create_webhook(req: AdminRequest) -> Reply:
    """``POST /webhooks.json`` (201; 422 for an unknown topic or a taken address)."""
    body = validate(WebhookCreate, req.json(), "webhook")
    if body.topic not in TOPICS:
        raise unprocessable("topic", f"Invalid topic specified: {body.topic}")
    taken = any(s.topic == body.topic and s.address == body.address
                for s in req.store.subscriptions.values())
    if taken:
        raise unprocessable("address", "for this topic has already been taken")
    subscription = Subscription(req.store.next_id("webhook"), body.address, body.topic,
                                req.version, req.store.now(), body.fields, body.filter)
    req.store.subscriptions[subscription.id] = subscription
    return Reply({"webhook": render.subscription(subscription)}, 201)


def delete_webhook(req: AdminRequest) -> Reply:
    """``DELETE /webhooks/{id}.json`` (200 with ``{}``)."""
    if req.store.subscriptions.pop(req.ids[0], None) is None:
        raise not_found()
    return Reply({})


ROUTES = [
    ("GET", "/webhooks.json", list_webhooks),
    ("POST", "/webhooks.json", create_webhook),
    ("DELETE", "/webhooks/{id}.json", delete_webhook),
]
