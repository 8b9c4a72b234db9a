"""Every generic fault, and schema drift, observed against the sandbox Shopify.

Faults are switched at run time through ``/_sandbox/faults`` with the control token.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.integration.sandbox.shopify_support import ShopifyServer, create_order, running_shopify


@pytest.fixture(scope="module")
def shop() -> Iterator[ShopifyServer]:
    with running_shopify(bucket_size=100_000) as server:
        yield server


@pytest.fixture
def order(shop: ShopifyServer) -> Iterator[dict[str, Any]]:
    with shop.client() as client:
        yield create_order(client)
    shop.control("DELETE")  # no fault outlives its test


def switch(shop: ShopifyServer, **fault: Any) -> None:
    response = shop.control("PUT", [{"scope": "shopify", **fault}])
    assert response.status_code == 200, response.text


def test_the_control_endpoint_needs_its_token(shop: ShopifyServer) -> None:
    denied = shop.control("PUT", [{"kind": "error_rate", "scope": "shopify"}], token="guess")
    assert denied.status_code == 401
    assert shop.control("GET").json() == {"faults": []}
    assert shop.control("PUT", [{"kind": "no_such_fault", "scope": "shopify"}]).status_code == 422


def test_hang_holds_the_response(shop: ShopifyServer, order: dict[str, Any]) -> None:
    switch(shop, kind="hang", hang_seconds=2)
    with shop.client(timeout=0.5) as client, pytest.raises(httpx.ReadTimeout):
        client.get(f"/orders/{order['id']}.json")


def test_latency_delays_the_response(shop: ShopifyServer, order: dict[str, Any]) -> None:
    switch(shop, kind="latency", latency_ms=2000)
    with shop.client(timeout=0.3) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.get(f"/orders/{order['id']}.json")
        shop.control("DELETE")
        assert client.get(f"/orders/{order['id']}.json").status_code == 200


def test_error_rate_answers_5xx_in_the_shopify_shape(shop: ShopifyServer,
                                                     order: dict[str, Any]) -> None:
    switch(shop, kind="error_rate", status=503)
    with shop.client() as client:
        response = client.get(f"/orders/{order['id']}.json")
    assert response.status_code == 503
    assert isinstance(response.json()["errors"], str)


def test_rate_limit_storm_answers_429_with_retry_after(shop: ShopifyServer,
                                                       order: dict[str, Any]) -> None:
    switch(shop, kind="rate_limit_storm", retry_after=2.0)
    with shop.client() as client:
        response = client.get(f"/orders/{order['id']}.json")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "2.0"
    assert "errors" in response.json()


def test_connection_reset_breaks_the_response(shop: ShopifyServer, order: dict[str, Any]) -> None:
    switch(shop, kind="connection_reset")
    with shop.client() as client, pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.get(f"/orders/{order['id']}.json")


def test_malformed_json_is_not_json(shop: ShopifyServer, order: dict[str, Any]) -> None:
    switch(shop, kind="malformed_json")
    with shop.client() as client:
        response = client.get(f"/orders/{order['id']}.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


@pytest.mark.parametrize("drift, check", [
    ("rename_field", lambda o: "total_price" not in o and "total_price_v2" in o),
    ("remove_field", lambda o: "total_price" not in o and "total_price_v2" not in o),
    ("change_type", lambda o: isinstance(o["total_price"], float)),
])
def test_schema_drift_changes_the_order(shop: ShopifyServer, order: dict[str, Any], drift: str,
                                        check: Any) -> None:
    switch(shop, kind="schema_drift", drift=drift, field="total_price")
    with shop.client() as client:
        single = client.get(f"/orders/{order['id']}.json").json()["order"]
        listed = client.get("/orders.json").json()["orders"][0]
    assert check(single) and check(listed)
    assert single["id"] == order["id"]  # only the drifted field changed


def test_faults_respect_their_path_and_spare_the_sandbox_routes(
        shop: ShopifyServer, order: dict[str, Any]) -> None:
    switch(shop, kind="error_rate", path="/orders")
    with shop.client() as client:
        assert client.get(f"/orders/{order['id']}.json").status_code == 500
        assert client.get("/locations.json").status_code == 200
    assert httpx.get(f"{shop.url}/_sandbox/health", timeout=10.0).status_code == 200


def test_with_faults_cleared_everything_is_normal(shop: ShopifyServer,
                                                  order: dict[str, Any]) -> None:
    shop.control("DELETE")
    with shop.client() as client:
        body = client.get(f"/orders/{order['id']}.json").json()
    assert body["order"]["total_price"] == order["total_price"]
