"""Alerting overhead on SQLite.

- ``observe``: one evaluation tick over N SLOs (policy + state load + one-transaction write);
  baseline: writing the same N alert-state rows with :func:`record` alone.
- ``deliver``: N queued PagerDuty triggers sent through the outbox to the local sink;
  baseline: the same N request bodies POSTed with a bare httpx client.
"""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from seamwatch.alerting import Alerting
from seamwatch.alerting.model import AlertState
from seamwatch.config.alerting import AlertingConfig
from seamwatch.core.clock import FakeClock
from seamwatch.core.http import build_async_client
from seamwatch.core.secrets import Masker
from seamwatch.storage import open_store
from seamwatch.storage.alert_queries import AlertStateRow, record
from seamwatch.testing.sink import HttpSink
from tests.benchmarks.common import best_of
from tests.unit.alerting.statuses import breached


def run(smoke: bool = False) -> dict[str, Any]:
    slos = 20 if smoke else 500
    repeat = 2 if smoke else 5
    with tempfile.TemporaryDirectory() as tmp, HttpSink() as sink:
        clock = FakeClock()
        config = AlertingConfig.model_validate({
            "receivers": {"pd": {"provider": "pagerduty", "routing_key": "${X}", "url": f"{sink.url}/v2/enqueue"}},
            "routes": {"default": ["pd"]}, "policy": {"trigger_after": 1, "reminder_interval_seconds": 60}})
        store = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}", clock)
        alerting = Alerting(config, store, clock, Masker(), secrets={"pd": {"routing_key": "rk-bench-0001"}})
        statuses = [breached(name=f"slo-{i}") for i in range(slos)]
        rows = [AlertStateRow(**asdict(AlertState.fresh(s.key).but(last_evaluated_at=clock.now())))
                for s in statuses]

        def tick() -> None:
            clock.advance(60)  # every tick sends a reminder for every SLO: the worst case
            alerting.observe(statuses)
        observe_s = best_of(tick, repeat)
        baseline_write_s = best_of(lambda: record(store, rows, []), repeat)

        async def outbox() -> None:
            async with build_async_client() as client:
                await alerting.deliver_due(client)
        bodies = [r.json for r in sink.requests[:slos]] or [{"event_action": "trigger"}] * slos

        async def bare() -> None:
            async with build_async_client() as client:
                for body in bodies:
                    (await client.post(f"{sink.url}/v2/enqueue", json=body)).raise_for_status()

        def deliver() -> None:
            clock.advance(60)
            alerting.observe(statuses)
            asyncio.run(outbox())
        deliver_s = best_of(deliver, repeat) - observe_s
        bare_s = best_of(lambda: asyncio.run(bare()), repeat)
        alerting.close()
        store.close()
    return {
        "benchmark": "alerting", "slos": slos,
        "observe_ms": round(observe_s * 1000, 2), "baseline_record_ms": round(baseline_write_s * 1000, 2),
        "ratio_observe_vs_record": round(observe_s / baseline_write_s, 2),
        "deliver_ms": round(deliver_s * 1000, 2), "baseline_bare_http_ms": round(bare_s * 1000, 2),
        "ratio_deliver_vs_bare_http": round(max(deliver_s, 1e-6) / bare_s, 2),
    }
