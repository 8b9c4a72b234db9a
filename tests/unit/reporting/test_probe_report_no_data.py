"""With 0 and with 1 stored result every format renders and says there is no data yet."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from seamwatch.core.clock import FakeClock
from seamwatch.core.secrets import Masker
from seamwatch.reporting.probe_output import write_probe_reports
from seamwatch.reporting.probe_report import build_probe_report, report_document
from seamwatch.storage import open_store
from tests.unit.reporting.probe_fixtures import NOW, results


@pytest.mark.parametrize("stored", [0, 1])
def test_reports_say_no_data_yet(tmp_path: Path, stored: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    with open_store(f"sqlite:///{tmp_path / 's.db'}", FakeClock(NOW)) as store:
        store.add_results(results()[-stored:] if stored else [])
        report = build_probe_report(store, NOW - timedelta(hours=24), NOW, generated_at=NOW, bucket_seconds=1800)
    written = write_probe_reports(report_document(report, Masker()), tmp_path / "out")
    assert set(written) == {"html", "json", "markdown"}
    doc = json.loads(written["json"].read_text())
    assert doc["totals"]["runs"] == stored
    assert doc["notice"] is not None and doc["notice"].startswith("No data yet")
    for name, path in written.items():
        assert "No data yet" in path.read_text(), name
    html = written["html"].read_text()
    # Every chart slot is there, each with its placeholder instead of an empty plot.
    assert 'id="notice"' in html and 'id="chart-success-rate"' in html and "<svg" not in html
    assert html.count('class="empty"') >= 3


def test_two_results_draw_charts_without_the_notice(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 's.db'}", FakeClock(NOW)) as store:
        store.add_results(results()[-2:])
        report = build_probe_report(store, NOW - timedelta(hours=24), NOW, generated_at=NOW, bucket_seconds=1800)
    doc = report_document(report, Masker())
    assert doc["notice"] is None and doc["totals"]["runs"] == 2
