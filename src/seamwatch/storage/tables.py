"""The tables as the code reads and writes them: the schema after the latest migration.

Migrations do not create tables from here (each migration keeps its own snapshot of what
it creates), so editing this file never rewrites history; add a migration and update this.
"""

from __future__ import annotations

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
)

from seamwatch.storage.dialects import UtcDateTime

__all__ = ["alert_outbox", "alert_state", "api_calls", "metadata", "probe_runs", "probe_steps", "schema_migrations", "webhook_deliveries"]

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", String(200), nullable=False),
    Column("applied_at", UtcDateTime, nullable=False),
)

probe_runs = Table(
    "probe_runs", metadata,
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
    Column("lag_bucket", Integer),  # migration 4: seamwatch.slo.sketch bucket
    Index("ix_probe_runs_probe_started_at", "probe", "started_at"),
    Index("ix_probe_runs_started_at", "started_at"),
    Index("ix_probe_runs_classification", "classification"),  # migration 2
    Index("ix_probe_runs_slo", "system", "probe", "success", "direction", "lag_bucket", "started_at"),  # 4
    Index("ix_probe_runs_slo_recent", "started_at", "system", "probe", "success", "direction", "lag_bucket"),
)

probe_steps = Table(
    "probe_steps", metadata,
    Column("run_id", String(36), ForeignKey("probe_runs.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("duration_ms", Float, nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("error", Text),
)

api_calls = Table(
    "api_calls", metadata,
    Column("run_id", String(36), ForeignKey("probe_runs.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("system", String(100), nullable=False),
    Column("operation", String(200), nullable=False),
    Column("method", String(10), nullable=False),
    Column("status", Integer),
    Column("latency_ms", Float, nullable=False),
    Column("started_at", UtcDateTime),  # migration 4: the run's, so SLO windows need no join
    Column("latency_bucket", Integer),  # migration 4: seamwatch.slo.sketch bucket
    Index("ix_api_calls_slo", "system", "operation", "latency_bucket", "started_at"),
    Index("ix_api_calls_slo_recent", "started_at", "system", "operation", "latency_bucket"),
)

webhook_deliveries = Table(
    "webhook_deliveries", metadata,
    Column("id", String(80), primary_key=True),
    Column("probe", String(200), nullable=False),
    Column("topic", String(100), nullable=False),
    Column("reference", String(200), nullable=False),
    Column("expected_at", UtcDateTime, nullable=False),
    Column("arrived_at", UtcDateTime),
    Column("delay_ms", Float),
    Index("ix_webhook_deliveries_expected_at", "expected_at"),
    Index("ix_webhook_deliveries_reference", "reference"),
    Index("ix_webhook_deliveries_slo", "topic", "expected_at", "arrived_at", "delay_ms"),  # migration 4
)

alert_state = Table(  # migration 5
    "alert_state", metadata,
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

alert_outbox = Table(  # migration 5
    "alert_outbox", metadata,
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
