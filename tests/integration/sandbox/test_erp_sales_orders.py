"""Sales orders in the ERP sandbox: deep insert, BC-style totals, $expand, posting, ground truth."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from seamwatch.sandbox.settings import SandboxSettings

from .erp_helpers import RunningErp, assert_error, create_order, item_line, running_erp
from .erp_helpers import client, erp  # noqa: F401 (module fixtures)

ORDER_FIELDS = {
    "id",
    "number",
    "externalDocumentNumber",
    "orderDate",
    "customerNumber",
    "currencyCode",
    "totalAmountExcludingTax",
    "totalTaxAmount",
    "totalAmountIncludingTax",
    "status",
    "lastModifiedDateTime",
    "@odata.etag",
}


def _items(client: httpx.Client) -> dict[str, dict[str, Any]]:
    return {item["number"]: item for item in client.get("/items").json()["value"]}


def test_deep_insert_creates_the_lines_and_computes_totals(client: httpx.Client) -> None:
    lines = [item_line("SW-MUG", 3), item_line("SW-POSTER", 2, taxable=False)]
    order = create_order(client, "#2001", lines)
    assert ORDER_FIELDS <= set(order)
    assert order["number"].startswith("SO-") and order["status"] == "Draft"
    assert order["currencyCode"] == "" and order["customerNumber"] == "C-SHOPIFY"
    assert order["orderDate"] == datetime.now(UTC).date().isoformat()
    assert order["lastModifiedDateTime"].endswith("Z")
    # 3 x 12.50 taxable at 8 % + 2 x 7.25 non-taxable
    assert (
        order["totalAmountExcludingTax"],
        order["totalTaxAmount"],
        order["totalAmountIncludingTax"],
    ) == (52, 3, 55)
    created = order["salesOrderLines"]
    assert [line["sequence"] for line in created] == [10000, 20000]
    mug = _items(client)["SW-MUG"]
    assert created[0]["itemId"] == mug["id"] and created[0]["unitPrice"] == 12.5
    assert (created[0]["amountExcludingTax"], created[0]["amountIncludingTax"]) == (37.5, 40.5)
    assert (created[1]["amountExcludingTax"], created[1]["amountIncludingTax"]) == (14.5, 14.5)
    listed = client.get(f"/salesOrders({order['id']})/salesOrderLines").json()["value"]
    assert [line["id"] for line in listed] == [line["id"] for line in created]
    assert all(line["documentId"] == order["id"] for line in listed)


def test_amounts_are_json_numbers(client: httpx.Client) -> None:
    order = create_order(client, "#2002", [item_line("SW-TSHIRT-M", 1)])
    money = [
        "totalAmountExcludingTax",
        "totalTaxAmount",
        "totalAmountIncludingTax",
        "discountAmount",
    ]
    assert all(type(order[key]) in (int, float) for key in money)
    line = order["salesOrderLines"][0]
    assert all(
        type(line[key]) in (int, float) for key in ("quantity", "unitPrice", "amountIncludingTax")
    )
    assert order["totalAmountIncludingTax"] == 21.59  # 19.99 + 1.60 (1.5992 rounded)


def test_tax_is_computed_on_the_order_not_summed_from_lines(client: httpx.Client) -> None:
    # Each 0.05 line has 0.004 tax (0.00 rounded); the order's taxable base 0.15 has 0.012 -> 0.01.
    cheap = [item_line("SW-MUG", 1, unitPrice=0.05) for _ in range(3)]
    order = create_order(client, "#2003", cheap)
    assert [line["amountIncludingTax"] for line in order["salesOrderLines"]] == [0.05, 0.05, 0.05]
    assert (
        order["totalAmountExcludingTax"],
        order["totalTaxAmount"],
        order["totalAmountIncludingTax"],
    ) == (0.15, 0.01, 0.16)


def test_line_discounts_and_unknown_tax_codes(client: httpx.Client) -> None:
    order = create_order(client, "#2004", [item_line("SW-MUG", 4, discountPercent=10)])
    line = order["salesOrderLines"][0]
    assert (line["discountAmount"], line["amountExcludingTax"]) == (5, 45)
    assert order["totalAmountIncludingTax"] == 48.6
    bad = client.post(
        "/salesOrders",
        json={
            "customerNumber": "C-SHOPIFY",
            "salesOrderLines": [item_line("SW-MUG", 1) | {"taxCode": "VAT99"}],
        },
    )
    assert_error(bad, 400, "Application_DialogException")


def test_expand_embeds_lines_only_when_asked(client: httpx.Client) -> None:
    order = create_order(client, "#2005", [item_line("SW-MUG", 1), item_line("SW-MUG", 2)])
    plain = client.get(f"/salesOrders({order['id']})").json()
    assert "salesOrderLines" not in plain
    expanded = client.get(
        f"/salesOrders({order['id']})", params={"$expand": "salesOrderLines"}
    ).json()
    assert [line["quantity"] for line in expanded["salesOrderLines"]] == [1, 2]
    listed = client.get(
        "/salesOrders",
        params={"$filter": "externalDocumentNumber eq '#2005'", "$expand": "salesOrderLines"},
    ).json()["value"]
    assert len(listed) == 1 and len(listed[0]["salesOrderLines"]) == 2
    selected = client.get(
        f"/salesOrders({order['id']})", params={"$expand": "salesOrderLines", "$select": "number"}
    ).json()
    assert set(selected) == {"@odata.context", "@odata.etag", "number", "salesOrderLines"}


def test_item_lines_must_name_an_existing_item_and_nothing_is_created(
    erp: RunningErp, client: httpx.Client
) -> None:
    before = len(httpx.get(f"{erp.origin}/_sandbox/sales-orders").json()["salesOrders"])
    response = client.post(
        "/salesOrders",
        json={
            "customerNumber": "C-SHOPIFY",
            "externalDocumentNumber": "#2006",
            "salesOrderLines": [item_line("SW-MUG", 1), item_line("NO-SUCH-SKU", 1)],
        },
    )
    error = assert_error(response, 400, "Application_DialogException")
    assert "NO-SUCH-SKU" in error["message"]
    assert (
        client.get("/salesOrders", params={"$filter": "externalDocumentNumber eq '#2006'"}).json()[
            "value"
        ]
        == []
    )
    assert len(httpx.get(f"{erp.origin}/_sandbox/sales-orders").json()["salesOrders"]) == before
    unknown_customer = client.post("/salesOrders", json={"customerNumber": "NOBODY"})
    assert_error(unknown_customer, 400, "Application_DialogException")


@pytest.mark.parametrize(
    "body",
    [
        {"customerNumber": "C-SHOPIFY", "status": "Open"},  # read-only
        {"customerNumber": "C-SHOPIFY", "totalAmountIncludingTax": 5},  # read-only
        {"externalDocumentNumber": "#no-customer"},  # customerId or customerNumber is required
        {"customerNumber": "C-SHOPIFY", "orderDate": "14/03/2025"},
        {"customerNumber": "C-SHOPIFY", "salesOrderLines": [{"quantity": "2"}]},
        {"customerNumber": "C-SHOPIFY", "salesOrderLines": [{"lineType": "Gift"}]},
        [],
    ],
)
def test_bodies_are_validated_against_the_contract(client: httpx.Client, body: Any) -> None:
    assert_error(client.post("/salesOrders", json=body), 400, "BadRequest")


def test_unparseable_body_is_400(client: httpx.Client) -> None:
    response = client.post(
        "/salesOrders", content=b'{"customerNumber": ', headers={"Content-Type": "application/json"}
    )
    assert_error(response, 400, "BadRequest")
    assert_error(
        client.post(
            "/salesOrders",
            content=b'{"discountAmount": NaN, "customerNumber": "C-SHOPIFY"}',
            headers={"Content-Type": "application/json"},
        ),
        400,
        "BadRequest",
    )


def test_adding_a_line_updates_totals_etag_and_timestamp(client: httpx.Client) -> None:
    order = create_order(client, "#2007", [item_line("SW-MUG", 1)])
    response = client.post(
        f"/salesOrders({order['id']})/salesOrderLines", json=item_line("SW-MUG", 1)
    )
    assert response.status_code == 201, response.text
    assert response.json()["sequence"] == 20000
    after = client.get(f"/salesOrders({order['id']})").json()
    assert after["totalAmountIncludingTax"] == 27
    assert after["@odata.etag"] != order["@odata.etag"]
    assert after["lastModifiedDateTime"] > order["lastModifiedDateTime"]


def test_ship_and_invoice_posts_stock_and_removes_the_order(
    erp: RunningErp, client: httpx.Client
) -> None:
    before = _items(client)["SW-POSTER"]["inventory"]
    order = create_order(client, "#2008", [item_line("SW-POSTER", 4)])
    assert (
        client.post(f"/salesOrders({order['id']})/Microsoft.NAV.shipAndInvoice").status_code == 204
    )
    assert _items(client)["SW-POSTER"]["inventory"] == before - 4
    entries = client.get(
        "/itemLedgerEntries", params={"$filter": f"documentNumber eq '{order['number']}'"}
    ).json()["value"]
    assert [(e["itemNumber"], e["entryType"], e["quantity"]) for e in entries] == [
        ("SW-POSTER", "Sale", -4)
    ]
    assert_error(client.get(f"/salesOrders({order['id']})"), 404, "BadRequest_NotFound")
    empty = create_order(client, "#2009")
    assert_error(
        client.post(f"/salesOrders({empty['id']})/Microsoft.NAV.shipAndInvoice"),
        400,
        "Application_DialogException",
    )


def test_ground_truth_lists_every_order_with_its_receipt_time(
    erp: RunningErp, client: httpx.Client
) -> None:
    order = create_order(client, "#2010", [item_line("SW-MUG", 1)])
    assert (
        client.delete(f"/salesOrders({order['id']})", headers={"If-Match": "*"}).status_code == 204
    )
    truth = httpx.get(f"{erp.origin}/_sandbox/sales-orders").json()[
        "salesOrders"
    ]  # no token needed
    entry = next(t for t in truth if t["id"] == order["id"])
    assert entry["state"] == "deleted" and entry["order"]["externalDocumentNumber"] == "#2010"
    created = datetime.strptime(entry["createdAt"], "%Y-%m-%dT%H:%M:%S.%fZ")
    assert created.strftime("%Y-%m-%dT%H:%M:%S.%fZ") <= order["lastModifiedDateTime"]
    assert [t["createdAt"] for t in truth] == sorted(t["createdAt"] for t in truth)


def test_other_companies_tenants_and_paths_are_404(erp: RunningErp, client: httpx.Client) -> None:
    other = erp.standard.replace(erp.settings.company_id, "11111111-2222-3333-4444-555555555555")
    assert_error(client.get(f"{other}/salesOrders"), 404, "BadRequest_NotFound")
    assert_error(client.get(erp.standard.replace("/sandbox/", "/other-tenant/") + "/items"), 404)
    assert_error(
        client.get("/salesOrders(00000000-0000-0000-0000-000000000001)"), 404, "BadRequest_NotFound"
    )
    assert_error(client.get("/nonsense"), 404, "BadRequest_NotFound")
    assert_error(client.get(f"{erp.origin}/v3/whatever"), 404, "BadRequest_NotFound")
    not_allowed = client.put("/items")
    assert_error(not_allowed, 405, "BadRequest_MethodNotAllowed")
    assert not_allowed.headers["allow"] == "GET"


def test_requests_without_the_bearer_token_are_401(erp: RunningErp) -> None:
    for token in ("wrong-token", ""):
        with httpx.Client(
            base_url=erp.standard,
            timeout=10.0,
            headers={"Authorization": f"Bearer {token}"} if token else {},
        ) as anonymous:
            error = assert_error(anonymous.get("/items"), 401, "Authentication_InvalidCredentials")
            assert "CorrelationId" in error["message"]


def test_the_default_customer_mode_accepts_orders_without_a_customer() -> None:
    with running_erp(SandboxSettings(), allow_missing_customer=True) as erp, erp.client() as client:
        response = client.post("/salesOrders", json={"externalDocumentNumber": "#2011"})
        assert response.status_code == 201, response.text
        assert response.json()["customerNumber"] == "C-SHOPIFY"
        assert_error(client.post("/salesOrders", json={"customerNumber": "NOBODY"}), 400)


def test_patching_lines_keeps_or_replaces_the_item_consistently(client: httpx.Client) -> None:
    order = create_order(
        client, "#2012", [item_line("SW-MUG", 2), {"lineType": "Item", "quantity": 1}]
    )
    mug, blank = order["salesOrderLines"]
    base = f"/salesOrders({order['id']})/salesOrderLines"
    same_item = client.patch(
        f"{base}({mug['id']})", json={"quantity": 3, "lineType": "Item"}, headers={"If-Match": "*"}
    ).json()
    assert (
        same_item["lineObjectNumber"],
        same_item["shipQuantity"],
        same_item["amountExcludingTax"],
    ) == ("SW-MUG", 3, 37.5)
    other = client.patch(
        f"{base}({mug['id']})", json={"lineObjectNumber": "SW-POSTER"}, headers={"If-Match": "*"}
    ).json()
    assert (other["itemId"], other["unitPrice"], other["description"]) == (
        _items(client)["SW-POSTER"]["id"],
        7.25,
        "Poster A2",
    )
    still_blank = client.patch(
        f"{base}({blank['id']})", json={"quantity": 2}, headers={"If-Match": "*"}
    )
    assert still_blank.status_code == 200, still_blank.text
    assert still_blank.json()["itemId"] == "00000000-0000-0000-0000-000000000000"
