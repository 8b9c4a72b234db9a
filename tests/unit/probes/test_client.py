"""ProbeHttp's classification table, over httpx.MockTransport (no network)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

from seamwatch.config.systems import System
from seamwatch.core.clock import FakeClock
from seamwatch.probes.budget import CALL_LIMIT_HEADER, ShopifyBudget
from seamwatch.probes.client import ProbeHttp, SystemLink, field_of, json_body
from seamwatch.probes.errors import StepFailed
from seamwatch.probes.recorder import RunRecorder

Handler = Callable[[httpx.Request], httpx.Response]
SYSTEM = System(kind="http", base_url="http://sut.test")


def probe_http(handler: Handler, budget: ShopifyBudget | None = None) -> tuple[ProbeHttp, RunRecorder]:
    clock = FakeClock()
    client = httpx.AsyncClient(base_url="http://sut.test", transport=httpx.MockTransport(handler))
    link = SystemLink("sut", SYSTEM, client, budget=budget)
    recorder = RunRecorder(clock)
    return ProbeHttp({"sut": link}, recorder, clock), recorder


def send(handler: Handler, budget: ShopifyBudget | None = None) -> tuple[httpx.Response | StepFailed, RunRecorder]:
    http, recorder = probe_http(handler, budget)

    async def go() -> httpx.Response | StepFailed:
        try:
            return await http.request("sut", "GET /thing", "GET", "/thing")
        except StepFailed as exc:
            return exc
        finally:
            await http.links["sut"].client.aclose()

    return asyncio.run(go()), recorder


def raising(exc: Exception) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc
    return handler


@pytest.mark.parametrize(("handler", "classification"), [
    (raising(httpx.ReadTimeout("slow")), "timeout"),
    (raising(httpx.ConnectTimeout("slow")), "timeout"),
    (raising(httpx.ConnectError("refused")), "connect"),
    (raising(httpx.RemoteProtocolError("reset")), "connect"),
    (lambda r: httpx.Response(429, headers={"Retry-After": "1"}, json={"errors": "slow down"}), "rate_limited"),
    (lambda r: httpx.Response(500, json={"error": "boom"}), "http_5xx"),
    (lambda r: httpx.Response(503, text="unavailable"), "http_5xx"),
    (lambda r: httpx.Response(404, json={"errors": "Not Found"}), "http_4xx"),
    (lambda r: httpx.Response(401, json={"errors": "bad token"}), "http_4xx"),
], ids=["read-timeout", "connect-timeout", "refused", "reset", "429", "500", "503", "404", "401"])
def test_classification_table(handler: Handler, classification: str) -> None:
    outcome, recorder = send(handler)
    assert isinstance(outcome, StepFailed)
    assert outcome.classification == classification
    assert outcome.message.startswith("GET /thing: sut ")
    assert len(recorder.calls) == 1   # the failed call is still timed and recorded


def test_an_expected_status_is_returned_and_recorded() -> None:
    outcome, recorder = send(lambda r: httpx.Response(200, json={"ok": True}))
    assert isinstance(outcome, httpx.Response)
    assert [(c.system, c.operation, c.method, c.status) for c in recorder.calls] == [
        ("sut", "GET /thing", "GET", 200)]


def test_transport_failure_is_recorded_without_a_status() -> None:
    _, recorder = send(raising(httpx.ConnectError("refused")))
    assert recorder.calls[0].status is None


def test_non_json_body_is_schema() -> None:
    response = httpx.Response(200, text="<html>maintenance</html>")
    with pytest.raises(StepFailed) as caught:
        json_body(response, "GET /thing")
    assert caught.value.classification == "schema"
    assert "maintenance" in caught.value.message


def test_missing_field_is_schema_and_named() -> None:
    with pytest.raises(StepFailed) as caught:
        field_of({"orders": [{"id": 1}]}, "GET /orders", "orders", 0, "name")
    assert caught.value.classification == "schema"
    assert "orders.0.name" in caught.value.message
    assert field_of({"orders": [{"id": 1}]}, "op", "orders", 0, "id") == 1


def test_a_429_backs_the_shopify_budget_off_for_retry_after() -> None:
    clock = FakeClock()
    budget = ShopifyBudget(clock)
    outcome, _ = send(lambda r: httpx.Response(429, headers={"Retry-After": "4"}), budget)
    assert isinstance(outcome, StepFailed) and outcome.classification == "rate_limited"
    asyncio.run(budget.acquire())
    assert clock.monotonic() >= 4.0


def test_the_call_limit_header_feeds_the_budget() -> None:
    clock = FakeClock()
    budget = ShopifyBudget(clock)
    send(lambda r: httpx.Response(200, headers={CALL_LIMIT_HEADER: "38/40"}, json={}), budget)
    asyncio.run(budget.acquire())
    assert clock.monotonic() > 0.0   # 38/40 leaves no room for our share: it waited
