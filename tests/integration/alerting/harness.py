"""Drives :class:`Alerting` like the probe service would: evaluate every minute, deliver often."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from seamwatch.alerting import Alerting, Notification
from seamwatch.config.alerting import AlertingConfig
from seamwatch.core.clock import FakeClock
from seamwatch.core.http import HttpSettings, build_async_client
from seamwatch.core.secrets import Masker
from seamwatch.slo.model import SloStatus
from seamwatch.storage import SqlStore, open_store

EVALUATE_EVERY = 60   # seconds of fake time between SLO evaluations
DELIVER_EVERY = 10    # seconds of fake time between outbox passes
ROUTING_KEY = "pd-routing-key-0123456789abcdef"
HTTP = HttpSettings(timeout=5, connect_timeout=2)


def pagerduty_config(sink_url: str, **policy: Any) -> AlertingConfig:
    return AlertingConfig.model_validate({
        "report_url": "http://127.0.0.1:8080/status",
        "receivers": {"oncall": {"provider": "pagerduty", "routing_key": "${SW_PD_KEY}",
                                 "url": f"{sink_url}/v2/enqueue"}},
        "routes": {"default": ["oncall"]},
        "policy": {"trigger_after": 2, "resolve_after": 2, **policy},
        "outbox": {"backoff_initial_seconds": 5, "backoff_max_seconds": 40},
    })


class Service:
    """One process's worth of alerting over ``store_url``; build another to simulate a restart."""

    def __init__(self, config: AlertingConfig, store_url: str, clock: FakeClock,
                 secrets: dict[str, dict[str, str]] | None = None, masker: Masker | None = None) -> None:
        self.clock = clock
        self.store: SqlStore = open_store(store_url, clock)
        self.alerting = Alerting(config, self.store, clock, masker or Masker(),
                                 secrets={"oncall": {"routing_key": ROUTING_KEY}} if secrets is None else secrets)
        self.queued: list[Notification] = []
        self._since_evaluation = 0

    def run(self, seconds: int, statuses: Callable[[], Sequence[SloStatus]] | Sequence[SloStatus]) -> None:
        """Advance fake time by ``seconds``: observe every minute, deliver every 10 s."""
        async def loop() -> None:
            async with build_async_client(settings=HTTP) as client:
                for _ in range(seconds // DELIVER_EVERY):
                    self.clock.advance(DELIVER_EVERY)
                    self._since_evaluation += DELIVER_EVERY
                    if self._since_evaluation >= EVALUATE_EVERY:
                        self._since_evaluation = 0
                        current = statuses() if callable(statuses) else statuses
                        self.queued.extend(self.alerting.observe(current))
                    await self.alerting.deliver_due(client)
        asyncio.run(loop())

    def close(self) -> None:
        self.alerting.close()
        self.store.close()
