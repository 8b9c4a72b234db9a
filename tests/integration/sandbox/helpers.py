"""Helpers for sandbox integration tests (real HTTP over loopback, bounded polling)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from seamwatch.sandbox.bridge import shopify_signature
from seamwatch.sandbox.run import Sandbox

T = TypeVar("T")

POLL_TIMEOUT = 30.0


def wait_for(probe: Callable[[], T | None], timeout: float = POLL_TIMEOUT,
             interval: float = 0.02, what: str = "condition") -> T:
    """Poll ``probe`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def variant_for(shopify: httpx.Client, sku: str) -> dict[str, Any]:
    response = shopify.get("/products.json", params={"limit": 250})
    response.raise_for_status()
    for product in response.json()["products"]:
        for variant in product.get("variants") or []:
            if variant.get("sku") == sku:
                return dict(variant)
    raise AssertionError(f"no Shopify variant with SKU {sku}")


def create_order(shopify: httpx.Client, sku: str = "SW-MUG", quantity: int = 2,
                 **extra: Any) -> dict[str, Any]:
    """An order through the Shopify API (so Shopify sends the webhooks)."""
    variant = variant_for(shopify, sku)
    body = {"order": {"email": "probe@example.com", "line_items": [
        {"variant_id": variant["id"], "quantity": quantity}], **extra}}
    response = shopify.post("/orders.json", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json()["order"])


def erp_orders(erp: httpx.Client, external_number: str) -> list[dict[str, Any]]:
    literal = "'" + external_number.replace("'", "''") + "'"
    response = erp.get("/salesOrders", params={"$filter": f"externalDocumentNumber eq {literal}"})
    response.raise_for_status()
    return list(response.json()["value"])


def wait_for_erp_order(erp: httpx.Client, name: str, timeout: float = POLL_TIMEOUT) -> dict[str, Any]:
    return wait_for(lambda: (erp_orders(erp, name) or [None])[0], timeout,
                    what=f"ERP order {name}")


def ground_truth(bridge: httpx.Client, name: str | None = None) -> dict[str, Any]:
    url = "/_sandbox/ground-truth" if name is None else \
        f"/_sandbox/ground-truth/orders/{name.replace('#', '%23')}"
    response = bridge.get(url)
    if name is not None and response.status_code == 404:
        return {}
    response.raise_for_status()
    return dict(response.json())


def wait_for_status(bridge: httpx.Client, name: str, *statuses: str,
                    timeout: float = POLL_TIMEOUT) -> dict[str, Any]:
    def reached() -> dict[str, Any] | None:
        truth = ground_truth(bridge, name)
        return truth if truth.get("status") in statuses else None

    return wait_for(reached, timeout, what=f"bridge status {' or '.join(statuses)} for {name}")


def set_faults(sandbox: Sandbox, app: str, faults: list[dict[str, Any]]) -> None:
    """Replace the active faults through the app's control route."""
    base = {"shopify": f"http://{sandbox.settings.host}:{sandbox.settings.shopify_port}",
            "erp": f"http://{sandbox.settings.host}:{sandbox.settings.erp_port}",
            "bridge": sandbox.settings.bridge_base}[app]
    response = httpx.put(f"{base}/_sandbox/faults", json={"faults": faults}, timeout=10.0,
                         headers={"X-Sandbox-Control-Token": sandbox.settings.control_token})
    assert response.status_code == 200, response.text


def shopify_order_payload(name: str | None = None, order_id: int | None = None,
                          sku: str = "SW-MUG", quantity: int = 1, price: str = "12.50",
                          taxable: bool = True) -> dict[str, Any]:
    """A minimal orders/create payload, for posting to the bridge directly."""
    order_id = order_id or uuid.uuid4().int % 10**12
    return {
        "id": order_id, "name": name or f"#T{order_id}", "email": "direct@example.com",
        "currency": "USD", "created_at": "2026-01-15T10:21:03+01:00", "total_tax": "1.00",
        "line_items": [{"id": order_id + 1, "sku": sku, "title": sku, "quantity": quantity,
                        "price": price, "taxable": taxable}],
    }


def post_webhook(bridge_url: str, payload: dict[str, Any], secret: str,
                 event_id: str | None = None, topic: str = "orders/create",
                 tamper: bool = False, signature: str | None = None) -> httpx.Response:
    """Deliver ``payload`` to the bridge the way Shopify does, signed with ``secret``."""
    raw = json.dumps(payload).encode()
    sig = signature if signature is not None else shopify_signature(raw, secret)
    body = raw.replace(b'"quantity": 1', b'"quantity": 9') if tamper else raw
    if tamper and body == raw:
        body = raw + b" "
    headers = {"Content-Type": "application/json", "X-Shopify-Topic": topic,
               "X-Shopify-Hmac-Sha256": sig, "X-Shopify-Event-Id": event_id or str(uuid.uuid4()),
               "X-Shopify-Webhook-Id": str(uuid.uuid4()),
               "X-Shopify-Shop-Domain": "seamwatch-sandbox.myshopify.com"}
    return httpx.post(f"{bridge_url}/webhooks/shopify", content=body, headers=headers, timeout=10.0)
