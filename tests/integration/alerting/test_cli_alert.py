"""`seamwatch alert test PROVIDER --config FILE`: exit 0 accepted, 1 refused, 2 config/secret/connection."""

from __future__ import annotations

from pathlib import Path

import pytest

from seamwatch.alerting import TEST_SUMMARY
from seamwatch.cli import main
from seamwatch.testing.sink import HttpSink

KEY = "pd-cli-routing-key-987654321"


def probe_file(tmp_path: Path, sink: HttpSink) -> Path:
    path = tmp_path / "probes.yaml"
    path.write_text(f"""\
systems:
  api: {{kind: http, base_url: "http://127.0.0.1:9"}}
alerting:
  receivers:
    oncall: {{provider: pagerduty, routing_key: "${{SW_CLI_PD_KEY}}", url: "{sink.url}/v2/enqueue"}}
    backup: {{provider: pagerduty, routing_key: "${{SW_CLI_PD_KEY}}", url: "{sink.url}/backup"}}
    hook: {{provider: webhook, url: "{sink.url}/hook"}}
""", encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["alert", "test", *args])
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


@pytest.fixture(autouse=True)
def routing_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SW_CLI_PD_KEY", KEY)


def test_a_test_page_reaches_every_receiver_of_the_provider(tmp_path: Path, sink: HttpSink,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "pagerduty", "--config", str(probe_file(tmp_path, sink)))
    assert code == 0, err
    assert sorted(r.path for r in sink.requests) == ["/backup", "/v2/enqueue"]
    body = sink.requests[0].json
    assert body["payload"]["summary"] == TEST_SUMMARY and body["payload"]["severity"] == "info"
    assert body["routing_key"] == KEY and body["dedup_key"].startswith("seamwatch/test/")
    assert "pagerduty receiver oncall: accepted (HTTP 202" in out and KEY not in out + err


def test_receiver_narrows_and_a_refusal_exits_1(tmp_path: Path, sink: HttpSink,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    sink.fail(400)
    code, out, _ = run(capsys, "webhook", "--config", str(probe_file(tmp_path, sink)), "--receiver", "hook")
    assert code == 1 and "webhook receiver hook: refused (HTTP 400" in out
    assert [r.path for r in sink.requests] == ["/hook"]


def test_unreachable_receiver_exits_2_in_one_line(tmp_path: Path, sink: HttpSink,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = probe_file(tmp_path, sink)
    sink.refuse()
    code, _, err = run(capsys, "webhook", "--config", str(path))
    assert code == 2 and err.count("\n") == 1 and "connect error" in err and "(fix:" in err


def test_config_and_secret_errors_exit_2(tmp_path: Path, sink: HttpSink, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = probe_file(tmp_path, sink)
    code, _, err = run(capsys, "opsgenie", "--config", str(path))
    assert code == 2 and "unknown provider 'opsgenie'" in err
    code, _, err = run(capsys, "slack", "--config", str(path))
    assert code == 2 and "no slack receiver" in err
    monkeypatch.delenv("SW_CLI_PD_KEY")
    code, _, err = run(capsys, "pagerduty", "--config", str(path))
    assert code == 2 and f"{path}:5: alerting.receivers.oncall.routing_key" in err and "SW_CLI_PD_KEY" in err
    assert sink.requests == []
