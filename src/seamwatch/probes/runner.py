"""Running one probe once: always a :class:`~seamwatch.core.results.ProbeResult`, never an exception.

Whatever a probe meets is recorded and classified: a :class:`StepFailed` keeps its
classification; an exception nobody expected is ``internal`` (a seamwatch bug, logged with
its traceback once) so that the service keeps running and the failure is still counted.
Every message is masked before it leaves the runner.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from seamwatch.config.models import ProbeConfig
from seamwatch.core.clock import Clock
from seamwatch.core.results import ProbeResult, StepTiming, new_run_id
from seamwatch.core.secrets import Masker
from seamwatch.probes.client import ProbeHttp, SystemLink
from seamwatch.probes.context import Outcome, ProbeContext, WebhookExpectation
from seamwatch.probes.errors import StepFailed
from seamwatch.probes.kinds import PROBE_KINDS
from seamwatch.probes.recorder import RunRecorder

__all__ = ["ProbeRunner"]

log = logging.getLogger("seamwatch.probes")


class ProbeRunner:
    """Runs probes of one config against shared system links."""

    def __init__(self, config: ProbeConfig, links: Mapping[str, SystemLink], clock: Clock,
                 masker: Masker, expect_webhook: WebhookExpectation | None = None) -> None:
        self.config = config
        self.links = links
        self.clock = clock
        self.masker = masker
        self.expect_webhook = expect_webhook
        self._cache: dict[str, Any] = {}
        self.in_flight: set[str] = set()

    async def run(self, probe: Any) -> ProbeResult:
        started_at, start = self.clock.now(), self.clock.monotonic()
        run_id = new_run_id(started_at)
        reference = uuid.uuid4().hex[:12]
        recorder = RunRecorder(self.clock)
        ctx = ProbeContext(config=self.config, http=ProbeHttp(self.links, recorder, self.clock),
                           recorder=recorder, clock=self.clock, reference=reference,
                           expect_webhook=self._expectation(probe.name), cache=self._cache)
        self.in_flight.add(reference)
        try:
            outcome = await PROBE_KINDS.get(probe.kind)(probe, ctx)
        except StepFailed as exc:
            outcome = Outcome(classification=exc.classification, message=exc.message)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - a probe bug must not stop the service
            log.error("probe %s: unexpected %s", probe.name, type(exc).__name__, exc_info=True)
            outcome = Outcome(classification="internal",
                              message=f"seamwatch bug: {type(exc).__name__}: {exc}")
        finally:
            self.in_flight.discard(reference)
        return self._result(probe, run_id, started_at, start, recorder, ctx, outcome)

    def _expectation(self, probe: str) -> Callable[[str, str], None] | None:
        expect = self.expect_webhook
        if expect is None:
            return None
        return lambda topic, reference: expect(probe, topic, reference)

    def _result(self, probe: Any, run_id: str, started_at: Any, start: float, recorder: RunRecorder,
                ctx: ProbeContext, outcome: Outcome) -> ProbeResult:
        message = outcome.message
        if "cleanup_error" in ctx.notes:
            message += f"; cleanup failed too: {ctx.notes['cleanup_error']}"
        failed_steps = [s.name for s in recorder.steps if not s.ok]
        failed = outcome.classification is not None
        return ProbeResult(
            run_id=run_id, probe=probe.name, kind=probe.kind, system=probe.system_names()[0],
            started_at=started_at, finished_at=self.clock.now(),
            duration_ms=(self.clock.monotonic() - start) * 1000.0, success=not failed,
            classification=outcome.classification,
            failed_step=(failed_steps[0] if failed_steps else None) if failed else None,
            message=self.masker.text(message), sync_lag_ms=outcome.sync_lag_ms,
            direction=outcome.direction, steps=[self._masked(s) for s in recorder.steps],
            calls=list(recorder.calls),
        )

    def _masked(self, step: StepTiming) -> StepTiming:
        # Step errors carry the same text as messages (bodies, exception text): stored too.
        return dataclasses.replace(step, error=self.masker.text(step.error)) if step.error else step
