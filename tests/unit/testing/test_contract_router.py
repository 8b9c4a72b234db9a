from __future__ import annotations

import httpx
import pytest

from seamwatch.testing import ContractViolation, contract_router

BASE = "https://example.myshopify.com/admin/api/2026-01"
HEADERS = {"X-Shopify-API-Version": "2026-01", "X-Shopify-Shop-Api-Call-Limit": "1/40"}
ORDER = {
    "id": 450789469, "admin_graphql_api_id": "gid://shopify/Order/450789469", "name": "#1001",
    "order_number": 1001, "email": None, "currency": "USD", "total_price": "21.60",
    "subtotal_price": "20.00", "total_tax": "1.60", "total_discounts": "0.00",
    "current_total_price": "21.60", "financial_status": "paid", "fulfillment_status": None,
    "tags": "", "test": True, "created_at": "2026-03-01T10:00:00-05:00",
    "updated_at": "2026-03-01T10:00:00-05:00", "processed_at": "2026-03-01T10:00:00-05:00",
    "closed_at": None, "cancelled_at": None, "cancel_reason": None, "customer": None,
    "line_items": [{"id": 1, "variant_id": 2, "product_id": 3, "sku": "SW-MUG", "title": "Mug",
                    "name": "Mug", "quantity": 2, "price": "10.00", "fulfillable_quantity": 2,
                    "fulfillment_status": None, "requires_shipping": True, "taxable": True}],
}


def test_a_conforming_mock_passes_through() -> None:
    with contract_router("shopify", base_url=BASE) as mock:
        mock.get("/orders/450789469.json").respond(200, json={"order": ORDER}, headers=HEADERS)
        reply = httpx.get(f"{BASE}/orders/450789469.json")
    assert reply.json()["order"]["name"] == "#1001"


def test_a_mock_that_drifts_fails_with_a_readable_diff() -> None:
    drifted = {**ORDER, "total_price": 21.6}
    with contract_router("shopify", base_url=BASE) as mock:
        mock.get("/orders/450789469.json").respond(200, json={"order": drifted}, headers=HEADERS)
        with pytest.raises(ContractViolation) as info:
            httpx.get(f"{BASE}/orders/450789469.json")
    text = str(info.value)
    assert "getOrder" in text and "/order/total_price" in text and "'string'" in text


def test_missing_required_header_and_undocumented_status_fail() -> None:
    with contract_router("shopify", base_url=BASE) as mock:
        mock.get("/orders/1.json").respond(200, json={"order": ORDER})
        mock.get("/orders/2.json").respond(418, json={"errors": "teapot"}, headers=HEADERS)
        with pytest.raises(ContractViolation, match="X-Shopify-API-Version"):
            httpx.get(f"{BASE}/orders/1.json")
        with pytest.raises(ContractViolation, match="status 418 is not documented"):
            httpx.get(f"{BASE}/orders/2.json")


def test_a_request_the_code_under_test_sends_is_validated() -> None:
    with contract_router("shopify", base_url=BASE) as mock:
        mock.post("/orders.json").respond(201, json={"order": ORDER}, headers=HEADERS)
        with pytest.raises(ContractViolation, match="request body"):
            httpx.post(f"{BASE}/orders.json", json={"order": {"line_items": [], "surprise": 1}})


def test_an_unknown_endpoint_is_a_violation() -> None:
    with contract_router("shopify", base_url=BASE) as mock:
        mock.get("/nope.json").respond(200, json={})
        with pytest.raises(ContractViolation, match="no operation"):
            httpx.get(f"{BASE}/nope.json")


def test_the_pytest_fixture(contract_mock) -> None:  # noqa: ANN001 - pytest fixture
    mock = contract_mock("shopify", base_url=BASE)
    mock.get("/orders/count.json").respond(200, json={"count": "three"}, headers=HEADERS)
    with pytest.raises(ContractViolation, match="/count"):
        httpx.get(f"{BASE}/orders/count.json")


def test_async_clients_are_checked_too() -> None:
    import asyncio

    async def call() -> None:
        async with httpx.AsyncClient() as client:
            await client.get(f"{BASE}/orders/1.json")

    with contract_router("shopify", base_url=BASE) as mock:
        mock.get("/orders/1.json").respond(200, json={"order": {**ORDER, "id": "x"}}, headers=HEADERS)
        with pytest.raises(ContractViolation, match="/order/id"):
            asyncio.run(call())
