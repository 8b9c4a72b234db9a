"""BC's online throttling: a sliding window of N requests per principal (token)."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable

__all__ = ["SlidingWindowLimiter"]


class SlidingWindowLimiter:
    """At most ``limit`` requests per ``window`` seconds for each key.

    ``acquire`` returns 0 when the request may proceed (and counts it), else how many
    seconds remain until the oldest counted request leaves the window. Refused requests
    are not counted, so a client that backs off for that long gets through.
    """

    def __init__(self, limit: int, window: float, monotonic: Callable[[], float]) -> None:
        self.limit = limit
        self.window = window
        self._monotonic = monotonic
        self._hits: dict[str, deque[float]] = {}

    def acquire(self, key: str) -> float:
        now = self._monotonic()
        hits = self._hits.setdefault(key, deque())
        horizon = now - self.window
        while hits and hits[0] <= horizon:
            hits.popleft()
        if len(hits) >= self.limit:
            return max(hits[0] - horizon, 0.001)
        hits.append(now)
        return 0.0

    @staticmethod
    def retry_after_header(wait: float) -> str:
        """Whole seconds, rounded up, as BC and most clients expect."""
        return str(max(1, math.ceil(wait)))
