"""`seamwatch report`: writes the files, prints their paths; exit 2 for config and storage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from seamwatch.cli import main
from seamwatch.core.clock import SystemClock
from seamwatch.storage import open_store
from tests.unit.reporting.probe_fixtures import ERP_TOKEN, TOKEN_ENV, results, write_probe_file


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    for name, value in TOKEN_ENV.items():
        monkeypatch.setenv(name, value)


def test_report_writes_every_format_masked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with open_store(url, SystemClock()) as store:
        store.add_results(results())  # fixed 2026 times: ask for that window explicitly
    config = write_probe_file(tmp_path, url)
    code, out, err = _run(capsys, "report", "--config", str(config), "--since", "2026-03-01T12:00:00Z",
                          "--until", "2026-03-02T12:00:00Z", "--output-dir", str(tmp_path / "reports"))
    assert code == 0, err
    paths = [Path(line) for line in out.splitlines() if line.strip()]
    assert {p.name for p in paths} == {"probe-report.html", "probe-report.json", "probe-report.md"}
    doc = json.loads((tmp_path / "reports" / "probe-report.json").read_text())
    assert doc["totals"]["runs"] == 36
    for path in paths:
        assert ERP_TOKEN not in path.read_text()


def test_empty_store_says_no_data_yet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_probe_file(tmp_path, f"sqlite:///{tmp_path / 'empty.db'}")
    code, out, _ = _run(capsys, "report", "--config", str(config), "--output-dir", str(tmp_path / "r"),
                        "--format", "json")
    assert code == 0 and "No data yet" in out
    assert [p.name for p in (tmp_path / "r").iterdir()] == ["probe-report.json"]


def test_bad_window_and_bad_format_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_probe_file(tmp_path, f"sqlite:///{tmp_path / 's.db'}")
    code, _, err = _run(capsys, "report", "--config", str(config), "--since", "1h", "--until", "2h")
    assert code == 2 and "--since" in err and "is not before --until" in err
    code, _, err = _run(capsys, "report", "--config", str(config), "--format", "pdf")
    assert code == 2 and "unknown report format 'pdf'" in err


def test_config_and_storage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "report", "--config", str(tmp_path / "missing.yaml"))
    assert code == 2 and "missing.yaml" in err
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    config = write_probe_file(tmp_path, f"sqlite:///{blocker / 'sub' / 's.db'}")
    code, _, err = _run(capsys, "report", "--config", str(config), "--output-dir", str(tmp_path / "r"))
    assert code == 2 and "storage.url" in err
