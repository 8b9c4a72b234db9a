"""What a probe run produced: plain frozen dataclasses, no SQLAlchemy.

A :class:`ProbeResult` is one run of one probe; it carries the timing of each step and the
latency of each HTTP call made during the run. Timestamps are always aware UTC datetimes.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final, Literal, get_args

__all__ = [
    "CLASSIFICATIONS",
    "DIRECTIONS",
    "MAX_MESSAGE_CHARS",
    "CallLatency",
    "Classification",
    "Direction",
    "ProbeResult",
    "StepTiming",
    "new_run_id",
]

Classification = Literal[
    "timeout", "connect", "http_5xx", "http_4xx", "rate_limited",
    "schema", "data_mismatch", "missing", "late", "cleanup_failed", "internal",
]
Direction = Literal["shopify_to_erp", "erp_to_shopify"]

CLASSIFICATIONS: Final[frozenset[str]] = frozenset(get_args(Classification))
DIRECTIONS: Final[frozenset[str]] = frozenset(get_args(Direction))
# Messages are for humans; a whole response body does not belong in the store.
MAX_MESSAGE_CHARS: Final = 2000


def _require_aware(name: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got naive {value!r}")
    if value.utcoffset() != timedelta(0):
        raise ValueError(f"{name} must be in UTC, got offset {value.utcoffset()}")


def new_run_id(at: datetime) -> str:
    """A UUIDv7 (RFC 9562) string for a run started at ``at``.

    Time-ordered ids keep the store's primary-key indexes append-mostly; random UUIDv4s
    scatter inserts over the whole B-tree and halve SQLite's insert rate at 10^5+ runs.
    """
    millis = int(at.timestamp() * 1000) & ((1 << 48) - 1)
    rand = int.from_bytes(os.urandom(10), "big")  # 80 random bits, 74 of them used
    value = (millis << 80) | (0x7 << 76) | ((rand >> 62) & 0xFFF) << 64 | (0b10 << 62) | (rand & ((1 << 62) - 1))
    return str(uuid.UUID(int=value))


@dataclass(frozen=True)
class StepTiming:
    """One step of a probe run (e.g. ``create_order``, ``poll_erp``, ``cleanup``)."""

    name: str
    started_at: datetime
    duration_ms: float
    ok: bool
    error: str | None = None

    def __post_init__(self) -> None:
        _require_aware("StepTiming.started_at", self.started_at)


@dataclass(frozen=True)
class CallLatency:
    """One HTTP call made during a run. ``status`` is None when no response arrived."""

    system: str
    operation: str
    method: str
    status: int | None
    latency_ms: float


@dataclass(frozen=True)
class ProbeResult:
    """One run of one probe. ``classification`` is None exactly when ``success`` is true.

    ``message`` longer than :data:`MAX_MESSAGE_CHARS` is truncated, not refused, so a
    verbose failure can never stop a result from being recorded.
    """

    run_id: str
    probe: str
    kind: str
    system: str
    started_at: datetime
    finished_at: datetime
    duration_ms: float
    success: bool
    classification: Classification | None = None
    failed_step: str | None = None
    message: str = ""
    sync_lag_ms: float | None = None
    direction: Direction | None = None
    steps: list[StepTiming] = field(default_factory=list)
    calls: list[CallLatency] = field(default_factory=list)

    def __post_init__(self) -> None:
        _require_aware("ProbeResult.started_at", self.started_at)
        _require_aware("ProbeResult.finished_at", self.finished_at)
        if self.classification is not None and self.classification not in CLASSIFICATIONS:
            raise ValueError(f"unknown classification {self.classification!r}; "
                             f"expected one of {sorted(CLASSIFICATIONS)}")
        if self.success != (self.classification is None):
            raise ValueError("a successful result has no classification; a failed one needs one")
        if self.direction is not None and self.direction not in DIRECTIONS:
            raise ValueError(f"unknown direction {self.direction!r}; expected one of {sorted(DIRECTIONS)}")
        if len(self.message) > MAX_MESSAGE_CHARS:
            # Frozen: the one sanctioned write, done before anyone can see the instance.
            object.__setattr__(self, "message", self.message[: MAX_MESSAGE_CHARS - 1] + "…")
