"""`seamwatch demo` end to end (short settings): exit 0 and every report written."""

from __future__ import annotations

from pathlib import Path

import pytest

from seamwatch.cli import main


def test_demo_runs_to_a_clean_finish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["demo", "--report-dir", str(tmp_path), "--max-examples", "2", "--duration", "20"])
    out = capsys.readouterr().out
    assert info.value.code == 0, out
    for name in ("contract-shopify.html", "contract-shopify.junit.xml", "contract-erp.json", "drift.html",
                 "live-drift.html", "demo-next-version.yaml", "probe-report.html", "probe-report.json",
                 "probe-report.md", "demo-probes.sqlite", "demo-service.log"):
        assert (tmp_path / name).is_file(), name
    assert "page sent to the local sink: yes" in out
    assert "resolve sent with the same dedup_key: yes" in out
    assert "sink received trigger: seamwatch/order-sync-lag:direction:shopify_to_erp" in out
    log = (tmp_path / "demo-service.log").read_text()
    assert "Traceback" not in log and "demo-routing-key-not-a-secret-000" not in log
    assert "affects mapping order:total" in out
    assert "required field 'total_price' is missing" in out
    assert "FAILED" not in out
