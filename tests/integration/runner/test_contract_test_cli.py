"""`seamwatch contract test` against the sandbox over real HTTP.

The clean runs here are also the sandbox's conformance tests (issue 3): both sandbox servers
must pass every Schemathesis default check and every seamwatch check, in positive and
negative mode, through seamwatch's own runner.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from junitparser import JUnitXml

from seamwatch.cli import main
from seamwatch.sandbox.faults import Fault
from seamwatch.sandbox.run import Sandbox
from tests.integration.runner.conftest import PLANTED_TOKEN, erp_args, shopify_args

REPO = Path(__file__).resolve().parents[3]
FAST = ("--max-examples", "3", "--phases", "examples,coverage")


@pytest.fixture(autouse=True)
def tokens(monkeypatch: pytest.MonkeyPatch, contract_sandbox: Sandbox) -> None:
    monkeypatch.setenv("SHOPIFY_ACCESS_TOKEN", PLANTED_TOKEN)
    monkeypatch.setenv("ERP_ACCESS_TOKEN", contract_sandbox.settings.erp_token)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def run_cli(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as info:
        main(args)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out + err


def report(report_dir: Path, system: str) -> dict:
    return json.loads((report_dir / f"contract-{system}.json").read_text())


@pytest.mark.parametrize("system", ["shopify", "erp"])
def test_clean_sandbox_passes_at_default_settings(clean_faults: Sandbox, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str], system: str) -> None:
    args = (shopify_args if system == "shopify" else erp_args)(clean_faults, tmp_path)
    code, out = run_cli(capsys, args)
    doc = report(tmp_path, system)
    assert code == 0, [f"{f['operation']} {f['check']} {f['title']}" for o in doc["operations"] for f in o["failures"]] + doc["errors"]
    assert doc["summary"]["operations"] >= 20 and doc["summary"]["cases"] > 100
    assert {"json", "junit.xml", "md", "html"} <= {p.name.split(".", 1)[1] for p in tmp_path.iterdir()}


@pytest.mark.parametrize(("fault", "operation", "check"), [
    (Fault(kind="schema_drift", scope="shopify", drift="remove_field", field="total_price"),
     "GET /orders/{order_id}.json", "response_schema_conformance"),
    (Fault(kind="schema_drift", scope="shopify", drift="change_type", field="total_price"),
     "GET /orders/{order_id}.json", "money-precision"),
    (Fault(kind="schema_drift", scope="shopify", drift="rename_field", field="errors"),
     "GET /orders/{order_id}.json", "error-body-shape"),
])
def test_drifted_shopify_fails_naming_operation_and_check(clean_faults: Sandbox, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str],
                                                           fault: Fault, operation: str, check: str) -> None:
    clean_faults.faults.set([fault])
    code, out = run_cli(capsys, shopify_args(clean_faults, tmp_path, *FAST))
    assert code == 1
    found = {(f["operation"], f["check"]) for o in report(tmp_path, "shopify")["operations"] for f in o["failures"]}
    assert (operation, check) in found, sorted(found)
    assert check in out


def test_drifted_erp_fails(clean_faults: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean_faults.faults.set([Fault(kind="schema_drift", scope="erp", drift="remove_field", field="totalAmountIncludingTax")])
    code, _ = run_cli(capsys, erp_args(clean_faults, tmp_path, *FAST))
    found = {(f["operation"], f["check"]) for o in report(tmp_path, "erp")["operations"] for f in o["failures"]}
    assert code == 1
    assert ("GET /v2.0/companies({companyId})/salesOrders({salesOrderId})", "response_schema_conformance") in found


def test_version_fall_forward_is_caught(clean_faults: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A contract pinned to a retired version: Shopify (and the sandbox) serve the oldest
    # supported version with HTTP 200 instead, and only the header tells.
    text = (REPO / "contracts/shopify/admin-rest-2026-01.yaml").read_text().replace('"2026-01"', '"2025-07"')
    retired = tmp_path / "admin-rest-2025-07.yaml"
    retired.write_text(text)
    args = shopify_args(clean_faults, tmp_path, *FAST)
    args[2] = str(retired)
    args[args.index("--base-url") + 1] = clean_faults.settings.shopify_base.replace("2026-01", "2025-07")
    code, out = run_cli(capsys, args)
    assert code == 1 and "shopify-api-version-pinned" in out
    assert "served API version '2026-01', pinned '2025-07'" in (tmp_path / "contract-shopify.json").read_text()


def test_hanging_server_is_bounded_and_exits_2(clean_faults: Sandbox, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    clean_faults.faults.set([Fault(kind="hang", scope="shopify", hang_seconds=30)])
    code, out = run_cli(capsys, shopify_args(clean_faults, tmp_path, *FAST, "--request-timeout", "0.5"))
    assert code == 2 and "timed out" in out and "Traceback" not in out


def test_junit_parses_with_one_testcase_per_operation_and_check(clean_faults: Sandbox, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    clean_faults.faults.set([Fault(kind="schema_drift", scope="shopify", drift="remove_field", field="total_price")])
    run_cli(capsys, shopify_args(clean_faults, tmp_path, *FAST))
    xml = JUnitXml.fromfile(str(tmp_path / "contract-shopify.junit.xml"))
    cases = [(case.classname, case.name, case.is_passed) for suite in xml for case in suite]
    assert len(cases) == len(set((c, n) for c, n, _ in cases)) > 20
    assert ("GET /orders/{order_id}.json", "response_schema_conformance", False) in cases
    assert ("GET /orders/{order_id}.json", "shopify-api-version-pinned", True) in cases


def test_baseline_fails_only_on_new_failures(clean_faults: Sandbox, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    baseline = tmp_path / "baseline.json"
    clean_faults.faults.set([Fault(kind="schema_drift", scope="shopify", drift="remove_field", field="total_price")])
    code, _ = run_cli(capsys, shopify_args(clean_faults, tmp_path, *FAST, "--baseline", str(baseline), "--update-baseline"))
    assert code == 0 and json.loads(baseline.read_text())["failures"]
    code, _ = run_cli(capsys, shopify_args(clean_faults, tmp_path, *FAST, "--baseline", str(baseline)))
    assert code == 0 and report(tmp_path, "shopify")["summary"]["known_failures"] > 0
    clean_faults.faults.set([Fault(kind="schema_drift", scope="shopify", drift="change_type", field="total_price")])
    code, _ = run_cli(capsys, shopify_args(clean_faults, tmp_path, *FAST, "--baseline", str(baseline)))
    assert code == 1


def test_missing_baseline_is_a_config_error(clean_faults: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_cli(capsys, shopify_args(clean_faults, tmp_path, *FAST, "--baseline", str(tmp_path / "none.json")))
    assert code == 2 and "baseline file not found" in out


def test_workers_run_the_same_suite_concurrently(clean_faults: Sandbox, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_cli(capsys, shopify_args(clean_faults, tmp_path, *FAST, "--workers", "2"))
    doc = report(tmp_path, "shopify")
    assert code == 0, out
    assert doc["summary"]["operations"] >= 20 and doc["summary"]["failures"] == 0
