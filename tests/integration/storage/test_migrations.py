"""Schema versions: 0 -> latest on open, nothing on reopen, newer databases refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from seamwatch.core.clock import FakeClock
from seamwatch.core.errors import StorageError
from seamwatch.storage import MIGRATIONS, open_store
from seamwatch.storage.dialects import backend_for
from seamwatch.storage.migrations import migrate

LATEST = MIGRATIONS[-1].version


def _versions(url: str) -> list[tuple[int, object]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.exec_driver_sql(
                "SELECT version, applied_at FROM schema_migrations ORDER BY version")]
    finally:
        engine.dispose()


def _indexes(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return {ix["name"] for ix in sa.inspect(engine).get_indexes("probe_runs")}
    finally:
        engine.dispose()


def test_a_new_database_is_migrated_from_0_to_latest(store_url: str, clock: FakeClock) -> None:
    every = [m.version for m in MIGRATIONS]
    assert every == list(range(1, LATEST + 1)), "versions are consecutive from 1"
    with open_store(store_url, clock) as store:
        assert store.applied_migrations == every
        assert store.schema_version() == LATEST
    assert [v for v, _ in _versions(store_url)] == every
    assert {"ix_probe_runs_probe_started_at", "ix_probe_runs_started_at",
            "ix_probe_runs_classification"} <= _indexes(store_url)


def test_reopening_an_up_to_date_database_applies_nothing(store_url: str, clock: FakeClock) -> None:
    open_store(store_url, clock).close()
    before = _versions(store_url)
    clock.advance(3600)
    with open_store(store_url, clock) as store:
        assert store.applied_migrations == []
        assert store.schema_version() == LATEST
    assert _versions(store_url) == before


def test_a_version_1_database_gets_only_migration_2(store_url: str, clock: FakeClock) -> None:
    backend = backend_for(sa.make_url(store_url))
    backend.prepare()
    engine = sa.create_engine(backend.url)
    backend.install(engine)
    try:
        with engine.begin() as conn:
            assert migrate(conn, backend, clock, MIGRATIONS[:1]) == [1]
    finally:
        engine.dispose()
    assert "ix_probe_runs_classification" not in _indexes(store_url)
    with open_store(store_url, clock) as store:
        assert store.applied_migrations == list(range(2, LATEST + 1))
    assert "ix_probe_runs_classification" in _indexes(store_url)


def test_a_failing_migration_leaves_no_trace(store_url: str, clock: FakeClock) -> None:
    from seamwatch.storage.migrations import Migration

    def broken(conn: sa.Connection) -> None:
        conn.exec_driver_sql("CREATE TABLE half_done (x INTEGER)")
        conn.exec_driver_sql("SELECT * FROM no_such_table")

    backend = backend_for(sa.make_url(store_url))
    backend.prepare()
    engine = sa.create_engine(backend.url)
    backend.install(engine)
    try:
        with pytest.raises(sa.exc.DBAPIError), engine.begin() as conn:
            migrate(conn, backend, clock, [*MIGRATIONS, Migration(LATEST + 1, "broken", broken)])
        assert not sa.inspect(engine).has_table("probe_runs")
        assert not sa.inspect(engine).has_table("half_done")
    finally:
        engine.dispose()


def test_a_newer_database_is_refused(store_url: str, clock: FakeClock) -> None:
    open_store(store_url, clock).close()
    engine = sa.create_engine(store_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO schema_migrations (version, description, applied_at) "
                                 "VALUES (:v, 'from the future', :at)"),
                         {"v": LATEST + 5, "at": "2026-03-01T12:00:00.000000Z" if store_url.startswith("sqlite")
                          else clock.now() + timedelta(days=1)})
    finally:
        engine.dispose()
    with pytest.raises(StorageError) as caught:
        open_store(store_url, clock)
    assert caught.value.message == (f"database schema version {LATEST + 5} is newer than this "
                                    f"seamwatch ({LATEST}); upgrade seamwatch")
