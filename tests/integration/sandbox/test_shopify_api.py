"""The sandbox Shopify's REST behaviour: versions, auth, error shapes, orders, inventory,
catalogue, customers and webhook subscriptions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from seamwatch.sandbox.seed import SEED_ITEMS
from tests.integration.sandbox.shopify_support import (
    ShopifyServer,
    create_order,
    running_shopify,
    variant_for,
)

INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)"


@pytest.fixture(scope="module")
def shop() -> Iterator[ShopifyServer]:
    with running_shopify(bucket_size=100_000) as server:
        yield server


@pytest.fixture
def client(shop: ShopifyServer) -> Iterator[httpx.Client]:
    with shop.client() as c:
        yield c


def get(shop: ShopifyServer, path: str, **headers: str) -> httpx.Response:
    return httpx.get(shop.url + path, headers=headers, timeout=10.0)


# ------------------------------------------------------------------- versions and auth
@pytest.mark.parametrize("requested, served", [
    ("2024-01", "2026-01"), ("foo", "2026-01"), ("2026-04", "2026-04"), ("2026-10", "2026-10"),
])
def test_unsupported_versions_fall_forward_to_the_oldest(shop: ShopifyServer, requested: str,
                                                         served: str) -> None:
    response = get(shop, f"/admin/api/{requested}/orders/count.json",
                   **{"X-Shopify-Access-Token": shop.settings.shopify_token})
    assert response.status_code == 200
    assert response.headers["X-Shopify-API-Version"] == served


def test_missing_or_wrong_token_is_401_with_the_string_shape(shop: ShopifyServer) -> None:
    for headers in ({}, {"X-Shopify-Access-Token": "shpat_wrong"}):
        response = get(shop, "/admin/api/2026-01/orders.json", **headers)
        assert response.status_code == 401
        assert response.json() == {"errors": INVALID_TOKEN}
        assert response.headers["X-Shopify-API-Version"] == "2026-01"
        assert re.fullmatch(r"\d+/\d+", response.headers["X-Shopify-Shop-Api-Call-Limit"])


def test_every_answer_carries_the_shopify_headers(client: httpx.Client) -> None:
    for response in (client.get("/orders/1.json"), client.post("/orders.json", content=b"{"),
                     client.delete("/orders.json"), client.get("/nothing-here.json")):
        assert response.headers["X-Shopify-API-Version"] == "2026-01"
        assert response.headers["X-Shopify-Shop-Api-Call-Limit"].endswith("/100000")
        assert response.headers["Content-Type"].startswith("application/json")


# ---------------------------------------------------------------------- error shapes
@pytest.mark.parametrize("path", ["/orders/123.json", "/orders/abc.json", "/orders/0.json",
                                  "/orders/99999999999999999999.json", "/no-such-thing.json"])
def test_404_uses_the_string_shape(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"errors": "Not Found"}


def test_422_uses_the_object_shape(client: httpx.Client) -> None:
    response = client.post("/orders.json", json={"order": {"line_items": []}})
    assert response.status_code == 422
    assert response.json() == {"errors": {"line_items": ["must have at least one line item"]}}


def test_403_uses_the_list_shape(client: httpx.Client, shop: ShopifyServer) -> None:
    item = variant_for(client, "SW-MUG")["inventory_item_id"]
    response = client.post("/inventory_levels/connect.json", json={
        "inventory_item_id": item, "location_id": shop.settings.shopify_location_id})
    assert response.status_code == 403
    assert response.json() == {"errors": ["Shop does not have multi-location enabled"]}


@pytest.mark.parametrize("body, status", [
    (b"{not json", 400),
    (b'{"orders": {"line_items": []}}', 400),  # wrong root key
    (b'{"order": {"line_items": [{"title": "x", "price": "1.00", "quantity": 1}]}, "x": 1}', 400),
    (b'[1, 2]', 400),
    (b'{"order": {"line_items": [{"variant_id": true, "quantity": 1}]}}', 422),
    (b'{"order": {"line_items": [{"title": "x", "price": "1", "quantity": 1}]}}', 422),
    (b'{"order": {"line_items": [{"title": "x", "price": "1.00", "quantity": 0}]}}', 422),
    (b'{"order": {"line_items": [{"title": "x", "price": "1.00", "quantity": 1}], "email": "x"}}',
     422),
    (b'{"order": {"line_items": [{"title": "x", "price": "1.00", "quantity": 1}], "bogus": 1}}',
     422),
])
def test_invalid_bodies_are_rejected(client: httpx.Client, body: bytes, status: int) -> None:
    response = client.post("/orders.json", content=body,
                           headers={"Content-Type": "application/json"})
    assert response.status_code == status, response.text
    assert "errors" in response.json()


def test_unsupported_methods_are_405_with_allow(client: httpx.Client) -> None:
    response = client.patch("/orders.json")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"


# --------------------------------------------------------------------------- orders
def test_order_totals_and_fields(client: httpx.Client) -> None:
    mug = variant_for(client, "SW-MUG")  # 12.50
    order = create_order(client, email="jane@example.com", tags="a, b", test=True, line_items=[
        {"variant_id": mug["id"], "quantity": 3},
        {"title": "Engraving", "price": "4.99", "quantity": 2},
        {"title": "Gift card", "price": "10.00", "quantity": 1, "taxable": False},
    ])
    # subtotal 37.50 + 9.98 + 10.00; tax 8% of the taxable 47.48 = 3.7984 -> 3.80
    totals = (order["subtotal_price"], order["total_tax"], order["total_price"])
    assert totals == ("57.48", "3.80", "61.28")
    assert order["admin_graphql_api_id"] == f"gid://shopify/Order/{order['id']}"
    assert order["name"] == f"#{order['order_number']}" and order["order_number"] >= 1001
    assert order["id"] > 2**32 and order["tags"] == "a, b" and order["test"] is True
    assert order["financial_status"] == "paid" and order["fulfillment_status"] is None
    assert order["closed_at"] is None and order["cancelled_at"] is None
    assert datetime.fromisoformat(order["created_at"]).utcoffset() is not None
    variant_line, custom, untaxed = order["line_items"]
    assert variant_line["sku"] == "SW-MUG" and variant_line["price"] == "12.50"
    assert variant_line["variant_id"] == mug["id"]
    assert custom["sku"] is None and custom["variant_id"] is None and custom["price"] == "4.99"
    assert untaxed["taxable"] is False and untaxed["tax_lines"] == []


def test_order_numbers_increase(client: httpx.Client) -> None:
    first, second = create_order(client), create_order(client)
    assert second["order_number"] == first["order_number"] + 1 and second["id"] > first["id"]


def test_get_update_count_and_filters(client: httpx.Client) -> None:
    order = create_order(client)
    assert client.get(f"/orders/{order['id']}.json").json()["order"] == order
    change = {"order": {"id": order["id"], "tags": "bc-posted", "note": None}}
    updated = client.put(f"/orders/{order['id']}.json", json=change)
    assert updated.status_code == 200 and updated.json()["order"]["tags"] == "bc-posted"
    assert client.put(f"/orders/{order['id']}.json", json={"order": {}}).status_code == 422
    assert client.get("/orders/count.json").json()["count"] >= 1
    by_name = client.get("/orders.json", params={"name": order["name"]}).json()["orders"]
    assert [o["id"] for o in by_name] == [order["id"]]
    by_ids = client.get("/orders.json", params={"ids": str(order["id"]), "fields": "id,name"})
    assert by_ids.json()["orders"] == [{"id": order["id"], "name": order["name"]}]


def test_close_open_cancel(client: httpx.Client) -> None:
    order = create_order(client)
    path = f"/orders/{order['id']}"
    closed = client.post(f"{path}/close.json").json()["order"]
    assert closed["closed_at"] is not None
    closed = client.get("/orders.json", params={"status": "closed"}).json()["orders"]
    closed_ids = [o["id"] for o in closed]
    assert order["id"] in closed_ids
    assert client.post(f"{path}/open.json").json()["order"]["closed_at"] is None
    cancelled = client.post(f"{path}/cancel.json", json={"reason": "customer"})
    assert cancelled.status_code == 200
    body = cancelled.json()["order"]
    assert body["cancelled_at"] is not None and body["cancel_reason"] == "customer"
    assert body["closed_at"] is not None
    again = client.post(f"{path}/cancel.json")
    assert again.status_code == 422 and isinstance(again.json()["errors"], dict)
    assert client.post(f"{path}/cancel.json", json={"amount": "1.00"}).status_code == 422


def test_paid_and_fulfilled_orders_cannot_be_cancelled(client: httpx.Client,
                                                       shop: ShopifyServer) -> None:
    order = create_order(client, financial_status="paid")
    shop.shop.store.orders[order["id"]].fulfillment_status = "fulfilled"  # no fulfilment API here
    response = client.post(f"/orders/{order['id']}/cancel.json")
    assert response.status_code == 422
    assert "errors" in response.json()
    pending = create_order(client, financial_status="pending")
    voided = client.post(f"/orders/{pending['id']}/cancel.json").json()["order"]
    assert voided["financial_status"] == "voided" and voided["cancel_reason"] == "other"


def test_unknown_variant_is_a_422(client: httpx.Client) -> None:
    body = {"order": {"line_items": [{"variant_id": 1, "quantity": 1}]}}
    response = client.post("/orders.json", json=body)
    assert response.status_code == 422 and "line_items" in response.json()["errors"]


# ------------------------------------------------------------------------ inventory
def _level(client: httpx.Client, item: int) -> dict[str, Any]:
    levels = client.get("/inventory_levels.json", params={"inventory_item_ids": str(item)}).json()
    return dict(levels["inventory_levels"][0])


def test_inventory_adjust_set_and_decrementing_orders(client: httpx.Client,
                                                      shop: ShopifyServer) -> None:
    poster = variant_for(client, "SW-POSTER")
    item, location = poster["inventory_item_id"], shop.settings.shopify_location_id
    start = _level(client, item)["available"]
    adjusted = client.post("/inventory_levels/adjust.json", json={
        "inventory_item_id": item, "location_id": location, "available_adjustment": -5})
    assert adjusted.status_code == 200
    assert adjusted.json()["inventory_level"]["available"] == start - 5
    set_ = client.post("/inventory_levels/set.json", json={
        "inventory_item_id": item, "location_id": location, "available": 42})
    assert set_.json()["inventory_level"]["available"] == 42
    create_order(client, inventory_behaviour="decrement_obeying_policy",
                 line_items=[{"variant_id": poster["id"], "quantity": 2}])
    assert _level(client, item)["available"] == 40
    assert variant_for(client, "SW-POSTER")["inventory_quantity"] == 40
    oversell = client.post("/orders.json", json={"order": {
        "inventory_behaviour": "decrement_obeying_policy",
        "line_items": [{"variant_id": poster["id"], "quantity": 41}]}})
    assert oversell.status_code == 422


def test_inventory_errors(client: httpx.Client, shop: ShopifyServer) -> None:
    item = variant_for(client, "SW-MUG")["inventory_item_id"]
    unknown_location = client.post("/inventory_levels/adjust.json", json={
        "inventory_item_id": item, "location_id": 1, "available_adjustment": 1})
    assert unknown_location.status_code == 404
    assert unknown_location.json() == {"errors": "Not Found"}
    assert client.get("/inventory_levels.json").status_code == 422  # needs item or location ids
    too_many = ",".join(str(n) for n in range(1, 52))
    response = client.get("/inventory_levels.json", params={"location_ids": too_many})
    assert response.status_code == 400
    missing = client.post("/inventory_levels/set.json", json={"inventory_item_id": item})
    assert missing.status_code == 422
    assert set(missing.json()["errors"]) == {"location_id", "available"}


# --------------------------------------------------------------- catalogue, customers
def test_seeded_catalogue_and_location(client: httpx.Client, shop: ShopifyServer) -> None:
    products = client.get("/products.json").json()["products"]
    assert {p["variants"][0]["sku"] for p in products} == {item.sku for item in SEED_ITEMS}
    stock = {item.sku: item.stock for item in SEED_ITEMS}
    product = products[0]
    variant = product["variants"][0]
    assert client.get(f"/products/{product['id']}.json").json()["product"]["id"] == product["id"]
    variants = client.get(f"/products/{product['id']}/variants.json").json()["variants"]
    assert variants[0]["id"] == variant["id"]
    fetched = client.get(f"/variants/{variant['id']}.json")
    assert fetched.json()["variant"]["sku"] == variant["sku"]
    assert "X-Shopify-API-Deprecated-Reason" in fetched.headers
    assert variant["inventory_quantity"] == stock[variant["sku"]]
    location = client.get(f"/locations/{shop.settings.shopify_location_id}.json").json()["location"]
    assert location["id"] == shop.settings.shopify_location_id
    locations = client.get("/locations.json").json()["locations"]
    assert [loc["id"] for loc in locations] == [location["id"]]


def test_customers(client: httpx.Client) -> None:
    seeded = client.get("/customers.json").json()["customers"]
    assert len(seeded) >= 2
    body = {"customer": {"email": "ada@example.com", "first_name": "Ada"}}
    created = client.post("/customers.json", json=body)
    assert created.status_code == 201
    customer = created.json()["customer"]
    assert client.get(f"/customers/{customer['id']}.json").json()["customer"] == customer
    found = client.get("/customers/search.json", params={"query": "email:ada@example.com"}).json()
    assert [c["id"] for c in found["customers"]] == [customer["id"]]
    assert client.get("/customers/search.json").status_code == 400  # query is required
    assert client.post("/customers.json", json={"customer": {"tags": "x"}}).status_code == 422


# ------------------------------------------------------------------- subscriptions
def test_webhook_subscriptions(client: httpx.Client) -> None:
    body = {"webhook": {"topic": "orders/create", "address": "http://127.0.0.1:9/hooks"}}
    created = client.post("/webhooks.json", json=body)
    assert created.status_code == 201
    hook = created.json()["webhook"]
    assert hook["api_version"] == "2026-01" and hook["format"] == "json"
    assert client.post("/webhooks.json", json=body).status_code == 422  # taken
    bad_topic = {"webhook": {"topic": "orders/exploded", "address": "http://127.0.0.1:9/x"}}
    assert client.post("/webhooks.json", json=bad_topic).status_code == 422
    listed = client.get("/webhooks.json", params={"topic": "orders/create"}).json()["webhooks"]
    assert hook["id"] in [w["id"] for w in listed]
    deleted = client.delete(f"/webhooks/{hook['id']}.json")
    assert deleted.status_code == 200 and deleted.json() == {}
    assert client.delete(f"/webhooks/{hook['id']}.json").status_code == 404


def test_health(shop: ShopifyServer) -> None:
    assert get(shop, "/_sandbox/health").json() == {"ok": True}


def test_delete_customer_and_refusal_when_they_have_orders(tmp_path) -> None:  # noqa: ANN001
    from seamwatch.sandbox.faults import FaultState
    from seamwatch.sandbox.serve import ServerThread
    from seamwatch.sandbox.settings import SandboxSettings
    from seamwatch.sandbox.shopify import build_shopify_app

    settings = SandboxSettings()
    with ServerThread(build_shopify_app(settings, FaultState())) as server:
        base = f"{server.url}/admin/api/2026-01"
        headers = {"X-Shopify-Access-Token": settings.shopify_token}
        with httpx.Client(base_url=base, headers=headers, timeout=10) as client:
            created = client.post("/customers.json", json={"customer": {"email": "d@example.com"}}).json()["customer"]
            assert client.delete(f"/customers/{created['id']}.json").json() == {}
            assert client.get(f"/customers/{created['id']}.json").status_code == 404
            assert client.delete(f"/customers/{created['id']}.json").status_code == 404
            buyer = client.post("/customers.json", json={"customer": {"email": "b@example.com"}}).json()["customer"]
            order = {"line_items": [{"title": "x", "price": "1.00", "quantity": 1}], "customer": {"id": buyer["id"]}}
            assert client.post("/orders.json", json={"order": order}).status_code == 201
            refused = client.delete(f"/customers/{buyer['id']}.json")
            assert refused.status_code == 422 and "errors" in refused.json()
