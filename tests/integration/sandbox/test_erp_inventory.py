"""Inventory in the ERP sandbox: the custom item-journal API, posting, item ledger entries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from seamwatch.sandbox.seed import SEED_ITEMS

from .erp_helpers import RunningErp, assert_error
from .erp_helpers import erp  # noqa: F401 (module fixtures)


@pytest.fixture(scope="module")
def standard(erp: RunningErp) -> Iterator[httpx.Client]:
    with erp.client() as client:
        yield client


@pytest.fixture(scope="module")
def custom(erp: RunningErp) -> Iterator[httpx.Client]:
    with erp.client(erp.custom) as client:
        yield client


def _items(client: httpx.Client) -> dict[str, dict[str, Any]]:
    return {item["number"]: item for item in client.get("/items").json()["value"]}


def _journal(custom: httpx.Client) -> dict[str, Any]:
    journals = custom.get("/itemJournals", params={"$filter": "code eq 'SEAMWATCH'"}).json()[
        "value"
    ]
    assert len(journals) == 1
    return dict(journals[0])


def test_items_locations_and_opening_entries_are_seeded(standard: httpx.Client) -> None:
    items = _items(standard)
    assert {seed.sku: seed.stock for seed in SEED_ITEMS} == {
        n: i["inventory"] for n, i in items.items()
    }
    assert all(item["type"] == "Inventory" for item in items.values())
    assert items["SW-MUG"]["unitPrice"] == 12.5 and items["SW-MUG"]["displayName"] == "Enamel mug"
    assert [loc["code"] for loc in standard.get("/locations").json()["value"]] == ["MAIN"]
    customers = standard.get("/customers", params={"$filter": "number eq 'C-SHOPIFY'"}).json()[
        "value"
    ]
    assert len(customers) == 1
    opening = standard.get(
        "/itemLedgerEntries", params={"$filter": "documentNumber eq 'OPENING'"}
    ).json()["value"]
    assert {e["itemNumber"]: e["quantity"] for e in opening} == {s.sku: s.stock for s in SEED_ITEMS}


def test_posting_a_journal_moves_stock_and_writes_ledger_entries(
    standard: httpx.Client, custom: httpx.Client
) -> None:
    before = _items(standard)
    positive = custom.post(
        "/itemJournalLines",
        json={
            "itemNumber": "SW-MUG",
            "entryType": "Positive Adjmt.",
            "quantity": 5,
            "documentNumber": "SW-ADJ-0001",
            "locationCode": "MAIN",
        },
    )
    assert positive.status_code == 201, positive.text
    negative = custom.post(
        "/itemJournalLines",
        json={
            "itemId": before["SW-POSTER"]["id"],
            "entryType": "Negative_x0020_Adjmt_x002E_",
            "quantity": 2,
            "documentNumber": "SW-ADJ-0002",
        },
    )
    assert negative.status_code == 201, negative.text
    assert (positive.json()["lineNumber"], negative.json()["lineNumber"]) == (10000, 20000)
    assert (
        negative.json()["entryType"] == "Negative Adjmt."
        and negative.json()["itemNumber"] == "SW-POSTER"
    )
    pending = custom.get(
        "/itemJournalLines", params={"$filter": "journalBatchName eq 'SEAMWATCH'"}
    ).json()["value"]
    assert len(pending) == 2
    assert _items(standard) == before  # nothing moves until the batch is posted

    watermark = max(item["lastModifiedDateTime"] for item in before.values())
    posted = custom.post(f"/itemJournals({_journal(custom)['id']})/Microsoft.NAV.post")
    assert posted.status_code == 204 and posted.content == b""

    after = _items(standard)
    assert after["SW-MUG"]["inventory"] == before["SW-MUG"]["inventory"] + 5
    assert after["SW-POSTER"]["inventory"] == before["SW-POSTER"]["inventory"] - 2
    assert after["SW-MUG"]["lastModifiedDateTime"] > before["SW-MUG"]["lastModifiedDateTime"]
    assert after["SW-MUG"]["@odata.etag"] != before["SW-MUG"]["@odata.etag"]
    changed = standard.get(
        "/items", params={"$filter": f"lastModifiedDateTime gt {watermark}"}
    ).json()["value"]
    assert sorted(item["number"] for item in changed) == ["SW-MUG", "SW-POSTER"]

    entries = standard.get(
        "/itemLedgerEntries",
        params={
            "$filter": "documentNumber eq 'SW-ADJ-0001' or documentNumber eq 'SW-ADJ-0002'",
            "$orderby": "entryNumber",
        },
    ).json()["value"]
    assert [(e["itemNumber"], e["entryType"], e["quantity"]) for e in entries] == [
        ("SW-MUG", "Positive Adjmt.", 5),
        ("SW-POSTER", "Negative Adjmt.", -2),
    ]
    assert custom.get("/itemJournalLines").json()["value"] == []  # posted lines leave the journal


def test_posting_an_empty_batch_is_a_dialog_error(custom: httpx.Client) -> None:
    assert custom.get("/itemJournalLines").json()["value"] == []
    response = custom.post(f"/itemJournals({_journal(custom)['id']})/Microsoft.NAV.post")
    assert_error(response, 400, "Application_DialogException")


def test_unposted_lines_can_be_read_and_deleted_with_if_match(custom: httpx.Client) -> None:
    created = custom.post(
        "/itemJournalLines",
        json={"itemNumber": "SW-MUG", "entryType": "Positive Adjmt.", "quantity": 1},
    ).json()
    assert (
        created["documentNumber"]
        and created["postingDate"]
        and created["journalBatchName"] == "SEAMWATCH"
    )
    url = f"/itemJournalLines({created['id']})"
    assert custom.get(url).json()["id"] == created["id"]
    assert_error(custom.delete(url), 400, "BadRequest_InvalidToken")
    assert custom.delete(url, headers={"If-Match": created["@odata.etag"]}).status_code == 204
    assert_error(custom.get(url), 404, "BadRequest_NotFound")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (
            {"itemNumber": "NO-SUCH", "entryType": "Positive Adjmt.", "quantity": 1},
            "Application_DialogException",
        ),
        (
            {
                "itemNumber": "SW-MUG",
                "entryType": "Positive Adjmt.",
                "quantity": 1,
                "journalBatchName": "OTHER",
            },
            "Application_DialogException",
        ),
        (
            {
                "itemNumber": "SW-MUG",
                "entryType": "Positive Adjmt.",
                "quantity": 1,
                "locationCode": "EAST",
            },
            "Application_DialogException",
        ),
        ({"itemNumber": "SW-MUG", "entryType": "Positive Adjmt.", "quantity": 0}, "BadRequest"),
        ({"itemNumber": "SW-MUG", "entryType": "Transfer", "quantity": 1}, "BadRequest"),
        ({"entryType": "Positive Adjmt.", "quantity": 1}, "BadRequest"),
    ],
)
def test_invalid_journal_lines_are_refused(
    custom: httpx.Client, body: dict[str, Any], code: str
) -> None:
    assert_error(custom.post("/itemJournalLines", json=body), 400, code)


def test_the_item_journal_lives_under_the_custom_api_only(
    erp: RunningErp, standard: httpx.Client
) -> None:
    assert_error(standard.get("/itemJournals"), 404, "BadRequest_NotFound")
