"""Probe engine: http-probe overhead, lag accuracy, scheduling lateness and CPU.

1. ``http`` probe vs a raw ``httpx.AsyncClient`` GET of the same sandbox endpoint, median of
   1,000 (smoke 50), interleaved. The ERP items endpoint is used: the Shopify budget would
   (rightly) pace Shopify calls and measure the governor, not the overhead. Goal ratio <= 1.15.
2. Lag accuracy: order round-trips with the bridge_lag fault at 0.5 s and 5 s (and 60 s in
   full mode; the lag fault is not time-scaled, so it really waits), p95 |measured - truth|
   where truth = bridge ``written_at - received_at``; ERP reads per second of round-trip.
   The ratio is p95 error / allowed error (max(250 ms, 2% of lag)); goal <= 1.
3. Scheduling: APScheduler 3.11 ``AsyncIOScheduler``, 500 jobs every 10 s for 2 min (smoke:
   50 for 10 s), each a trivial awaitable, so this is the scheduler's own overhead. Lateness =
   job start - ``scheduled_run_time``; CPU = process_time / wall. Baseline in the same run: the
   same starts as bare ``loop.call_at`` timers. Goals: p99 <= 250 ms, < 0.5 core.
SQLite insert throughput of results is tests/benchmarks/bench_storage.py.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from apscheduler.events import EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from seamwatch.config import load_probe_config
from seamwatch.config.secrets import resolve_secrets
from seamwatch.core.clock import SystemClock
from seamwatch.probes import ProbeRunner
from seamwatch.sandbox.faults import Fault
from seamwatch.sandbox.run import Sandbox
from seamwatch.service.wiring import build_links, build_masker, close_links
from tests.integration.probes import support
from tests.integration.probes.conftest import ERP_ENV, SHOPIFY_ENV
from tests.integration.sandbox.conftest import sandbox_settings

ERP_ITEMS = """
  - name: erp-items
    kind: http
    system: erp
    path: /v2.0/companies({company})/items?$top=1
    schedule: {interval_seconds: 30}
    conditions: ["[STATUS] == 200", "[BODY].value[0].number != ''"]
"""
ORDER = """
  - name: order-roundtrip
    kind: order_roundtrip
    shopify: shopify
    erp: erp
    timeout_seconds: 120
    late_after_seconds: 120
    schedule: {interval_seconds: 60}
"""


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _config(tmp: Path, sandbox: Sandbox, probes: str) -> Any:
    os.environ[SHOPIFY_ENV] = sandbox.settings.shopify_token
    os.environ[ERP_ENV] = sandbox.settings.erp_token
    return load_probe_config(support.write_config(tmp / "probes.yaml", sandbox, probes,
                                                  budget="{max_orders_per_minute: 60}"))


async def _overhead(config: Any, n: int) -> dict[str, float]:
    clock, tokens = SystemClock(), resolve_secrets(config)
    links = build_links(config, tokens, clock)
    runner = ProbeRunner(config, links, clock, build_masker(tokens))
    probe = config.probes[0]
    system = config.systems["erp"]
    raw = httpx.AsyncClient(base_url=system.base_url, timeout=10.0,
                            headers={"Authorization": f"Bearer {tokens['erp']}"})
    raw_ms, probe_ms = [], []
    try:
        for _ in range(10):   # warm both connections
            await raw.get(probe.path)
            await runner.run(probe)
        for _ in range(n):
            start = time.perf_counter()
            (await raw.get(probe.path)).json()
            raw_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            result = await runner.run(probe)
            probe_ms.append((time.perf_counter() - start) * 1000)
            assert result.success, result.message
    finally:
        await raw.aclose()
        await close_links(links)
    return {"raw_median_ms": statistics.median(raw_ms), "probe_median_ms": statistics.median(probe_ms)}


async def _lag_samples(config: Any, sandbox: Sandbox, lag: float, n: int) -> dict[str, float]:
    clock, tokens = SystemClock(), resolve_secrets(config)
    links = build_links(config, tokens, clock)
    runner = ProbeRunner(config, links, clock, build_masker(tokens))
    sandbox.faults.set([Fault(kind="bridge_lag", scope="bridge", lag_seconds=lag)])
    errors, reads_per_s = [], []
    try:
        with support.bridge_client(sandbox) as bridge:
            for _ in range(n):
                result = await runner.run(config.probes[0])
                assert result.success and result.sync_lag_ms is not None, result.message
                name = result.message.split(" ", 1)[0]
                truth = bridge.get(f"/_sandbox/ground-truth/orders/{name.replace('#', '%23')}").json()
                truth_ms = (datetime.fromisoformat(truth["written_at"])
                            - datetime.fromisoformat(truth["received_at"])).total_seconds() * 1000
                errors.append(abs(result.sync_lag_ms - truth_ms))
                erp_calls = sum(1 for c in result.calls if c.system == "erp")
                reads_per_s.append(erp_calls / (result.duration_ms / 1000))
    finally:
        sandbox.faults.set([])
        await close_links(links)
    allowed = max(250.0, 0.02 * lag * 1000)
    return {"p95_abs_error_ms": _p(errors, 0.95), "allowed_ms": allowed,
            "erp_calls_per_s": statistics.mean(reads_per_s), "ratio": max(_p(errors, 0.95), 1.0) / allowed}


async def _apscheduler(jobs: int, interval: float, seconds: float) -> dict[str, float]:
    scheduler = AsyncIOScheduler(timezone=UTC)
    starts: dict[str, datetime] = {}
    lateness: list[float] = []

    def job_for(job_id: str) -> Any:
        async def probe() -> None:
            starts[job_id] = datetime.now(UTC)
            await asyncio.sleep(0)
        return probe

    def executed(event: JobExecutionEvent) -> None:
        lateness.append((starts[event.job_id] - event.scheduled_run_time).total_seconds() * 1000)

    scheduler.add_listener(executed, EVENT_JOB_EXECUTED)
    first = datetime.now(UTC) + timedelta(seconds=1)
    for i in range(jobs):   # spread over the interval, as jittered probes are
        job_id = f"probe-{i}"
        scheduler.add_job(job_for(job_id), "interval", seconds=interval, id=job_id,
                          next_run_time=first + timedelta(seconds=interval * i / jobs),
                          max_instances=1, coalesce=True, misfire_grace_time=30)
    cpu, wall = time.process_time(), time.perf_counter()
    scheduler.start()
    await asyncio.sleep(seconds)
    scheduler.shutdown(wait=False)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    await asyncio.sleep(0.2)   # let a job submitted just before shutdown finish, not be cancelled
    return {"runs": len(lateness), "p99_ms": _p(lateness, 0.99), "cores": cpu / wall}


async def _bare_timers(jobs: int, interval: float, seconds: float) -> dict[str, float]:
    loop = asyncio.get_running_loop()
    lateness: list[float] = []
    end = loop.time() + seconds

    def fire(due: float) -> None:
        lateness.append((loop.time() - due) * 1000)
        if due + interval < end:
            loop.call_at(due + interval, fire, due + interval)

    first = loop.time() + 1
    for i in range(jobs):
        loop.call_at(first + interval * i / jobs, fire, first + interval * i / jobs)
    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.sleep(seconds)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {"runs": len(lateness), "p99_ms": _p(lateness, 0.99), "cores": cpu / wall}


def run(smoke: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"benchmark": "probes", "smoke": smoke}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        with Sandbox(sandbox_settings(tmp)) as sandbox:
            overhead = asyncio.run(_overhead(_config(tmp, sandbox, ERP_ITEMS), 50 if smoke else 1000))
            out["http_overhead"] = overhead
            out["ratio_http_probe_vs_raw"] = overhead["probe_median_ms"] / overhead["raw_median_ms"]
            lags = {0.5: 3} if smoke else {0.5: 20, 5.0: 10, 60.0: 2}
            order_config = _config(tmp, sandbox, ORDER)
            for lag, n in lags.items():
                result = asyncio.run(_lag_samples(order_config, sandbox, lag, n))
                out[f"lag_{lag:g}s"] = result
                out[f"ratio_lag_{lag:g}s_p95_error_vs_allowed"] = result["ratio"]
    jobs, seconds = (50, 10.0) if smoke else (500, 120.0)
    sched = asyncio.run(_apscheduler(jobs, 10.0, seconds))
    bare = asyncio.run(_bare_timers(jobs, 10.0, seconds))
    out["scheduling"] = {"jobs": jobs, "seconds": seconds, "apscheduler": sched, "bare_call_at": bare}
    out["ratio_scheduler_cpu_vs_bare_timers"] = sched["cores"] / max(bare["cores"], 1e-6)
    return out
