"""Shopify's REST leaky bucket: one bucket per access token, ``size`` calls, leaking ``rate``/s."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["BucketAnswer", "LeakyBuckets"]


@dataclass(frozen=True, slots=True)
class BucketAnswer:
    """The outcome of one call: allowed or not, the fill to report, and the wait when full."""

    allowed: bool
    used: int
    size: int
    retry_after: float = 0.0

    @property
    def header(self) -> str:
        """``X-Shopify-Shop-Api-Call-Limit``: ``used/size``."""
        return f"{self.used}/{self.size}"


class LeakyBuckets:
    """Leaky buckets keyed by access token, on a monotonic clock.

    The level is a float that drains continuously; the reported ``used`` rounds it up, so a
    burst from an empty bucket reads 1/40, 2/40, ... 40/40 and the 41st call is refused.
    """

    def __init__(self, size: int, rate: float,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.size = size
        self.rate = rate
        self._monotonic = monotonic
        self._levels: dict[str, tuple[float, float]] = {}

    def _drained(self, key: str) -> float:
        level, since = self._levels.get(key, (0.0, self._monotonic()))
        return max(0.0, level - (self._monotonic() - since) * self.rate)

    def take(self, key: str) -> BucketAnswer:
        """Spend one call from ``key``'s bucket, or say how long until one fits."""
        level = self._drained(key)
        now = self._monotonic()
        if level + 1 > self.size:
            self._levels[key] = (level, now)
            # A bucket that never leaks (rate 0) still answers a finite, valid Retry-After.
            wait = (level + 1 - self.size) / self.rate if self.rate > 0 else 3600.0
            # Round the wait up to a tenth, so a client that obeys it is not refused again.
            return BucketAnswer(False, self._used(level), self.size, math.ceil(wait * 10) / 10)
        self._levels[key] = (level + 1, now)
        return BucketAnswer(True, self._used(level + 1), self.size)

    def peek(self, key: str) -> BucketAnswer:
        """The current fill without spending a call (for answers that are not counted, e.g. 401)."""
        return BucketAnswer(True, self._used(self._drained(key)), self.size)

    def _used(self, level: float) -> int:
        # The tolerance keeps float noise from turning an exact 3.0 into 4.
        return min(self.size, math.ceil(level - 1e-9))
