"""Probe results as stored. The types live in :mod:`seamwatch.core.results` so that engines
(probes, SLO maths), which sit below storage, can build and read them; this module keeps the
storage-facing import path."""

from __future__ import annotations

from seamwatch.core.results import (
    CLASSIFICATIONS,
    DIRECTIONS,
    MAX_MESSAGE_CHARS,
    CallLatency,
    Classification,
    Direction,
    ProbeResult,
    StepTiming,
    new_run_id,
)

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
