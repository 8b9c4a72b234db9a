"""Mapping impact on the shipped contracts: changes to mapped fields name the mapping and
are raised to breaking; changes elsewhere are not flagged."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from seamwatch.core.errors import UsageError
from seamwatch.drift import Change, Level, diff_files
from tests.unit.drift.specs import TODAY, write

REPO = Path(__file__).resolve().parents[3]
SHOPIFY = REPO / "contracts" / "shopify" / "admin-rest-2026-01.yaml"
ERP = REPO / "contracts" / "erp" / "business-central-v2.0.yaml"
MAPPINGS = REPO / "contracts" / "mappings"


def _copy(tmp_path: Path, source: Path, mutate: Callable[[dict[str, Any]], Any]) -> Path:
    data = yaml.safe_load(source.read_text())
    mutate(data["components"]["schemas"])
    return write(tmp_path / "next" / source.name, data)


def _drop_total(schemas: dict[str, Any]) -> None:
    schemas["Order"]["properties"].pop("total_price")
    schemas["Order"]["required"].remove("total_price")


def _with(report_changes: list[Change], rule_id: str) -> list[Change]:
    return [c for c in report_changes if c.id == rule_id]


def test_removed_mapped_field_names_the_mapping_and_is_breaking(tmp_path: Path) -> None:
    new = _copy(tmp_path, SHOPIFY, _drop_total)
    report = diff_files(SHOPIFY, new, today=TODAY, mappings=MAPPINGS)
    removed = _with(report.changes, "response-required-property-removed")
    assert removed and all(c.mappings == ("order:total",) and c.level == Level.BREAKING for c in removed)
    assert report.to_dict()["changes"][0]["mappings"] == ["order:total"]


def test_copies_elsewhere_are_recognised_by_title(tmp_path: Path) -> None:
    pinned = tmp_path / "pinned" / "shopify.yaml"
    pinned.parent.mkdir()
    shutil.copy(SHOPIFY, pinned)
    new = _copy(tmp_path, SHOPIFY, _drop_total)
    report = diff_files(pinned, new, today=TODAY, mappings=MAPPINGS)
    assert {c.mappings for c in _with(report.changes, "response-required-property-removed")} == {("order:total",)}


def test_unmapped_field_is_not_flagged(tmp_path: Path) -> None:
    def drop_discounts(schemas: dict[str, Any]) -> None:
        schemas["Order"]["properties"].pop("total_discounts")
        schemas["Order"]["properties"]["note"] = {"type": "integer"}

    report = diff_files(SHOPIFY, _copy(tmp_path, SHOPIFY, drop_discounts), today=TODAY, mappings=MAPPINGS)
    assert report.changes
    assert all(c.mappings == () for c in report.changes)
    assert {c.level for c in _with(report.changes, "response-optional-property-removed")} == {Level.WARNING}


def test_a_warning_on_a_mapped_field_is_raised_to_breaking(tmp_path: Path) -> None:
    report = diff_files(SHOPIFY, _copy(tmp_path, SHOPIFY, lambda s: s["Order"]["properties"].pop("email")),
                        today=TODAY, mappings=MAPPINGS)
    removed = _with(report.changes, "response-optional-property-removed")
    assert removed and {(c.level, c.mappings) for c in removed} == {(Level.BREAKING, ("order:email",))}
    without = diff_files(SHOPIFY, _copy(tmp_path / "b", SHOPIFY, lambda s: s["Order"]["properties"].pop("email")),
                         today=TODAY)
    assert {c.level for c in _with(without.changes, "response-optional-property-removed")} == {Level.WARNING}


def test_info_on_a_mapped_field_is_named_but_stays_info(tmp_path: Path) -> None:
    def deprecate(schemas: dict[str, Any]) -> None:
        schemas["Order"]["properties"]["total_price"] = {"$ref": "#/components/schemas/Money", "deprecated": True}

    report = diff_files(SHOPIFY, _copy(tmp_path, SHOPIFY, deprecate), today=TODAY, mappings=MAPPINGS)
    deprecated = _with(report.changes, "response-property-deprecated")
    assert deprecated and {(c.level, c.mappings) for c in deprecated} == {(Level.INFO, ("order:total",))}


def test_a_shared_schema_changed_in_place_affects_every_field_using_it(tmp_path: Path) -> None:
    report = diff_files(SHOPIFY, _copy(tmp_path, SHOPIFY, lambda s: s["Money"].update(pattern="^[0-9]+$")),
                        today=TODAY, mappings=MAPPINGS)
    mappings = {m for c in _with(report.changes, "response-property-pattern-changed") for m in c.mappings}
    assert {"order:total", "order:subtotal", "order:tax", "order:lines[].unit_price"} <= mappings


def test_erp_side_of_the_mapping(tmp_path: Path) -> None:
    def drop(schemas: dict[str, Any]) -> None:
        schemas["salesOrder"]["properties"].pop("totalAmountIncludingTax")
        schemas["salesOrder"]["properties"].pop("phoneNumber", None)

    report = diff_files(ERP, _copy(tmp_path, ERP, drop), today=TODAY, mappings=MAPPINGS)
    flagged = [c for c in report.changes if c.mappings]
    assert flagged and {c.mappings for c in flagged} == {("order:total",)}
    assert all(c.level == Level.BREAKING for c in flagged)


def test_missing_mappings_directory_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="mappings directory"):
        diff_files(SHOPIFY, SHOPIFY, mappings=tmp_path / "nope")
