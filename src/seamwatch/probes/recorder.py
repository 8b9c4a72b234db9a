"""Per-run bookkeeping: the timing of each step and the latency of each HTTP call."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from seamwatch.core.clock import Clock
from seamwatch.core.results import CallLatency, StepTiming
from seamwatch.probes.errors import StepFailed

__all__ = ["RunRecorder"]


@dataclass
class RunRecorder:
    """Collects what one run did. ``step`` times a phase; the HTTP layer calls ``call``."""

    clock: Clock
    steps: list[StepTiming] = field(default_factory=list)
    calls: list[CallLatency] = field(default_factory=list)
    current_step: str | None = None

    @asynccontextmanager
    async def step(self, name: str) -> AsyncIterator[None]:
        """Time the body as step ``name``; a failure inside marks the step failed and re-raises."""
        started_at, start = self.clock.now(), self.clock.monotonic()
        outer, self.current_step = self.current_step, name
        try:
            yield
        except StepFailed as exc:
            self._add(name, started_at, start, ok=False, error=exc.message)
            raise
        except BaseException as exc:
            self._add(name, started_at, start, ok=False, error=f"{type(exc).__name__}: {exc}")
            raise
        else:
            self._add(name, started_at, start, ok=True, error=None)
        finally:
            self.current_step = outer

    def call(self, latency: CallLatency) -> None:
        self.calls.append(latency)

    def _add(self, name: str, started_at: object, start: float, *, ok: bool, error: str | None) -> None:
        elapsed_ms = (self.clock.monotonic() - start) * 1000.0
        self.steps.append(StepTiming(name, started_at, elapsed_ms, ok, error))  # type: ignore[arg-type]
