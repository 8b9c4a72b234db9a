"""In-memory entity sets with BC's bookkeeping: ids, etags and ``lastModifiedDateTime``.

Entities are stored as the JSON-ready dicts the API returns, so a GET serialises them
without conversion. All access happens on the server's event loop, one request at a time
between ``await`` points, so no locks are needed; handlers never await while mutating.
"""

from __future__ import annotations

import base64
import itertools
import uuid
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any

from seamwatch.core.clock import Clock
from seamwatch.sandbox.erp.odata_filter import FilterCompiler, format_datetime

__all__ = ["EMPTY_GUID", "EntitySet", "Stamps"]

EMPTY_GUID = "00000000-0000-0000-0000-000000000000"


class Stamps:
    """Etags and modification times shared by all entity sets of one ERP."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._versions = itertools.count(1)
        self._last: datetime | None = None

    def etag(self) -> str:
        # BC's shape: W/"<base64 of '<len>;<version>;00;'>"; a new version on every change.
        version = str(next(self._versions))
        token = base64.b64encode(f"'{len(version)};{version};00;'".encode()).decode()
        return f'W/"{token}"'

    def now(self) -> datetime:
        """The clock's time, made strictly increasing so a ``gt`` watermark never ties."""
        moment = self.clock.now()
        if self._last is not None and moment <= self._last:
            moment = self._last + timedelta(microseconds=1)
        self._last = moment
        return moment

    def now_iso(self) -> str:
        return format_datetime(self.now())

    def today(self) -> str:
        return self.clock.now().date().isoformat()


class EntitySet:
    """One entity set (``items``, ``salesOrders``, ...) keyed by lower-case GUID ``id``."""

    def __init__(
        self,
        name: str,
        fields: Mapping[str, str],
        stamps: Stamps,
        navigations: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.fields = dict(fields)
        self.navigations = navigations
        self.filters = FilterCompiler(self.fields)
        self._stamps = stamps
        self._rows: dict[str, dict[str, Any]] = {}
        self._seq: dict[str, int] = {}
        self._counter = itertools.count(1)

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, key: str) -> dict[str, Any] | None:
        return self._rows.get(key.lower())

    def find(self, field: str, value: Any) -> dict[str, Any] | None:
        return next((row for row in self._rows.values() if row.get(field) == value), None)

    def values(self) -> Iterator[dict[str, Any]]:
        return iter(list(self._rows.values()))

    def with_sequence(self) -> list[tuple[int, dict[str, Any]]]:
        """``(insertion sequence, entity)`` pairs in insertion order, for paging."""
        seq = self._seq
        return [(seq[key], row) for key, row in self._rows.items()]

    def add(self, entity: dict[str, Any], key: str | None = None) -> dict[str, Any]:
        """Store a new entity: assigns ``id`` (unless given), etag and modification time."""
        entity_id = (key or entity.get("id") or str(uuid.uuid4())).lower()
        stored = {"@odata.etag": self._stamps.etag(), "id": entity_id}
        stored.update({k: v for k, v in entity.items() if k != "id"})
        if "lastModifiedDateTime" in self.fields:
            stored["lastModifiedDateTime"] = self._stamps.now_iso()
        self._rows[entity_id] = stored
        self._seq[entity_id] = next(self._counter)
        return stored

    def touch(self, entity: dict[str, Any]) -> dict[str, Any]:
        """Record a change in place: new etag, and a new modification time where there is one."""
        entity["@odata.etag"] = self._stamps.etag()
        if "lastModifiedDateTime" in self.fields:
            entity["lastModifiedDateTime"] = self._stamps.now_iso()
        return entity

    def remove(self, key: str) -> dict[str, Any] | None:
        self._seq.pop(key.lower(), None)
        return self._rows.pop(key.lower(), None)


def next_free_number(table: EntitySet, prefix: str, counter: Iterator[int]) -> str:
    """The next ``<prefix><n>`` no record of ``table`` has yet (BC's number series, which
    skips numbers a client already chose)."""
    while True:
        candidate = f"{prefix}{next(counter)}"
        if table.find("number", candidate) is None:
            return candidate
