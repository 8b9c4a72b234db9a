"""Waiting for the other side: adaptive polling, and the sync lag it measures.

The wait starts at ``first_interval_seconds`` and grows by ``backoff`` up to
``max_interval_seconds``: fast at first, where most syncs land, then cheap. With the
defaults (0.25 s, x1.5, 5 s) a 60 s wait costs 17 reads (0.28/s) and a 5 min wait 65.

Polling alone would make the lag only as precise as the last interval (up to 5 s). So
where the target system stamps the record (Business Central's ``lastModifiedDateTime``,
millisecond precision), the lag is that stamp minus the moment the create request was sent,
clamped to what the poll itself proves (it cannot be after the read that found it, nor
before the request). Without a usable stamp, the lag is the midpoint between the last read
that missed and the first that hit, with an error of at most half that interval.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from seamwatch.config.probes import Poll
from seamwatch.core.clock import Clock
from seamwatch.probes.errors import StepFailed

__all__ = ["Found", "intervals", "lag_from_stamp", "poll_until"]

T = TypeVar("T")
# Transient answers (5xx, 429, timeouts, resets) are retried this many times in a row
# before the wait fails with their classification.
_RETRYABLE = frozenset({"http_5xx", "rate_limited", "timeout", "connect"})


def intervals(poll: Poll) -> Callable[[], float]:
    """A generator of successive waits as a callable (each call returns the next wait)."""
    state = {"next": poll.first_interval_seconds}

    def step() -> float:
        wait = state["next"]
        state["next"] = min(poll.max_interval_seconds, wait * poll.backoff)
        return wait

    return step


@dataclass(frozen=True)
class Found(Generic[T]):
    value: T
    reads: int
    found_at: float        # monotonic: when the read that found it was sent
    last_miss_at: float    # monotonic: when the previous read was sent (== start if none)


async def poll_until(read: Callable[[], Awaitable[T | None]], *, clock: Clock, poll: Poll,
                     timeout_seconds: float, started: float, what: str,
                     max_consecutive_errors: int = 3) -> Found[T]:
    """Call ``read`` until it returns a value; ``StepFailed('missing')`` after the timeout."""
    next_wait = intervals(poll)
    last_miss_at, reads, errors = started, 0, 0
    last_error: StepFailed | None = None
    while True:
        await clock.sleep(next_wait())
        sent_at = clock.monotonic()
        reads += 1
        try:
            value = await read()
            errors = 0
        except StepFailed as exc:
            if exc.classification not in _RETRYABLE:
                raise
            errors, last_error, value = errors + 1, exc, None
            if errors >= max_consecutive_errors:
                raise
        if value is not None:
            return Found(value, reads, sent_at, last_miss_at)
        last_miss_at = sent_at
        if clock.monotonic() - started >= timeout_seconds:
            if last_error is not None and errors:
                raise last_error
            raise StepFailed("missing", f"{what} did not appear within {timeout_seconds:g} s "
                                        f"({reads} reads)")


def lag_from_stamp(stamp: str | None, sent_wall: datetime, found: Found[object],
                   started_mono: float) -> tuple[float, str]:
    """``(lag_ms, source)``: from the record's own stamp when it is plausible, else the poll."""
    upper_ms = (found.found_at - started_mono) * 1000.0
    lower_ms = max(0.0, (found.last_miss_at - started_mono) * 1000.0) if found.reads > 1 else 0.0
    parsed = _parse(stamp)
    if parsed is not None:
        stamped_ms = (parsed - sent_wall).total_seconds() * 1000.0
        # Clock skew between us and the ERP shows as a stamp outside what the poll proved.
        if -50.0 <= stamped_ms <= upper_ms + 50.0:
            return max(0.0, stamped_ms), "record timestamp"
    return (lower_ms + upper_ms) / 2.0, "poll midpoint"


def _parse(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        parsed = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None
