"""APScheduler 3.11 wiring: one job per probe, plus the service's own periodic jobs.

Every probe job has ``max_instances=1`` (a slow run is never overlapped by the next),
``coalesce=True`` (runs missed while the loop was busy collapse into one) and the probe's
``misfire_grace_seconds``; ``jitter_seconds`` spreads runs so probes of one file do not hit
a shop in the same instant.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from seamwatch.config.probes import Schedule

__all__ = ["build_scheduler", "trigger_for"]


def trigger_for(schedule: Schedule) -> IntervalTrigger | CronTrigger:
    if schedule.cron is not None:
        trigger = CronTrigger.from_crontab(schedule.cron, timezone=UTC)
        trigger.jitter = int(schedule.jitter_seconds) or None  # from_crontab takes no jitter
        return trigger
    assert schedule.interval_seconds is not None  # the model requires one of the two
    return IntervalTrigger(seconds=schedule.interval_seconds, jitter=schedule.jitter_seconds or None,
                           timezone=UTC)


def build_scheduler() -> AsyncIOScheduler:
    # Our own defaults apply per job; these only cover jobs that pass nothing.
    return AsyncIOScheduler(timezone=UTC, job_defaults={"max_instances": 1, "coalesce": True})


def add_probe_job(scheduler: AsyncIOScheduler, name: str, schedule: Schedule,
                  run: Callable[[], Awaitable[None]], first_run: object | None = None) -> None:
    scheduler.add_job(run, trigger_for(schedule), id=f"probe:{name}", name=name, max_instances=1, coalesce=True,
                      misfire_grace_time=int(max(1, schedule.misfire_grace_seconds)),
                      next_run_time=first_run)


def add_service_job(scheduler: AsyncIOScheduler, name: str, seconds: float,
                    run: Callable[[], Awaitable[None]], first_run: object | None = None) -> None:
    scheduler.add_job(run, IntervalTrigger(seconds=seconds, timezone=UTC), id=f"service:{name}",
                      name=name, max_instances=1, coalesce=True, misfire_grace_time=int(max(1, seconds)),
                      next_run_time=first_run)
