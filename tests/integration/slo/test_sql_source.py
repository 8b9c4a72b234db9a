"""The SQL source gives the same verdicts as the in-memory one, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from seamwatch.config import Slos
from seamwatch.core.clock import FakeClock
from seamwatch.slo import Delivery, MemorySliSource, evaluate
from seamwatch.storage import SqlStore, open_store
from seamwatch.storage.slo_queries import SqlSliSource
from seamwatch.storage.tables import webhook_deliveries
from tests.unit.slo.helpers import run

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _data() -> tuple[list, list[Delivery]]:
    rnd = random.Random(3)
    results = []
    for _ in range(1500):
        at = NOW - timedelta(seconds=rnd.uniform(-600, 35 * 86400))  # some in the future, some too old
        ok = rnd.random() > 0.05
        results.append(run(at, ok=ok, system=rnd.choice(["shopify", "erp"]), probe=rnd.choice(["a", "b"]),
                           lag_ms=rnd.lognormvariate(10, 1) if ok else None,
                           direction=rnd.choice(["shopify_to_erp", "erp_to_shopify"]),
                           latency_ms=rnd.lognormvariate(6, 0.7), classification=rnd.choice(["late", "timeout"])))
    hooks = []
    for i in range(400):
        expected = NOW - timedelta(seconds=rnd.uniform(0, 10 * 86400))
        arrived = rnd.random() > 0.05 and i % 50
        delay = rnd.uniform(0, 120_000) if arrived else None
        hooks.append(Delivery(rnd.choice(["orders/create", "orders/paid"]), expected,
                              expected + timedelta(milliseconds=delay) if delay else None, delay))
    hooks += [Delivery("orders/create", NOW - timedelta(seconds=30)) for _ in range(5)]  # pending
    return results, hooks


def _fill(store: SqlStore, results: list, hooks: list[Delivery]) -> None:
    store.add_results(results)
    with store.engine.begin() as conn:
        conn.execute(sa.insert(webhook_deliveries), [
            {"id": f"h{i}", "probe": "orders", "topic": h.topic, "reference": f"r{i}", "expected_at": h.expected_at,
             "arrived_at": h.arrived_at, "delay_ms": h.delay_ms} for i, h in enumerate(hooks)])


def test_sql_and_memory_sources_agree(store: SqlStore) -> None:
    results, hooks = _data()
    _fill(store, results, hooks)
    slos = Slos.model_validate({"definitions": [
        {"name": "per-probe", "sli": "success_rate", "per": "probe", "objective": 0.97, "page_threshold": 0.9},
        {"name": "webhook-delivery", "max_delay_ms": 100_000}]})
    expected = evaluate(slos.resolved(), MemorySliSource(results, hooks), NOW)
    got = evaluate(slos.resolved(), SqlSliSource(store), NOW)
    assert got == expected
    assert {s.sli for s in got} == {"success_rate", "sync_lag", "api_latency", "webhook_delivery"}
    assert any(s.scope.startswith("probe:") for s in got)
    assert all(s.samples > 0 for s in got)


def test_migration_4_backfills_buckets_of_older_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from seamwatch.storage.migrations import MIGRATIONS

    url = f"sqlite:///{tmp_path / 'old.db'}"
    results, _ = _data()
    # Write with the v3 schema (no bucket columns), then let the store migrate it.
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        from seamwatch.storage.migrations import migrate
        from seamwatch.storage.dialects import backend_for
        migrate(conn, backend_for(sa.engine.make_url(url)), FakeClock(NOW), [m for m in MIGRATIONS if m.version <= 3])
        for r in results[:200]:
            conn.execute(sa.text("INSERT INTO probe_runs (id, probe, kind, system, started_at, finished_at, "
                                 "duration_ms, success, classification, message, sync_lag_ms, direction) VALUES "
                                 "(:id, :p, 'k', :s, :at, :at, 1, :ok, :c, '', :lag, :d)"),
                         {"id": r.run_id, "p": r.probe, "s": r.system, "at": r.started_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                          "ok": r.success, "c": r.classification, "lag": r.sync_lag_ms, "d": r.direction})
            for i, c in enumerate(r.calls):
                conn.execute(sa.text("INSERT INTO api_calls VALUES (:r, :i, :s, :o, 'GET', 200, :l)"),
                             {"r": r.run_id, "i": i, "s": c.system, "o": c.operation, "l": c.latency_ms})
    engine.dispose()
    with open_store(url, FakeClock(NOW)) as store:
        assert 4 in store.applied_migrations
        got = evaluate(Slos().resolved(), SqlSliSource(store), NOW)
    assert got == evaluate(Slos().resolved(), MemorySliSource(results[:200]), NOW)
