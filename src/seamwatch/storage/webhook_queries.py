"""Webhook deliveries our synthetic records should cause: expected, then (maybe) arrived."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import and_, insert, select, update

from seamwatch.storage.sql import SqlStore
from seamwatch.storage.tables import webhook_deliveries

__all__ = ["WebhookDeliveries"]


class WebhookDeliveries:
    """Reads and writes ``webhook_deliveries`` on one store."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store

    def expect(self, probe: str, topic: str, reference: str, at: datetime,
               arrived_at: datetime | None = None) -> None:
        """Record that ``topic`` for ``reference`` should arrive (``arrived_at`` if it already did)."""
        delay = None if arrived_at is None else max(0.0, (arrived_at - at).total_seconds() * 1000.0)
        # The same reference can be expected again (an inventory level returns to the same
        # figure every run); each expectation is its own row, matched oldest first.
        row = {"id": f"{topic}|{reference}|{uuid.uuid4().hex[:12]}", "probe": probe, "topic": topic, "reference": reference,
               "expected_at": at, "arrived_at": arrived_at, "delay_ms": delay}
        with self.store.errors("write webhook expectations to"), self.store.engine.begin() as conn:
            conn.execute(insert(webhook_deliveries), [row])

    def arrive(self, topic: str, reference: str, at: datetime) -> bool:
        """Mark the oldest open expectation arrived; False when nothing was expected."""
        oldest = (select(webhook_deliveries.c.id).where(and_(
            webhook_deliveries.c.topic == topic, webhook_deliveries.c.reference == reference,
            webhook_deliveries.c.arrived_at.is_(None)))
            .order_by(webhook_deliveries.c.expected_at).limit(1).scalar_subquery())
        # The write comes first: a SQLite transaction that reads and then writes cannot wait
        # for a busy writer (it fails at once), one that starts by writing waits busy_timeout.
        with self.store.errors("write webhook arrivals to"), self.store.engine.begin() as conn:
            updated = conn.execute(update(webhook_deliveries).where(webhook_deliveries.c.id == oldest)
                                   .values(arrived_at=at).returning(webhook_deliveries.c.id,
                                                                    webhook_deliveries.c.expected_at)).first()
            if updated is None:
                return False
            delay = max(0.0, (at - updated.expected_at).total_seconds() * 1000.0)
            conn.execute(update(webhook_deliveries).where(webhook_deliveries.c.id == updated.id)
                         .values(delay_ms=delay))
            return True

    def between(self, since: datetime, until: datetime) -> list[dict[str, object]]:
        query = (select(webhook_deliveries)
                 .where(webhook_deliveries.c.expected_at >= since, webhook_deliveries.c.expected_at < until)
                 .order_by(webhook_deliveries.c.expected_at))
        with self.store.errors("read"), self.store.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]
