"""Shopify's leaky bucket: 40 calls, leaking 2/s, per access token."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest

from seamwatch.sandbox.shopify.ratelimit import LeakyBuckets
from tests.integration.sandbox.shopify_support import ShopifyServer, running_shopify

THROTTLED = ("Exceeded 2 calls per second for api client. "
             "Reduce request rates to resume uninterrupted service.")


@pytest.fixture
def shop() -> Iterator[ShopifyServer]:
    # A server per test: each one needs a fresh bucket (40 calls, 2/s: the defaults).
    with running_shopify() as server:
        yield server


def test_a_burst_of_41_gets_exactly_one_429_and_the_bucket_leaks(shop: ShopifyServer) -> None:
    with shop.client() as client:
        burst = [client.get("/locations.json") for _ in range(41)]
        statuses = [r.status_code for r in burst]
        assert statuses == [200] * 40 + [429]
        assert [r.headers["X-Shopify-Shop-Api-Call-Limit"] for r in burst] == \
            [f"{n}/40" for n in range(1, 41)] + ["40/40"]

        throttled = burst[-1]
        assert throttled.json() == {"errors": THROTTLED}
        assert throttled.headers["X-Shopify-API-Version"] == "2026-01"
        retry_after = throttled.headers["Retry-After"]
        assert re.fullmatch(r"[0-9]+\.[0-9]+", retry_after), retry_after
        assert 0 < float(retry_after) <= 0.5  # one call leaks out in 1/2 s

        time.sleep(float(retry_after))  # obeying Retry-After is enough
        assert client.get("/locations.json").status_code == 200
        time.sleep(1.5)  # three more calls leak out: the bucket is below full again
        limit = client.get("/locations.json").headers["X-Shopify-Shop-Api-Call-Limit"]
        assert int(limit.split("/")[0]) < 40


def test_unauthorised_calls_do_not_spend_the_bucket(shop: ShopifyServer) -> None:
    with shop.client(token="wrong") as stranger, shop.client() as client:
        for _ in range(45):
            assert stranger.get("/orders.json").status_code == 401
        assert client.get("/orders.json").headers["X-Shopify-Shop-Api-Call-Limit"] == "1/40"


def test_bucket_arithmetic_on_a_fake_clock() -> None:
    now = [100.0]
    buckets = LeakyBuckets(size=40, rate=2.0, monotonic=lambda: now[0])
    answers = [buckets.take("token") for _ in range(41)]
    assert [a.allowed for a in answers] == [True] * 40 + [False]
    assert [a.header for a in answers[:3]] == ["1/40", "2/40", "3/40"]
    assert answers[-1].retry_after == 0.5
    assert buckets.take("other").header == "1/40"  # one bucket per token
    now[0] += 0.5
    assert buckets.take("token").allowed
    assert not buckets.take("token").allowed
    now[0] += 20.0  # fully drained
    assert buckets.peek("token").header == "0/40"
