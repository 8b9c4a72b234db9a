"""Pairs that must give no breaking change. False alarms erode trust faster than misses."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

from seamwatch.drift import Level, diff_files
from tests.unit.drift.specs import TODAY, base, breaking, diff, write

REPO = Path(__file__).resolve().parents[3]
SHOPIFY = REPO / "contracts" / "shopify" / "admin-rest-2026-01.yaml"


def _reverse(value: Any) -> Any:
    """The same document with every mapping's keys (and required/enum lists) reversed."""
    if isinstance(value, dict):
        return {k: _reverse(v) for k, v in reversed(list(value.items()))}
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(reversed(value))
    if isinstance(value, list):
        return [_reverse(v) for v in value]
    return value


def test_reordered_keys_are_no_change(tmp_path: Path) -> None:
    assert diff(tmp_path, base(), _reverse(base())).changes == []


def test_shipped_contract_reordered_is_no_change(tmp_path: Path) -> None:
    data = yaml.safe_load(SHOPIFY.read_text())
    new = write(tmp_path / "reordered.yaml", _reverse(data))
    assert diff_files(SHOPIFY, new, today=TODAY).changes == []


def test_ref_moved_to_another_component_is_no_change(tmp_path: Path) -> None:
    old, new = base(), base()
    schemas = new["components"]["schemas"]
    schemas["Price"] = schemas.pop("Money")
    schemas["Order"]["properties"]["total_price"] = {"$ref": "#/components/schemas/Price"}
    report = diff(tmp_path, old, new)
    assert breaking(report) == []
    # The old component name is gone, which is worth an info line and nothing more.
    assert {c.level for c in report.changes} <= {Level.INFO}


def test_ref_moved_to_another_file_is_no_change(tmp_path: Path) -> None:
    old, new = base(), base()
    money = new["components"]["schemas"].pop("Money")
    write(tmp_path / "new" / "common" / "money.yaml", money)
    new["components"]["schemas"]["Order"]["properties"]["total_price"] = {"$ref": "common/money.yaml"}
    assert breaking(diff(tmp_path, old, new)) == []


def test_same_schema_inlined_vs_referenced_is_no_change(tmp_path: Path) -> None:
    old, new = base(), base()
    line_item = new["components"]["schemas"]["LineItem"]
    new["components"]["schemas"]["Order"]["properties"]["line_items"]["items"] = copy.deepcopy(line_item)
    post = new["paths"]["/orders"]["post"]
    post["requestBody"]["content"]["application/json"]["schema"] = copy.deepcopy(
        new["components"]["schemas"]["OrderCreate"])
    assert diff(tmp_path, old, new).changes == []


def test_description_only_changes_are_no_change(tmp_path: Path) -> None:
    old, new = base(), base()
    order = new["components"]["schemas"]["Order"]
    order["description"] = "An order."
    order["properties"]["status"].update(description="Status.", example="open", title="Status")
    new["paths"]["/orders/{id}"]["get"].update(summary="Get it", description="Gets one order.")
    new["paths"]["/orders/{id}"]["get"]["responses"]["200"]["description"] = "The order, as stored."
    assert diff(tmp_path, old, new).changes == []


def test_added_optional_response_field_and_request_param_are_info(tmp_path: Path) -> None:
    old, new = base(), base()
    new["components"]["schemas"]["Order"]["properties"]["email"] = {"type": "string"}
    new["paths"]["/orders/{id}"]["get"]["parameters"].append(
        {"name": "limit", "in": "query", "schema": {"type": "integer"}})
    report = diff(tmp_path, old, new)
    assert report.changes and {c.level for c in report.changes} == {Level.INFO}


def test_allof_wrapper_around_a_ref_is_the_ref(tmp_path: Path) -> None:
    old, new = base(), base()
    new["components"]["schemas"]["Order"]["properties"]["total_price"] = {
        "allOf": [{"$ref": "#/components/schemas/Money"}], "description": "Total."}
    assert diff(tmp_path, old, new).changes == []


def test_flat_schema_split_into_allof_is_not_breaking(tmp_path: Path) -> None:
    old, new = base(), base()
    schemas = new["components"]["schemas"]
    order = schemas.pop("Order")
    schemas["OrderBase"] = {"type": "object", "required": ["id"], "properties": {"id": order["properties"].pop("id")}}
    order["required"].remove("id")
    schemas["Order"] = {"allOf": [{"$ref": "#/components/schemas/OrderBase"}, order]}
    assert breaking(diff(tmp_path, old, new)) == []


def test_openapi_30_nullable_equals_31_null_type(tmp_path: Path) -> None:
    old, new = base(), base()
    old["openapi"] = "3.0.3"
    old["components"]["schemas"]["Order"]["properties"]["note"] = {"type": "string", "nullable": True}
    old.pop("webhooks")
    new.pop("webhooks")
    assert diff(tmp_path, old, new).changes == []


def test_recursive_schemas_terminate_and_report_once(tmp_path: Path) -> None:
    def with_tree(spec: dict[str, Any], child_type: str) -> dict[str, Any]:
        spec["components"]["schemas"]["Node"] = {"type": "object", "properties": {
            "name": {"type": child_type},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            "parent": {"$ref": "#/components/schemas/Node"}}}
        spec["components"]["schemas"]["Order"]["properties"]["tree"] = {"$ref": "#/components/schemas/Node"}
        return spec

    assert diff(tmp_path / "same", with_tree(base(), "string"), with_tree(base(), "string")).changes == []
    report = diff(tmp_path / "changed", with_tree(base(), "string"), with_tree(base(), "integer"))
    changed = [c for c in report.changes if c.operation == "GET /orders/{id}"]
    assert [c.id for c in changed] == ["response-property-type-changed"]
    assert changed[0].location == "spec.yaml#/components/schemas/Node/properties/name"


def test_identical_copies_in_other_directories_are_no_change(tmp_path: Path) -> None:
    copy_path = tmp_path / "pinned" / SHOPIFY.name
    copy_path.parent.mkdir()
    shutil.copy(SHOPIFY, copy_path)
    assert diff_files(copy_path, SHOPIFY, today=TODAY).changes == []
