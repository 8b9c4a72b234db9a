"""`seamwatch drift` through the CLI entry point: exit codes, formats, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml

from seamwatch.cli import main
from seamwatch.drift.rules import CATALOGUE_PATH
from tests.unit.drift.specs import base, write

KEYS = {"id", "level", "operation", "location", "message", "mappings"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str]:
    """A breaking change (removed path), a warning (removed optional header) and an info."""
    old, new = base(), base()
    new["paths"].pop("/orders")
    get = new["paths"]["/orders/{id}"]["get"]
    get["responses"]["200"]["headers"].pop("Link")
    get["parameters"].append({"name": "limit", "in": "query", "schema": {"type": "integer"}})
    return str(write(tmp_path / "old.yaml", old)), str(write(tmp_path / "new.yaml", new))


@pytest.fixture
def warning_only(tmp_path: Path) -> tuple[str, str]:
    old, new = base(), base()
    new["paths"]["/orders/{id}"]["get"]["responses"]["200"]["headers"].pop("Link")
    return str(write(tmp_path / "w-old.yaml", old)), str(write(tmp_path / "w-new.yaml", new))


def test_no_change_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    same = str(write(tmp_path / "same.yaml", base()))
    code, out, _ = run(capsys, "drift", same, same)
    assert code == 0 and "no changes" in out


def test_breaking_exits_1_and_text_is_grouped_by_level(pair: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "drift", *pair)
    assert code == 1
    assert out.index("BREAKING") < out.index("WARNING") < out.index("INFO")
    assert "api-path-removed-without-deprecation" in out and "POST /orders" in out


@pytest.mark.parametrize(("fail_on", "expected"), [("breaking", 0), ("warning", 1), ("never", 0)])
def test_fail_on(warning_only: tuple[str, str], capsys: pytest.CaptureFixture[str], fail_on: str, expected: int) -> None:
    code, _, _ = run(capsys, "drift", *warning_only, "--fail-on", fail_on)
    assert code == expected


def test_fail_on_never_passes_breaking_changes(pair: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "drift", *pair, "--fail-on", "never")[0] == 0


def test_json_is_stable(pair: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "drift", "--format", "json", *pair)
    report = json.loads(out)
    assert code == 1 and set(report) == {"changes", "summary"}
    assert set(report["summary"]) == {"breaking", "warning", "info", "old", "new"}
    assert report["summary"]["old"] == pair[0] and report["summary"]["new"] == pair[1]
    assert report["changes"] and all(set(c) == KEYS for c in report["changes"])
    assert [c["level"] for c in report["changes"]] == sorted(
        (c["level"] for c in report["changes"]), key=["breaking", "warning", "info"].index)
    counts = {level: sum(c["level"] == level for c in report["changes"]) for level in ("breaking", "warning", "info")}
    assert counts == {k: report["summary"][k] for k in counts}


def test_junit_parses_and_fails_breaking(pair: tuple[str, str], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "drift.xml"
    code, out, _ = run(capsys, "drift", *pair, "--format", "junit", "--output", str(target))
    assert code == 1 and out == ""
    xml = JUnitXml.fromfile(str(target))
    cases = [case for suite in xml for case in suite]
    failed = [case for case in cases if any(isinstance(r, Failure) for r in case.result)]
    assert {case.name for case in failed} == {"api-path-removed-without-deprecation"}
    assert len(cases) > len(failed)


def test_html_is_self_contained(pair: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "drift", *pair, "--format", "html")
    assert code == 1 and out.startswith("<!DOCTYPE html>")
    assert "api-path-removed-without-deprecation" in out
    assert "<script" not in out
    assert not re.search(r"<(link|script|img)[^>]+(http://|https://)", out)


def test_markdown(pair: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "drift", *pair, "--format", "markdown")
    assert "| level | rule | operations | location | message | mappings |" in out
    assert "`api-path-removed-without-deprecation`" in out


@pytest.mark.parametrize("content", ["openapi: 3.1.0\npaths: [\n", "just: yaml\n"])
def test_unreadable_input_exits_2_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(content)
    good = str(write(tmp_path / "good.yaml", base()))
    code, out, err = run(capsys, "drift", good, str(bad))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(bad) in err and "Traceback" not in err


def test_missing_file_and_broken_ref_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = str(write(tmp_path / "good.yaml", base()))
    assert run(capsys, "drift", good, str(tmp_path / "nope.yaml"))[0] == 2
    broken = base()
    broken["components"]["schemas"]["Order"]["properties"]["id"] = {"$ref": "#/components/schemas/Nope"}
    code, _, err = run(capsys, "drift", good, str(write(tmp_path / "broken.yaml", broken)))
    assert code == 2 and "/components/schemas/Order/properties/id/$ref" in err


@pytest.mark.parametrize("args", [["--format", "xml"], ["--fail-on", "sometimes"], ["--date", "tomorrow"]])
def test_bad_options_are_usage_errors(pair: tuple[str, str], capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, _, err = run(capsys, "drift", *pair, *args)
    assert code == 2 and "Traceback" not in err


def test_graphql_against_openapi_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sdl = tmp_path / "s.graphql"
    sdl.write_text("type Query { a: Int }\n")
    code, _, err = run(capsys, "drift", str(write(tmp_path / "a.yaml", base())), str(sdl))
    assert code == 2 and "GraphQL" in err


def test_mappings_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Path(__file__).resolve().parents[3]
    shipped = repo / "contracts" / "shopify" / "admin-rest-2026-01.yaml"
    code, out, _ = run(capsys, "drift", str(shipped), str(shipped), "--mappings", str(repo / "contracts" / "mappings"),
                       "--format", "json")
    assert code == 0 and json.loads(out)["changes"] == []


def test_rules_prints_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "drift", "rules")
    assert code == 0 and out == CATALOGUE_PATH.read_text(encoding="utf-8")
