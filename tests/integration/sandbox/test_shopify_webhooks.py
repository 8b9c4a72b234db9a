"""Webhook delivery from the sandbox Shopify to a real receiver over loopback."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from tests.integration.sandbox.shopify_support import (
    Receiver,
    ShopifyServer,
    create_order,
    hmac_ok,
    running_receiver,
    running_shopify,
    variant_for,
    wait_for,
)

HEADERS = ("X-Shopify-Topic", "X-Shopify-Hmac-Sha256", "X-Shopify-Shop-Domain",
           "X-Shopify-API-Version", "X-Shopify-Webhook-Id", "X-Shopify-Event-Id",
           "X-Shopify-Triggered-At")


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


@pytest.fixture(scope="module")
def shop() -> Iterator[ShopifyServer]:
    # Retry delays are webhook_backoff_base * 2**n * time_scale: 6 ms, 12 ms, ... here.
    with running_shopify(bucket_size=100_000, time_scale=0.0001) as server:
        yield server


@pytest.fixture
def client(shop: ShopifyServer) -> Iterator[httpx.Client]:
    with shop.client() as c:
        yield c


def subscribe(client: httpx.Client, receiver: Receiver, topic: str, hook: str) -> dict[str, Any]:
    response = client.post("/webhooks.json", json={"webhook": {
        "topic": topic, "address": receiver.address(hook), "format": "json"}})
    assert response.status_code == 201, response.text
    return dict(response.json()["webhook"])


def for_order(receiver: Receiver, hook: str, order_id: int) -> list[Any]:
    return [r for r in receiver.on(hook) if json.loads(r.raw).get("id") == order_id]


def deliveries_for(shop: ShopifyServer, address: str) -> list[dict[str, Any]]:
    return [d for d in shop.deliveries() if d["address"] == address]


def test_orders_create_is_delivered_signed_with_every_header(
        shop: ShopifyServer, client: httpx.Client, receiver: Receiver) -> None:
    subscribe(client, receiver, "orders/create", "create")
    order = create_order(client, email="hook@example.com")
    [delivery] = wait_for(lambda: for_order(receiver, "create", order["id"]), what="orders/create")

    headers = {k.lower(): v for k, v in delivery.headers.items()}
    assert all(h.lower() in headers for h in HEADERS)
    assert headers["x-shopify-topic"] == "orders/create"
    assert headers["x-shopify-shop-domain"] == shop.settings.shop_domain
    assert headers["x-shopify-api-version"] == "2026-01"
    uuid.UUID(headers["x-shopify-webhook-id"])
    uuid.UUID(headers["x-shopify-event-id"])
    assert datetime.fromisoformat(headers["x-shopify-triggered-at"]).utcoffset() is not None
    assert headers["content-type"] == "application/json"

    assert json.loads(delivery.raw) == order  # the REST order at the document root
    signature = headers["x-shopify-hmac-sha256"]
    assert hmac_ok(delivery.raw, signature, shop.settings.webhook_secret)
    tampered = delivery.raw.replace(b'"hook@example.com"', b'"evil@example.com"')
    assert tampered != delivery.raw
    assert not hmac_ok(tampered, signature, shop.settings.webhook_secret)
    assert not hmac_ok(delivery.raw, signature, "another-secret")


def test_one_event_id_for_all_deliveries_of_one_action(
        client: httpx.Client, receiver: Receiver) -> None:
    subscribe(client, receiver, "orders/create", "create-a")
    subscribe(client, receiver, "orders/create", "create-b")
    order = create_order(client)
    a = wait_for(lambda: for_order(receiver, "create-a", order["id"]), what="delivery a")[0]
    b = wait_for(lambda: for_order(receiver, "create-b", order["id"]), what="delivery b")[0]
    assert a.headers["x-shopify-event-id"] == b.headers["x-shopify-event-id"]
    assert a.headers["x-shopify-webhook-id"] != b.headers["x-shopify-webhook-id"]


def test_failed_deliveries_are_retried_until_a_2xx(
        shop: ShopifyServer, client: httpx.Client, receiver: Receiver) -> None:
    subscribe(client, receiver, "orders/updated", "flaky")
    receiver.plans["flaky"] = [500, 500, 200]
    order = create_order(client)
    client.put(f"/orders/{order['id']}.json", json={"order": {"note": "retry me"}})

    def delivered() -> dict[str, Any] | None:
        records = deliveries_for(shop, receiver.address("flaky"))
        done = [d for d in records if d["status"] == "delivered"]
        return done[0] if done else None

    record = wait_for(delivered, what="the flaky delivery to succeed")
    assert record["attempts"] == 3
    assert [a["status_code"] for a in record["attempt_log"]] == [500, 500, 200]
    assert record["last_status_code"] == 200 and record["last_error"] is None
    got = for_order(receiver, "flaky", order["id"])
    assert len(got) == 3 and len({r.raw for r in got}) == 1  # the original payload each time
    assert len({r.headers["x-shopify-webhook-id"] for r in got}) == 1


def test_exhausted_retries_fail_and_remove_the_subscription(
        shop: ShopifyServer, client: httpx.Client, receiver: Receiver) -> None:
    hook = subscribe(client, receiver, "orders/cancelled", "down")
    receiver.plans["down"] = [503] * shop.settings.webhook_attempts
    order = create_order(client)
    client.post(f"/orders/{order['id']}/cancel.json")
    record = wait_for(lambda: [d for d in deliveries_for(shop, receiver.address("down"))
                               if d["status"] == "failed"], what="the delivery to fail")[0]
    assert record["attempts"] == shop.settings.webhook_attempts
    assert record["last_error"] == "HTTP 503"
    assert hook["id"] not in [w["id"] for w in client.get("/webhooks.json").json()["webhooks"]]


def test_changes_emit_updated_cancelled_and_inventory_topics(
        shop: ShopifyServer, client: httpx.Client, receiver: Receiver) -> None:
    for topic, hook in (("orders/updated", "updated"), ("orders/cancelled", "cancelled"),
                        ("inventory_levels/update", "levels")):
        subscribe(client, receiver, topic, hook)
    order = create_order(client)
    client.post(f"/orders/{order['id']}/close.json")
    client.post(f"/orders/{order['id']}/cancel.json", json={"reason": "fraud"})
    cancelled = wait_for(lambda: for_order(receiver, "cancelled", order["id"]),
                         what="orders/cancelled")
    assert json.loads(cancelled[0].raw)["cancel_reason"] == "fraud"

    def two_updates() -> list[Any] | None:  # close, then cancel
        got = for_order(receiver, "updated", order["id"])
        return got if len(got) >= 2 else None

    updates = wait_for(two_updates, what="orders/updated twice")
    assert {r.headers["x-shopify-topic"] for r in updates} == {"orders/updated"}

    item = variant_for(client, "SW-MUG")["inventory_item_id"]
    client.post("/inventory_levels/adjust.json", json={
        "inventory_item_id": item, "location_id": shop.settings.shopify_location_id,
        "available_adjustment": 3})
    level = wait_for(lambda: [json.loads(r.raw) for r in receiver.on("levels")
                              if json.loads(r.raw)["inventory_item_id"] == item], what="levels")[0]
    assert set(level) >= {"inventory_item_id", "location_id", "available", "updated_at"}


def test_webhook_stop_fault_suppresses_deliveries(
        shop: ShopifyServer, client: httpx.Client, receiver: Receiver) -> None:
    subscribe(client, receiver, "orders/create", "stoppable")
    assert shop.control("PUT", [{"kind": "webhook_stop", "scope": "shopify"}]).status_code == 200
    try:
        stopped = create_order(client)
    finally:
        shop.control("DELETE")
    flowing = create_order(client)
    wait_for(lambda: for_order(receiver, "stoppable", flowing["id"]), what="the control order")
    assert for_order(receiver, "stoppable", stopped["id"]) == []
    records = [d for d in deliveries_for(shop, receiver.address("stoppable"))
               if d["status"] == "suppressed"]
    assert len(records) == 1 and records[0]["attempts"] == 0


def test_delivery_records_never_show_the_secret(shop: ShopifyServer) -> None:
    response = httpx.get(f"{shop.url}/_sandbox/webhook-deliveries", timeout=10.0)
    assert response.status_code == 200 and response.json()["deliveries"]
    assert shop.settings.webhook_secret not in response.text


def test_pending_retries_are_cancelled_on_shutdown(receiver: Receiver) -> None:
    # Real backoff (60 s): the second attempt is still waiting when the server stops.
    with running_shopify(bucket_size=100_000) as server, server.client() as client:
        subscribe(client, receiver, "orders/create", "slow")
        receiver.plans["slow"] = [500]
        create_order(client)
        wait_for(lambda: [d for d in server.deliveries() if d["attempts"] == 1
                          and d["last_status_code"] == 500], what="the first attempt")
    record = server.shop.webhooks.deliveries[-1]
    assert record.status == "cancelled" and record.attempts == 1
