"""``seamwatch probe run --once`` as a real process against a sandbox on free ports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from seamwatch.sandbox.run import Sandbox
from tests.integration.probes import support
from tests.integration.probes.conftest import ERP_ENV
from tests.integration.sandbox.helpers import set_faults

HTTP_ONLY = """
  - name: shopify-locations
    kind: http
    system: shopify
    path: /locations.json
    schedule: {interval_seconds: 30}
  - name: erp-items
    kind: http
    system: erp
    path: /v2.0/companies({company})/items?$top=1
    schedule: {interval_seconds: 30}
"""


def probe_run(config: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "seamwatch", "probe", "run", "--once", "--config",
                           str(config)], capture_output=True, text=True, timeout=120, cwd=cwd,
                          env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"})


def config_file(tmp_path: Path, sandbox: Sandbox, probes: str = support.ALL_KINDS) -> Path:
    storage = f"sqlite:///{tmp_path / 'reports' / 'cli.sqlite'}"
    return support.write_config(tmp_path / "probes.yaml", sandbox, probes, storage=storage)


def test_exit_0_when_every_probe_passes(probe_sandbox: Sandbox, sandbox_tokens: dict[str, str],
                                        tmp_path: Path) -> None:
    done = probe_run(config_file(tmp_path, probe_sandbox), tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4/4 probes passed" in done.stdout
    assert (tmp_path / "reports" / "cli.sqlite").exists()


def test_exit_1_when_a_probe_fails(probe_sandbox: Sandbox, sandbox_tokens: dict[str, str],
                                   tmp_path: Path) -> None:
    set_faults(probe_sandbox, "erp", [{"kind": "error_rate", "scope": "erp"}])
    done = probe_run(config_file(tmp_path, probe_sandbox, HTTP_ONLY), tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "http_5xx" in done.stdout and "1/2 probes passed" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_exit_2_on_a_missing_env_var(probe_sandbox: Sandbox, sandbox_tokens: dict[str, str],
                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ERP_ENV)
    done = probe_run(config_file(tmp_path, probe_sandbox, HTTP_ONLY), tmp_path)
    assert done.returncode == 2
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert len(lines) == 1 and ERP_ENV in lines[0], lines
    assert "Traceback" not in done.stderr


def test_exit_2_on_a_malformed_probe_file(probe_sandbox: Sandbox, sandbox_tokens: dict[str, str],
                                          tmp_path: Path) -> None:
    path = config_file(tmp_path, probe_sandbox, HTTP_ONLY)
    path.write_text(path.read_text().replace("path: /locations.json", "pathh: /locations.json"))
    done = probe_run(path, tmp_path)
    assert done.returncode == 2
    out = done.stdout + done.stderr
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1 and "probes.yaml:" in lines[0] and "probes[0]" in lines[0], lines
