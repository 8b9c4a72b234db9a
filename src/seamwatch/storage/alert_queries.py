"""Alert state and the notification outbox, read and written on a :class:`SqlStore`.

Plain rows in, plain rows out: this module knows tables, not alert semantics (those live in
:mod:`seamwatch.alerting`). :func:`record` writes new alert states and their outbox entries
in one transaction, so a crash can never leave a state that says "paged" without the page
queued, or a queued page without its state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update

from seamwatch.storage.sql import SqlStore
from seamwatch.storage.tables import alert_outbox, alert_state

__all__ = [
    "AlertStateRow",
    "OutboxRow",
    "due_outbox",
    "load_alert_states",
    "mark_outbox",
    "outbox_rows",
    "prune_outbox",
    "record",
]


@dataclass(frozen=True)
class AlertStateRow:
    """One SLO key's alert state, as stored (see ``alerting.model.AlertState``)."""

    key: str
    status: str
    severity: str | None
    dedup_key: str
    system: str | None
    opened_at: datetime | None
    last_sent_at: datetime | None
    last_evaluated_at: datetime
    bad_streak: int
    good_streak: int
    notified: bool
    sent_count: int


@dataclass(frozen=True)
class OutboxRow:
    """One queued send to one receiver. ``notification`` is JSON without secrets."""

    id: str
    receiver: str
    provider: str
    dedup_key: str
    action: str
    notification: str
    status: str              # pending | sent | failed
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None = None
    last_error: str | None = None
    seq: int | None = None   # assigned by the database; gives the send order


def load_alert_states(store: SqlStore) -> dict[str, AlertStateRow]:
    """Every stored alert state by SLO key."""
    with store.errors("read alert state from"), store.engine.connect() as conn:
        rows = conn.execute(select(alert_state)).mappings().all()
    return {r["key"]: AlertStateRow(**{**r, "notified": bool(r["notified"])}) for r in rows}


def record(store: SqlStore, states: Sequence[AlertStateRow], entries: Sequence[OutboxRow]) -> None:
    """Upsert ``states`` and queue ``entries``, atomically."""
    if not states and not entries:
        return
    with store.errors("write alert state to"), store.engine.begin() as conn:
        for state in states:
            values = asdict(state)
            # UPDATE, then INSERT when nothing matched: portable, and the service is the only writer.
            done = conn.execute(update(alert_state).where(alert_state.c.key == state.key).values(values))
            if done.rowcount == 0:
                conn.execute(insert(alert_state).values(values))
        if entries:
            conn.execute(insert(alert_outbox), [_without_seq(e) for e in entries])


def due_outbox(store: SqlStore, now: datetime, limit: int = 100) -> list[OutboxRow]:
    """Pending entries whose time has come, oldest first, at most one per (receiver, dedup_key).

    Only the *oldest* pending entry of a (receiver, dedup_key) is eligible, so a resolve is
    never delivered before the trigger it resolves, however long the trigger is retried.
    """
    query = select(alert_outbox).where(alert_outbox.c.status == "pending").order_by(alert_outbox.c.seq)
    with store.errors("read the alert outbox in"), store.engine.connect() as conn:
        rows = [OutboxRow(**r) for r in conn.execute(query).mappings().all()]
    seen: set[tuple[str, str]] = set()
    due: list[OutboxRow] = []
    for row in rows:
        group = (row.receiver, row.dedup_key)
        if group in seen:
            continue
        seen.add(group)
        if row.next_attempt_at <= now:
            due.append(row)
    return due[:limit]


def mark_outbox(store: SqlStore, entry_id: str, *, status: str, attempts: int,
                next_attempt_at: datetime | None = None, sent_at: datetime | None = None,
                last_error: str | None = None) -> None:
    """Record the outcome of one delivery attempt."""
    values: dict[str, object] = {"status": status, "attempts": attempts, "last_error": last_error}
    if next_attempt_at is not None:
        values["next_attempt_at"] = next_attempt_at
    if sent_at is not None:
        values["sent_at"] = sent_at
    with store.errors("update the alert outbox in"), store.engine.begin() as conn:
        conn.execute(update(alert_outbox).where(alert_outbox.c.id == entry_id).values(values))


def outbox_rows(store: SqlStore, status: str | None = None) -> list[OutboxRow]:
    """Outbox entries (all, or with ``status``) in send order, for status pages and tests."""
    query = select(alert_outbox).order_by(alert_outbox.c.seq)
    if status is not None:
        query = query.where(alert_outbox.c.status == status)
    with store.errors("read the alert outbox in"), store.engine.connect() as conn:
        return [OutboxRow(**r) for r in conn.execute(query).mappings().all()]


def prune_outbox(store: SqlStore, older_than: datetime) -> int:
    """Delete sent and failed entries queued before ``older_than``; pending ones are kept."""
    query = delete(alert_outbox).where(alert_outbox.c.status != "pending",
                                       alert_outbox.c.created_at < older_than)
    with store.errors("prune the alert outbox in"), store.engine.begin() as conn:
        return int(conn.execute(query).rowcount)


def _without_seq(entry: OutboxRow) -> dict[str, object]:
    values = asdict(entry)
    values.pop("seq")
    return values
