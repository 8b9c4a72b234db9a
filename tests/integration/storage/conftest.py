"""A ``store_url`` over SQLite (a temp file) and PostgreSQL (a fresh database per test).

The PostgreSQL cases are marked ``postgres`` and fail, never skip, when the server is down.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from seamwatch.core.clock import FakeClock
from seamwatch.storage import CallLatency, ProbeResult, SqlStore, StepTiming, open_store

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A throwaway database, dropped afterwards. Errors (not skips) if PostgreSQL is down."""
    name = f"sw_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'reports' / 'seamwatch.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 1, 12, 0, tzinfo=UTC))


@pytest.fixture
def store(store_url: str, clock: FakeClock) -> Iterator[SqlStore]:
    with open_store(store_url, clock) as opened:
        yield opened


def make_result(at: datetime, probe: str = "orders", *, success: bool = True,
                n_steps: int = 3, n_calls: int = 2) -> ProbeResult:
    """A realistic order round-trip result started at ``at``."""
    steps = [StepTiming(f"step{i}", at + timedelta(milliseconds=10 * i), 10.5 + i, ok=success or i < n_steps - 1,
                        error=None if success or i < n_steps - 1 else "ERP returned 503")
             for i in range(n_steps)]
    calls = [CallLatency("shopify" if i % 2 == 0 else "erp", f"op{i}", "POST" if i == 0 else "GET",
                         200 if success else (503 if i else None), 12.25 + i) for i in range(n_calls)]
    return ProbeResult(
        run_id=str(uuid.uuid4()), probe=probe, kind="order_roundtrip", system="sandbox",
        started_at=at, finished_at=at + timedelta(seconds=2, microseconds=123456), duration_ms=2123.456,
        success=success, classification=None if success else "http_5xx",
        failed_step=None if success else f"step{n_steps - 1}", message="" if success else "ERP returned 503",
        sync_lag_ms=1500.5 if success else None, direction="shopify_to_erp", steps=steps, calls=calls,
    )


@pytest.fixture
def result_at() -> Callable[..., ProbeResult]:
    return make_result
