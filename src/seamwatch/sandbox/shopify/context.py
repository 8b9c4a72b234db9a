"""What a request handler works with: the shop's state, settings, faults and webhooks, plus
the request itself (:class:`AdminRequest`) and its answer (:class:`Reply`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from seamwatch.sandbox.faults import FaultState
from seamwatch.sandbox.settings import SandboxSettings
from seamwatch.sandbox.shopify import render
from seamwatch.sandbox.shopify.bodies import parse_json
from seamwatch.sandbox.shopify.pagination import link_header, paginate
from seamwatch.sandbox.shopify.params import PageRequest, Query
from seamwatch.sandbox.shopify.store import Order, Store, Subscription
from seamwatch.sandbox.shopify.webhooks import WebhookDispatcher

__all__ = ["AdminRequest", "Reply", "Shop", "encode"]

T = TypeVar("T")


def encode(body: Any) -> bytes:
    """Compact JSON, as Shopify sends it."""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


class Shop:
    """The sandbox shop: one store, its webhook subscriptions and their deliveries."""

    def __init__(self, settings: SandboxSettings, faults: FaultState, store: Store) -> None:
        self.settings = settings
        self.faults = faults
        self.store = store
        self.webhooks = WebhookDispatcher(settings, faults, store.clock, self._subscribers,
                                          self._unsubscribe)
        self._orders: dict[int, tuple[int, dict[str, Any], bytes]] = {}

    def order_json(self, order: Order) -> tuple[dict[str, Any], bytes]:
        """``{"order": ...}`` and its encoding, cached per order revision.

        Single-order reads are the hot path (probes and bridges poll them); rendering and
        encoding once per change keeps the sandbox well above 1000 req/s. Callers must not
        mutate the returned dict.
        """
        hit = self._orders.get(order.id)
        if hit is None or hit[0] != order.revision:
            body = {"order": render.order(order, self.store)}
            hit = (order.revision, body, encode(body))
            self._orders[order.id] = hit
        return hit[1], hit[2]

    def _subscribers(self, topic: str) -> list[Subscription]:
        return [s for s in self.store.subscriptions.values() if s.topic == topic]

    def _unsubscribe(self, subscription_id: int) -> None:
        self.store.subscriptions.pop(subscription_id, None)


@dataclass(slots=True)
class Reply:
    """A JSON answer; the gate adds the Shopify headers and renders ``body``.

    ``raw``, when given, is ``body`` already encoded (the gate re-encodes only when a fault
    such as schema drift rewrites the body).
    """

    body: Any
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None


@dataclass(slots=True)
class AdminRequest:
    """One authenticated Admin API call, already routed (``ids`` are the path ids)."""

    shop: Shop
    method: str
    ids: tuple[int, ...]
    query: Query
    raw_body: bytes
    version: str
    url: str  # this resource's URL without the query, for Link headers

    @property
    def store(self) -> Store:
        """The shop's records."""
        return self.shop.store

    def json(self) -> Any:
        """The decoded body (400 when it is not JSON)."""
        return parse_json(self.raw_body)

    def emit(self, topic: str, payload: dict[str, Any]) -> None:
        """Send ``topic`` with ``payload`` to its subscribers (in the background)."""
        self.shop.webhooks.emit(topic, payload)

    def page(self, plural: str, records: Sequence[T], key: Callable[[T], int], page: PageRequest,
             draw: Callable[[T], dict[str, Any]]) -> Reply:
        """A list answer: one page of ``records`` (sorted by ``key``) and its Link header."""
        window = paginate(records, key, page.limit, page.resource, page.raw_filters, page.cursor)
        body = {plural: [render.only_fields(draw(r), page.fields) for r in window.items]}
        link = link_header(self.url, window, page.limit, page.fields_text)
        return Reply(body, headers={"Link": link} if link else {})
