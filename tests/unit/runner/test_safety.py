"""Writes are off against non-loopback hosts unless asked for; synthetic marking."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from seamwatch.contracts.spec import load_contract
from seamwatch.core.http import is_loopback
from seamwatch.runner.engine import _build_schema
from seamwatch.runner.hints import read_hints
from seamwatch.runner.model import RunOptions
from seamwatch.runner.synthetic import SyntheticLedger

CONTRACT = Path(__file__).resolve().parents[3] / "contracts/shopify/admin-rest-2026-01.yaml"


@pytest.mark.parametrize(("url", "loopback"), [
    ("http://127.0.0.1:8701/admin", True), ("http://localhost/x", True), ("http://[::1]:80/", True),
    ("https://example.myshopify.com/admin/api/2026-01", False), ("http://10.0.0.5/", False),
])
def test_is_loopback(url: str, loopback: bool) -> None:
    assert is_loopback(url) is loopback


def _methods(writes: bool) -> set[str]:
    options = RunOptions(contract=CONTRACT, base_url="https://example.myshopify.com/admin/api/2026-01")
    schema = _build_schema(options, writes, read_hints(load_contract(CONTRACT)))
    return {result.ok().method.upper() for result in schema.get_all_operations()}


def test_without_writes_only_reads_are_generated() -> None:
    assert _methods(writes=False) == {"GET"}
    assert {"POST", "PUT", "DELETE"} <= _methods(writes=True)


def test_created_orders_are_marked_synthetic_and_keep_the_tag_on_update() -> None:
    ledger = SyntheticLedger("http://x", "SW-SYN-", 0.5)
    create = SimpleNamespace(body={"order": {"line_items": [], "tags": "vip", "test": False}})
    ledger.mark("createOrder", create)
    assert create.body["order"]["test"] is True and create.body["order"]["tags"] == "vip, seamwatch-synthetic"
    update = SimpleNamespace(body={"order": {"tags": "wholesale"}})
    ledger.mark("updateOrder", update)
    assert update.body["order"]["tags"] == "wholesale, seamwatch-synthetic"
    erp = SimpleNamespace(body={"externalDocumentNumber": "#1001"})
    ledger.mark("createSalesOrder", erp)
    assert erp.body["externalDocumentNumber"].startswith("SW-SYN-")


def test_pacing_sleeps_only_past_our_share(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr("seamwatch.runner.synthetic.time.sleep", slept.append)
    ledger = SyntheticLedger("http://x", "SW-SYN-", 0.5)
    ledger.pace(SimpleNamespace(status_code=200, headers={"x-shopify-shop-api-call-limit": "10/40"}))
    assert slept == []
    ledger.pace(SimpleNamespace(status_code=200, headers={"x-shopify-shop-api-call-limit": "30/40"}))
    assert slept == [5.0]  # 10 calls over our half of the bucket, leaking 2 per second
    ledger.pace(SimpleNamespace(status_code=429, headers={"retry-after": "2.0"}))
    assert slept[-1] == 2.0


class _Reply:
    def __init__(self, status: int, body: object) -> None:
        self.status_code, self._body = status, body

    def json(self) -> object:
        return self._body


def test_created_resources_are_recorded_for_cleanup_on_both_systems() -> None:
    ledger = SyntheticLedger("http://shop/admin/api/2026-01", "SW-SYN-", 0.5)
    ledger.record("createOrder", "http://shop/admin/api/2026-01/orders.json", _Reply(201, {"order": {"id": 7}}))
    ledger.record("createCustomer", "http://shop/admin/api/2026-01/customers.json", _Reply(201, {"customer": {"id": 8}}))
    erp = "http://erp/api/v2.0/companies(c1)/customers"
    ledger.record("createCustomer", erp, _Reply(201, {"id": "g-9"}))
    ledger.record("createSalesOrder", "http://erp/api/v2.0/companies(c1)/salesOrders", _Reply(400, {"error": {}}))
    assert ledger.created == [
        ("POST", "http://shop/admin/api/2026-01/orders/7/cancel.json"),
        ("DELETE", "http://shop/admin/api/2026-01/customers/8.json"),
        ("DELETE", f"{erp}(g-9)"),
    ]
