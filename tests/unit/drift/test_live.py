"""Live drift, offline: hand-made responses against the shipped Shopify contract, and HAR."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from seamwatch.contracts.spec import Contract, load_contract
from seamwatch.core.errors import UsageError
from seamwatch.drift import Level
from seamwatch.drift.har import har_drift, load_har, match_operation
from seamwatch.drift.live import response_drift
from tests.unit.drift.specs import write

REPO = Path(__file__).resolve().parents[3]
HEADERS = {"X-Shopify-API-Version": "2026-01", "X-Shopify-Shop-Api-Call-Limit": "1/40"}


@pytest.fixture(scope="module")
def shopify() -> Contract:
    return load_contract(REPO / "contracts" / "shopify" / "admin-rest-2026-01.yaml")


@pytest.fixture(scope="module")
def example(shopify: Contract) -> dict[str, Any]:
    """The contract's own example order (a response that must show no drift)."""
    response = shopify.data["paths"]["/orders/{order_id}.json"]["get"]["responses"]["200"]
    return response["content"]["application/json"]["example"]


def _drift(shopify: Contract, body: Any, status: int = 200, headers: dict[str, str] | None = None) -> list:
    return response_drift(shopify, "getOrder", status, HEADERS if headers is None else headers, body)


def _ids(changes: list) -> set[tuple[str, Level]]:
    return {(c.id, c.level) for c in changes}


def _order(example: dict[str, Any], **changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(example)
    for key, value in changes.items():
        if value is ...:
            body["order"].pop(key)
        else:
            body["order"][key] = value
    return body


def test_the_contract_example_shows_no_drift(shopify: Contract, example: dict[str, Any]) -> None:
    assert _drift(shopify, example) == []
    assert _drift(shopify, json.dumps(example)) == []  # raw text is parsed first


def test_undocumented_field_is_info(shopify: Contract, example: dict[str, Any]) -> None:
    body = _order(example, merchant_business_entity_id="x")
    [item] = _drift(shopify, body)
    assert (item.id, item.level) == ("sw-live-undocumented-field", Level.INFO)
    assert "/order/merchant_business_entity_id" in item.message
    assert item.location.endswith("#/components/schemas/Order")


def test_missing_required_field_is_breaking(shopify: Contract, example: dict[str, Any]) -> None:
    [item] = _drift(shopify, _order(example, total_price=...))
    assert (item.id, item.level) == ("sw-live-required-field-missing", Level.BREAKING)
    assert item.location.endswith("#/components/schemas/Order/properties/total_price")


def test_type_and_format_mismatches(shopify: Contract, example: dict[str, Any]) -> None:
    changes = _drift(shopify, _order(example, total_price=236.81, created_at="yesterday"))
    assert [(c.id, c.level) for c in changes] == [("sw-live-type-mismatch", Level.BREAKING)] * 2
    messages = " | ".join(c.message for c in changes)
    assert "/order/total_price: number where the contract says string" in messages
    assert "/order/created_at: 'yesterday' is not a valid date-time" in messages


def test_null_where_not_allowed_is_a_type_mismatch(shopify: Contract, example: dict[str, Any]) -> None:
    assert _ids(_drift(shopify, _order(example, name=None))) == {("sw-live-type-mismatch", Level.BREAKING)}
    assert _drift(shopify, _order(example, customer=None, fulfillment_status=None)) == []


def test_enum_value_outside_the_spec_is_a_warning(shopify: Contract, example: dict[str, Any]) -> None:
    assert _ids(_drift(shopify, _order(example, financial_status="expired"))) == {
        ("sw-live-enum-value-unknown", Level.WARNING)}


def test_nested_items_are_walked(shopify: Contract, example: dict[str, Any]) -> None:
    body = copy.deepcopy(example)
    body["order"]["line_items"][0]["quantity"] = "2"
    [item] = _drift(shopify, body)
    assert item.id == "sw-live-type-mismatch" and "/order/line_items/0/quantity" in item.message


def test_missing_required_header(shopify: Contract, example: dict[str, Any]) -> None:
    [item] = _drift(shopify, example, headers={"x-shopify-shop-api-call-limit": "1/40"})
    assert (item.id, item.level) == ("sw-live-header-missing", Level.BREAKING)
    assert "X-Shopify-API-Version" in item.message


def test_undocumented_status(shopify: Contract) -> None:
    [item] = _drift(shopify, {"errors": "teapot"}, status=418)
    assert (item.id, item.level) == ("sw-live-status-undocumented", Level.WARNING)


def test_one_of_uses_the_best_branch(shopify: Contract) -> None:
    assert _drift(shopify, {"errors": ["Not Found"]}, status=404) == []
    assert _drift(shopify, {"errors": {"id": ["is invalid"]}}, status=404) == []
    [item] = _drift(shopify, {"errors": 5}, status=404)
    assert item.id == "sw-live-type-mismatch"


def test_operation_by_method_and_path(shopify: Contract, example: dict[str, Any]) -> None:
    assert response_drift(shopify, ("GET", "/orders/{order_id}.json"), 200, HEADERS, example) == []
    with pytest.raises(UsageError, match="did you mean 'getOrder'"):
        response_drift(shopify, "getOrdr", 200, HEADERS, example)


def test_closed_schema_makes_undocumented_fields_a_warning(tmp_path: Path) -> None:
    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {
        "operationId": "getA", "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"type": "object", "additionalProperties": False,
                       "properties": {"id": {"type": "integer"}}}}}}}}}}}
    contract = load_contract(write(tmp_path / "closed.yaml", spec))
    [item] = response_drift(contract, "getA", 200, {}, {"id": 1, "extra": True})
    assert (item.id, item.level) == ("sw-live-undocumented-field", Level.WARNING)


# -- HAR

def _entry(url: str, body: Any, status: int = 200, method: str = "GET") -> dict[str, Any]:
    return {"request": {"method": method, "url": url, "headers": []},
            "response": {"status": status, "headers": [{"name": k, "value": v} for k, v in HEADERS.items()],
                         "content": {"mimeType": "application/json", "text": json.dumps(body)}}}


def test_har_entries_map_to_operations(tmp_path: Path, shopify: Contract, example: dict[str, Any]) -> None:
    base = "https://example.myshopify.com/admin/api/2026-01"
    har = {"log": {"version": "1.2", "entries": [
        _entry(f"{base}/orders/5678901234567.json?fields=id", example),
        _entry(f"{base}/orders/count.json", {"count": 3, "estimated": False}),
        _entry(f"{base}/gift_cards.json", {"gift_cards": []}),
    ]}}
    path = tmp_path / "session.har"
    path.write_text(json.dumps(har))
    assert [r.status for r in load_har(path)] == [200, 200, 200]
    changes = har_drift(shopify, path)
    assert sorted((c.id, c.operation) for c in changes) == [
        ("sw-live-operation-undocumented", "GET /admin/api/2026-01/gift_cards.json"),
        ("sw-live-undocumented-field", "GET /orders/count.json"),
    ]


def test_url_matching_with_erp_segments() -> None:
    erp = load_contract(REPO / "contracts" / "erp" / "business-central-v2.0.yaml")
    base = "https://api.businesscentral.dynamics.com/v2.0/contoso/production/api"
    op = match_operation(erp, "GET", f"{base}/v2.0/companies(1f5c)/salesOrders(9a1b)/salesOrderLines")
    assert op is not None and op.path == "/v2.0/companies({companyId})/salesOrders({salesOrderId})/salesOrderLines"
    assert match_operation(erp, "GET", f"{base}/v2.0/companies(1f5c)/nothingHere") is None


def test_not_a_har_file_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "x.har"
    path.write_text(yaml.safe_dump({"hello": 1}))
    with pytest.raises(UsageError, match="not a HAR file"):
        load_har(path)
