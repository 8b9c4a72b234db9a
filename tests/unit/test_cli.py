from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from seamwatch.cli import main
from tests.unit.contracts.specs import good_spec, write

REPO = Path(__file__).resolve().parents[2]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


def test_shipped_contracts_validate_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "contract", "validate", str(REPO / "contracts"), "--format", "json")
    report = json.loads(out)
    assert code == 0, [f for f in report["files"] if f["status"] != "ok"]
    kinds = sorted(f["kind"] for f in report["files"])
    assert kinds.count("openapi") >= 2 and kinds.count("mapping") >= 2


def test_lint_finding_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = good_spec()
    spec["info"]["version"] = "latest"
    code, out, _ = run_cli(capsys, "contract", "validate", str(write(tmp_path, spec)))
    assert code == 1 and "pinned-version" in out


def test_broken_ref_exits_2_naming_file_and_pointer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = good_spec()
    spec["components"]["schemas"]["Order"]["properties"]["line_items"]["items"]["$ref"] = "#/components/schemas/Nope"
    path = write(tmp_path, spec)
    code, out, _ = run_cli(capsys, "contract", "validate", str(path), "--format", "json")
    assert code == 2
    [entry] = json.loads(out)["files"]
    assert str(path) in entry["error"] and "/components/schemas/Order/properties/line_items/items/$ref" in entry["error"]


def test_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "contract", "validate", str(tmp_path / "nope.yaml"))
    assert code == 2 and "file not found" in out


def test_bad_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "contract", "validate", "--format", "xml")
    assert code == 2 and "--format" in err and "Traceback" not in err


def test_installed_console_script_runs_in_a_subprocess(tmp_path: Path) -> None:
    exe = shutil.which("seamwatch") or str(Path(sys.executable).parent / "seamwatch")
    ok = subprocess.run([exe, "contract", "validate", str(REPO / "contracts")],
                        capture_output=True, text=True, timeout=120, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "shopify" in ok.stdout.lower() and "0 invalid" in ok.stdout
    spec = good_spec()
    spec["components"]["schemas"]["Order"]["properties"]["line_items"]["items"]["$ref"] = "#/x"
    bad = subprocess.run([exe, "contract", "validate", str(write(tmp_path, spec))],
                         capture_output=True, text=True, timeout=120, check=False)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stdout + bad.stderr
