"""`seamwatch probe validate`: a summary and exit 0, or one line per problem and exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from seamwatch.cli import main
from tests.unit.config.test_loader import BASE, REPO

SANDBOX = str(REPO / "probes" / "sandbox.yaml")


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


def test_valid_file_prints_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "probe", "validate", "--config", SANDBOX, "--no-secrets")
    assert code == 0, err
    assert "order-roundtrip" in out and "inventory_roundtrip" in out and "every 30s" in out
    assert err == ""


def test_secrets_resolve(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPIFY_ACCESS_TOKEN", "shpat_sandbox_0000000000000000")
    monkeypatch.setenv("ERP_ACCESS_TOKEN", "sandbox-erp-token-0000000000")
    monkeypatch.setenv("SHOPIFY_WEBHOOK_SECRET", "sandbox-webhook-secret-0000")
    code, _, err = run_cli(capsys, "probe", "validate", "--config", SANDBOX)
    assert code == 0, err


def test_a_missing_webhook_secret_is_named(capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPIFY_ACCESS_TOKEN", "shpat_sandbox_0000000000000000")
    monkeypatch.setenv("ERP_ACCESS_TOKEN", "sandbox-erp-token-0000000000")
    monkeypatch.delenv("SHOPIFY_WEBHOOK_SECRET", raising=False)
    code, _, err = run_cli(capsys, "probe", "validate", "--config", SANDBOX)
    assert code == 2
    [line] = err.strip().splitlines()
    assert "service.webhooks.secret" in line and "SHOPIFY_WEBHOOK_SECRET is not set" in line


def test_missing_env_var_exits_2(capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHOPIFY_ACCESS_TOKEN", raising=False)
    monkeypatch.setenv("ERP_ACCESS_TOKEN", "x")
    monkeypatch.setenv("SHOPIFY_WEBHOOK_SECRET", "x")
    code, _, err = run_cli(capsys, "probe", "validate", "--config", SANDBOX)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert "sandbox.yaml:22: systems.shopify.auth.token" in lines[0]
    assert "SHOPIFY_ACCESS_TOKEN is not set" in lines[0]


def test_invalid_file_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BASE.replace("interval_seconds: 30", "intervall_seconds: 30"), encoding="utf-8")
    code, _, err = run_cli(capsys, "probe", "validate", "--config", str(path), "--no-secrets")
    assert code == 2 and "Traceback" not in err
    expected = (f"seamwatch: error: {path}:18: probes[0].schedule.intervall_seconds: "
                "unknown key 'intervall_seconds' (fix: did you mean 'interval_seconds'?)")
    assert err.strip().splitlines() == [expected]


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "probe", "validate", "--config", str(tmp_path / "nope.yaml"))
    assert code == 2 and "file not found" in err and "Traceback" not in err
