"""One spec pair per schema rule.

Property rules are hand-written. Value rules come in families (one rule per place a schema
sits), so their pairs are generated: one schema mutation per rule suffix, placed at the
request body, a request property, a parameter, the response body, a response property or
a response header, whichever the registry has a rule for.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from seamwatch.drift import DRIFT_RULES, Level
from tests.unit.drift.specs import FUTURE, base, diff, found

B, W, I = Level.BREAKING, Level.WARNING, Level.INFO
Spec = dict[str, Any]


def order(spec: Spec) -> Spec:
    return spec["components"]["schemas"]["Order"]


def create(spec: Spec) -> Spec:
    return spec["components"]["schemas"]["OrderCreate"]


PROPERTY_CASES: list[tuple[str, Level, Callable[[Spec, Spec], Any]]] = [
    ("new-required-request-property", B, lambda o, n: (
        create(n)["properties"].update(currency={"type": "string"}), create(n)["required"].append("currency"))),
    ("new-optional-request-property", I, lambda o, n: create(n)["properties"].update(currency={"type": "string"})),
    ("request-property-removed", W, lambda o, n: create(n)["properties"].pop("tags")),
    ("sw-request-property-removed-with-deprecation", I, lambda o, n: (
        create(o)["properties"]["tags"].update(deprecated=True), create(n)["properties"].pop("tags"))),
    ("sw-request-property-removed-before-sunset", B, lambda o, n: (
        create(o)["properties"]["tags"].update({"deprecated": True, "x-sunset": FUTURE}),
        create(n)["properties"].pop("tags"))),
    ("request-property-became-required", B, lambda o, n: create(n)["required"].append("note")),
    ("request-property-became-optional", I, lambda o, n: create(n).update(required=[])),
    ("request-property-deprecated", I, lambda o, n: create(n)["properties"]["note"].update(deprecated=True)),
    ("request-property-reactivated", I, lambda o, n: create(o)["properties"]["note"].update(deprecated=True)),
    ("sw-request-property-additional-properties-disallowed", B,
     lambda o, n: create(n).update(additionalProperties=False)),
    ("response-required-property-removed", B, lambda o, n: (
        order(n)["properties"].pop("total_price"), order(n)["required"].remove("total_price"))),
    ("response-optional-property-removed", W, lambda o, n: order(n)["properties"].pop("note")),
    ("sw-response-property-removed-with-deprecation", W, lambda o, n: (
        order(o)["properties"]["note"].update(deprecated=True), order(n)["properties"].pop("note"))),
    ("sw-response-property-removed-before-sunset", B, lambda o, n: (
        order(o)["properties"]["note"].update({"deprecated": True, "x-sunset": FUTURE}),
        order(n)["properties"].pop("note"))),
    ("response-required-property-added", I, lambda o, n: (
        order(n)["properties"].update(email={"type": "string"}), order(n)["required"].append("email"))),
    ("response-optional-property-added", I, lambda o, n: order(n)["properties"].update(email={"type": "string"})),
    ("response-property-became-optional", W, lambda o, n: order(n)["required"].remove("total_price")),
    ("response-property-became-required", I, lambda o, n: order(n)["required"].append("status")),
    ("response-property-deprecated", I, lambda o, n: order(n)["properties"]["status"].update(deprecated=True)),
    ("response-property-reactivated", I, lambda o, n: order(o)["properties"]["status"].update(deprecated=True)),
]


@pytest.mark.parametrize(("rule_id", "level", "mutate"), PROPERTY_CASES, ids=[c[0] for c in PROPERTY_CASES])
def test_property_rule_fires_at_its_level(tmp_path: Path, rule_id: str, level: Level,
                                          mutate: Callable[[Spec, Spec], Any]) -> None:
    old, new = base(), base()
    mutate(old, new)
    report = diff(tmp_path, old, new)
    assert (rule_id, level) in found(report), [(c.id, c.level.value, c.message) for c in report.changes]


def test_removed_response_property_names_the_component(tmp_path: Path) -> None:
    old, new = base(), base()
    order(new)["properties"].pop("total_price")
    order(new)["required"].remove("total_price")
    changes = [c for c in diff(tmp_path, old, new).changes if c.id == "response-required-property-removed"]
    # GET, POST and the webhook payload all return Order; each operation reports it once.
    assert sorted(c.operation for c in changes) == ["GET /orders/{id}", "POST /orders", "POST webhook:orders/create"]
    assert {c.location for c in changes} == {"spec.yaml#/components/schemas/Order/properties/total_price"}


def test_read_only_request_property_is_not_required_of_clients(tmp_path: Path) -> None:
    old, new = base(), base()
    create(new)["properties"]["id"] = {"type": "integer", "readOnly": True}
    create(new)["required"].append("id")
    assert diff(tmp_path, old, new).changes == []


# -- value rules, generated per family

def _s(**schema: Any) -> Spec:
    return schema


ARRAY = {"type": "array", "items": {"type": "string"}}
MUTATIONS: dict[str, tuple[Spec, Spec]] = {
    "type-changed": (_s(type="string"), _s(type="integer")),
    "type-generalized": (_s(type="integer"), _s(type="number")),
    "type-specialized": (_s(type="number"), _s(type="integer")),
    "became-nullable": (_s(type="string"), _s(type=["string", "null"])),
    "became-not-nullable": (_s(type="string", nullable=True), _s(type="string")),
    "enum-value-removed": (_s(type="string", enum=["a", "b"]), _s(type="string", enum=["a"])),
    "enum-value-added": (_s(type="string", enum=["a"]), _s(type="string", enum=["a", "b"])),
    "became-enum": (_s(type="string"), _s(type="string", enum=["a"])),
    "became-not-enum": (_s(type="string", enum=["a"]), _s(type="string")),
    "max-length-decreased": (_s(type="string", maxLength=10), _s(type="string", maxLength=5)),
    "max-length-set": (_s(type="string"), _s(type="string", maxLength=5)),
    "max-length-increased": (_s(type="string", maxLength=5), _s(type="string", maxLength=10)),
    "max-length-unset": (_s(type="string", maxLength=5), _s(type="string")),
    "min-length-increased": (_s(type="string", minLength=1), _s(type="string", minLength=2)),
    "min-length-decreased": (_s(type="string", minLength=2), _s(type="string", minLength=1)),
    "max-decreased": (_s(type="integer", maximum=10), _s(type="integer", maximum=5)),
    "max-set": (_s(type="integer"), _s(type="integer", maximum=5)),
    "max-increased": (_s(type="integer", maximum=5), _s(type="integer", maximum=10)),
    "min-increased": (_s(type="integer", minimum=1), _s(type="integer", minimum=2)),
    "min-set": (_s(type="integer"), _s(type="integer", minimum=1)),
    "min-decreased": (_s(type="integer", minimum=2), _s(type="integer", minimum=1)),
    "max-items-decreased": ({**ARRAY, "maxItems": 5}, {**ARRAY, "maxItems": 3}),
    "max-items-increased": ({**ARRAY, "maxItems": 3}, {**ARRAY, "maxItems": 5}),
    "min-items-increased": ({**ARRAY, "minItems": 1}, {**ARRAY, "minItems": 2}),
    "min-items-set": (ARRAY, {**ARRAY, "minItems": 1}),
    "min-items-decreased": ({**ARRAY, "minItems": 2}, {**ARRAY, "minItems": 1}),
    "min-items-unset": ({**ARRAY, "minItems": 2}, ARRAY),
    "pattern-added": (_s(type="string"), _s(type="string", pattern="^a")),
    "pattern-changed": (_s(type="string", pattern="^a"), _s(type="string", pattern="^b")),
    "pattern-removed": (_s(type="string", pattern="^a"), _s(type="string")),
    "one-of-added": (_s(oneOf=[{"type": "string"}, {"type": "integer"}]),
                     _s(oneOf=[{"type": "string"}, {"type": "integer"}, {"type": "boolean"}])),
    "one-of-removed": (_s(oneOf=[{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]),
                       _s(oneOf=[{"type": "string"}, {"type": "integer"}])),
    "any-of-added": (_s(anyOf=[{"type": "string"}, {"type": "integer"}]),
                     _s(anyOf=[{"type": "string"}, {"type": "integer"}, {"type": "boolean"}])),
    "any-of-removed": (_s(anyOf=[{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]),
                       _s(anyOf=[{"type": "string"}, {"type": "integer"}])),
    "all-of-added": (_s(allOf=[{"minLength": 1}, {"maxLength": 9}]),
                     _s(allOf=[{"minLength": 1}, {"maxLength": 9}, {"pattern": "^a"}])),
    "all-of-removed": (_s(allOf=[{"minLength": 1}, {"maxLength": 9}, {"pattern": "^a"}]),
                       _s(allOf=[{"minLength": 1}, {"maxLength": 9}])),
}
ROLES = ("body", "property", "parameter", "header")


def _place(spec: Spec, direction: str, role: str, schema: Spec) -> None:
    op = spec["paths"]["/orders"]["post"]
    if direction == "request" and role == "body":
        op["requestBody"]["content"]["application/json"]["schema"] = schema
    elif direction == "request" and role == "property":
        spec["components"]["schemas"]["OrderCreate"]["properties"]["note"] = schema
    elif role == "parameter":
        op["parameters"] = [{"name": "p", "in": "query", "schema": schema}]
    elif role == "body":
        op["responses"]["201"]["content"]["application/json"]["schema"] = schema
    elif role == "property":
        op["responses"]["201"]["content"]["application/json"]["schema"] = {
            "type": "object", "properties": {"value": schema}}
    else:
        op["responses"]["201"]["headers"] = {"X-Value": {"schema": schema}}


def _family_cases() -> list[tuple[str, str, str, str]]:
    cases = []
    for rule_id, _ in DRIFT_RULES:
        bare = rule_id.removeprefix("sw-")
        for direction in ("request", "response"):
            for role in ROLES:
                stem = f"{direction}-{role}-"
                if bare.startswith(stem) and bare[len(stem):] in MUTATIONS:
                    cases.append((rule_id, direction, role, bare[len(stem):]))
    return cases


FAMILY_CASES = _family_cases()


@pytest.mark.parametrize(("rule_id", "direction", "role", "suffix"), FAMILY_CASES, ids=[c[0] for c in FAMILY_CASES])
def test_value_rule_fires_at_its_place(tmp_path: Path, rule_id: str, direction: str, role: str, suffix: str) -> None:
    old, new = base(), base()
    before, after = MUTATIONS[suffix]
    _place(old, direction, role, dict(before))
    _place(new, direction, role, dict(after))
    report = diff(tmp_path, old, new)
    level = DRIFT_RULES.get(rule_id).level
    assert (rule_id, level) in found(report), [(c.id, c.level.value, c.message) for c in report.changes]


EXPECTED_LEVELS = {
    # Direction decides: narrowing what a client sends breaks it; widening what it reads may.
    "request-property-type-changed": B, "request-property-type-generalized": I,
    "response-property-type-changed": B, "sw-response-property-type-specialized": I,
    "request-property-enum-value-removed": B, "request-parameter-enum-value-removed": B,
    "response-property-enum-value-added": W, "response-property-enum-value-removed": I,
    "request-property-became-not-nullable": B, "response-property-became-nullable": W,
    "request-property-max-length-decreased": B, "response-property-max-length-increased": W,
    "request-property-one-of-removed": B, "response-property-one-of-added": W,
}


@pytest.mark.parametrize(("rule_id", "level"), EXPECTED_LEVELS.items())
def test_direction_sets_the_level(rule_id: str, level: Level) -> None:
    assert DRIFT_RULES.get(rule_id).level == level


def test_every_schema_family_rule_has_a_generated_pair() -> None:
    covered = {c[0] for c in FAMILY_CASES} | {c[0] for c in PROPERTY_CASES}
    schema_rules = {r for r, rule in DRIFT_RULES if rule.area in ("request schemas", "response schemas",
                                                                 "schema properties")}
    assert schema_rules - covered == set()
