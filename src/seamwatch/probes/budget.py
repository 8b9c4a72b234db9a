"""Keeping probes a small, polite share of a merchant's API allowance.

Shopify's REST Admin API meters each app with a leaky bucket and reports it on every answer
as ``X-Shopify-Shop-Api-Call-Limit: used/size`` (Standard plans 40 leaking 2/s; Plus 400
leaking 20/s, so the leak rate is taken as size / 20). Probes share the merchant's bucket, so
:class:`ShopifyBudget` holds them to two rules before every call:

1. the probes' own calls still in the bucket stay at or under ``share`` of its size;
2. a call is sent only while the bucket, as last reported and leaked since, has room for it
   *plus* that share left free, so a busy merchant is never pushed into a 429 by a probe.

Written by hand: the limiters on PyPI (aiolimiter, limits) model our own rate only; neither
reads the server's view of a shared bucket.
"""

from __future__ import annotations

import asyncio
import math
import re
from collections import deque
from collections.abc import Mapping

from seamwatch.core.clock import Clock

__all__ = ["CALL_LIMIT_HEADER", "OrderPacer", "ShopifyBudget", "parse_call_limit"]

CALL_LIMIT_HEADER = "X-Shopify-Shop-Api-Call-Limit"
_CALL_LIMIT = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
_DEFAULT_BUCKET = 40
# Without a header yet, assume a Standard shop: the smallest bucket is the safe guess.
_LEAK_DIVISOR = 20.0


def parse_call_limit(headers: Mapping[str, str]) -> tuple[int, int] | None:
    """``(used, size)`` from a response's call-limit header, None when absent or malformed."""
    match = _CALL_LIMIT.match(headers.get(CALL_LIMIT_HEADER, "") or "")
    if match is None or int(match.group(2)) <= 0:
        return None
    return int(match.group(1)), int(match.group(2))


class ShopifyBudget:
    """One shop's bucket as probes see it. Shared by every probe that calls that shop."""

    def __init__(self, clock: Clock, share: float = 0.1) -> None:
        self.clock = clock
        self.share = share
        self.size = _DEFAULT_BUCKET
        self._used = 0.0          # the shop's last reported level, leaked since
        self._mine = 0.0          # our own calls still in the bucket, leaked since
        self._at = clock.monotonic()
        self._lock = asyncio.Lock()
        self.waited_seconds = 0.0
        self.calls = 0

    @property
    def leak_per_second(self) -> float:
        return self.size / _LEAK_DIVISOR

    @property
    def allowance(self) -> int:
        """How many of our calls may sit in the bucket at once (at least one)."""
        return max(1, math.floor(self.share * self.size))

    async def acquire(self) -> None:
        """Wait until one more call keeps both rules, then count it as ours."""
        async with self._lock:
            while (wait := self._wait_needed()) > 0:
                self.waited_seconds += wait
                await self.clock.sleep(wait)
            self._mine += 1
            self._used += 1
            self.calls += 1

    def observe(self, headers: Mapping[str, str]) -> None:
        """Take the server's view of the bucket from a response."""
        parsed = parse_call_limit(headers)
        if parsed is None:
            return
        self._leak()
        used, size = parsed
        self.size = size
        self._used = float(used)
        self._mine = min(self._mine, self._used)

    def back_off(self, seconds: float) -> None:
        """After a 429: treat the bucket as full for ``seconds`` (Retry-After)."""
        self._leak()
        self._used = max(self._used, self.size + seconds * self.leak_per_second)

    def _wait_needed(self) -> float:
        self._leak()
        over_mine = self._mine + 1 - self.allowance
        over_shop = self._used + 1 + self.allowance - self.size
        over = max(over_mine, over_shop)
        return over / self.leak_per_second if over > 0 else 0.0

    def _leak(self) -> None:
        now = self.clock.monotonic()
        leaked = (now - self._at) * self.leak_per_second
        self._at = now
        self._used = max(0.0, self._used - leaked)
        self._mine = max(0.0, self._mine - leaked)


class OrderPacer:
    """At most ``per_minute`` synthetic orders a minute on one shop.

    Development stores refuse more than 5 new orders a minute; a probe that hit that limit
    would report the shop as failing when it is the probe that misbehaved.
    """

    def __init__(self, clock: Clock, per_minute: int = 5) -> None:
        self.clock = clock
        self.per_minute = per_minute
        self._times: deque[float] = deque()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = self.clock.monotonic()
                while self._times and now - self._times[0] >= 60.0:
                    self._times.popleft()
                if len(self._times) < self.per_minute:
                    self._times.append(now)
                    return
                await self.clock.sleep(60.0 - (now - self._times[0]))
