"""Every probe-report format is masked and the HTML opens offline."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from seamwatch.core.clock import FakeClock
from seamwatch.core.secrets import Masker
from seamwatch.reporting.probe_output import format_names, write_probe_reports
from seamwatch.reporting.probe_report import build_probe_report, report_document
from seamwatch.storage import open_store
from tests.unit.reporting.probe_fixtures import ERP_TOKEN, NOW, seed, slo_statuses


@pytest.fixture
def written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    with open_store(f"sqlite:///{tmp_path / 's.db'}", FakeClock(NOW)) as store:
        seed(store)
        report = build_probe_report(store, NOW - timedelta(hours=24), NOW, generated_at=NOW,
                                    bucket_seconds=1800, slo_statuses=slo_statuses())
    out = write_probe_reports(report_document(report, Masker([ERP_TOKEN])), tmp_path / "out")
    return {**out, "summary": summary}


def test_no_format_shows_the_token(written: dict[str, Path]) -> None:
    for name, path in written.items():
        text = path.read_text()
        assert ERP_TOKEN not in text, name
    assert "Bearer ***" in written["markdown"].read_text()  # the message is there, masked


def test_html_is_self_contained_with_inline_svg_charts(written: dict[str, Path]) -> None:
    html = written["html"].read_text()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html), "nothing may load from the network"
    assert "<script" not in html and "<?xml" not in html
    for chart in ("success-rate", "latency", "sync-lag-shopify_to_erp", "error-budget", "burn-rate"):
        assert re.search(rf'id="chart-{chart}"[^>]*>\s*<svg', html), chart
    assert 'data-series="erp-items|order-roundtrip|shopify-locations"' in html


def test_markdown_goes_to_the_step_summary(written: dict[str, Path]) -> None:
    summary = written["summary"].read_text()
    assert "## seamwatch probe report" in summary and "| order-sync-lag |" in summary


def test_format_names_accept_suffixes_and_refuse_unknown() -> None:
    assert format_names(["html", "md", "JSON"]) == ["html", "markdown", "json"]
    with pytest.raises(Exception, match="unknown report format 'pdf'"):
        format_names(["pdf"])


def test_masking_keeps_uuid_run_ids_but_masks_anything_else_in_them() -> None:
    from seamwatch.reporting.probe_report import mask_document

    masker = Masker(["s3cr3t-value"])
    doc = {"run_id": "00000000-0000-7000-8000-000000000033", "message": "call +44 20 7946 0958 s3cr3t-value",
           "nested": [{"run_id": "s3cr3t-value"}], "authorization": {"x": 1}}
    assert mask_document(doc, masker) == {"run_id": "00000000-0000-7000-8000-000000000033",
                                          "message": "call *** ***", "nested": [{"run_id": "***"}],
                                          "authorization": "***"}
