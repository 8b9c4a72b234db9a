"""The JSON probe report for a fixed store is byte-for-byte stable.

Regenerate after an intended change with ``SEAMWATCH_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import difflib
import json
import os
from datetime import timedelta
from pathlib import Path

from seamwatch.core.clock import FakeClock
from seamwatch.core.secrets import Masker
from seamwatch.reporting.probe_formats import PROBE_REPORT_FORMATS
from seamwatch.reporting.probe_report import SCHEMA, build_probe_report, report_document
from seamwatch.storage import open_store
from tests.unit.reporting.probe_fixtures import ERP_TOKEN, NOW, SHOPIFY_TOKEN, seed, slo_statuses

GOLDEN = Path(__file__).parent / "golden" / "probe-report.json"


def _rendered(tmp_path: Path) -> str:
    with open_store(f"sqlite:///{tmp_path / 'golden.db'}", FakeClock(NOW)) as store:
        seed(store)
        report = build_probe_report(store, NOW - timedelta(hours=24), NOW, generated_at=NOW,
                                    bucket_seconds=3600, slo_statuses=slo_statuses())
    return PROBE_REPORT_FORMATS.get("json").render(report_document(report, Masker([ERP_TOKEN, SHOPIFY_TOKEN])))


def test_json_report_matches_the_golden_file(tmp_path: Path) -> None:
    actual = _rendered(tmp_path)
    if os.environ.get("SEAMWATCH_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(actual, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                        "golden/probe-report.json", "this run", n=2))
    assert actual == expected, "JSON report changed (SEAMWATCH_UPDATE_GOLDEN=1 to accept):\n" + diff


def test_golden_figures_are_the_stores(tmp_path: Path) -> None:
    """The golden file is not just stable but right: spot-check it against the fixture."""
    doc = json.loads(_rendered(tmp_path))
    assert doc["schema"] == SCHEMA
    assert doc["totals"] == {"runs": 36, "successes": 32, "failures": 4, "success_rate": round(32 / 36, 6),
                             "first_started_at": "2026-03-01T12:30:00Z", "last_started_at": "2026-03-02T10:32:00Z"}
    probes = {p["probe"]: (p["runs"], p["successes"]) for p in doc["probes"]}
    assert probes == {"erp-items": (12, 9), "order-roundtrip": (12, 11), "shopify-locations": (12, 12)}
    assert doc["failures"]["by_classification"] == [{"classification": "http_5xx", "count": 3},
                                                    {"classification": "late", "count": 1}]
    newest = doc["failures"]["recent"][0]
    assert (newest["probe"], newest["failed_step"], newest["classification"]) == ("erp-items", "request", "http_5xx")
    lag = doc["sync_lag"][0]
    assert lag["direction"] == "shopify_to_erp" and lag["samples"] == 12 and lag["objective_ms"] == 60_000.0
    assert lag["within_objective"] == round(11 / 12, 6)  # every lag but the late run's 95 s
    assert ERP_TOKEN not in json.dumps(doc)
