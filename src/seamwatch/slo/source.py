"""The ``SliSource`` seam: the counts the SLO maths needs, and nothing more.

``storage.slo_queries.SqlSliSource`` answers it with a few ``GROUP BY`` queries;
:class:`seamwatch.slo.memory.MemorySliSource` answers it from lists, for tests. Every method
takes the same ``since`` tuple (one start per window, all ending at ``until``) and returns one
count per window, in that order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

__all__ = ["Histogram", "RunScope", "SliSource", "WindowCounts"]

RunScope = Literal["system", "probe"]
# bucket index (see slo.sketch) -> number of samples in that bucket, one count per window
Histogram = dict[int, tuple[int, ...]]


@dataclass(frozen=True)
class WindowCounts:
    """Samples and bad samples, one entry per window."""

    total: tuple[int, ...]
    bad: tuple[int, ...]


class SliSource(Protocol):
    """Counts over windows ``since[i] <= t <= until``. Raises ``StorageError`` on failure."""

    def run_counts(self, per: RunScope, since: Sequence[datetime], until: datetime) -> dict[str, WindowCounts]:
        """Probe runs by ``system`` or ``probe`` (``started_at``); bad = not successful."""

    def lag_histograms(self, since: Sequence[datetime], until: datetime) -> dict[str, Histogram]:
        """Sync-lag buckets of runs by direction (a sync that never arrived is +inf)."""

    def latency_histograms(self, since: Sequence[datetime],
                           until: datetime) -> dict[tuple[str, str], Histogram]:
        """API-call latency buckets by ``(system, operation)``."""

    def webhook_counts(self, since: Sequence[datetime], until: datetime, settled_before: datetime,
                       max_delay_ms: float | None) -> dict[str, WindowCounts]:
        """Expected webhooks by topic (``expected_at``), leaving out those still pending
        (not arrived, expected after ``settled_before``); bad = never arrived, or arrived
        later than ``max_delay_ms``."""
