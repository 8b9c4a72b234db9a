"""``POST /webhooks/shopify``: verify, de-duplicate and durably queue a Shopify delivery.

The HMAC is checked over the raw body in constant time; a bad or missing signature is
answered 401 and counted (never logging the secret). The delivery is committed to SQLite
before the 200 goes out, so Shopify never gets an ack for something a crash could lose.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from seamwatch.sandbox.bridge.store import Ingest, Store

__all__ = ["shopify_signature", "verify_signature", "webhook_endpoint"]


def shopify_signature(body: bytes, secret: str) -> str:
    """Base64 HMAC-SHA256 of the raw body, as in ``X-Shopify-Hmac-Sha256``."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def verify_signature(body: bytes, given: str | None, secret: str) -> bool:
    if not given:
        return False
    return hmac.compare_digest(shopify_signature(body, secret).encode(), given.strip().encode())


def webhook_endpoint(store_of: Callable[[], Store], secret: str,
                     on_queued: Callable[[], None]) -> Callable[[Request], Awaitable[Response]]:
    async def receive(request: Request) -> Response:
        raw = await request.body()
        store = store_of()
        if not verify_signature(raw, request.headers.get("x-shopify-hmac-sha256"), secret):
            store.record_rejection()
            return JSONResponse({"error": "invalid webhook signature"}, status_code=401)
        try:
            payload = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return JSONResponse({"error": "body is not JSON"}, status_code=400)
        if not isinstance(payload, dict):
            return JSONResponse({"error": "body is not a JSON object"}, status_code=400)
        event_id = (request.headers.get("x-shopify-event-id")
                    or request.headers.get("x-shopify-webhook-id")
                    or hashlib.sha256(raw).hexdigest())
        topic = request.headers.get("x-shopify-topic", "orders/create")
        outcome = store.ingest(Ingest(event_id, topic, payload, json.dumps(payload)), time.time())
        if outcome == "queued":
            on_queued()
        return JSONResponse({"status": outcome, "event_id": event_id})

    return receive
