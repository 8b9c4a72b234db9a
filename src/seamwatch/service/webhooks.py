"""The webhook receiver: Shopify deliveries for *our own* synthetic records, verified and timed.

``POST /webhooks/shopify`` checks ``X-Shopify-Hmac-Sha256`` (base64 HMAC-SHA256 of the raw
body with the app secret, compared in constant time; 401 otherwise), answers 200 at once,
and marks the matching expectation arrived. A delivery can beat the create call's answer
back to us, so arrivals with no expectation yet wait in a short in-memory list that
:meth:`WebhookLedger.expect` consults first.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from collections import OrderedDict
from datetime import datetime
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from seamwatch.core.clock import Clock
from seamwatch.core.errors import StorageError
from seamwatch.probes import SystemLink
from seamwatch.storage.webhook_queries import WebhookDeliveries

__all__ = ["RECEIVER_PATH", "WebhookLedger", "receiver_route", "signature", "subscribe", "unsubscribe"]

log = logging.getLogger("seamwatch.service.webhooks")
RECEIVER_PATH = "/webhooks/shopify"
_EARLY_KEEP = 1000


def signature(body: bytes, secret: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def reference_of(topic: str, payload: Any) -> str | None:
    """The expectation key a delivery answers, or None when it is not one we track."""
    if not isinstance(payload, dict):
        return None
    if topic == "orders/create":
        name = payload.get("name")
        return str(name) if name else None
    if topic == "inventory_levels/update":
        if payload.get("inventory_item_id") is None:
            return None
        return f"{payload['inventory_item_id']}:{payload.get('available')}"
    return None


class WebhookLedger:
    """Expected deliveries (in the store) and early arrivals (in memory)."""

    def __init__(self, deliveries: WebhookDeliveries, clock: Clock) -> None:
        self.deliveries = deliveries
        self.clock = clock
        self._early: OrderedDict[str, datetime] = OrderedDict()
        self.received = 0
        self.rejected = 0

    def expect(self, probe: str, topic: str, reference: str) -> None:
        key = f"{topic}|{reference}"
        self.deliveries.expect(probe, topic, reference, self.clock.now(), self._early.pop(key, None))

    def arrive(self, topic: str, reference: str) -> None:
        now = self.clock.now()
        if not self.deliveries.arrive(topic, reference, now):
            self._early[f"{topic}|{reference}"] = now
            while len(self._early) > _EARLY_KEEP:
                self._early.popitem(last=False)


def receiver_route(ledger: WebhookLedger, secret: str) -> Route:
    async def receive(request: Request) -> Response:
        body = await request.body()
        given = request.headers.get("X-Shopify-Hmac-Sha256", "")
        if not given or not hmac.compare_digest(signature(body, secret).encode(), given.strip().encode()):
            ledger.rejected += 1
            return JSONResponse({"error": "invalid signature"}, status_code=401)
        ledger.received += 1
        topic = request.headers.get("X-Shopify-Topic", "")
        try:
            reference = reference_of(topic, json.loads(body))
        except ValueError:
            reference = None
        if reference is not None:
            try:
                ledger.arrive(topic, reference)
            except StorageError as exc:
                # Shopify retries a failed delivery; the arrival time then errs late, not lost.
                log.warning("webhook %s not recorded: %s", topic, exc.one_line())
                return JSONResponse({"error": "store unavailable"}, status_code=503)
        return JSONResponse({"ok": True})

    return Route(RECEIVER_PATH, receive, methods=["POST"])


async def subscribe(link: SystemLink, address: str, topics: list[str]) -> list[int]:
    """Subscribe ``address`` to ``topics``; returns the ids we created (existing ones are kept)."""
    created: list[int] = []
    for topic in topics:
        response = await link.client.post("/webhooks.json", json={
            "webhook": {"topic": topic, "address": address, "format": "json"}})
        if response.status_code == 201:
            created.append(int(response.json()["webhook"]["id"]))
        elif response.status_code != 422:  # 422: this address already has this topic
            response.raise_for_status()
    return created


async def unsubscribe(link: SystemLink, ids: list[int]) -> None:
    for webhook_id in ids:
        try:
            await link.client.delete(f"/webhooks/{webhook_id}.json")
        except httpx.HTTPError as exc:
            log.warning("could not remove webhook %s: %s", webhook_id, type(exc).__name__)
