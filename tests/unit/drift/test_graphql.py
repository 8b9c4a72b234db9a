"""GraphQL SDL pairs (graphql-core's change finders, one pair per change type) and
`contract fetch-graphql` against a canned introspection answer."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import respx
from graphql import build_schema
from graphql.utilities import introspection_from_schema

from seamwatch.cli import main
from seamwatch.contracts.graphql_fetch import fetch_graphql_sdl
from seamwatch.core.errors import ConnectionFailure, ContractError
from seamwatch.core.http import build_client
from seamwatch.drift import DRIFT_RULES, Level, diff_files

SDL = """
directive @d(a: Int) repeatable on FIELD_DEFINITION | OBJECT

interface Node { id: ID! }
type Order implements Node { id: ID! total: String status: Status }
type Refund { id: ID! }
union Thing = Order | Refund
enum Status { OPEN CLOSED }
input OrderInput { note: String limit: Int = 5 }
type Query { order(id: ID!, first: Int = 10): Order things: [Thing] }
type Mutation { createOrder(input: OrderInput): Order }
"""

CASES = [
    ("graphql-type-removed", ("type Refund { id: ID! }\n", ""), ("Order | Refund", "Order")),
    ("graphql-type-changed-kind", ("type Refund { id: ID! }", "input Refund { id: ID! }"),
     ("Order | Refund", "Order")),
    ("graphql-type-removed-from-union", ("Order | Refund", "Order"),),
    ("graphql-value-removed-from-enum", ("OPEN CLOSED", "OPEN"),),
    ("graphql-required-input-field-added", ("{ note: String", "{ note: String code: Int!"),),
    ("graphql-implemented-interface-removed", ("type Order implements Node", "type Order"),),
    ("graphql-field-removed", (" total: String", ""),),
    ("graphql-field-changed-kind", ("total: String", "total: Int"),),
    ("graphql-required-arg-added", ("first: Int = 10)", "first: Int = 10, after: String!)"),),
    ("graphql-arg-removed", (", first: Int = 10", ""),),
    ("graphql-arg-changed-kind", ("first: Int = 10", "first: String"),),
    ("graphql-directive-removed", ("directive @d(a: Int) repeatable on FIELD_DEFINITION | OBJECT", ""),),
    ("graphql-directive-arg-removed", ("@d(a: Int)", "@d"),),
    ("graphql-required-directive-arg-added", ("@d(a: Int)", "@d(a: Int, b: Int!)"),),
    ("graphql-directive-repeatable-removed", (" repeatable on", " on"),),
    ("graphql-directive-location-removed", ("FIELD_DEFINITION | OBJECT", "FIELD_DEFINITION"),),
    ("graphql-value-added-to-enum", ("OPEN CLOSED", "OPEN CLOSED CANCELLED"),),
    ("graphql-type-added-to-union", ("Order | Refund", "Order | Refund | Node2"),
     ("type Refund { id: ID! }", "type Refund { id: ID! }\ntype Node2 { id: ID }")),
    ("graphql-optional-input-field-added", ("{ note: String", "{ note: String code: Int"),),
    ("graphql-input-field-default-value-change", ("limit: Int = 5", "limit: Int = 50"),),
    ("graphql-optional-arg-added", ("first: Int = 10)", "first: Int = 10, after: String)"),),
    ("graphql-implemented-interface-added", ("type Refund { id: ID! }", "type Refund implements Node { id: ID! }"),),
    ("graphql-arg-default-value-change", ("first: Int = 10", "first: Int = 50"),),
    ("sw-graphql-type-added", ("type Refund { id: ID! }", "type Refund { id: ID! }\ntype Payout { id: ID }"),),
    ("sw-graphql-field-added", ("total: String", "total: String currency: String"),),
]


def _pair(tmp_path: Path, *edits: tuple[str, str]) -> tuple[Path, Path]:
    new = SDL
    for before, after in edits:
        assert before in new, before
        new = new.replace(before, after)
    build_schema(new)  # the edited SDL must stay valid
    old_path, new_path = tmp_path / "old.graphql", tmp_path / "new.graphql"
    old_path.write_text(SDL)
    new_path.write_text(new)
    return old_path, new_path


@pytest.mark.parametrize(("rule_id", "edits"), [(c[0], c[1:]) for c in CASES], ids=[c[0] for c in CASES])
def test_graphql_rule_fires(tmp_path: Path, rule_id: str, edits: tuple[tuple[str, str], ...]) -> None:
    report = diff_files(*_pair(tmp_path, *edits))
    level = DRIFT_RULES.get(rule_id).level
    assert (rule_id, level) in {(c.id, c.level) for c in report.changes}, [c.to_dict() for c in report.changes]


def test_every_graphql_rule_has_a_pair() -> None:
    graphql_rules = {r for r, rule in DRIFT_RULES if rule.area == "graphql"}
    assert graphql_rules == {c[0] for c in CASES}


def test_field_removed_is_breaking_and_optional_arg_is_a_warning(tmp_path: Path) -> None:
    report = diff_files(*_pair(tmp_path, (" total: String", ""), ("first: Int = 10)", "first: Int = 10, after: String)")))
    by_id = {c.id: c for c in report.changes}
    assert by_id["graphql-field-removed"].level == Level.BREAKING
    assert by_id["graphql-field-removed"].location == "old.graphql#Order.total"
    assert by_id["graphql-optional-arg-added"].level == Level.WARNING
    assert by_id["graphql-optional-arg-added"].location == "new.graphql#Query.order(after)"
    assert report.fails("breaking")


def test_invalid_sdl_is_a_contract_error_with_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.graphql"
    bad.write_text("type Query {\n  a: \n")
    good = tmp_path / "good.graphql"
    good.write_text(SDL)
    with pytest.raises(ContractError) as info:
        diff_files(good, bad)
    assert info.value.line is not None


# -- fetch-graphql

SHOP = "https://shop.example"
ENDPOINT = f"{SHOP}/admin/api/2026-01/graphql.json"
SMALL_SDL = "type Order { id: ID! total: String }\ntype Query { order(id: ID!): Order }\n"


def _introspection() -> dict:
    return {"data": introspection_from_schema(build_schema(SMALL_SDL))}


@respx.mock
def test_fetch_posts_introspection_with_the_token() -> None:
    route = respx.post(ENDPOINT).mock(return_value=httpx.Response(200, json=_introspection()))
    with build_client() as client:
        sdl = fetch_graphql_sdl(client, SHOP + "/", "2026-01", "shpat_secret")
    request = route.calls.last.request
    assert request.headers["X-Shopify-Access-Token"] == "shpat_secret"
    assert "__schema" in json.loads(request.content)["query"]
    assert "type Order" in sdl and "total: String" in sdl


@respx.mock
def test_fetch_errors_are_harness_errors_without_the_token() -> None:
    respx.post(ENDPOINT).mock(return_value=httpx.Response(401, json={"errors": "bad token"}))
    with build_client() as client, pytest.raises(ConnectionFailure) as info:
        fetch_graphql_sdl(client, SHOP, "2026-01", "shpat_secret")
    assert "401" in info.value.one_line() and "shpat_secret" not in info.value.one_line()
    respx.post(ENDPOINT).mock(return_value=httpx.Response(200, json={"errors": [{"message": "denied"}]}))
    with build_client() as client, pytest.raises(ContractError, match="denied"):
        fetch_graphql_sdl(client, SHOP, "2026-01", "shpat_secret")


@respx.mock
def test_cli_fetch_graphql_writes_sdl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    respx.post(ENDPOINT).mock(return_value=httpx.Response(200, json=_introspection()))
    monkeypatch.setenv("SHOPIFY_ACCESS_TOKEN", "shpat_secret")
    with pytest.raises(SystemExit) as exit_info:
        main(["contract", "fetch-graphql", "--base-url", SHOP, "--api-version", "2026-01", "--out", str(tmp_path)])
    assert exit_info.value.code == 0
    saved = tmp_path / "admin-graphql-2026-01.graphql"
    assert "type Order" in saved.read_text() and str(saved) in capsys.readouterr().out
    # The saved SDL is a drift input.
    assert diff_files(saved, saved).changes == []


@respx.mock
def test_cli_fetch_graphql_connection_failure_is_one_line(monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    respx.post(ENDPOINT).mock(side_effect=httpx.ConnectError("refused"))
    monkeypatch.setenv("SHOPIFY_ACCESS_TOKEN", "shpat_secret")
    with pytest.raises(SystemExit) as exit_info:
        main(["contract", "fetch-graphql", "--base-url", SHOP, "--api-version", "2026-01"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert err.count("\n") == 1 and "could not connect" in err and "Traceback" not in err


def test_cli_fetch_graphql_needs_the_token(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("MY_TOKEN", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        main(["contract", "fetch-graphql", "--base-url", SHOP, "--api-version", "2026-01", "--token-env", "MY_TOKEN"])
    assert exit_info.value.code == 2 and "MY_TOKEN" in capsys.readouterr().err
