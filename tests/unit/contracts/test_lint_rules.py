from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from seamwatch.contracts.lint import LINT_RULES, lint_contract
from seamwatch.contracts.spec import load_contract
from tests.unit.contracts.specs import good_spec, write

OP = ("paths", "/orders/{order_id}.json", "get")


def _op(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["paths"][OP[1]][OP[2]]


def _duplicate_operation_id(spec: dict[str, Any]) -> None:
    spec["paths"]["/other.json"] = {"get": {**_op(spec), "parameters": []}}


def _no_success(spec: dict[str, Any]) -> None:
    del _op(spec)["responses"]["200"]


def _success_without_schema(spec: dict[str, Any]) -> None:
    _op(spec)["responses"]["200"] = {"description": "ok"}


def _no_429(spec: dict[str, Any]) -> None:
    del _op(spec)["responses"]["429"]


def _no_4xx(spec: dict[str, Any]) -> None:
    del _op(spec)["responses"]["404"]


def _bad_example(spec: dict[str, Any]) -> None:
    media = _op(spec)["responses"]["200"]["content"]["application/json"]
    media["example"] = {"order": {"id": 1, "total_price": 10.5}}


def _unpinned(spec: dict[str, Any]) -> None:
    spec["info"]["version"] = "unstable"


def _latest_server(spec: dict[str, Any]) -> None:
    spec["servers"][0]["variables"]["version"]["default"] = "latest"


def _no_security(spec: dict[str, Any]) -> None:
    del spec["security"]


def _undeclared_scheme(spec: dict[str, Any]) -> None:
    _op(spec)["security"] = [{"nope": []}]


CASES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("operation-ids-unique", _duplicate_operation_id, "also used by"),
    ("success-response-schema", _no_success, "no 2xx"),
    ("success-response-schema", _success_without_schema, "has no schema"),
    ("error-responses-documented", _no_429, "429"),
    ("error-responses-documented", _no_4xx, "no 4xx"),
    ("examples-valid", _bad_example, "total_price"),
    ("pinned-version", _unpinned, "not pinned"),
    ("pinned-version", _latest_server, "floating"),
    ("security-declared", _no_security, "no security"),
    ("security-declared", _undeclared_scheme, "undeclared"),
]


def test_the_clean_spec_passes_every_rule(tmp_path: Path) -> None:
    assert lint_contract(load_contract(write(tmp_path, good_spec()))) == []


@pytest.mark.parametrize(("rule_id", "mutate", "text"), CASES, ids=[f"{c[0]}:{c[1].__name__}" for c in CASES])
def test_rule_fires_on_its_fixture(tmp_path: Path, rule_id: str, mutate: Callable, text: str) -> None:
    spec = good_spec()
    mutate(spec)
    findings = lint_contract(load_contract(write(tmp_path, spec)))
    mine = [f for f in findings if f.rule_id == rule_id]
    assert mine, f"{rule_id} did not fire; got {[f.rule_id for f in findings]}"
    assert any(text in f.message for f in mine), [f.message for f in mine]
    assert all(f.line and f.line > 0 and f.fix for f in mine)
    assert {f.rule_id for f in findings} == {rule_id}, "only the rule under test fires"


def test_every_registered_openapi_rule_has_a_failing_fixture() -> None:
    covered = {case[0] for case in CASES}
    assert set(LINT_RULES.names()) == covered
