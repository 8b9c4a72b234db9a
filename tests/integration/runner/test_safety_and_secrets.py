"""Synthetic data and cleanup, masking of secrets and PII, and the pytest entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from seamwatch.cli import main
from seamwatch.sandbox.faults import Fault
from seamwatch.sandbox.run import Sandbox
from tests.integration.runner.conftest import PLANTED_EMAIL, PLANTED_TOKEN, shopify_args


def shop(sandbox: Sandbox) -> httpx.Client:
    return httpx.Client(base_url=sandbox.settings.shopify_base, timeout=10,
                        headers={"X-Shopify-Access-Token": PLANTED_TOKEN})


def test_no_secret_or_pii_in_any_artefact(clean_faults: Sandbox, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    with shop(clean_faults) as client:
        created = client.post("/customers.json", json={"customer": {"email": PLANTED_EMAIL, "first_name": "Planted"}})
        assert created.status_code == 201
    summary = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("SHOPIFY_ACCESS_TOKEN", PLANTED_TOKEN)
    # Fail on purpose, where responses carry the planted e-mail address.
    clean_faults.faults.set([Fault(kind="schema_drift", scope="shopify", drift="remove_field", field="admin_graphql_api_id")])
    reports = tmp_path / "reports"
    with pytest.raises(SystemExit) as info:
        main(shopify_args(clean_faults, reports, "--max-examples", "3", "--phases", "examples,coverage"))
    out, err = capsys.readouterr()
    assert info.value.code == 1
    artefacts = {p: p.read_text(encoding="utf-8") for p in [*reports.iterdir(), summary]}
    assert len(artefacts) >= 5
    assert any("customers" in text for text in artefacts.values()), "the run must have exercised customers"
    for where, text in [*artefacts.items(), ("console", out + err)]:
        assert PLANTED_TOKEN not in text, f"token leaked into {where}"
        assert PLANTED_EMAIL not in text, f"e-mail leaked into {where}"
    assert "***" in artefacts[reports / "contract-shopify.json"]


def test_everything_created_is_synthetic_and_cleaned_up(clean_faults: Sandbox, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPIFY_ACCESS_TOKEN", PLANTED_TOKEN)
    with shop(clean_faults) as client:
        before = {o["id"] for o in client.get("/orders.json", params={"status": "any", "limit": 250}).json()["orders"]}
    with pytest.raises(SystemExit):
        main(shopify_args(clean_faults, tmp_path, "--max-examples", "5", "--phases", "examples,stateful"))
    capsys.readouterr()
    with shop(clean_faults) as client:
        orders = [o for o in client.get("/orders.json", params={"status": "any", "limit": 250}).json()["orders"]
                  if o["id"] not in before]
    assert orders, "the stateful run created orders"
    for order in orders:
        assert order["test"] is True and "seamwatch-synthetic" in order["tags"]
        assert order["cancelled_at"] is not None, f"order {order['id']} was not cleaned up"


def test_pytest_entry_point_runs_the_same_suite(clean_faults: Sandbox, tmp_path: Path) -> None:
    env = {**os.environ, "SHOPIFY_ACCESS_TOKEN": PLANTED_TOKEN}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "--seamwatch-contract", "shopify", "--seamwatch-base-url", clean_faults.settings.shopify_base,
               "--seamwatch-max-examples", "2", "--seamwatch-seed", "3"]
    ok = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert ok.returncode == 0 and "1 passed" in ok.stdout, ok.stdout[-2000:]
    clean_faults.faults.set([Fault(kind="schema_drift", scope="shopify", drift="remove_field", field="total_price")])
    bad = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert bad.returncode == 1 and "total_price" in bad.stdout
