"""The one result store: SQLAlchemy Core over SQLite (default) or PostgreSQL.

Core rather than the ORM: results are written in batches and read as plain rows, so
identity maps and unit-of-work bookkeeping would only cost time. Every SQLAlchemy or DBAPI
error is turned into a one-line :class:`StorageError` in :func:`_translated`, nowhere else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Select, create_engine, delete, func, insert, select
from sqlalchemy.engine import URL, Engine, Row, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from seamwatch.core.clock import Clock
from seamwatch.core.errors import StorageError
from seamwatch.slo.sketch import bucket_of, run_lag_bucket
from seamwatch.storage.dialects import URL_FIELD, URL_FIX, Backend, backend_for
from seamwatch.storage.migrations import current_version, migrate
from seamwatch.storage.model import CallLatency, ProbeResult, StepTiming
from seamwatch.storage.tables import api_calls, probe_runs, probe_steps

__all__ = ["DEFAULT_RETENTION_DAYS", "SqlStore", "open_store", "retention_cutoff"]

DEFAULT_RETENTION_DAYS = 90


def retention_cutoff(clock: Clock, days: int = DEFAULT_RETENTION_DAYS) -> datetime:
    """The instant before which runs are pruned: ``days`` before ``clock.now()``."""
    return clock.now() - timedelta(days=days)


def _parse_url(url: str | URL) -> URL:
    try:
        return make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise StorageError(f"cannot parse storage URL {str(url)!r}: {exc}",
                           field=URL_FIELD, fix=URL_FIX) from exc


@contextmanager
def _translated(action: str, masked_url: str, fix: str) -> Iterator[None]:
    """The one place third-party database errors become :class:`StorageError`."""
    try:
        yield
    except SQLAlchemyError as exc:
        cause = getattr(exc, "orig", None) or exc
        # Driver messages span several lines (psycopg adds hints); the CLI prints one.
        lines = [ln.strip() for ln in str(cause).splitlines() if ln.strip()]
        reason = lines[0] if lines else type(cause).__name__
        raise StorageError(f"cannot {action} {masked_url}: {reason}", field=URL_FIELD, fix=fix) from exc
    except OSError as exc:  # e.g. the SQLite directory cannot be created
        raise StorageError(f"cannot {action} {masked_url}: {exc}", field=URL_FIELD, fix=fix) from exc


class SqlStore:
    """A :class:`~seamwatch.storage.protocol.Store` on one SQLAlchemy engine.

    Opening migrates the schema to the latest version (see :mod:`.migrations`).
    """

    def __init__(self, url: str | URL, clock: Clock) -> None:
        self._backend: Backend = backend_for(_parse_url(url))
        self._clock = clock
        self.url = self._backend.url.render_as_string(hide_password=True)
        with self._errors("open storage at"):
            self._backend.prepare()
            self._engine: Engine = create_engine(self._backend.url, **self._backend.engine_options())
            self._backend.install(self._engine)
            try:
                with self._engine.begin() as conn:
                    self.applied_migrations = migrate(conn, self._backend, clock)
            except BaseException:
                self._engine.dispose()
                raise

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._backend.name

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for the store's query modules (``storage/*_queries.py``)."""
        return self._engine

    def errors(self, action: str) -> Any:
        """Context manager turning database errors into one-line :class:`StorageError`."""
        return _translated(action, self.url, self._backend.fix)

    _errors = errors

    def add_results(self, results: Sequence[ProbeResult]) -> None:
        if not results:
            return
        runs, steps, calls = _rows(results)
        with self._errors("write results to"), self._engine.begin() as conn:
            conn.execute(insert(probe_runs), runs)
            if steps:
                conn.execute(insert(probe_steps), steps)
            if calls:
                conn.execute(insert(api_calls), calls)
        # engine.begin() committed on leaving the block: the results are durable now.

    def results(self, since: datetime, until: datetime, probe: str | None = None,
                limit: int | None = None) -> list[ProbeResult]:
        query = select(probe_runs).where(probe_runs.c.started_at >= since, probe_runs.c.started_at < until)
        if probe is not None:
            query = query.where(probe_runs.c.probe == probe)
        query = query.order_by(probe_runs.c.started_at, probe_runs.c.id)
        return self._load(query.limit(limit) if limit is not None else query)

    def latest(self, probe: str, n: int) -> list[ProbeResult]:
        query = (select(probe_runs).where(probe_runs.c.probe == probe)
                 .order_by(probe_runs.c.started_at.desc(), probe_runs.c.id.desc()).limit(n))
        return self._load(query)

    def prune(self, older_than: datetime) -> int:
        # Steps and calls go with their runs through ON DELETE CASCADE.
        with self._errors("prune"), self._engine.begin() as conn:
            return int(conn.execute(delete(probe_runs).where(probe_runs.c.started_at < older_than)).rowcount)

    def count(self) -> int:
        with self._errors("read"), self._engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(probe_runs)).scalar_one())

    def schema_version(self) -> int:
        with self._errors("read"), self._engine.connect() as conn:
            return current_version(conn)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _load(self, runs_query: Select[Any]) -> list[ProbeResult]:
        """Runs matching ``runs_query`` with their steps and calls: three queries in all."""
        # The same filter, order and limit as a subquery, so no id list is shipped back.
        run_ids = select(runs_query.with_only_columns(probe_runs.c.id).subquery().c.id)
        with self._errors("read"), self._engine.connect() as conn:
            runs = conn.execute(runs_query).all()
            if not runs:
                return []
            steps = conn.execute(select(probe_steps).where(probe_steps.c.run_id.in_(run_ids))
                                 .order_by(probe_steps.c.run_id, probe_steps.c.seq)).all()
            calls = conn.execute(select(api_calls).where(api_calls.c.run_id.in_(run_ids))
                                 .order_by(api_calls.c.run_id, api_calls.c.seq)).all()
        return _results(runs, steps, calls)


def _rows(results: Sequence[ProbeResult]) -> tuple[list[dict[str, Any]], ...]:
    runs: list[dict[str, Any]] = []
    steps: list[dict[str, Any]] = []
    calls: list[dict[str, Any]] = []
    for r in results:
        runs.append({
            "id": r.run_id, "probe": r.probe, "kind": r.kind, "system": r.system,
            "started_at": r.started_at, "finished_at": r.finished_at, "duration_ms": r.duration_ms,
            "success": r.success, "classification": r.classification, "failed_step": r.failed_step,
            "message": r.message, "sync_lag_ms": r.sync_lag_ms, "direction": r.direction,
            # Sketch buckets (migration 4) so SLO percentiles are GROUP BY counts.
            "lag_bucket": run_lag_bucket(r.sync_lag_ms, r.direction, r.classification),
        })
        steps.extend({"run_id": r.run_id, "seq": i, "name": s.name, "started_at": s.started_at,
                      "duration_ms": s.duration_ms, "ok": s.ok, "error": s.error}
                     for i, s in enumerate(r.steps))
        calls.extend({"run_id": r.run_id, "seq": i, "system": c.system, "operation": c.operation,
                      "method": c.method, "status": c.status, "latency_ms": c.latency_ms,
                      "started_at": r.started_at, "latency_bucket": bucket_of(c.latency_ms)}
                     for i, c in enumerate(r.calls))
    return runs, steps, calls


def _results(runs: Sequence[Row[Any]], steps: Sequence[Row[Any]], calls: Sequence[Row[Any]]) -> list[ProbeResult]:
    steps_of: dict[str, list[StepTiming]] = defaultdict(list)
    for s in steps:
        steps_of[s.run_id].append(StepTiming(s.name, s.started_at, s.duration_ms, bool(s.ok), s.error))
    calls_of: dict[str, list[CallLatency]] = defaultdict(list)
    for c in calls:
        calls_of[c.run_id].append(CallLatency(c.system, c.operation, c.method, c.status, c.latency_ms))
    return [
        ProbeResult(
            run_id=r.id, probe=r.probe, kind=r.kind, system=r.system, started_at=r.started_at,
            finished_at=r.finished_at, duration_ms=r.duration_ms, success=bool(r.success),
            classification=r.classification, failed_step=r.failed_step, message=r.message,
            sync_lag_ms=r.sync_lag_ms, direction=r.direction,
            steps=steps_of.get(r.id, []), calls=calls_of.get(r.id, []),
        )
        for r in runs
    ]


def open_store(url: str | URL, clock: Clock) -> SqlStore:
    """Open (and migrate) the store at ``url``; :class:`StorageError` if that fails."""
    return SqlStore(url, clock)
