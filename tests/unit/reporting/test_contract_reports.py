from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from junitparser import JUnitXml

from seamwatch.core.secrets import Masker
from seamwatch.reporting import REPORT_FORMATS
from seamwatch.reporting.contract_run import write_reports
from seamwatch.runner.model import CheckTally, ContractFailure, ContractRun

TOKEN = "shpat_0123456789abcdef"


def _run() -> ContractRun:
    run = ContractRun(contract="contracts/shopify/admin-rest-2026-01.yaml", base_url="http://127.0.0.1:1/admin/api/2026-01",
                      system="shopify", pinned_version="2026-01", seed=3, phases=("examples",),
                      started_at="2026-11-23T10:00:00+00:00", duration_seconds=1.5)
    op = run.operation("GET /orders/{order_id}.json", "getOrder")
    op.cases = 4
    op.checks = {"not_a_server_error": CheckTally(passed=4), "response_schema_conformance": CheckTally(passed=3, failed=1)}
    op.failures.append(ContractFailure(
        operation=op.label, operation_id="getOrder", check="response_schema_conformance", title="Response violates schema",
        message="'total_price' is a required property; customer jane.doe@example.com",
        status_code=200, curl=f"curl -H 'X-Shopify-Access-Token: {TOKEN}' http://127.0.0.1:1/admin/api/2026-01/orders/1.json"))
    return run


def test_every_format_is_written_masked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    written = write_reports(_run(), Masker([TOKEN]), tmp_path, "contract-shopify")
    assert set(written) == set(REPORT_FORMATS.names()) == {"html", "json", "junit", "markdown"}
    for path in written.values():
        text = path.read_text()
        assert TOKEN not in text and "jane.doe@example.com" not in text
    doc = json.loads(written["json"].read_text())
    assert doc["summary"] == {"operations": 1, "cases": 4, "failures": 1, "known_failures": 0, "errors": 0, "ok": False}
    assert doc["operations"][0]["failures"][0]["fingerprint"]
    assert "curl" in written["markdown"].read_text() and "FAILED" in written["markdown"].read_text()


def test_html_is_self_contained(tmp_path: Path) -> None:
    html = write_reports(_run(), Masker(), tmp_path, "r", ["html"])["html"].read_text()
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", html)
    assert 'id="verdict">failed' in html and "GET /orders/{order_id}.json" in html


def test_junit_has_a_testcase_per_operation_and_check(tmp_path: Path) -> None:
    path = write_reports(_run(), Masker(), tmp_path, "r", ["junit"])["junit"]
    cases = {(c.classname, c.name, c.is_passed) for suite in JUnitXml.fromfile(str(path)) for c in suite}
    assert cases == {("GET /orders/{order_id}.json", "not_a_server_error", True),
                     ("GET /orders/{order_id}.json", "response_schema_conformance", False)}


def test_step_summary_is_appended(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    write_reports(_run(), Masker(), tmp_path, "r")
    text = summary.read_text()
    assert text.startswith("earlier step\n") and "seamwatch contract test" in text
