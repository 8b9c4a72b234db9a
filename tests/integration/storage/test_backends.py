"""Backend specifics: SQLite WAL, error translation, and durability across a SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from seamwatch.core.clock import FakeClock
from seamwatch.core.errors import StorageError
from seamwatch.storage import open_store

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "nested" / "dir" / "seamwatch.db"
    with open_store(f"sqlite:///{path}", clock) as store, store._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar_one() == 1  # NORMAL
    # WAL is a property of the file, so any other reader sees it too.
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.postgres
def test_unreachable_postgres_is_a_one_line_storage_error_with_the_password_masked(clock: FakeClock) -> None:
    with pytest.raises(StorageError) as caught:
        open_store("postgresql+psycopg://seamwatch:hunter2@127.0.0.1:1/seamwatch", clock)
    text = str(caught.value)
    assert "hunter2" not in text and "seamwatch:***@127.0.0.1:1" in text
    assert "\n" not in text and caught.value.field == "storage.url"
    assert "start PostgreSQL" in caught.value.fix


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgresql+asyncpg://u@h/db", "not a url"])
def test_unknown_url_schemes_name_the_storage_url_field(url: str, clock: FakeClock) -> None:
    with pytest.raises(StorageError) as caught:
        open_store(url, clock)
    assert caught.value.field == "storage.url"
    assert "\n" not in str(caught.value)


def test_an_unwritable_sqlite_location_is_a_storage_error(tmp_path: Path, clock: FakeClock) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StorageError, match="cannot open storage"):
        open_store(f"sqlite:///{blocker / 'sub' / 'x.db'}", clock)


def test_a_write_after_the_database_vanishes_is_a_storage_error(tmp_path: Path, clock: FakeClock) -> None:
    from tests.integration.storage.conftest import make_result

    store = open_store(f"sqlite:///{tmp_path / 'x.db'}", clock)
    try:
        with store._engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE api_calls")
        with pytest.raises(StorageError, match="cannot write results to sqlite:///"):
            store.add_results([make_result(T0)])
    finally:
        store.close()


_WRITER = textwrap.dedent("""
    import sys, time
    from datetime import UTC, datetime
    from seamwatch.core.clock import SystemClock
    from seamwatch.storage import open_store
    from tests.integration.storage.conftest import make_result

    store = open_store(sys.argv[1], SystemClock())
    store.add_results([make_result(datetime(2026, 3, 1, 12, i, tzinfo=UTC)) for i in range(5)])
    print("committed", flush=True)
    time.sleep(60)  # killed here, with the store still open
""")


def test_a_committed_result_survives_sigkill(store_url: str, clock: FakeClock) -> None:
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONPATH": str(root)}
    with subprocess.Popen([sys.executable, "-c", _WRITER, store_url], stdout=subprocess.PIPE,
                          text=True, env=env, cwd=root) as writer:
        try:
            assert writer.stdout is not None
            assert writer.stdout.readline().strip() == "committed"
        finally:
            writer.send_signal(signal.SIGKILL)
            writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    with open_store(store_url, clock) as store:
        assert store.count() == 5
        assert len(store.results(T0, T0 + timedelta(hours=1))) == 5
