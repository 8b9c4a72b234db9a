"""Adaptive polling and the lag it measures, on a FakeClock (sleeping advances it)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from seamwatch.config.probes import Poll
from seamwatch.core.clock import FakeClock
from seamwatch.probes.errors import StepFailed
from seamwatch.probes.polling import Found, intervals, lag_from_stamp, poll_until

POLL = Poll(first_interval_seconds=0.25, max_interval_seconds=5, backoff=1.5)


def test_intervals_grow_by_backoff_up_to_the_max() -> None:
    step = intervals(POLL)
    waits = [step() for _ in range(14)]
    assert waits[:4] == pytest.approx([0.25, 0.375, 0.5625, 0.84375])
    assert all(b >= a for a, b in zip(waits, waits[1:], strict=False))
    assert max(waits) == 5.0 and waits[-3:] == [5.0, 5.0, 5.0]


def test_a_60s_wait_costs_few_reads() -> None:
    """The module's promise: with the defaults a 60 s wait costs 17 reads (0.28/s)."""
    step, elapsed, reads = intervals(POLL), 0.0, 0
    while (elapsed := elapsed + step()) <= 60.0:
        reads += 1
    assert reads == 17


def run_poll(answers: list[object], timeout: float = 30.0) -> tuple[Found[object] | StepFailed, list[float], FakeClock]:
    """Poll a read that gives ``answers`` in turn (an exception is raised, None is a miss)."""
    clock = FakeClock()
    seen: list[float] = []

    async def read() -> object | None:
        seen.append(clock.monotonic())
        answer = answers.pop(0) if answers else None
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def go() -> Found[object] | StepFailed:
        try:
            return await poll_until(read, clock=clock, poll=POLL, timeout_seconds=timeout,
                                    started=clock.monotonic(), what="the order")
        except StepFailed as exc:
            return exc

    return asyncio.run(go()), seen, clock


def test_found_after_misses_reports_reads_and_the_bracketing_reads() -> None:
    found, seen, _ = run_poll([None, None, "order"])
    assert isinstance(found, Found)
    assert found.value == "order" and found.reads == 3
    assert found.found_at == pytest.approx(seen[2])
    assert found.last_miss_at == pytest.approx(seen[1])
    assert seen == pytest.approx([0.25, 0.625, 1.1875])


def test_transient_errors_are_retried_up_to_three_in_a_row() -> None:
    five = StepFailed("http_5xx", "erp answered 500")
    found, _, _ = run_poll([five, StepFailed("timeout", "slow"), "order"])
    assert isinstance(found, Found) and found.reads == 3
    found, _, _ = run_poll([five, five, None, five, five, "order"])   # a good read resets the count
    assert isinstance(found, Found)


def test_three_transient_errors_in_a_row_fail_with_their_classification() -> None:
    failed, seen, _ = run_poll([StepFailed("connect", "reset")] * 2 + [StepFailed("rate_limited", "429")])
    assert isinstance(failed, StepFailed) and failed.classification == "rate_limited"
    assert len(seen) == 3


def test_a_non_transient_error_fails_at_once() -> None:
    failed, seen, _ = run_poll([StepFailed("schema", "not JSON"), "order"])
    assert isinstance(failed, StepFailed) and failed.classification == "schema"
    assert len(seen) == 1


def test_nothing_within_the_timeout_is_missing() -> None:
    failed, seen, clock = run_poll([], timeout=10.0)
    assert isinstance(failed, StepFailed) and failed.classification == "missing"
    assert "within 10 s" in failed.message
    assert 10.0 <= clock.monotonic() < 10.0 + POLL.max_interval_seconds
    assert len(seen) < 12   # backing off: nowhere near 10 s / 0.25 s = 40 reads


def test_a_timeout_during_transient_errors_keeps_their_classification() -> None:
    five = StepFailed("http_5xx", "erp answered 500")
    failed, _, _ = run_poll([None, None, None, None, five], timeout=3.0)   # 5th read at 3.3 s
    assert isinstance(failed, StepFailed) and failed.classification == "http_5xx"


SENT = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)


def stamp(ms: float) -> str:
    return (SENT + timedelta(milliseconds=ms)).isoformat().replace("+00:00", "Z")


def test_lag_uses_the_record_stamp_when_it_is_plausible() -> None:
    found = Found("order", reads=4, found_at=2.5, last_miss_at=1.5)
    assert lag_from_stamp(stamp(1734.0), SENT, found, 0.0) == (pytest.approx(1734.0), "record timestamp")


def test_a_stamp_after_the_read_that_found_it_is_skew_and_ignored() -> None:
    found = Found("order", reads=4, found_at=2.5, last_miss_at=1.5)
    lag, source = lag_from_stamp(stamp(9000.0), SENT, found, 0.0)
    assert source == "poll midpoint" and lag == pytest.approx(2000.0)


def test_a_stamp_before_the_request_is_skew_and_ignored() -> None:
    found = Found("order", reads=2, found_at=1.0, last_miss_at=0.5)
    lag, source = lag_from_stamp(stamp(-500.0), SENT, found, 0.0)
    assert source == "poll midpoint" and lag == pytest.approx(750.0)


@pytest.mark.parametrize("bad", [None, "", "yesterday", "2026-01-01T12:00:01"])  # naive too
def test_no_usable_stamp_falls_back_to_the_midpoint(bad: str | None) -> None:
    found = Found("order", reads=3, found_at=3.0, last_miss_at=2.0)
    assert lag_from_stamp(bad, SENT, found, 0.0) == (pytest.approx(2500.0), "poll midpoint")


def test_found_on_the_first_read_brackets_from_the_send() -> None:
    found = Found("order", reads=1, found_at=0.25, last_miss_at=0.0)
    assert lag_from_stamp(None, SENT, found, 0.0) == (pytest.approx(125.0), "poll midpoint")
