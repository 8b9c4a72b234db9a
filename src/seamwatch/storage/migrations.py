"""Versioned schema migrations, applied in order, in one transaction, when a store opens.

Written by hand rather than with alembic: four tables and a handful of migrations do not
need autogenerate, branching or a separate CLI, and keeping migrations as plain functions
means a user's ``probe serve`` upgrades its own database with no extra step or config file.

Rules: a migration is never edited once released; add a new one. Each migration keeps its
own snapshot of what it creates (it does not import :mod:`seamwatch.storage.tables`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    inspect,
    select,
)
from sqlalchemy.engine import Connection

from seamwatch.core.clock import Clock
from seamwatch.core.errors import StorageError
from seamwatch.storage.dialects import Backend, UtcDateTime
from seamwatch.storage.tables import schema_migrations

__all__ = ["MIGRATIONS", "Migration", "current_version", "migrate"]


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _v1_tables(conn: Connection) -> None:
    md = MetaData()
    Table(
        "probe_runs", md,
        Column("id", String(36), primary_key=True),
        Column("probe", String(200), nullable=False),
        Column("kind", String(50), nullable=False),
        Column("system", String(100), nullable=False),
        Column("started_at", UtcDateTime, nullable=False),
        Column("finished_at", UtcDateTime, nullable=False),
        Column("duration_ms", Float, nullable=False),
        Column("success", Boolean, nullable=False),
        Column("classification", String(30)),
        Column("failed_step", String(200)),
        Column("message", Text, nullable=False),
        Column("sync_lag_ms", Float),
        Column("direction", String(20)),
        Index("ix_probe_runs_probe_started_at", "probe", "started_at"),
        Index("ix_probe_runs_started_at", "started_at"),
    )
    Table(
        "probe_steps", md,
        Column("run_id", String(36), ForeignKey("probe_runs.id", ondelete="CASCADE"), primary_key=True),
        Column("seq", Integer, primary_key=True, autoincrement=False),
        Column("name", String(200), nullable=False),
        Column("started_at", UtcDateTime, nullable=False),
        Column("duration_ms", Float, nullable=False),
        Column("ok", Boolean, nullable=False),
        Column("error", Text),
    )
    Table(
        "api_calls", md,
        Column("run_id", String(36), ForeignKey("probe_runs.id", ondelete="CASCADE"), primary_key=True),
        Column("seq", Integer, primary_key=True, autoincrement=False),
        Column("system", String(100), nullable=False),
        Column("operation", String(200), nullable=False),
        Column("method", String(10), nullable=False),
        Column("status", Integer),
        Column("latency_ms", Float, nullable=False),
    )
    md.create_all(conn)


def _v2_classification_index(conn: Connection) -> None:
    # The status page and alert policy count failures by classification over a window.
    runs = Table("probe_runs", MetaData(), Column("classification", String(30)))
    Index("ix_probe_runs_classification", runs.c.classification).create(conn)


def _v3_webhook_deliveries(conn: Connection) -> None:
    # One row per webhook a synthetic order should cause; arrived_at stays NULL until it does.
    md = MetaData()
    Table(
        "webhook_deliveries", md,
        Column("id", String(80), primary_key=True),
        Column("probe", String(200), nullable=False),
        Column("topic", String(100), nullable=False),
        Column("reference", String(200), nullable=False),
        Column("expected_at", UtcDateTime, nullable=False),
        Column("arrived_at", UtcDateTime),
        Column("delay_ms", Float),
        Index("ix_webhook_deliveries_expected_at", "expected_at"),
        Index("ix_webhook_deliveries_reference", "reference"),
    )
    md.create_all(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "probe_runs, probe_steps and api_calls", _v1_tables),
    Migration(2, "index probe_runs by classification", _v2_classification_index),
    Migration(3, "webhook_deliveries", _v3_webhook_deliveries),
)


def current_version(conn: Connection) -> int:
    """The highest applied version, 0 for an empty database."""
    if not inspect(conn).has_table(schema_migrations.name):
        return 0
    return int(conn.execute(select(func.coalesce(func.max(schema_migrations.c.version), 0))).scalar_one())


def migrate(conn: Connection, backend: Backend, clock: Clock,
            migrations: Sequence[Migration] = MIGRATIONS) -> list[int]:
    """Apply the pending ``migrations`` on ``conn`` (inside the caller's transaction).

    Returns the versions applied (empty when up to date). A database newer than the code
    is refused rather than written to with a schema this code does not understand.
    """
    backend.lock_for_migration(conn)
    schema_migrations.create(conn, checkfirst=True)
    have = current_version(conn)
    known = max((m.version for m in migrations), default=0)
    if have > known:
        raise StorageError(
            f"database schema version {have} is newer than this seamwatch ({known}); upgrade seamwatch",
            field="storage.url", fix="upgrade seamwatch, or point storage.url at another database")
    applied = []
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version <= have:
            continue
        migration.apply(conn)
        conn.execute(schema_migrations.insert().values(
            version=migration.version, description=migration.description, applied_at=clock.now()))
        applied.append(migration.version)
    return applied
