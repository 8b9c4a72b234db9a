"""Per-token throttling of the ERP sandbox: a sliding window of N requests, then 429."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from seamwatch.core.clock import FakeClock
from seamwatch.sandbox.settings import SandboxSettings

from .erp_helpers import RunningErp, assert_error, running_erp

WINDOW = 60.0


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def erp(clock: FakeClock) -> Iterator[RunningErp]:
    # The window slides on the app's clock, so the test moves time instead of sleeping.
    settings = SandboxSettings(erp_requests_per_window=5, erp_window_seconds=WINDOW)
    with running_erp(settings, clock=clock) as running:
        yield running


def test_the_sixth_request_in_the_window_is_429(erp: RunningErp) -> None:
    with erp.client() as client:
        assert [client.get("/items").status_code for _ in range(5)] == [200] * 5
        throttled = client.get("/items")
        assert_error(throttled, 429, "Application_TooManyRequests")
        assert int(throttled.headers["retry-after"]) == int(WINDOW)
        # Every path and method counts against the same token.
        assert_error(client.post("/salesOrders", json={}), 429, "Application_TooManyRequests")


def test_the_window_slides(erp: RunningErp, clock: FakeClock) -> None:
    with erp.client() as client:
        for _ in range(3):
            assert client.get("/items").status_code == 200
        clock.advance(WINDOW / 2)
        for _ in range(2):
            assert client.get("/items").status_code == 200
        assert client.get("/items").status_code == 429
        assert int(client.get("/items").headers["retry-after"]) == int(WINDOW / 2)
        clock.advance(WINDOW / 2)  # the first three leave the window
        assert [client.get("/items").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_throttling_is_per_token_and_after_authentication(erp: RunningErp) -> None:
    with erp.client() as client:
        for _ in range(6):
            client.get("/items")
        assert client.get("/items").status_code == 429
    with erp.client(token="someone-else") as stranger:
        assert_error(stranger.get("/items"), 401, "Authentication_InvalidCredentials")
    health = httpx.get(f"{erp.origin}/_sandbox/health", timeout=10.0)
    assert health.status_code == 200 and health.json()["status"] == "ok"
