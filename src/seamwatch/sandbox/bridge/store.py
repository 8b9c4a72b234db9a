"""The bridge's durable state in SQLite (WAL): the webhook queue, dead letters, inventory
sync ground truth and a few counters. Every write commits before it returns, so a webhook
answered 200 survives a SIGKILL.

One connection, guarded by a lock; calls are short, so handlers call them directly.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["Ingest", "OrderRow", "Store", "utc_now_iso"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    topic TEXT NOT NULL,
    shopify_order_id INTEGER,
    name TEXT,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_epoch REAL NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued',
    attempts INTEGER NOT NULL DEFAULT 0,
    due_epoch REAL NOT NULL,
    plan TEXT,
    written_at TEXT,
    erp_id TEXT,
    erp_ids TEXT NOT NULL DEFAULT '[]',
    existing INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    duplicates INTEGER NOT NULL DEFAULT 0,
    cancelled_at TEXT
);
CREATE INDEX IF NOT EXISTS orders_due ON orders (status, due_epoch);
CREATE INDEX IF NOT EXISTS orders_shopify_id ON orders (shopify_order_id);
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY,
    topic TEXT NOT NULL,
    shopify_order_id INTEGER,
    name TEXT,
    received_at TEXT NOT NULL,
    order_event_id TEXT
);
CREATE TABLE IF NOT EXISTS dead_letters (
    event_id TEXT PRIMARY KEY,
    name TEXT,
    payload TEXT NOT NULL,
    reason TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    dead_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS inventory (
    sku TEXT PRIMARY KEY,
    available INTEGER,
    erp_modified_at TEXT,
    shopify_set_at TEXT
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass
class OrderRow:
    event_id: str
    topic: str
    shopify_order_id: int | None
    name: str | None
    payload: dict[str, Any]
    received_at: str
    received_epoch: float
    status: str
    attempts: int
    due_epoch: float
    plan: dict[str, Any] | None
    erp_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Ingest:
    """What a webhook delivery carried, as the store needs it."""

    event_id: str
    topic: str
    payload: dict[str, Any]
    raw: str


class Store:
    """The bridge's SQLite file. Safe to call from any thread."""

    def __init__(self, path: Path | str) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _tx(self, fn: Any, *args: Any) -> Any:
        """Run ``fn(db, *args)`` in one committed transaction."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                result = fn(self._db, *args)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return result

    # ------------------------------------------------------------------ webhooks
    def ingest(self, delivery: Ingest, now_epoch: float) -> str:
        """Record one delivery. Returns ``queued``, ``duplicate`` or ``recorded``."""
        return str(self._tx(_ingest, delivery, now_epoch))

    def record_rejection(self) -> None:
        def bump(db: sqlite3.Connection) -> None:
            count = int(_meta(db, "rejected_webhooks") or 0) + 1
            _set_meta(db, "rejected_webhooks", str(count))
            _set_meta(db, "last_rejected_at", utc_now_iso())
        self._tx(bump)

    # -------------------------------------------------------------------- worker
    def due(self, now_epoch: float, limit: int = 20) -> list[OrderRow]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM orders WHERE status = 'queued' AND due_epoch <= ? "
                "ORDER BY due_epoch, seq LIMIT ?", (now_epoch, limit)).fetchall()
        return [_row(r) for r in rows]

    def next_due_epoch(self) -> float | None:
        with self._lock:
            row = self._db.execute(
                "SELECT MIN(due_epoch) FROM orders WHERE status = 'queued'").fetchone()
        return None if row[0] is None else float(row[0])

    def make_queued_due(self, now_epoch: float) -> None:
        """After a restart, retry now what was waiting for a backoff (a lag still holds)."""
        self._tx(lambda db: db.execute(
            "UPDATE orders SET due_epoch = MIN(due_epoch, MAX(?, received_epoch + "
            "COALESCE(json_extract(plan, '$.lag'), 0))) WHERE status = 'queued'", (now_epoch,)))

    def set_plan(self, event_id: str, plan: dict[str, Any], due_epoch: float) -> None:
        self._update(event_id, plan=json.dumps(plan), due_epoch=due_epoch)

    def add_erp_id(self, event_id: str, erp_id: str, erp_ids: list[str]) -> None:
        self._update(event_id, erp_ids=json.dumps([*erp_ids, erp_id]))

    def mark_written(self, event_id: str, erp_id: str, attempts: int, existing: bool) -> None:
        self._update(event_id, status="written", erp_id=erp_id, attempts=attempts,
                     written_at=utc_now_iso(), existing=int(existing), last_error=None)

    def mark_dropped(self, event_id: str) -> None:
        self._update(event_id, status="dropped")

    def retry_later(self, event_id: str, attempts: int, due_epoch: float, error: str) -> None:
        self._update(event_id, attempts=attempts, due_epoch=due_epoch, last_error=error)

    def dead_letter(self, row: OrderRow, attempts: int, reason: str) -> None:
        def move(db: sqlite3.Connection) -> None:
            db.execute("UPDATE orders SET status = 'dead_letter', attempts = ?, last_error = ? "
                       "WHERE event_id = ?", (attempts, reason, row.event_id))
            db.execute("INSERT OR REPLACE INTO dead_letters VALUES (?, ?, ?, ?, ?, ?)",
                       (row.event_id, row.name, json.dumps(row.payload), reason, attempts,
                        utc_now_iso()))
        self._tx(move)

    def _update(self, event_id: str, **values: Any) -> None:
        sets = ", ".join(f"{key} = ?" for key in values)
        self._tx(lambda db: db.execute(f"UPDATE orders SET {sets} WHERE event_id = ?",  # noqa: S608
                                       (*values.values(), event_id)))

    # ----------------------------------------------------------------- inventory
    def watermark(self) -> str | None:
        with self._lock:
            return _meta(self._db, "inventory_watermark")

    def record_inventory(self, sku: str, available: int, erp_modified_at: str,
                         watermark: str | None) -> None:
        def write(db: sqlite3.Connection) -> None:
            db.execute("INSERT OR REPLACE INTO inventory VALUES (?, ?, ?, ?)",
                       (sku, available, erp_modified_at, utc_now_iso()))
            if watermark:
                _set_meta(db, "inventory_watermark", watermark)
        self._tx(write)

    def set_watermark(self, watermark: str) -> None:
        self._tx(lambda db: _set_meta(db, "inventory_watermark", watermark))

    # -------------------------------------------------------------- ground truth
    def ground_truth(self) -> dict[str, Any]:
        with self._lock:
            orders = self._db.execute("SELECT * FROM orders ORDER BY seq").fetchall()
            events = self._db.execute(
                "SELECT * FROM events WHERE topic != 'orders/create' ORDER BY received_at").fetchall()
            inventory = self._db.execute("SELECT * FROM inventory ORDER BY sku").fetchall()
            dead = self._db.execute("SELECT COUNT(*) FROM dead_letters").fetchone()[0]
            rejected = int(_meta(self._db, "rejected_webhooks") or 0)
            last_rejected = _meta(self._db, "last_rejected_at")
        return {
            "orders": [_order_truth(r) for r in orders],
            "events": [dict(r) for r in events],
            "inventory": [dict(r) for r in inventory],
            "rejected_webhooks": rejected,
            "last_rejected_at": last_rejected,
            "dead_letters": int(dead),
        }

    def order_truth(self, name: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM orders WHERE name = ? ORDER BY seq LIMIT 1",
                                   (name,)).fetchone()
        return None if row is None else _order_truth(row)

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT status, COUNT(*) FROM orders GROUP BY status").fetchall()
        return {str(r[0]): int(r[1]) for r in rows}


# ------------------------------------------------------------------------ helpers
def _ingest(db: sqlite3.Connection, d: Ingest, now_epoch: float) -> str:
    order_id, name = _order_ref(d.payload)
    received_at = utc_now_iso()
    seen = db.execute("SELECT order_event_id FROM events WHERE event_id = ?", (d.event_id,)).fetchone()
    if seen is not None:
        _bump_duplicates(db, seen[0])
        return "duplicate"
    if d.topic != "orders/create":
        db.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, NULL)",
                   (d.event_id, d.topic, order_id, name, received_at))
        if d.topic == "orders/cancelled" and order_id is not None:
            db.execute("UPDATE orders SET cancelled_at = ? WHERE shopify_order_id = ?",
                       (d.payload.get("cancelled_at") or received_at, order_id))
        return "recorded"
    known = db.execute("SELECT event_id FROM orders WHERE shopify_order_id = ? AND topic = ?",
                       (order_id, d.topic)).fetchone() if order_id is not None else None
    target = known[0] if known else d.event_id
    db.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
               (d.event_id, d.topic, order_id, name, received_at, target))
    if known:
        _bump_duplicates(db, target)
        return "duplicate"
    db.execute("INSERT INTO orders (event_id, topic, shopify_order_id, name, payload, received_at,"
               " received_epoch, due_epoch) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               (d.event_id, d.topic, order_id, name, d.raw, received_at, now_epoch, now_epoch))
    return "queued"


def _bump_duplicates(db: sqlite3.Connection, order_event_id: str | None) -> None:
    if order_event_id:
        db.execute("UPDATE orders SET duplicates = duplicates + 1 WHERE event_id = ?",
                   (order_event_id,))


def _order_ref(payload: dict[str, Any]) -> tuple[int | None, str | None]:
    raw_id = payload.get("id")
    order_id = int(raw_id) if isinstance(raw_id, (int, str)) and str(raw_id).isdigit() else None
    name = payload.get("name")
    return order_id, str(name) if name is not None else None


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def _row(r: sqlite3.Row) -> OrderRow:
    return OrderRow(
        event_id=r["event_id"], topic=r["topic"], shopify_order_id=r["shopify_order_id"],
        name=r["name"], payload=json.loads(r["payload"]), received_at=r["received_at"],
        received_epoch=r["received_epoch"], status=r["status"], attempts=r["attempts"],
        due_epoch=r["due_epoch"], plan=json.loads(r["plan"]) if r["plan"] else None,
        erp_ids=json.loads(r["erp_ids"]))


def _order_truth(r: sqlite3.Row) -> dict[str, Any]:
    return {
        "event_id": r["event_id"], "shopify_order_id": r["shopify_order_id"], "name": r["name"],
        "received_at": r["received_at"], "written_at": r["written_at"], "erp_id": r["erp_id"],
        "erp_ids": json.loads(r["erp_ids"]), "attempts": r["attempts"], "status": r["status"],
        "duplicates": r["duplicates"], "already_in_erp": bool(r["existing"]),
        "last_error": r["last_error"], "cancelled_at": r["cancelled_at"],
    }
