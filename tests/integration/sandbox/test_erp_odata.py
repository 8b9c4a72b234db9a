"""OData query options of the ERP sandbox: $filter, $top, $skip, $select, $orderby, paging."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from seamwatch.sandbox.settings import SandboxSettings

from .erp_helpers import RunningErp, assert_error, create_order, item_line, running_erp
from .erp_helpers import client  # noqa: F401 (module fixtures)

PAGE_SIZE = 5
Order = dict[str, Any]


@pytest.fixture(scope="module")
def erp() -> Iterator[RunningErp]:
    with running_erp(SandboxSettings(), page_size=PAGE_SIZE) as running:
        yield running


@pytest.fixture(scope="module")
def orders(client: httpx.Client) -> list[Order]:
    """Twelve orders with distinct refs, quantities, tax and dates (read back from the API)."""
    for n in range(12):
        lines = [item_line("SW-MUG", n + 1, taxable=n % 2 == 0)]
        create_order(client, f"#{1001 + n}", lines, orderDate=f"2026-0{1 + n % 3}-1{n % 9}")
    create_order(client, "O'Brien", [item_line("SW-POSTER", 1)])
    return _all(client, "/salesOrders")


def _all(client: httpx.Client, path: str, params: dict[str, str] | None = None) -> list[Order]:
    """Every entity of a collection, following @odata.nextLink."""
    found: list[Order] = []
    response = client.get(path, params=params)
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        found.extend(body["value"])
        if "@odata.nextLink" not in body:
            return found
        response = client.get(body["@odata.nextLink"])


def _ids(rows: list[Order]) -> list[str]:
    return [row["id"] for row in rows]


def _check(
    client: httpx.Client, orders: list[Order], expression: str, expected: Callable[[Order], bool]
) -> None:
    got = _all(client, "/salesOrders", {"$filter": expression})
    want = [order for order in orders if expected(order)]
    assert want, f"{expression} matches nothing: the case tests nothing"
    assert sorted(_ids(got)) == sorted(_ids(want)), expression


TOTAL = "totalAmountIncludingTax"
FILTERS: list[tuple[str, Callable[[Order], bool]]] = [
    ("externalDocumentNumber eq '#1003'", lambda o: o["externalDocumentNumber"] == "#1003"),
    ("externalDocumentNumber ne '#1003'", lambda o: o["externalDocumentNumber"] != "#1003"),
    ("externalDocumentNumber eq 'O''Brien'", lambda o: o["externalDocumentNumber"] == "O'Brien"),
    ("externalDocumentNumber gt '#1009'", lambda o: o["externalDocumentNumber"] > "#1009"),
    (f"{TOTAL} gt 50", lambda o: o[TOTAL] > 50),
    (f"{TOTAL} ge 50", lambda o: o[TOTAL] >= 50),
    (f"{TOTAL} lt 40.5", lambda o: o[TOTAL] < 40.5),
    (f"{TOTAL} le 40.5", lambda o: o[TOTAL] <= 40.5),
    (f"{TOTAL} eq 40.5", lambda o: o[TOTAL] == 40.5),
    ("totalTaxAmount eq 0", lambda o: o["totalTaxAmount"] == 0),
    ("orderDate ge 2026-02-01", lambda o: o["orderDate"] >= "2026-02-01"),
    ("orderDate lt 2026-02-01", lambda o: o["orderDate"] < "2026-02-01"),
    ("orderDate eq 2026-03-12", lambda o: o["orderDate"] == "2026-03-12"),
    ("pricesIncludeTax eq false", lambda o: o["pricesIncludeTax"] is False),
    ("status eq 'Draft'", lambda o: o["status"] == "Draft"),
    (f"{TOTAL} ge 10 and status eq 'Draft'", lambda o: o[TOTAL] >= 10 and o["status"] == "Draft"),
    (f"{TOTAL} lt 20 or {TOTAL} gt 100", lambda o: o[TOTAL] < 20 or o[TOTAL] > 100),
    (
        f"({TOTAL} lt 20 or {TOTAL} gt 100) and totalTaxAmount gt 0",
        lambda o: (o[TOTAL] < 20 or o[TOTAL] > 100) and o["totalTaxAmount"] > 0,
    ),
    (
        "externalDocumentNumber eq '#1001' or (orderDate eq 2026-02-11 and totalTaxAmount eq 0)",
        lambda o: (
            o["externalDocumentNumber"] == "#1001"
            or (o["orderDate"] == "2026-02-11" and o["totalTaxAmount"] == 0)
        ),
    ),
    (
        "not (status eq 'Draft') or startswith(externalDocumentNumber, '#100')",
        lambda o: o["externalDocumentNumber"].startswith("#100"),
    ),
]


@pytest.mark.parametrize(("expression", "expected"), FILTERS, ids=[f for f, _ in FILTERS])
def test_filter_matches_what_python_would_select(
    client: httpx.Client, orders: list[Order], expression: str, expected: Callable[[Order], bool]
) -> None:
    _check(client, orders, expression, expected)


@pytest.mark.parametrize("operator", ["gt", "ge", "lt", "le", "eq", "ne"])
def test_datetime_filters_on_last_modified(
    client: httpx.Client, orders: list[Order], operator: str
) -> None:
    middle = orders[len(orders) // 2]["lastModifiedDateTime"]
    compare = {
        "gt": str.__gt__,
        "ge": str.__ge__,
        "lt": str.__lt__,
        "le": str.__le__,
        "eq": str.__eq__,
        "ne": str.__ne__,
    }[operator]
    # Timestamps are fixed-width UTC, so string order is time order.
    _check(
        client,
        orders,
        f"lastModifiedDateTime {operator} {middle}",
        lambda o: compare(o["lastModifiedDateTime"], middle),
    )


def test_datetime_literal_with_an_offset_is_compared_in_utc(
    client: httpx.Client, orders: list[Order]
) -> None:
    assert (
        _all(
            client, "/salesOrders", {"$filter": "lastModifiedDateTime gt 2000-01-01T01:00:00+01:00"}
        )
        == orders
    )
    assert (
        _all(client, "/salesOrders", {"$filter": "lastModifiedDateTime lt 2000-01-01T00:00:00Z"})
        == []
    )


def test_filters_on_guids_booleans_and_enums(client: httpx.Client, orders: list[Order]) -> None:
    customer = orders[0]["customerId"]
    assert len(_all(client, "/salesOrders", {"$filter": f"customerId eq {customer}"})) == len(
        orders
    )
    items = _all(client, "/items", {"$filter": "blocked eq false and type eq 'Inventory'"})
    assert {item["number"] for item in items} == {
        "SW-PROBE-001",
        "SW-TSHIRT-M",
        "SW-MUG",
        "SW-POSTER",
    }
    # Escaped enum literals (the form a real tenant needs) match the display form too.
    escaped = _all(client, "/items", {"$filter": "type eq 'Non_x002D_Inventory'"})
    assert escaped == []


def test_top_and_skip(client: httpx.Client, orders: list[Order]) -> None:
    page = client.get("/salesOrders", params={"$top": "3", "$skip": "2"}).json()
    assert _ids(page["value"]) == _ids(orders[2:5])
    assert "@odata.nextLink" not in page  # $top satisfied within one page
    assert client.get("/salesOrders", params={"$top": "0"}).json()["value"] == []
    assert client.get("/salesOrders", params={"$skip": "1000"}).json()["value"] == []


def test_select_keeps_the_etag_and_only_the_named_properties(
    client: httpx.Client, orders: list[Order]
) -> None:
    rows = _all(client, "/salesOrders", {"$select": "number, totalAmountIncludingTax"})
    assert len(rows) == len(orders)
    assert all(set(row) == {"@odata.etag", "number", "totalAmountIncludingTax"} for row in rows)
    one = client.get(f"/salesOrders({orders[0]['id']})", params={"$select": "id"}).json()
    assert set(one) == {"@odata.context", "@odata.etag", "id"}


def test_orderby_with_several_keys(client: httpx.Client, orders: list[Order]) -> None:
    got = _all(client, "/salesOrders", {"$orderby": "orderDate desc, totalAmountIncludingTax asc"})
    by_amount = sorted(orders, key=lambda o: o[TOTAL])
    want = sorted(by_amount, key=lambda o: o["orderDate"], reverse=True)
    assert _ids(got) == _ids(want)
    ascending = _all(client, "/salesOrders", {"$orderby": "externalDocumentNumber"})
    assert [o["externalDocumentNumber"] for o in ascending] == sorted(
        o["externalDocumentNumber"] for o in orders
    )


def test_next_links_visit_every_record_exactly_once(
    erp: RunningErp, client: httpx.Client, orders: list[Order]
) -> None:
    pages, links = [], []
    response = client.get("/salesOrders")
    while True:
        body = response.json()
        pages.append(body["value"])
        link = body.get("@odata.nextLink")
        if link is None:
            break
        assert link.startswith(erp.origin + "/v2.0/"), link  # absolute, followed verbatim
        links.append(link)
        response = client.get(link)
    assert all(len(page) == PAGE_SIZE for page in pages[:-1]) and 0 < len(pages[-1]) <= PAGE_SIZE
    ids = [row["id"] for page in pages for row in page]
    assert len(ids) == len(set(ids)) == len(orders)
    assert len(links) == len(pages) - 1 >= 2


def test_paging_respects_filter_orderby_and_top(client: httpx.Client, orders: list[Order]) -> None:
    params = {"$filter": f"{TOTAL} gt 0", "$orderby": f"{TOTAL} desc", "$top": "7"}
    got = _all(client, "/salesOrders", params)
    want = sorted((o for o in orders if o[TOTAL] > 0), key=lambda o: o[TOTAL], reverse=True)[:7]
    assert [o[TOTAL] for o in got] == [o[TOTAL] for o in want]
    assert len(got) == 7  # 5 on the first page, 2 on the next


def test_paging_sees_records_inserted_between_pages_once(
    client: httpx.Client, orders: list[Order]
) -> None:
    first = client.get("/salesOrders").json()
    late = create_order(client, "#LATE", [item_line("SW-MUG", 1)])
    seen = list(first["value"])
    link = first.get("@odata.nextLink")
    while link:
        body = client.get(link).json()
        seen.extend(body["value"])
        link = body.get("@odata.nextLink")
    ids = _ids(seen)
    assert len(ids) == len(set(ids)) and late["id"] in ids
    assert (
        client.delete(f"/salesOrders({late['id']})", headers={"If-Match": "*"}).status_code == 204
    )


@pytest.mark.parametrize(
    "expression",
    [
        "externalDocumentNumber eq",
        "externalDocumentNumber eq 'unterminated",
        "((status eq 'Draft')",
        "0",
        "nosuchproperty eq 1",
        "totalAmountIncludingTax eq 'text'",
        "orderDate gt 'yesterday'",
        "status eq 'Draft' and",
        "salesOrderLines eq 1",
        "length(number) eq 3",
        "totalTaxAmount add 1 eq 2",
    ],
)
def test_malformed_filter_is_a_400_with_the_error_body(
    client: httpx.Client, expression: str
) -> None:
    assert_error(
        client.get("/salesOrders", params={"$filter": expression}), 400, "BadRequest_InvalidFilter"
    )


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"$filter": ""}, "BadRequest"),
        ({"$top": "-1"}, "BadRequest"),
        ({"$top": "two"}, "BadRequest"),
        ({"$top": "²"}, "BadRequest"),
        ({"$skip": "1.5"}, "BadRequest"),
        ({"$select": "nosuch"}, "BadRequest_NotFound"),
        ({"$orderby": "number sideways"}, "BadRequest"),
        ({"$orderby": "salesOrderLines"}, "BadRequest"),
        ({"$expand": "customer"}, "BadRequest_NotFound"),
        ({"$count": "true"}, "BadRequest"),
        ({"$skiptoken": "garbage"}, "BadRequest"),
    ],
)
def test_invalid_query_options_are_400(
    client: httpx.Client, params: dict[str, str], code: str
) -> None:
    assert_error(client.get("/salesOrders", params=params), 400, code)


def test_entity_requests_take_only_select_and_expand(
    client: httpx.Client, orders: list[Order]
) -> None:
    assert_error(
        client.get(f"/salesOrders({orders[0]['id']})", params={"$top": "1"}), 400, "BadRequest"
    )
