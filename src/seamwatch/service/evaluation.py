"""Each evaluation tick: SLOs from the store, then metrics, alert decisions and deliveries."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from seamwatch.config.models import ProbeConfig
from seamwatch.core.clock import Clock
from seamwatch.core.results import ProbeResult
from seamwatch.core.secrets import Masker
from seamwatch.slo.model import SloStatus
from seamwatch.storage import SqlStore

__all__ = ["Evaluation"]

log = logging.getLogger("seamwatch.service")


class Evaluation:
    def __init__(self, config: ProbeConfig, store: SqlStore, clock: Clock, masker: Masker) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.masker = masker
        self.statuses: Sequence[SloStatus] = ()

    def observe_result(self, result: ProbeResult) -> None:
        pass

    def jobs(self) -> list[tuple[str, float, Callable[[], Any]]]:
        return []

    def metrics_exposition(self) -> tuple[bytes, str]:
        return b"", "text/plain; version=0.0.4"

    def status_app(self, token: str | None) -> Any:
        return None

    async def close(self) -> None:
        pass
