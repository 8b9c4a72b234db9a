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
    text,
)
from sqlalchemy.engine import Connection

from seamwatch.core.clock import Clock
from seamwatch.core.errors import StorageError
from seamwatch.slo.sketch import bucket_of, run_lag_bucket
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


def _v4_slo_buckets(conn: Connection) -> None:
    # SLO queries count samples per log bucket (seamwatch.slo.sketch) instead of sorting values;
    # api_calls gets its run's started_at so windows need no join. Backfilled here, then
    # written by SqlStore on insert. Changing the sketch's gamma needs a new migration.
    stamp = UtcDateTime().compile(dialect=conn.dialect)
    for ddl in ("ALTER TABLE probe_runs ADD COLUMN lag_bucket INTEGER",
                f"ALTER TABLE api_calls ADD COLUMN started_at {stamp}",
                "ALTER TABLE api_calls ADD COLUMN latency_bucket INTEGER",
                "UPDATE api_calls SET started_at = "
                "(SELECT started_at FROM probe_runs WHERE probe_runs.id = api_calls.run_id)"):
        conn.exec_driver_sql(ddl)
    runs = conn.exec_driver_sql("SELECT id, sync_lag_ms, direction, classification FROM probe_runs "
                                "WHERE direction IS NOT NULL").all()
    lag = [{"b": run_lag_bucket(r[1], r[2], r[3]), "id": r[0]} for r in runs]
    calls = conn.exec_driver_sql("SELECT run_id, seq, latency_ms FROM api_calls").all()
    latency = [{"b": bucket_of(c[2]), "run_id": c[0], "seq": c[1]} for c in calls]
    if lag:
        conn.execute(text("UPDATE probe_runs SET lag_bucket = :b WHERE id = :id"), lag)
    if latency:
        conn.execute(text("UPDATE api_calls SET latency_bucket = :b WHERE run_id = :run_id AND seq = :seq"),
                     latency)
    # Column order: the grouped 30-day scan reads the index in GROUP BY order (no sort);
    # the started_at-first twin serves the short burn-rate windows with a range scan.
    for ddl in (
        "CREATE INDEX ix_probe_runs_slo ON probe_runs "
        "(system, probe, success, direction, lag_bucket, started_at)",
        "CREATE INDEX ix_probe_runs_slo_recent ON probe_runs "
        "(started_at, system, probe, success, direction, lag_bucket)",
        "CREATE INDEX ix_api_calls_slo ON api_calls (system, operation, latency_bucket, started_at)",
        "CREATE INDEX ix_api_calls_slo_recent ON api_calls (started_at, system, operation, latency_bucket)",
        "CREATE INDEX ix_webhook_deliveries_slo ON webhook_deliveries "
        "(topic, expected_at, arrived_at, delay_ms)",
    ):
        conn.exec_driver_sql(ddl)


def _v5_alerting(conn: Connection) -> None:
    # Alert state per SLO key (a restart neither re-pages nor forgets) and the send outbox.
    md = MetaData()
    Table(
        "alert_state", md,
        Column("key", String(300), primary_key=True),
        Column("status", String(20), nullable=False),
        Column("severity", String(20)),
        Column("dedup_key", String(300), nullable=False),
        Column("system", String(50)),
        Column("opened_at", UtcDateTime),
        Column("last_sent_at", UtcDateTime),
        Column("last_evaluated_at", UtcDateTime, nullable=False),
        Column("bad_streak", Integer, nullable=False),
        Column("good_streak", Integer, nullable=False),
        Column("notified", Boolean, nullable=False),
        Column("sent_count", Integer, nullable=False),
    )
    Table(
        "alert_outbox", md,
        Column("seq", Integer, primary_key=True, autoincrement=True),
        Column("id", String(36), nullable=False, unique=True),
        Column("receiver", String(200), nullable=False),
        Column("provider", String(50), nullable=False),
        Column("dedup_key", String(300), nullable=False),
        Column("action", String(20), nullable=False),
        Column("notification", Text, nullable=False),
        Column("status", String(20), nullable=False),
        Column("attempts", Integer, nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        Column("next_attempt_at", UtcDateTime, nullable=False),
        Column("sent_at", UtcDateTime),
        Column("last_error", Text),
        Index("ix_alert_outbox_status_seq", "status", "seq"),
    )
    md.create_all(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "probe_runs, probe_steps and api_calls", _v1_tables),
    Migration(2, "index probe_runs by classification", _v2_classification_index),
    Migration(3, "webhook_deliveries", _v3_webhook_deliveries),
    Migration(4, "SLO sketch buckets and covering indexes", _v4_slo_buckets),
    Migration(5, "alert_state and alert_outbox", _v5_alerting),
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
