"""SLO maths: SLIs, error budgets and multiwindow burn rates, from counts (layer 2, pure).

``evaluate(definitions, source, now)`` turns :class:`~seamwatch.config.ResolvedSlo`
definitions and an :class:`SliSource` into :class:`SloStatus` verdicts. The SQL store
implements the source in ``seamwatch.storage.slo_queries``; :class:`MemorySliSource` does it
from lists for tests.
"""

from __future__ import annotations

from seamwatch.slo.evaluate import evaluate, windows_of
from seamwatch.slo.memory import Delivery, MemorySliSource
from seamwatch.slo.model import BurnRate, SliKind, SloState, SloStatus
from seamwatch.slo.routing import Routing
from seamwatch.slo.sketch import GAMMA, RELATIVE_ERROR, bucket_of, bucket_value, quantile, run_lag_bucket
from seamwatch.slo.source import Histogram, SliSource, WindowCounts

__all__ = [
    "GAMMA", "RELATIVE_ERROR", "BurnRate", "Delivery", "Histogram", "MemorySliSource", "Routing",
    "SliKind", "SliSource", "SloState", "SloStatus", "WindowCounts", "bucket_of", "bucket_value",
    "evaluate", "quantile", "run_lag_bucket", "windows_of",
]
