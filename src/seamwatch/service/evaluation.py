"""Each evaluation tick: SLOs from the store, then metrics, alert decisions and deliveries.

Built once by :class:`~seamwatch.service.serve.ProbeService`; its periodic jobs run on the
same scheduler as the probes. Store reads run in a worker thread so probe timings stay
honest while an evaluation scans a month of results.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Any

from seamwatch.alerting.service import Alerting
from seamwatch.config.models import ProbeConfig
from seamwatch.core.clock import Clock
from seamwatch.core.http import build_async_client
from seamwatch.core.results import ProbeResult
from seamwatch.core.secrets import Masker
from seamwatch.reporting.metrics import ProbeMetrics
from seamwatch.slo import Routing, evaluate
from seamwatch.slo.model import SloStatus
from seamwatch.storage import SqlStore
from seamwatch.storage.slo_queries import SqlSliSource

__all__ = ["Evaluation"]

log = logging.getLogger("seamwatch.service")
_DELIVER_EVERY_SECONDS = 2.0


class Evaluation:
    """SLO verdicts, Prometheus metrics and alerting for one running service."""

    def __init__(self, config: ProbeConfig, store: SqlStore, clock: Clock, masker: Masker) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.masker = masker
        self.definitions = config.slos.resolved()
        self.metrics = ProbeMetrics(definitions=self.definitions)
        self.alerting = Alerting(config.alerting, store, clock, masker, document=config.document)
        self.source = SqlSliSource(store)
        self.routing = Routing.from_config(config)
        self.statuses: Sequence[SloStatus] = ()
        self.evaluations = 0
        self.pages_sent = 0
        self._client = build_async_client()

    def observe_result(self, result: ProbeResult) -> None:
        self.metrics.observe(result)

    def jobs(self) -> list[tuple[str, float, Callable[[], Any]]]:
        return [("evaluate", self.config.service.evaluate_interval_seconds, self.evaluate),
                ("deliver", _DELIVER_EVERY_SECONDS, self.deliver)]

    def current(self) -> Sequence[SloStatus]:
        return self.statuses

    async def evaluate(self) -> Sequence[SloStatus]:
        now = self.clock.now()
        statuses = await asyncio.to_thread(evaluate, self.definitions, self.source, now, self.routing)
        self.statuses = statuses
        self.evaluations += 1
        self.metrics.set_slos(statuses)
        notifications = await asyncio.to_thread(self.alerting.observe, statuses)
        for notification in notifications:
            log.info("alert: %s", self.masker.text(_describe(notification)))
        return statuses

    async def deliver(self) -> None:
        report = await self.alerting.deliver_due(self._client)
        sent = getattr(report, "sent", 0)
        self.pages_sent += sent if isinstance(sent, int) else len(sent)

    def metrics_exposition(self) -> tuple[bytes, str]:
        return self.metrics.render()

    def status_app(self, token: str | None) -> Any:
        from seamwatch.web import build_status_app

        return build_status_app(self.store, self.config, slo_statuses=self.current, clock=self.clock,
                                masker=self.masker, token=token,
                                maintenance=lambda system: self.config.alerting.in_maintenance(
                                    self.clock.now(), system) is not None)

    async def close(self) -> None:
        await self._client.aclose()
        self.alerting.close()


def _describe(notification: Any) -> str:
    action = getattr(notification, "action", "")
    key = getattr(notification, "key", "") or getattr(notification, "dedup_key", "")
    summary = getattr(notification, "summary", "")
    return f"{action} {key}: {summary}"
