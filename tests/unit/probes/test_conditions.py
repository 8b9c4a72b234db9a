"""Evaluating http-probe conditions: each placeholder, each operator, absent fields."""

from __future__ import annotations

from typing import Any

import pytest

from seamwatch.config.conditions import parse_condition
from seamwatch.probes.conditions import evaluate_condition

HEADERS = {"x-shopify-api-version": "2026-01", "content-type": "application/json"}
BODY: dict[str, Any] = {"orders": [{"id": 7, "name": "#1001", "test": True, "note": None,
                                    "total": "10.80"}], "count": 1}


def holds(text: str, status: int = 200, elapsed_ms: float = 120.0,
          body: Any = BODY) -> tuple[bool, str]:
    return evaluate_condition(parse_condition(text), status, elapsed_ms, HEADERS, body)


@pytest.mark.parametrize(("text", "expected"), [
    ("[STATUS] == 200", True), ("[STATUS] != 200", False), ("[STATUS] < 300", True),
    ("[STATUS] <= 199", False), ("[STATUS] > 199", True), ("[STATUS] >= 201", False),
])
def test_status_with_every_operator(text: str, expected: bool) -> None:
    assert holds(text)[0] is expected


def test_response_time_compares_milliseconds() -> None:
    assert holds("[RESPONSE_TIME] < 800", elapsed_ms=799.9)[0]
    ok, seen = holds("[RESPONSE_TIME] < 800", elapsed_ms=801)
    assert not ok and seen == "801"


def test_header_names_are_case_insensitive_and_compared_as_text() -> None:
    assert holds("[HEADER].X-Shopify-Api-Version == 2026-01")[0]
    assert not holds("[HEADER].x-shopify-api-version == 2026-04")[0]


def test_absent_header_fails_and_says_absent() -> None:
    assert holds("[HEADER].x-request-id != ''") == (False, "absent")


@pytest.mark.parametrize(("text", "expected"), [
    ("[BODY].orders[0].id > 0", True),
    ("[BODY].orders[0].id == 7", True),
    ("[BODY].orders[0].name == #1001", True),
    ("[BODY].orders[0].name != #1001", False),
    ("[BODY].orders[0].test == true", True),      # booleans read as JSON spells them
    ("[BODY].orders[0].note == null", True),
    ("[BODY].orders[0].total >= 10.8", True),     # a numeric string compares as a number
    ("[BODY].count < 1", False),
])
def test_body_fields(text: str, expected: bool) -> None:
    assert holds(text)[0] is expected


@pytest.mark.parametrize("text", [
    "[BODY].orders[1].id > 0",          # index past the end
    "[BODY].orders[0].missing == x",    # key not there
    "[BODY].count.deeper == 1",         # stepping into a number
    "[BODY].orders.id == 7",            # a key step on a list
])
def test_absent_body_fields_fail(text: str) -> None:
    assert holds(text) == (False, "absent")


def test_no_body_makes_every_body_condition_absent() -> None:
    assert holds("[BODY].orders[0].id > 0", body=None) == (False, "absent")


def test_ordering_on_a_non_number_fails_with_the_reason() -> None:
    ok, seen = holds("[BODY].orders[0].name > 5")
    assert not ok and "not a number" in seen


def test_equality_on_a_non_number_falls_back_to_text() -> None:
    assert holds("[BODY].orders[0].name != 5")[0]
