"""`seamwatch drift live` against the sandbox: it finds exactly the injected drift."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from seamwatch.cli import main
from seamwatch.sandbox.faults import Fault
from seamwatch.sandbox.run import Sandbox
from tests.integration.sandbox.conftest import sandbox_settings


@pytest.fixture(scope="module")
def live_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    settings = sandbox_settings(tmp_path_factory.mktemp("live"), bucket_size=100_000, leak_per_second=1_000.0)
    with Sandbox(settings) as sandbox:
        s = sandbox.settings
        with httpx.Client(base_url=s.shopify_base, headers={"X-Shopify-Access-Token": s.shopify_token}, timeout=10) as shop:
            variant = shop.get("/products.json").json()["products"][0]["variants"][0]["id"]
            assert shop.post("/orders.json", json={"order": {"line_items": [{"variant_id": variant, "quantity": 1}],
                                                             "test": True}}).status_code == 201
        yield sandbox


@pytest.fixture(autouse=True)
def env(monkeypatch: pytest.MonkeyPatch, live_sandbox: Sandbox) -> Iterator[None]:
    monkeypatch.setenv("SHOPIFY_ACCESS_TOKEN", live_sandbox.settings.shopify_token)
    monkeypatch.setenv("ERP_ACCESS_TOKEN", live_sandbox.settings.erp_token)
    live_sandbox.faults.clear()
    yield
    live_sandbox.faults.clear()


def live(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    with pytest.raises(SystemExit) as info:
        main(["drift", "live", *args, "--format", "json"])
    out = capsys.readouterr().out
    return int(info.value.code or 0), json.loads(out)


def test_clean_sandbox_has_no_drift(live_sandbox: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    s = live_sandbox.settings
    code, report = live(capsys, "shopify", "--base-url", s.shopify_base)
    assert (code, report["changes"]) == (0, [])
    code, report = live(capsys, "erp", "--base-url", s.erp_base, "--param", f"companyId={s.company_id}")
    assert (code, report["changes"]) == (0, [])


def _field(message: str) -> str:
    """The field a live-drift message is about: quoted, or the last step of its path."""
    quoted = re.search(r"'([^']+)'", message)
    return quoted.group(1) if quoted else message.split(":")[0].rsplit("/", 1)[-1]


@pytest.mark.parametrize(("drift", "expected"), [
    ("rename_field", {("sw-live-required-field-missing", "total_price"), ("sw-live-undocumented-field", "total_price_v2")}),
    ("remove_field", {("sw-live-required-field-missing", "total_price")}),
    ("change_type", {("sw-live-type-mismatch", "total_price")}),
])
def test_schema_drift_fault_is_found_exactly(live_sandbox: Sandbox, capsys: pytest.CaptureFixture[str],
                                             drift: str, expected: set[tuple[str, str]]) -> None:
    live_sandbox.faults.set([Fault(kind="schema_drift", scope="shopify", drift=drift, field="total_price")])
    code, report = live(capsys, "shopify", "--base-url", live_sandbox.settings.shopify_base)
    found = {(c["id"], _field(c["message"])) for c in report["changes"]}
    assert found == expected, found
    assert code == 1
    assert {c["operation"] for c in report["changes"]} == {"GET /orders.json", "GET /orders/{order_id}.json"}


def test_upgrade_preview_with_api_version(live_sandbox: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = live(capsys, "shopify", "--base-url", live_sandbox.settings.shopify_base, "--api-version", "2026-04")
    assert code == 0 and report["summary"]["new"].endswith("/2026-04")


def test_offline_har(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = {"order": {"id": 1, "name": "#1001"}}
    har = {"log": {"entries": [{
        "request": {"method": "GET", "url": "https://shop.myshopify.com/admin/api/2026-01/orders/1.json"},
        "response": {"status": 200, "headers": [{"name": "X-Shopify-API-Version", "value": "2026-01"}],
                     "content": {"mimeType": "application/json", "text": json.dumps(body)}}}]}}
    path = tmp_path / "recorded.har"
    path.write_text(json.dumps(har))
    code, report = live(capsys, "shopify", "--har", str(path))
    ids = {c["id"] for c in report["changes"]}
    assert code == 1 and {"sw-live-required-field-missing", "sw-live-header-missing"} <= ids


def test_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["drift", "live", "shopify"])
    assert info.value.code == 2 and "--base-url" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["drift", "live", "shopify", "--base-url", "http://127.0.0.1:9/admin/api/2026-01"])
    assert info.value.code == 2 and "could not connect" in capsys.readouterr().err
