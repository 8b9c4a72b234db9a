"""One spec pair per operation-level rule: paths, operations, parameters, bodies,
responses, headers and security. Each case mutates copies of the base contract."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from seamwatch.drift import Level
from tests.unit.drift.specs import FUTURE, PAST, base, diff, found

B, W, I = Level.BREAKING, Level.WARNING, Level.INFO
Spec = dict[str, Any]


def get(spec: Spec) -> Spec:
    return spec["paths"]["/orders/{id}"]["get"]


def post(spec: Spec) -> Spec:
    return spec["paths"]["/orders"]["post"]


def add_delete(spec: Spec, **extra: Any) -> None:
    spec["paths"]["/orders/{id}"]["delete"] = {"responses": {"204": {"description": "gone"}}, **extra}


def fields_param(spec: Spec) -> Spec:
    return get(spec)["parameters"][0]


def both(fn: Callable[[Spec], None]) -> Callable[[Spec, Spec], None]:
    def mutate(old: Spec, new: Spec) -> None:
        fn(old)
        fn(new)
    return mutate


CASES: list[tuple[str, Level, Callable[[Spec, Spec], None]]] = [
    # -- paths and operations
    ("api-path-removed-without-deprecation", B, lambda o, n: n["paths"].pop("/orders")),
    ("api-path-removed-with-deprecation", W,
     lambda o, n: (post(o).update({"deprecated": True, "x-sunset": PAST}), n["paths"].pop("/orders"))),
    ("api-path-removed-before-sunset", B,
     lambda o, n: (post(o).update({"deprecated": True, "x-sunset": FUTURE}), n["paths"].pop("/orders"))),
    ("api-removed-without-deprecation", B, lambda o, n: add_delete(o)),
    ("api-removed-with-deprecation", W, lambda o, n: add_delete(o, deprecated=True)),
    ("api-removed-before-sunset", B, lambda o, n: add_delete(o, deprecated=True, **{"x-sunset": FUTURE})),
    ("endpoint-added", I, lambda o, n: add_delete(n)),
    ("endpoint-deprecated", I, lambda o, n: get(n).update(deprecated=True)),
    ("endpoint-reactivated", I, lambda o, n: get(o).update(deprecated=True)),
    ("api-operation-id-removed", W, lambda o, n: get(n).update(operationId="fetchOrder")),
    ("api-operation-id-added", I, lambda o, n: get(o).pop("operationId")),
    ("api-tag-removed", I, lambda o, n: get(n).update(tags=[])),
    ("api-tag-added", I, lambda o, n: get(n).update(tags=["orders", "read"])),
    ("api-schema-removed", I, lambda o, n: o["components"]["schemas"].update(Unused={"type": "string"})),
    ("sw-webhook-removed", B, lambda o, n: n.pop("webhooks")),
    ("sw-webhook-added", I, lambda o, n: o.pop("webhooks")),
    # -- security
    ("api-security-removed", B, lambda o, n: (get(o).update(security=[{"token": []}, {"oauth": ["read"]}]),
                                              get(n).update(security=[{"token": []}]))),
    ("api-security-added", I, lambda o, n: get(n).update(security=[{"token": []}, {"oauth": ["read"]}])),
    ("sw-api-security-now-required", B, lambda o, n: get(o).update(security=[])),
    ("sw-api-security-no-longer-required", I, lambda o, n: get(n).update(security=[{}])),
    ("api-security-scope-added", B, lambda o, n: (get(o).update(security=[{"oauth": ["read"]}]),
                                                  get(n).update(security=[{"oauth": ["read", "write"]}]))),
    ("api-security-scope-removed", I, lambda o, n: (get(o).update(security=[{"oauth": ["read", "write"]}]),
                                                    get(n).update(security=[{"oauth": ["read"]}]))),
    ("api-security-component-removed", W, lambda o, n: n["components"]["securitySchemes"].pop("oauth")),
    ("api-security-component-added", I, lambda o, n: o["components"]["securitySchemes"].pop("oauth")),
    ("api-security-component-type-changed", B, lambda o, n: n["components"]["securitySchemes"].update(
        token={"type": "http", "scheme": "bearer"})),
    ("sw-api-security-component-changed", B,
     lambda o, n: n["components"]["securitySchemes"]["token"].update(name="X-Api-Key")),
    # -- parameters
    ("new-required-request-parameter", B, lambda o, n: get(n)["parameters"].append(
        {"name": "shop", "in": "query", "required": True, "schema": {"type": "string"}})),
    ("new-optional-request-parameter", I, lambda o, n: get(n)["parameters"].append(
        {"name": "limit", "in": "query", "schema": {"type": "integer"}})),
    ("request-parameter-removed", W, lambda o, n: get(n).update(parameters=[])),
    ("request-parameter-removed-with-deprecation", I,
     lambda o, n: (fields_param(o).update(deprecated=True), get(n).update(parameters=[]))),
    ("request-parameter-removed-before-sunset", B,
     lambda o, n: (fields_param(o).update({"deprecated": True, "x-sunset": FUTURE}), get(n).update(parameters=[]))),
    ("request-parameter-became-required", B, lambda o, n: fields_param(n).update(required=True)),
    ("request-parameter-became-optional", I, lambda o, n: fields_param(o).update(required=True)),
    ("request-parameter-deprecated", I, lambda o, n: fields_param(n).update(deprecated=True)),
    ("request-parameter-reactivated", I, lambda o, n: fields_param(o).update(deprecated=True)),
    ("sw-request-parameter-location-changed", B, lambda o, n: fields_param(n).update({"in": "header"})),
    # -- request bodies
    ("request-body-added-required", B, lambda o, n: post(o).pop("requestBody")),
    ("request-body-added-optional", I, lambda o, n: (post(o).pop("requestBody"),
                                                     post(n)["requestBody"].update(required=False))),
    ("request-body-removed", W, lambda o, n: post(n).pop("requestBody")),
    ("request-body-became-required", B, lambda o, n: post(o)["requestBody"].update(required=False)),
    ("request-body-became-optional", I, lambda o, n: post(n)["requestBody"].update(required=False)),
    ("request-body-media-type-removed", B, lambda o, n: post(n)["requestBody"].update(
        content={"application/xml": {"schema": {"type": "string"}}})),
    ("request-body-media-type-added", I, lambda o, n: post(n)["requestBody"]["content"].update(
        {"application/xml": {"schema": {"type": "string"}}})),
    # -- responses and headers
    ("response-success-status-removed", B, lambda o, n: get(n)["responses"].pop("200")),
    ("response-non-success-status-removed", W, lambda o, n: get(n)["responses"].pop("404")),
    ("response-success-status-added", I, lambda o, n: get(n)["responses"].update({"206": {"description": "part"}})),
    ("response-non-success-status-added", I,
     lambda o, n: get(n)["responses"].update({"429": {"description": "slow down"}})),
    ("response-media-type-removed", B, lambda o, n: get(n)["responses"]["200"].update(
        content={"text/csv": {"schema": {"type": "string"}}})),
    ("response-media-type-added", I, lambda o, n: get(n)["responses"]["200"]["content"].update(
        {"text/csv": {"schema": {"type": "string"}}})),
    ("required-response-header-removed", B, lambda o, n: get(n)["responses"]["200"]["headers"].pop("X-Version")),
    ("optional-response-header-removed", W, lambda o, n: get(n)["responses"]["200"]["headers"].pop("Link")),
    ("response-header-added", I, lambda o, n: get(n)["responses"]["200"]["headers"].update(
        {"X-Request-Id": {"schema": {"type": "string"}}})),
    ("response-header-became-optional", W,
     lambda o, n: get(n)["responses"]["200"]["headers"]["X-Version"].update(required=False)),
]


@pytest.mark.parametrize(("rule_id", "level", "mutate"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_at_its_level(tmp_path: Path, rule_id: str, level: Level,
                                 mutate: Callable[[Spec, Spec], None]) -> None:
    old, new = base(), base()
    mutate(old, new)
    report = diff(tmp_path, old, new)
    assert (rule_id, level) in found(report), [(c.id, c.level.value, c.message) for c in report.changes]


def test_deprecated_without_sunset_is_removed_with_deprecation(tmp_path: Path) -> None:
    old, new = base(), base()
    post(old)["deprecated"] = True
    new["paths"].pop("/orders")
    assert ("api-path-removed-with-deprecation", W) in found(diff(tmp_path, old, new))


def test_sunset_is_judged_against_the_date_option(tmp_path: Path) -> None:
    old, new = base(), base()
    post(old).update({"deprecated": True, "x-sunset": "2026-03-01"})
    new["paths"].pop("/orders")
    from datetime import date
    before = diff(tmp_path / "a", old, new, today=date(2026, 2, 1))
    after = diff(tmp_path / "b", old, new, today=date(2026, 4, 1))
    assert [c.id for c in before.changes] == ["api-path-removed-before-sunset"]
    assert [c.id for c in after.changes] == ["api-path-removed-with-deprecation"]


def test_operation_and_location_are_reported(tmp_path: Path) -> None:
    old, new = base(), base()
    get(new)["responses"].pop("200")
    [item] = [c for c in diff(tmp_path, old, new).changes if c.id == "response-success-status-removed"]
    assert item.operation == "GET /orders/{id}"
    assert item.location == "spec.yaml#/paths/~1orders~1{id}/get/responses/200"
    assert item.new is None and item.old is not None


def test_renamed_path_parameter_is_not_a_change(tmp_path: Path) -> None:
    old, new = base(), base()
    item = new["paths"].pop("/orders/{id}")
    item["parameters"][0]["name"] = "order_id"
    new["paths"]["/orders/{order_id}"] = item
    assert diff(tmp_path, old, new).changes == []
