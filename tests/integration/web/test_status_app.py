"""The status page over real HTTP: bearer token, figures from the store, no secret shown."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest

from seamwatch.core.clock import FakeClock
from seamwatch.core.secrets import Masker
from seamwatch.reporting.probe_report import build_probe_report, report_document
from seamwatch.storage import SqlStore, open_store
from tests.integration.web.conftest import PAGE_TOKEN
from tests.unit.reporting.probe_fixtures import ERP_TOKEN, NOW, SHOPIFY_TOKEN, seed, slo_statuses

AUTH = {"Authorization": f"Bearer {PAGE_TOKEN}"}


def test_token_guards_every_route_but_healthz(serve: Callable[..., str], client: httpx.Client) -> None:
    url = serve(token=PAGE_TOKEN)
    assert client.get(f"{url}/healthz").status_code == 200
    for path in ("/", "/api/status"):
        refused = client.get(f"{url}{path}")
        assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Bearer")
        assert PAGE_TOKEN not in refused.text
        assert client.get(f"{url}{path}", headers={"Authorization": f"Bearer {PAGE_TOKEN}x"}).status_code == 401
        assert client.get(f"{url}{path}", headers={"Authorization": PAGE_TOKEN}).status_code == 401
        assert client.get(f"{url}{path}", headers=AUTH).status_code == 200


def test_without_a_token_the_page_is_open(serve: Callable[..., str], client: httpx.Client) -> None:
    url = serve()
    page = client.get(f"{url}/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert '<meta http-equiv="refresh" content="30">' in page.text


def test_api_status_matches_the_store(serve: Callable[..., str], client: httpx.Client, store: SqlStore) -> None:
    doc = client.get(f"{serve(token=PAGE_TOKEN)}/api/status", headers=AUTH).json()
    assert {p["name"]: p["state"] for p in doc["probes"]} == {
        "shopify-locations": "ok", "erp-items": "degraded", "order-roundtrip": "breached"}
    window = store.results(NOW - timedelta(hours=24), NOW)
    assert doc["report"]["totals"]["runs"] == len(window)
    assert doc["report"]["totals"]["failures"] == sum(not r.success for r in window)
    for probe in doc["probes"]:
        newest = store.latest(probe["name"], 20)
        assert [r["run_id"] for r in probe["recent"]] == [r.run_id for r in newest]
    assert [s["key"] for s in doc["slos"]] == [s.key for s in slo_statuses()]
    assert doc["slos"][0]["budget_remaining"] == -0.67


def test_no_secret_on_the_page_or_the_api(serve: Callable[..., str], client: httpx.Client) -> None:
    url = serve(token=PAGE_TOKEN)
    html = client.get(f"{url}/", headers=AUTH).text
    api = client.get(f"{url}/api/status", headers=AUTH).text
    for text in (html, api):
        for secret in (ERP_TOKEN, SHOPIFY_TOKEN, PAGE_TOKEN):
            assert secret not in text
    assert "Bearer ***" in html and "Bearer ***" in api  # the failure message is shown, masked
    assert "<svg" in html and "<script" not in html


@pytest.mark.postgres
def test_the_report_reads_the_same_on_postgresql(pg_url: str, store: SqlStore) -> None:
    """Same results, same document: the per-bucket SQL carries no dialect differences."""
    def document(target: SqlStore) -> str:
        report = build_probe_report(target, NOW - timedelta(hours=24), NOW, generated_at=NOW,
                                    bucket_seconds=1800, slo_statuses=slo_statuses())
        return json.dumps(report_document(report, Masker([ERP_TOKEN])), indent=1)

    with open_store(pg_url, FakeClock(NOW)) as pg:
        seed(pg)
        assert document(pg) == document(store)
