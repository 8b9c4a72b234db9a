"""The ``Store`` seam: what the probe service needs from a result store, and nothing more."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from seamwatch.storage.model import ProbeResult

__all__ = ["Store"]


class Store(Protocol):
    """A durable store of probe results. Every method raises ``StorageError`` on failure."""

    def add_results(self, results: Sequence[ProbeResult]) -> None:
        """Store ``results`` (with their steps and calls) in one transaction.

        Committed before returning: once this returns, a crash loses none of them.
        """

    def results(self, since: datetime, until: datetime, probe: str | None = None,
                limit: int | None = None) -> list[ProbeResult]:
        """Runs with ``since <= started_at < until``, oldest first, optionally one probe's."""

    def latest(self, probe: str, n: int) -> list[ProbeResult]:
        """The ``n`` most recent runs of ``probe``, newest first."""

    def prune(self, older_than: datetime) -> int:
        """Delete runs started before ``older_than`` (with their steps and calls); return how many."""

    def count(self) -> int:
        """How many runs are stored."""

    def schema_version(self) -> int:
        """The schema version recorded in the database."""

    def close(self) -> None:
        """Release connections. The store is unusable afterwards."""
