"""Optimistic concurrency in the ERP sandbox: @odata.etag and If-Match on PATCH and DELETE."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from seamwatch.sandbox.settings import SandboxSettings

from .erp_helpers import assert_error, create_order, item_line, running_erp
from .erp_helpers import client, erp  # noqa: F401 (module fixtures)

STALE_MESSAGE = "Another user has already changed the record. CorrelationId: "


@pytest.fixture
def order(client: httpx.Client) -> dict[str, Any]:
    return create_order(client, "#ETAG", [item_line("SW-MUG", 1)])


def test_every_entity_carries_a_weak_etag(client: httpx.Client, order: dict[str, Any]) -> None:
    rows = [
        order,
        *order["salesOrderLines"],
        *client.get("/items").json()["value"],
        *client.get("/customers").json()["value"],
        *client.get("/locations").json()["value"],
        *client.get("/itemLedgerEntries").json()["value"],
    ]
    assert all(
        row["@odata.etag"].startswith('W/"') and row["@odata.etag"].endswith('"') for row in rows
    )
    assert len({row["@odata.etag"] for row in rows}) == len(rows)


def test_patch_without_if_match_is_refused(client: httpx.Client, order: dict[str, Any]) -> None:
    response = client.patch(f"/salesOrders({order['id']})", json={"externalDocumentNumber": "#X"})
    assert_error(response, 400, "BadRequest_InvalidToken")
    assert client.get(f"/salesOrders({order['id']})").json()["externalDocumentNumber"] == "#ETAG"


def test_stale_etag_is_request_entity_changed(client: httpx.Client, order: dict[str, Any]) -> None:
    first = client.patch(
        f"/salesOrders({order['id']})",
        json={"phoneNumber": "1"},
        headers={"If-Match": order["@odata.etag"]},
    )
    assert first.status_code == 200, first.text
    stale = client.patch(
        f"/salesOrders({order['id']})",
        json={"phoneNumber": "2"},
        headers={"If-Match": order["@odata.etag"]},
    )
    error = assert_error(stale, 412, "Request_EntityChanged")
    assert error["message"].startswith(STALE_MESSAGE)
    assert client.get(f"/salesOrders({order['id']})").json()["phoneNumber"] == "1"


def test_the_current_etag_succeeds_and_changes_the_etag(
    client: httpx.Client, order: dict[str, Any]
) -> None:
    response = client.patch(
        f"/salesOrders({order['id']})",
        json={"externalDocumentNumber": "#ETAG-2"},
        headers={"If-Match": order["@odata.etag"]},
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["externalDocumentNumber"] == "#ETAG-2"
    assert updated["@odata.etag"] != order["@odata.etag"]
    assert updated["lastModifiedDateTime"] > order["lastModifiedDateTime"]
    assert (
        client.get(f"/salesOrders({order['id']})").json()["@odata.etag"] == updated["@odata.etag"]
    )


def test_star_matches_any_etag(client: httpx.Client, order: dict[str, Any]) -> None:
    for n in range(2):
        response = client.patch(
            f"/salesOrders({order['id']})",
            json={"email": f"{n}@example.com"},
            headers={"If-Match": "*"},
        )
        assert response.status_code == 200, response.text


def test_lines_and_items_follow_the_same_rules(client: httpx.Client, order: dict[str, Any]) -> None:
    line = order["salesOrderLines"][0]
    url = f"/salesOrders({order['id']})/salesOrderLines({line['id']})"
    assert_error(client.patch(url, json={"quantity": 3}), 400, "BadRequest_InvalidToken")
    response = client.patch(url, json={"quantity": 3}, headers={"If-Match": line["@odata.etag"]})
    assert response.status_code == 200 and response.json()["amountExcludingTax"] == 37.5
    assert_error(
        client.patch(url, json={"quantity": 4}, headers={"If-Match": line["@odata.etag"]}),
        412,
        "Request_EntityChanged",
    )
    parent = client.get(f"/salesOrders({order['id']})").json()
    assert (
        parent["@odata.etag"] != order["@odata.etag"] and parent["totalAmountIncludingTax"] == 40.5
    )
    item = client.get("/items", params={"$filter": "number eq 'SW-TSHIRT-M'"}).json()["value"][0]
    assert_error(
        client.patch(f"/items({item['id']})", json={"inventory": 5}, headers={"If-Match": "*"}),
        400,
        "BadRequest",
    )  # read-only
    changed = client.patch(
        f"/items({item['id']})", json={"unitPrice": 21.5}, headers={"If-Match": item["@odata.etag"]}
    )
    assert changed.status_code == 200 and changed.json()["unitPrice"] == 21.5


def test_delete_requires_a_current_if_match(client: httpx.Client, order: dict[str, Any]) -> None:
    url = f"/salesOrders({order['id']})"
    assert_error(client.delete(url), 400, "BadRequest_InvalidToken")
    assert_error(
        client.delete(url, headers={"If-Match": 'W/"JzE7MDsn"'}), 412, "Request_EntityChanged"
    )
    assert client.delete(url, headers={"If-Match": order["@odata.etag"]}).status_code == 204
    assert_error(client.get(url), 404, "BadRequest_NotFound")
    assert_error(client.delete(url, headers={"If-Match": "*"}), 404, "BadRequest_NotFound")


def test_stale_status_is_configurable_for_bc_parity() -> None:
    with running_erp(SandboxSettings(), stale_etag_status=409) as erp, erp.client() as client:
        order = create_order(client, "#409")
        client.patch(f"/salesOrders({order['id']})", json={"email": "a"}, headers={"If-Match": "*"})
        stale = client.patch(
            f"/salesOrders({order['id']})",
            json={"email": "b"},
            headers={"If-Match": order["@odata.etag"]},
        )
        assert_error(stale, 409, "Request_EntityChanged")
