"""The running probe service: scheduler, probe jobs, sweeper, retention, in-flight tracking.

Results are committed (in a worker thread, so the event loop keeps its schedule) before a
run counts as done, so a crash loses at most the runs in flight; their synthetic records
are left for the orphan sweeper, which runs at start and then every
``service.sweeper.interval_seconds``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from seamwatch.config.models import ProbeConfig
from seamwatch.core.clock import Clock
from seamwatch.core.errors import StorageError
from seamwatch.core.results import ProbeResult
from seamwatch.core.secrets import Masker
from seamwatch.probes import ProbeRunner, SystemLink
from seamwatch.probes.sweeper import sweep
from seamwatch.service.scheduler import add_probe_job, add_service_job, build_scheduler
from seamwatch.storage.protocol import Store

__all__ = ["ProbeRuntime"]

log = logging.getLogger("seamwatch.service")
_RETENTION_EVERY_SECONDS = 6 * 3600
# While the store is unreachable, results wait in memory, up to this many (oldest dropped).
_MAX_UNSTORED = 10_000


class ProbeRuntime:
    """Schedules every probe of ``config`` and the service's housekeeping jobs."""

    def __init__(self, config: ProbeConfig, store: Store, clock: Clock, links: dict[str, SystemLink],
                 masker: Masker, expect_webhook: Callable[[str, str, str], None] | None = None) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.links = links
        self.masker = masker
        self.runner = ProbeRunner(config, links, clock, masker, expect_webhook)
        self.scheduler = build_scheduler()
        self.on_result: list[Callable[[ProbeResult], None]] = []
        self.tasks: set[asyncio.Task[Any]] = set()
        self.accepting = True
        self.results_stored = 0
        self.sweeps: list[Any] = []
        self._unstored: list[ProbeResult] = []

    def start(self, extra_jobs: Sequence[tuple[str, float, Callable[[], Any]]] = ()) -> None:
        now = self.clock.now()
        for probe in self.config.probes:
            add_probe_job(self.scheduler, probe.name, probe.schedule, self._job(probe),
                          first_run=now + timedelta(seconds=0.5))
        add_service_job(self.scheduler, "sweeper", self.config.service.sweeper.interval_seconds,
                        self.sweep_once, first_run=now)
        add_service_job(self.scheduler, "retention", _RETENTION_EVERY_SECONDS, self.prune, first_run=now)
        for name, seconds, run in extra_jobs:
            add_service_job(self.scheduler, name, seconds, run, first_run=now + timedelta(seconds=1))
        self.scheduler.start()

    def _job(self, probe: Any) -> Callable[[], Any]:
        async def run() -> None:
            if not self.accepting:
                return
            task = asyncio.current_task()
            assert task is not None
            self.tasks.add(task)
            try:
                await self.run_probe(probe)
            except asyncio.CancelledError:
                # Only at shutdown, after the drain timeout; the sweeper cleans what is left.
                log.warning("probe %s: cancelled at shutdown", probe.name)
            finally:
                self.tasks.discard(task)
        return run

    async def run_probe(self, probe: Any) -> ProbeResult:
        result = await self.runner.run(probe)
        await self._store([*self._unstored, result])
        verdict = "ok" if result.success else result.classification
        log.info("probe %s: %s in %.0f ms%s", result.probe, verdict, result.duration_ms,
                 "" if result.success else f" ({result.failed_step}): {result.message}")
        for hook in self.on_result:
            hook(result)
        return result

    async def _store(self, results: list[ProbeResult]) -> None:
        """Commit ``results``; when the store is down, keep them and try again with the next."""
        try:
            await asyncio.to_thread(self.store.add_results, results)
        except StorageError as exc:
            self._unstored = results[-_MAX_UNSTORED:]
            log.error("results not stored yet (%d waiting): %s", len(self._unstored), exc.one_line())
            return
        self._unstored = []
        self.results_stored += len(results)

    async def sweep_once(self) -> None:
        report = await sweep(self.config, self.links, self.clock, set(self.runner.in_flight))
        self.sweeps.append(report)
        if report.cleaned or report.errors:
            log.info("sweeper: cancelled %d, deleted %d ERP orders, reverted %d adjustments, %d errors%s",
                     len(report.cancelled_orders), len(report.deleted_erp_orders),
                     len(report.reverted_adjustments), len(report.errors),
                     f": {self.masker.text(report.errors[0])}" if report.errors else "")

    async def prune(self) -> None:
        cutoff = self.clock.now() - timedelta(days=self.config.storage.retention_days)
        removed = await asyncio.to_thread(self.store.prune, cutoff)
        if removed:
            log.info("retention: removed %d results older than %s", removed, cutoff.date())

    async def drain(self, timeout: float) -> int:
        """Stop scheduling; let in-flight probes finish (cleanup included) for up to ``timeout`` s.

        Returns how many were still running and had to be cancelled (their ``finally``
        cleanup still runs; the sweeper covers whatever it could not finish).
        """
        self.accepting = False
        # Pause, not shut down: shutting AsyncIOScheduler down cancels running coroutine jobs.
        if self.scheduler.running:
            self.scheduler.pause()
        pending = {t for t in self.tasks if not t.done()}
        still: set[asyncio.Task[Any]] = set()
        if pending:
            log.info("shutdown: waiting up to %g s for %d probe(s) to finish", timeout, len(pending))
            _, still = await asyncio.wait(pending, timeout=timeout)
            for task in still:
                task.cancel()
            if still:
                await asyncio.wait(still, timeout=10)
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        return len(still)
