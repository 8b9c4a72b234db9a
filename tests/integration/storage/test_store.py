"""Round-trips, queries and retention, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from seamwatch.core.clock import FakeClock
from seamwatch.core.errors import StorageError
from seamwatch.storage import ProbeResult, SqlStore, Store, retention_cutoff
from tests.integration.storage.conftest import make_result

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_sql_store_satisfies_the_protocol(store: SqlStore) -> None:
    typed: Store = store  # checked by mypy; at runtime, that the methods exist
    assert all(callable(getattr(typed, m)) for m in
               ("add_results", "results", "latest", "prune", "count", "schema_version", "close"))


def test_results_round_trip_with_steps_calls_and_aware_utc_times(store: SqlStore) -> None:
    written = [make_result(T0), make_result(T0 + timedelta(minutes=1), success=False)]
    store.add_results(written)
    read = store.results(T0, T0 + timedelta(hours=1))
    assert read == written
    for result in read:
        assert result.started_at.tzinfo is UTC and result.finished_at.tzinfo is UTC
        assert all(step.started_at.tzinfo is UTC for step in result.steps)
    assert read[1].classification == "http_5xx" and read[1].calls[1].status == 503
    assert read[1].calls[0].status is None and read[1].steps[-1].error == "ERP returned 503"


def test_a_non_utc_aware_time_is_refused_at_construction() -> None:
    from zoneinfo import ZoneInfo
    with pytest.raises(ValueError, match="UTC"):
        make_result(datetime(2026, 3, 1, tzinfo=ZoneInfo("Europe/Berlin")))


def test_results_filter_by_half_open_time_range_probe_and_limit(store: SqlStore) -> None:
    store.add_results([make_result(T0 + timedelta(minutes=i), probe="orders" if i % 2 else "stock")
                       for i in range(10)])
    window = store.results(T0 + timedelta(minutes=2), T0 + timedelta(minutes=6))
    assert [r.started_at.minute for r in window] == [2, 3, 4, 5]
    orders = store.results(T0, T0 + timedelta(hours=1), probe="orders")
    assert [r.started_at.minute for r in orders] == [1, 3, 5, 7, 9]
    limited = store.results(T0, T0 + timedelta(hours=1), probe="orders", limit=2)
    assert [r.started_at.minute for r in limited] == [1, 3]
    assert all(len(r.steps) == 3 and len(r.calls) == 2 for r in limited)
    assert store.results(T0 + timedelta(days=1), T0 + timedelta(days=2)) == []


def test_latest_returns_the_newest_first(store: SqlStore) -> None:
    # Written out of order, so the order comes from the query, not insertion.
    store.add_results([make_result(T0 + timedelta(minutes=i)) for i in (3, 0, 4, 1, 2)])
    store.add_results([make_result(T0 + timedelta(minutes=9), probe="other")])
    latest = store.latest("orders", 3)
    assert [r.started_at.minute for r in latest] == [4, 3, 2]
    assert all(len(r.steps) == 3 for r in latest)


def test_prune_deletes_old_runs_and_cascades_to_steps_and_calls(store: SqlStore, clock: FakeClock) -> None:
    old = [make_result(T0 - timedelta(days=100 + i)) for i in range(3)]
    recent = [make_result(T0 - timedelta(days=1))]
    store.add_results(old + recent)
    cutoff = retention_cutoff(clock)
    assert cutoff == T0 - timedelta(days=90)
    assert store.prune(cutoff) == 3
    assert store.count() == 1
    with store._engine.connect() as conn:  # the cascade, seen from the child tables
        steps = conn.exec_driver_sql("SELECT count(*) FROM probe_steps").scalar_one()
        calls = conn.exec_driver_sql("SELECT count(*) FROM api_calls").scalar_one()
    assert (steps, calls) == (3, 2)
    assert store.results(T0 - timedelta(days=365), T0) == recent


def test_add_results_is_one_transaction(store: SqlStore) -> None:
    first = make_result(T0)
    store.add_results([first])
    duplicate = ProbeResult(**{**first.__dict__, "started_at": T0 + timedelta(minutes=5)})
    with pytest.raises(StorageError) as caught:
        store.add_results([make_result(T0 + timedelta(minutes=1)), duplicate])
    assert "\n" not in str(caught.value)
    assert store.count() == 1  # the good row of the failed batch was rolled back too


def test_empty_batch_is_a_no_op(store: SqlStore) -> None:
    store.add_results([])
    assert store.count() == 0


def test_long_messages_are_truncated_to_2000_chars(store: SqlStore) -> None:
    long = ProbeResult(**{**make_result(T0, success=False).__dict__, "message": "x" * 5000})
    store.add_results([long])
    (read,) = store.results(T0, T0 + timedelta(seconds=1))
    assert len(read.message) == 2000


def test_new_run_ids_are_uuid7_and_sort_by_time() -> None:
    import uuid

    from seamwatch.storage import new_run_id
    ids = [new_run_id(T0 + timedelta(milliseconds=i)) for i in range(50)]
    assert ids == sorted(ids) and len(set(ids)) == 50
    assert all(uuid.UUID(i).version == 7 for i in ids)
