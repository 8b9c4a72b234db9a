"""compare.order_differences: the shipped order mapping decides what is compared."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from seamwatch.probes.compare import order_differences
from seamwatch.probes.errors import StepFailed

SHOPIFY: dict[str, Any] = {
    "id": 5678901230000, "name": "#1001", "currency": "USD", "email": "probe@example.com",
    "created_at": "2026-01-15T10:21:03+01:00", "subtotal_price": "20.00", "total_tax": "1.60",
    "total_price": "21.60",
    "line_items": [{"id": 1, "sku": "SW-PROBE-001", "quantity": 2, "price": "10.00"}],
}
ERP: dict[str, Any] = {
    "id": "b1c2", "externalDocumentNumber": "#1001", "currencyCode": "USD",
    "orderDate": "2026-01-15", "totalAmountExcludingTax": 20.0, "totalTaxAmount": 1.6,
    "totalAmountIncludingTax": 21.6, "email": "probe@example.com",
    "salesOrderLines": [{"lineObjectNumber": "SW-PROBE-001", "quantity": 2, "unitPrice": 10.0}],
}


def erp(**changes: Any) -> dict[str, Any]:
    order = copy.deepcopy(ERP)
    order.update(changes)
    return order


def test_equal_orders_have_no_differences() -> None:
    assert order_differences(SHOPIFY, ERP) == []


def test_blank_bc_currency_is_the_local_currency_not_a_difference() -> None:
    # The mapping defaults a blank currencyCode; a present-but-blank field is not drift.
    assert order_differences(SHOPIFY, erp(currencyCode="USD")) == []


def test_a_changed_total_is_named() -> None:
    differences = order_differences(SHOPIFY, erp(totalAmountIncludingTax=20.0, totalTaxAmount=0.0))
    assert differences == ["tax: Shopify 1.60 != ERP 0.0", "total: Shopify 21.60 != ERP 20.0"]


def test_a_changed_quantity_is_named() -> None:
    lines = [{"lineObjectNumber": "SW-PROBE-001", "quantity": 3, "unitPrice": 10.0}]
    assert order_differences(SHOPIFY, erp(salesOrderLines=lines)) == [
        "lines[0].qty: Shopify 2 != ERP 3"]


def test_a_changed_sku_is_named() -> None:
    lines = [{"lineObjectNumber": "SW-TSHIRT-M", "quantity": 2, "unitPrice": 10.0}]
    assert order_differences(SHOPIFY, erp(salesOrderLines=lines)) == [
        "lines[0].sku: Shopify 'SW-PROBE-001' != ERP 'SW-TSHIRT-M'"]


def test_a_changed_currency_and_reference_are_named() -> None:
    differences = order_differences(SHOPIFY, erp(currencyCode="EUR", externalDocumentNumber="#1002"))
    assert "currency: Shopify 'USD' != ERP 'EUR'" in differences
    assert "external_ref: Shopify '#1001' != ERP '#1002'" in differences


def test_a_missing_line_is_a_line_count_difference() -> None:
    assert order_differences(SHOPIFY, erp(salesOrderLines=[])) == ["lines: Shopify has 1, ERP has 0"]


@pytest.mark.parametrize("field", ["totalAmountIncludingTax", "externalDocumentNumber", "currencyCode"])
def test_a_removed_compared_field_is_schema_not_a_pass(field: str) -> None:
    drifted = erp()
    del drifted[field]
    with pytest.raises(StepFailed) as caught:
        order_differences(SHOPIFY, drifted)
    assert caught.value.classification == "schema"
    assert field in caught.value.message


def test_a_line_without_its_quantity_is_schema() -> None:
    with pytest.raises(StepFailed) as caught:
        order_differences(SHOPIFY, erp(salesOrderLines=[{"lineObjectNumber": "SW-PROBE-001",
                                                         "unitPrice": 10.0}]))
    assert caught.value.classification == "schema"
    assert "salesOrderLines[].quantity" in caught.value.message


def test_a_retyped_total_is_schema() -> None:
    with pytest.raises(StepFailed) as caught:
        order_differences(SHOPIFY, erp(totalAmountIncludingTax="21.6"))
    assert caught.value.classification == "schema"
