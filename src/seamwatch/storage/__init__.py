"""Probe results, stored: one SQL store (SQLite by default, PostgreSQL) behind ``Store``.

Open with :func:`open_store`; it migrates the schema and raises ``StorageError`` (one line,
password masked, with a fix) when the database cannot be opened or written.
"""

from __future__ import annotations

from seamwatch.storage.migrations import MIGRATIONS, Migration
from seamwatch.storage.model import (
    CLASSIFICATIONS,
    DIRECTIONS,
    MAX_MESSAGE_CHARS,
    CallLatency,
    Classification,
    Direction,
    ProbeResult,
    StepTiming,
    new_run_id,
)
from seamwatch.storage.protocol import Store
from seamwatch.storage.sql import DEFAULT_RETENTION_DAYS, SqlStore, open_store, retention_cutoff

__all__ = [
    "CLASSIFICATIONS",
    "DEFAULT_RETENTION_DAYS",
    "DIRECTIONS",
    "MAX_MESSAGE_CHARS",
    "MIGRATIONS",
    "CallLatency",
    "Classification",
    "Direction",
    "Migration",
    "ProbeResult",
    "SqlStore",
    "StepTiming",
    "Store",
    "new_run_id",
    "open_store",
    "retention_cutoff",
]
