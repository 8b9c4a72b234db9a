"""Each integration check: an exchange that breaks it and one that holds."""

from __future__ import annotations

import json
from typing import Any

import pytest

from seamwatch.checks import CHECKS, Exchange, RunContext

SHOPIFY = RunContext("shopify", "2026-01", frozenset({"listOrders"}))
ERP = RunContext("erp", "v2.0")
GOOD_HEADERS = {"x-shopify-api-version": "2026-01", "x-shopify-shop-api-call-limit": "3/40"}


def ex(status: int = 200, headers: dict[str, str] | None = None, body: Any = None, **kw: Any) -> Exchange:
    raw = json.dumps(body).encode() if body is not None else b""
    return Exchange(method=kw.pop("method", "GET"), path=kw.pop("path", "/x"),
                    operation_id=kw.pop("operation_id", "getOrder"), status=status,
                    headers={**GOOD_HEADERS, **(headers or {})}, body=raw, **kw)


def run(check_id: str, exchange: Exchange, context: RunContext = SHOPIFY) -> str | None:
    return CHECKS.get(check_id).run(exchange, context)


LINK = '<https://s/admin/api/2026-01/orders.json?limit=2&page_info=abc>; rel="next"'


def _follow_up(status: int, body: Any = None):
    calls = []

    def send(method: str, path: str, **kw: Any):
        calls.append((method, path, kw))
        return status, {}, json.dumps(body or {}).encode()

    send.calls = calls  # type: ignore[attr-defined]
    return send


CASES = [
    ("shopify-api-version-pinned", ex(), ex(headers={"x-shopify-api-version": "2026-04"}), SHOPIFY, "fell forward"),
    ("shopify-call-limit-header", ex(), ex(headers={"x-shopify-shop-api-call-limit": "41/40"}), SHOPIFY, "exceeds"),
    ("pagination-link-header",
     ex(operation_id="listOrders", headers={"link": LINK}, body={"orders": [1, 2]}, request_query={"limit": "2"}),
     ex(operation_id="listOrders", headers={"link": "<https://s/orders.json?limit=2>; rel=next"}, body={"orders": [1]}),
     SHOPIFY, "is not"),
    ("retry-after-on-429", ex(429, {"retry-after": "2.0"}), ex(429), SHOPIFY, "without"),
    ("error-body-shape", ex(404, body={"errors": "Not Found"}), ex(404, body={"error": "nope"}), SHOPIFY, "errors"),
    ("error-body-shape", ex(400, body={"error": {"code": "BadRequest", "message": "x"}}),
     ex(400, body={"errors": "x"}), ERP, "ERP error body"),
    ("money-precision", ex(body={"order": {"total_price": "21.60"}}), ex(body={"order": {"total_price": 21.6}}), SHOPIFY, "decimal string"),
    ("money-precision", ex(body={"value": [{"totalAmountIncludingTax": 21.6}]}),
     ex(body={"value": [{"totalAmountIncludingTax": 21.599999}]}), ERP, "whole cents"),
]


@pytest.mark.parametrize(("check_id", "good", "bad", "context", "text"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_check_holds_and_fails(check_id: str, good: Exchange, bad: Exchange, context: RunContext, text: str) -> None:
    assert run(check_id, good, context) is None
    message = run(check_id, bad, context)
    assert message and text in message


def test_next_link_on_a_short_page_is_flagged() -> None:
    short = ex(operation_id="listOrders", headers={"link": LINK}, body={"orders": [1]}, request_query={"limit": "2"})
    assert "shorter than limit" in run("pagination-link-header", short)


def test_duplicate_external_document_number_is_found_by_follow_up() -> None:
    created = ex(201, body={"externalDocumentNumber": "#1001"}, method="POST", operation_id="createSalesOrder",
                 path="/api/v2.0/companies(1)/salesOrders")
    created.follow_up = _follow_up(200, {"value": [{"id": "a"}]})
    assert run("erp-no-duplicate-external-document", created, ERP) is None
    assert "$filter" in str(created.follow_up.calls[0][2]) and "'#1001'" in str(created.follow_up.calls[0][2])
    created.follow_up = _follow_up(200, {"value": [{"id": "a"}, {"id": "b"}]})
    assert "2 sales orders" in run("erp-no-duplicate-external-document", created, ERP)


def test_patch_without_if_match_must_be_refused() -> None:
    patched = ex(200, method="PATCH", operation_id="updateSalesOrder",
                 request_headers={"if-match": "W/\"1\"", "authorization": "Bearer t"}, request_body={"email": "x"})
    patched.follow_up = _follow_up(400)
    assert run("patch-requires-if-match", patched, ERP) is None
    sent_headers = patched.follow_up.calls[0][2]["headers"]
    assert "if-match" not in sent_headers and sent_headers["authorization"] == "Bearer t"
    patched.follow_up = _follow_up(200)
    assert "expected a 4xx" in run("patch-requires-if-match", patched, ERP)


def test_every_check_is_covered_here() -> None:
    covered = {c[0] for c in CASES} | {"erp-no-duplicate-external-document", "patch-requires-if-match"}
    assert covered == set(CHECKS.names())
