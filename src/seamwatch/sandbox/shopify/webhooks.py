"""Webhook delivery: signed POSTs to subscribed addresses, retried with exponential backoff.

Deliveries run as background tasks on the server's event loop with one shared
``httpx.AsyncClient`` (opened and closed by the app lifespan). Every delivery is recorded so
tests and the sandbox operator can see attempts, statuses and errors.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from seamwatch.core.clock import Clock
from seamwatch.core.http import HttpSettings, build_async_client
from seamwatch.sandbox.faults import FaultState
from seamwatch.sandbox.settings import SandboxSettings
from seamwatch.sandbox.shopify.store import Subscription
from seamwatch.sandbox.shopify.values import iso

__all__ = ["Delivery", "WebhookDispatcher", "sign"]

_KEEP = 2000  # delivery records kept in memory


def sign(body: bytes, secret: str) -> str:
    """``X-Shopify-Hmac-Sha256``: base64 HMAC-SHA256 of the raw body."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


@dataclass(slots=True)
class Delivery:
    """One delivery of one event to one subscription, with its attempts."""

    webhook_id: str
    event_id: str
    topic: str
    address: str
    subscription_id: int
    api_version: str
    triggered_at: str
    status: str = "pending"  # pending | delivered | failed | suppressed | cancelled
    attempts: int = 0
    last_status_code: int | None = None
    last_error: str | None = None
    attempt_log: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The record as JSON (it holds no secret)."""
        return asdict(self)


class WebhookDispatcher:
    """Sends events to the subscriptions that ``subscribers(topic)`` returns."""

    def __init__(self, settings: SandboxSettings, faults: FaultState, clock: Clock,
                 subscribers: Callable[[str], list[Subscription]],
                 unsubscribe: Callable[[int], None]) -> None:
        self.settings = settings
        self.faults = faults
        self.clock = clock
        self._subscribers = subscribers
        self._unsubscribe = unsubscribe
        self.deliveries: deque[Delivery] = deque(maxlen=_KEEP)
        self._client: httpx.AsyncClient | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Open the shared client (1 s to connect, ``webhook_timeout`` overall)."""
        timeout = self.settings.webhook_timeout
        self._client = build_async_client(
            headers={"User-Agent": "Shopify-Captain-Hook"},
            settings=HttpSettings(timeout=timeout, connect_timeout=min(1.0, timeout)))

    async def stop(self) -> None:
        """Cancel deliveries still pending (their records say so) and close the client."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def emit(self, topic: str, payload: dict[str, Any]) -> None:
        """One merchant action: one event id, one delivery per subscription to ``topic``."""
        event_id = str(uuid.uuid4())
        triggered_at = iso(self.clock.now()) or ""
        for subscription in self._subscribers(topic):
            body = payload
            if subscription.fields:  # include_fields trims the payload
                body = {k: v for k, v in payload.items() if k in subscription.fields}
            raw = json.dumps(body, separators=(",", ":")).encode()
            delivery = Delivery(str(uuid.uuid4()), event_id, topic, subscription.address,
                                subscription.id, subscription.api_version, triggered_at)
            self.deliveries.append(delivery)
            if not self._stopped(delivery):
                self._schedule(delivery, raw)

    def _schedule(self, delivery: Delivery, raw: bytes) -> None:
        if self._client is None:  # outside the app's lifespan there is no client to send with
            delivery.status, delivery.last_error = "failed", "the sandbox is not running"
            return
        task = asyncio.get_running_loop().create_task(self._deliver(delivery, raw))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _stopped(self, delivery: Delivery) -> bool:
        # The webhook_stop fault: Shopify silently stops sending.
        if self.faults.active("shopify", "webhook_stop", delivery.topic) is None:
            return False
        delivery.status = "suppressed"
        return True

    def _headers(self, delivery: Delivery, raw: bytes) -> dict[str, str]:
        return {
            "Content-Type": "application/json",
            "X-Shopify-Topic": delivery.topic,
            "X-Shopify-Hmac-Sha256": sign(raw, self.settings.webhook_secret),
            "X-Shopify-Shop-Domain": self.settings.shop_domain,
            "X-Shopify-API-Version": delivery.api_version,
            "X-Shopify-Webhook-Id": delivery.webhook_id,
            "X-Shopify-Event-Id": delivery.event_id,
            "X-Shopify-Triggered-At": delivery.triggered_at,
        }

    async def _deliver(self, delivery: Delivery, raw: bytes) -> None:
        """Up to ``webhook_attempts`` tries; only a 2xx counts; backoff base * 2**n * scale."""
        s = self.settings
        try:
            for attempt in range(s.webhook_attempts):
                if attempt and self._stopped(delivery):
                    return
                if await self._attempt(delivery, raw):
                    delivery.status = "delivered"
                    return
                if attempt + 1 < s.webhook_attempts:
                    await asyncio.sleep(s.webhook_backoff_base * 2**attempt * s.time_scale)
            delivery.status = "failed"
            # Subscriptions made through the Admin API are removed after the final failure.
            self._unsubscribe(delivery.subscription_id)
        except asyncio.CancelledError:
            delivery.last_error = delivery.last_error or "cancelled at shutdown"
            delivery.status = "cancelled" if delivery.status == "pending" else delivery.status
            raise

    async def _attempt(self, delivery: Delivery, raw: bytes) -> bool:
        delivery.attempts += 1
        entry: dict[str, Any] = {"attempt": delivery.attempts, "at": iso(self.clock.now())}
        delivery.attempt_log.append(entry)
        if self._client is None:  # stopped between attempts
            delivery.last_error = entry["error"] = "the sandbox is not running"
            return False
        try:
            # One deadline for the whole request, as Shopify's 5 s limit is.
            async with asyncio.timeout(self.settings.webhook_timeout):
                response = await self._client.post(delivery.address, content=raw,
                                                   headers=self._headers(delivery, raw))
        except Exception as exc:  # noqa: BLE001 - any failure to send is a failed attempt
            # (connection errors, timeouts, and addresses httpx cannot even parse)
            delivery.last_error = entry["error"] = f"{type(exc).__name__}: {exc}"
            return False
        delivery.last_status_code = entry["status_code"] = response.status_code
        ok = 200 <= response.status_code < 300
        delivery.last_error = None if ok else f"HTTP {response.status_code}"
        return ok
