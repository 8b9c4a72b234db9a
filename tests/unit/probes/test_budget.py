"""ShopifyBudget (call-limit governor) and OrderPacer, driven by a FakeClock.

FakeClock.sleep advances the clock, so every wait the governor takes shows up as elapsed
fake time: "waited" below means the fake clock moved, never a real sleep.
"""

from __future__ import annotations

import asyncio

import pytest

from seamwatch.core.clock import FakeClock
from seamwatch.probes.budget import CALL_LIMIT_HEADER, OrderPacer, ShopifyBudget, parse_call_limit


def header(used: int, size: int) -> dict[str, str]:
    return {CALL_LIMIT_HEADER: f"{used}/{size}"}


@pytest.mark.parametrize(("value", "expected"), [
    ("3/40", (3, 40)), (" 12 / 400 ", (12, 400)), ("x/40", None), ("3/0", None), ("", None),
])
def test_parse_call_limit(value: str, expected: tuple[int, int] | None) -> None:
    assert parse_call_limit({CALL_LIMIT_HEADER: value}) == expected


def test_parse_call_limit_absent_header() -> None:
    assert parse_call_limit({}) is None


class SimulatedShop:
    """Shopify's leaky bucket as the server keeps it: 2 calls/s leak from a 40-call bucket."""

    def __init__(self, clock: FakeClock, size: int = 40) -> None:
        self.clock, self.size, self.level, self.at = clock, size, 0.0, 0.0

    def call(self) -> dict[str, str]:
        now = self.clock.monotonic()
        self.level = max(0.0, self.level - (now - self.at) * self.size / 20.0) + 1
        self.at = now
        assert self.level <= self.size, "the probe caused a 429"
        return header(round(self.level), self.size)


def test_our_share_never_exceeds_share_of_the_bucket() -> None:
    """40-call bucket, share 0.1: at most 4 of our calls may sit in it at any moment."""
    clock = FakeClock()
    budget = ShopifyBudget(clock, share=0.1)
    shop = SimulatedShop(clock)
    levels: list[float] = []

    async def burst() -> None:
        for _ in range(30):
            await budget.acquire()
            budget.observe(shop.call())
            levels.append(shop.level)   # only our calls reach this shop

    asyncio.run(burst())
    assert budget.allowance == 4
    assert max(levels) <= 4.0 + 1e-9
    # The first 4 are free, the rest paced at the 2/s leak: the burst takes (30 - 4) / 2 s.
    assert clock.monotonic() == pytest.approx((30 - 4) / 2.0)
    assert budget.waited_seconds == pytest.approx(clock.monotonic())


def test_a_busy_merchant_is_never_pushed_into_a_429() -> None:
    """The merchant sends 1.9 calls/s of its own; probes hammer the same bucket and must
    keep our share of room free: the shop never overflows (SimulatedShop asserts it)."""
    clock = FakeClock()
    budget = ShopifyBudget(clock, share=0.1)
    shop = SimulatedShop(clock)
    for _ in range(36):
        shop.call()   # the merchant's burst: 36/40 used
    budget.observe(header(36, 40))

    async def probes() -> None:
        for _ in range(20):
            await budget.acquire()
            budget.observe(shop.call())
            shop.call()   # the merchant's next call right behind ours

    asyncio.run(probes())
    assert shop.level <= shop.size


def test_first_calls_within_the_allowance_do_not_wait() -> None:
    clock = FakeClock()
    budget = ShopifyBudget(clock, share=0.1)

    async def four() -> None:
        for _ in range(4):
            await budget.acquire()

    asyncio.run(four())
    assert clock.monotonic() == 0.0
    assert budget.calls == 4


def test_waits_when_the_shop_bucket_is_nearly_full() -> None:
    """The merchant's own traffic holds 37/40: a probe call must wait until the bucket has
    room for it plus our share left free (37 + 1 + 4 - 40 = 2 calls over, at 2/s: 1 s)."""
    clock = FakeClock()
    budget = ShopifyBudget(clock, share=0.1)
    budget.observe(header(37, 40))
    asyncio.run(budget.acquire())
    assert clock.monotonic() == pytest.approx(1.0)
    assert budget.waited_seconds == pytest.approx(1.0)


def test_a_quiet_shop_lets_the_call_through_at_once() -> None:
    clock = FakeClock()
    budget = ShopifyBudget(clock, share=0.1)
    budget.observe(header(10, 40))
    asyncio.run(budget.acquire())
    assert clock.monotonic() == 0.0


def test_a_plus_shop_bucket_widens_the_allowance_and_leak() -> None:
    clock = FakeClock()
    budget = ShopifyBudget(clock, share=0.1)
    budget.observe(header(0, 400))
    assert budget.allowance == 40
    assert budget.leak_per_second == pytest.approx(20.0)


def test_back_off_after_a_429_holds_calls_for_retry_after() -> None:
    clock = FakeClock()
    budget = ShopifyBudget(clock, share=0.1)
    budget.back_off(3.0)
    asyncio.run(budget.acquire())
    # Treated as full for 3 s, then room for one call plus our share: (1 + 4) / 2 s more.
    assert clock.monotonic() >= 3.0
    assert clock.monotonic() == pytest.approx(3.0 + 5 / 2.0)


def test_concurrent_probes_share_one_budget() -> None:
    clock = FakeClock()
    budget = ShopifyBudget(clock, share=0.1)

    async def many() -> None:
        await asyncio.gather(*(budget.acquire() for _ in range(10)))

    asyncio.run(many())
    assert budget.calls == 10
    assert budget._mine <= budget.allowance + 1e-9
    assert clock.monotonic() == pytest.approx((10 - 4) / 2.0)


def test_order_pacer_allows_n_per_minute_then_waits_for_the_oldest() -> None:
    clock = FakeClock()
    pacer = OrderPacer(clock, per_minute=5)
    times: list[float] = []

    async def orders() -> None:
        for _ in range(11):
            await pacer.acquire()
            times.append(clock.monotonic())

    asyncio.run(orders())
    assert times[:5] == [0.0] * 5
    assert times[5:10] == [pytest.approx(60.0)] * 5
    assert times[10] == pytest.approx(120.0)
    for i, t in enumerate(times):   # never more than 5 in any 60 s window
        assert sum(1 for u in times[: i + 1] if t - u < 60.0) <= 5


def test_order_pacer_spaced_orders_never_wait() -> None:
    clock = FakeClock()
    pacer = OrderPacer(clock, per_minute=2)

    async def spaced() -> None:
        for _ in range(4):
            await pacer.acquire()
            clock.advance(30.0)

    asyncio.run(spaced())
    assert clock.monotonic() == pytest.approx(120.0)   # only the advances, no waits
