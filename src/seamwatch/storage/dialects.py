"""Everything that differs between SQLite and PostgreSQL, and nothing else.

- SQLite: the parent directory is created; every connection gets WAL mode,
  ``synchronous=NORMAL`` and foreign keys (without which ``ON DELETE CASCADE`` is ignored).
- PostgreSQL: only through psycopg 3 (``postgresql+psycopg://``); a connect timeout so an
  unreachable host fails instead of hanging; an advisory lock around migrations.
- Timestamps: ``timestamptz`` in PostgreSQL; fixed-width ISO-8601 UTC text in SQLite (so
  text order is time order). Both read back as aware UTC datetimes (:class:`UtcDateTime`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, String, event, text
from sqlalchemy.engine import URL, Connection, Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from seamwatch.core.errors import StorageError

__all__ = ["Backend", "UtcDateTime", "backend_for"]

URL_FIELD = "storage.url"
URL_FIX = "use sqlite:///reports/seamwatch.db or postgresql+psycopg://user@host:5432/dbname"
# Fixed width (microseconds always present) keeps lexicographic order equal to time order.
_SQLITE_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
# Any constant works; it only has to be the same for every seamwatch process.
_PG_MIGRATION_LOCK = 0x5EA3_3A7C


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on the way in and on the way out, whatever the backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(27))
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} cannot be stored; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.strftime(_SQLITE_FORMAT) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            return datetime.fromisoformat(value).astimezone(UTC)
        assert isinstance(value, datetime)
        # PostgreSQL answers in the session's time zone; normalise so results compare equal.
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True)
class Backend:
    """How to build and prepare an engine for one database family."""

    name: str
    url: URL
    fix: str

    def engine_options(self) -> dict[str, Any]:
        if self.name == "postgresql":
            return {"connect_args": {"connect_timeout": 10}, "pool_pre_ping": True}
        return {}

    def prepare(self) -> None:
        """Work needed before the first connection (SQLite: create the directory)."""
        if self.name == "sqlite" and self.url.database not in (None, "", ":memory:"):
            Path(self.url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)

    def install(self, engine: Engine) -> None:
        """Attach per-connection settings to ``engine``."""
        if self.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            # pysqlite only opens transactions before DML, so DDL in a migration would
            # autocommit statement by statement; take over BEGIN so migrations are atomic.
            event.listen(engine, "begin", _sqlite_begin)

    def lock_for_migration(self, conn: Connection) -> None:
        """Serialise concurrent openers so two processes never apply the same migration."""
        if self.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # the driver's implicit BEGIN is off; see _sqlite_begin
    cursor = dbapi_conn.cursor()
    try:
        # WAL lets the status page read while a probe writes; NORMAL is durable in WAL mode
        # against process crashes (only an OS crash can lose the last commits).
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
    finally:
        cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


def backend_for(url: URL) -> Backend:
    """The backend for ``url``, or :class:`StorageError` naming ``storage.url``."""
    family = url.get_backend_name()
    driver = url.get_driver_name() if "+" in url.drivername else ""
    if family == "sqlite" and driver in ("", "pysqlite"):
        return Backend("sqlite", url, "check that the directory of the SQLite file is writable")
    if family in ("postgresql", "postgres") and driver in ("", "psycopg"):
        # psycopg 3 is the only PostgreSQL driver we ship; a bare postgresql:// means it too.
        return Backend("postgresql", url.set(drivername="postgresql+psycopg"),
                       "start PostgreSQL or correct storage.url (host, port, user, database)")
    raise StorageError(f"unsupported storage URL scheme {url.drivername!r}",
                       field=URL_FIELD, fix=URL_FIX)
