from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from seamwatch.contracts.canonical import Order
from seamwatch.contracts.mappings import load_mapping, mapped_pointers, to_canonical
from seamwatch.contracts.spec import load_contract
from seamwatch.contracts.transforms import TRANSFORMS, TransformError
from seamwatch.contracts.validate import validate_paths
from seamwatch.core.errors import MappingError
from tests.unit.contracts.specs import good_spec, write

REPO = Path(__file__).resolve().parents[3]


def _mapping(tmp_path: Path, fields: dict) -> Path:
    write(tmp_path, good_spec(), "shop.yaml")
    doc = {"mapping": "order", "canonical": "Order",
           "systems": {"shop": {"contract": "shop.yaml", "schema": "Order"}}, "fields": fields}
    path = tmp_path / "order.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def test_existing_paths_pass(tmp_path: Path) -> None:
    path = _mapping(tmp_path, {"total": {"shop": {"path": "total_price", "transform": "decimal_string"}},
                               "lines[].sku": {"shop": {"path": "line_items[].sku"}}})
    [report] = validate_paths([path])
    assert report.kind == "mapping" and report.status == "ok"


def test_a_mapping_naming_a_missing_field_is_rejected(tmp_path: Path) -> None:
    path = _mapping(tmp_path, {"total": {"shop": {"path": "total_prise"}},
                               "lines[].sku": {"shop": {"path": "line_items[].skew"}}})
    [report] = validate_paths([path])
    assert report.status == "findings"
    assert [f.rule_id for f in report.findings] == ["mapping-paths-exist"] * 2
    messages = " | ".join(f.message for f in report.findings)
    assert "'total_prise'" in messages and "'skew'" in messages
    assert all(f.line for f in report.findings)


def test_unknown_transform_is_a_mapping_error_with_hint(tmp_path: Path) -> None:
    path = _mapping(tmp_path, {"total": {"shop": {"path": "total_price", "transform": "decimal_strng"}}})
    with pytest.raises(MappingError) as info:
        load_mapping(path)
    assert "did you mean 'decimal_string'" in info.value.message
    assert info.value.field == "/fields/total/shop/transform" and info.value.line


def test_undeclared_system_is_refused(tmp_path: Path) -> None:
    path = _mapping(tmp_path, {"total": {"erp": {"path": "x"}}})
    with pytest.raises(MappingError, match="not declared"):
        load_mapping(path)


def test_shipped_order_mapping_round_trips_both_systems() -> None:
    mapping, _ = load_mapping(REPO / "contracts/mappings/order.yaml")
    shopify = {"id": 450789469, "name": "#1001", "created_at": "2026-03-01T23:30:00-05:00",
               "currency": "USD", "subtotal_price": "20.00", "total_tax": "1.60",
               "total_price": "21.60", "email": "a@example.com",
               "line_items": [{"sku": "SKU-1", "quantity": 2, "price": "10.00"}]}
    erp = {"externalDocumentNumber": "#1001", "orderDate": "2026-03-02", "currencyCode": "USD",
           "totalAmountExcludingTax": 20, "totalTaxAmount": 1.6, "totalAmountIncludingTax": 21.6,
           "email": "a@example.com",
           "salesOrderLines": [{"lineObjectNumber": "SKU-1", "quantity": 2, "unitPrice": 10}]}
    a = Order.model_validate(to_canonical(mapping, "shopify", shopify))
    b = Order.model_validate({**to_canonical(mapping, "erp", erp), "source_id": a.source_id})
    assert a == b
    assert a.total == Decimal("21.60") and str(a.order_date) == "2026-03-02"


def test_money_as_float_is_refused() -> None:
    with pytest.raises(TransformError):
        TRANSFORMS.get("decimal_string")(21.6)


def test_mapped_pointers_resolve_through_refs(tmp_path: Path) -> None:
    path = _mapping(tmp_path, {"lines[].sku": {"shop": {"path": "line_items[].sku"}}})
    mapping, _ = load_mapping(path)
    pointers = mapped_pointers(mapping, "shop", load_contract(tmp_path / "shop.yaml"))
    assert any(p.endswith("#/components/schemas/LineItem/properties/sku") for p in pointers)
    assert any(p.endswith("#/components/schemas/Order/properties/line_items") for p in pointers)
