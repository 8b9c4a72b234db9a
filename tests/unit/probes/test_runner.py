"""ProbeRunner: always a result, never an exception; messages masked."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from seamwatch.config import load_probe_config
from seamwatch.config.models import ProbeConfig
from seamwatch.core.clock import FakeClock
from seamwatch.core.results import ProbeResult
from seamwatch.core.secrets import Masker
from seamwatch.probes import ProbeRunner, SystemLink

TOKEN = "sekrit-token-0123456789"
PROBE_FILE = """
systems:
  api:
    kind: http
    base_url: http://api.test
probes:
  - name: health
    kind: http
    system: api
    path: /health
    schedule: {interval_seconds: 30}
    conditions: ["[STATUS] == 200", "[BODY].ok == true"]
"""


@pytest.fixture
def config(tmp_path: Path) -> ProbeConfig:
    path = tmp_path / "probes.yaml"
    path.write_text(PROBE_FILE, encoding="utf-8")
    return load_probe_config(path)


def run(config: ProbeConfig, handler: Callable[[httpx.Request], httpx.Response],
        times: int = 1) -> list[ProbeResult]:
    clock = FakeClock()

    async def go() -> list[ProbeResult]:
        client = httpx.AsyncClient(base_url="http://api.test", transport=httpx.MockTransport(handler))
        links = {"api": SystemLink("api", config.systems["api"], client)}
        runner = ProbeRunner(config, links, clock, Masker([TOKEN]))
        try:
            return [await runner.run(config.probes[0]) for _ in range(times)]
        finally:
            await client.aclose()

    return asyncio.run(go())


def test_a_passing_probe(config: ProbeConfig) -> None:
    [result] = run(config, lambda r: httpx.Response(200, json={"ok": True}))
    assert result.success and result.classification is None and result.failed_step is None
    assert [s.name for s in result.steps] == ["request", "conditions"]
    assert [c.status for c in result.calls] == [200]


def test_a_failed_condition_names_the_step_and_what_was_seen(config: ProbeConfig) -> None:
    [result] = run(config, lambda r: httpx.Response(200, json={"ok": False}))
    assert not result.success and result.classification == "schema"
    assert result.failed_step == "conditions"
    assert "[BODY].ok == true (got false)" in result.message


def test_an_unexpected_exception_is_internal_and_the_runner_keeps_going(
        config: ProbeConfig, caplog: pytest.LogCaptureFixture) -> None:
    calls = {"n": 0}

    def flaky(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ZeroDivisionError("a seamwatch bug")   # not a transport error: nobody expects it
        return httpx.Response(200, json={"ok": True})

    with caplog.at_level(logging.ERROR, logger="seamwatch.probes"):
        first, second = run(config, flaky, times=2)
    assert first.classification == "internal" and not first.success
    assert "ZeroDivisionError: a seamwatch bug" in first.message
    assert first.failed_step == "request"
    assert second.success   # the next run is unaffected
    bugs = [r for r in caplog.records if r.name == "seamwatch.probes"]
    assert len(bugs) == 1 and bugs[0].exc_info is not None   # logged once, with its traceback


def test_a_token_echoed_in_a_body_is_masked(config: ProbeConfig) -> None:
    [result] = run(config, lambda r: httpx.Response(200, json={"ok": f"token={TOKEN}"}))
    assert result.classification == "schema"
    assert TOKEN not in result.message
    assert "(got token=***" in result.message
    assert all(TOKEN not in (step.error or "") for step in result.steps)   # stored too


def test_a_token_in_an_internal_error_is_masked(config: ProbeConfig) -> None:
    def leaky(request: httpx.Request) -> httpx.Response:
        raise RuntimeError(f"could not use {TOKEN}")

    [result] = run(config, leaky)
    assert result.classification == "internal"
    assert TOKEN not in result.message and "could not use ***" in result.message


def test_cancellation_is_not_swallowed(config: ProbeConfig) -> None:
    def cancelled(request: httpx.Request) -> httpx.Response:
        raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        run(config, cancelled)
