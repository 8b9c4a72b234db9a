"""The queue worker: writes each queued ``orders/create`` to the ERP as a sales order.

Idempotent on ``externalDocumentNumber`` (look up first, create only if absent), retries
with exponential backoff scaled by ``time_scale``, and moves an order to the dead-letter
table after ``bridge_max_attempts`` failures or at once on a non-retryable 4xx.

The bridge's domain faults are decided once per order (its "plan", stored with the order)
so retries and restarts keep the same behaviour.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from seamwatch.sandbox.bridge.clients import ErpClient, UpstreamError
from seamwatch.sandbox.bridge.mapping import to_sales_order
from seamwatch.sandbox.bridge.store import OrderRow, Store
from seamwatch.sandbox.faults import FaultState
from seamwatch.sandbox.settings import SandboxSettings

__all__ = ["OrderWorker", "backoff_seconds"]

log = logging.getLogger(__name__)
SCOPE = "bridge"
BACKOFF_BASE = 1.0
BACKOFF_CAP = 300.0


def backoff_seconds(attempts: int, retry_after: float | None, time_scale: float) -> float:
    """Delay before the next try after ``attempts`` failures, honouring ``Retry-After``."""
    delay = min(BACKOFF_CAP, BACKOFF_BASE * 2.0 ** max(0, attempts - 1))
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay * time_scale


class OrderWorker:
    def __init__(self, store: Store, erp: ErpClient, settings: SandboxSettings,
                 faults: FaultState) -> None:
        self.store = store
        self.erp = erp
        self.settings = settings
        self.faults = faults
        self.wake = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        self.store.make_queued_due(time.time())
        while not stop.is_set():
            rows = self.store.due(time.time())
            for row in rows:
                if stop.is_set():
                    return
                await self._safely(row)
            if not rows:
                await self._idle(stop)

    async def _idle(self, stop: asyncio.Event) -> None:
        timeout = self.settings.bridge_poll_interval
        next_due = self.store.next_due_epoch()
        if next_due is not None:
            timeout = min(timeout, max(0.0, next_due - time.time()))
        self.wake.clear()
        waits = [asyncio.ensure_future(self.wake.wait()), asyncio.ensure_future(stop.wait())]
        try:
            await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waits:
                waiter.cancel()

    async def _safely(self, row: OrderRow) -> None:
        try:
            await self.process(row)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - a bad order must not stop the worker
            log.exception("bridge: order %s failed unexpectedly", row.name)
            self.store.dead_letter(row, row.attempts + 1, f"bridge error: {type(exc).__name__}: {exc}")

    async def process(self, row: OrderRow) -> None:
        if row.plan is None:
            row.plan = self._plan()
            due = row.received_epoch + float(row.plan["lag"])
            self.store.set_plan(row.event_id, row.plan, due)
            if due > time.time():
                return  # bridge_lag: picked up again once due
        if row.plan["drop"]:
            self.store.mark_dropped(row.event_id)
            return
        attempts = row.attempts + 1
        try:
            erp_id, existing = await self._write(row)
        except UpstreamError as exc:
            self._failed(row, attempts, exc)
            return
        self.store.mark_written(row.event_id, erp_id, attempts, existing)

    def _plan(self) -> dict[str, Any]:
        lag_fault = self.faults.active(SCOPE, "bridge_lag")
        lag = lag_fault.delay_seconds(lag_fault.lag_seconds * 1000.0, self.faults.rng) if lag_fault else 0.0
        bug_fault = self.faults.active(SCOPE, "mapping_bug")
        return {
            "lag": lag,
            "drop": self.faults.active(SCOPE, "drop_orders") is not None,
            "duplicate": self.faults.active(SCOPE, "duplicate_orders") is not None,
            "bug": bug_fault.bug if bug_fault else None,
        }

    async def _write(self, row: OrderRow) -> tuple[str, bool]:
        """Write the order; returns (erp id, whether it was already in the ERP)."""
        assert row.plan is not None
        body = to_sales_order(row.payload, row.plan["bug"])
        duplicate = bool(row.plan["duplicate"])
        if not duplicate and not row.erp_ids:
            found = await self.erp.find_order(body["externalDocumentNumber"])
            if found is not None:
                return str(found["id"]), True
        target = 2 if duplicate else 1
        while len(row.erp_ids) < target:
            created = await self.erp.create_order(body)
            self.store.add_erp_id(row.event_id, str(created["id"]), row.erp_ids)
            row.erp_ids.append(str(created["id"]))
        return row.erp_ids[0], False

    def _failed(self, row: OrderRow, attempts: int, exc: UpstreamError) -> None:
        if not exc.retryable or attempts >= self.settings.bridge_max_attempts:
            self.store.dead_letter(row, attempts, str(exc))
            return
        delay = backoff_seconds(attempts, exc.retry_after, self.settings.time_scale)
        self.store.retry_later(row.event_id, attempts, time.time() + delay, str(exc))
