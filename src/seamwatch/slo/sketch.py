"""A log-bucket quantile sketch (DDSketch-style) whose bucket index is computed at write time.

A value ``x > 0`` falls in bucket ``i = ceil(log_gamma(x))``, i.e. ``gamma^(i-1) < x <= gamma^i``.
The bucket is represented by ``2 * gamma^i / (gamma + 1)``, which is within
``(gamma - 1) / (gamma + 1)`` of every value in it: with ``gamma = 1.02`` that is 0.99%
(:data:`RELATIVE_ERROR`). A quantile read from bucket counts is therefore within 1% of the
exact nearest-rank quantile of the same samples.

Storing the integer index beside each sample lets the store answer "the p95 over 30 days"
with a ``GROUP BY bucket`` count instead of sorting every value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Final

__all__ = [
    "GAMMA", "INF_BUCKET", "RELATIVE_ERROR", "ZERO_BUCKET", "bucket_of", "bucket_value",
    "quantile", "run_lag_bucket",
]

GAMMA: Final = 1.02
RELATIVE_ERROR: Final = (GAMMA - 1) / (GAMMA + 1)
_LOG_GAMMA: Final = math.log(GAMMA)
# Values at or below 1 microsecond are zero for our purposes (an absolute error of <= 1 us).
_TINY_MS: Final = 1e-3
# Outside the range any finite float reaches (log_1.02(1.8e308) ~ 35,900).
ZERO_BUCKET: Final = -100_000
INF_BUCKET: Final = 100_000
# A sync that never arrived is later than any threshold: it is stored as an infinite lag.
_NEVER_ARRIVED: Final = frozenset({"late", "missing"})


def bucket_of(ms: float) -> int:
    """The bucket index of ``ms`` (``ZERO_BUCKET`` for <= 1 us, ``INF_BUCKET`` for +inf)."""
    if math.isnan(ms):
        raise ValueError("NaN has no bucket")
    if ms <= _TINY_MS:
        return ZERO_BUCKET
    if math.isinf(ms):
        return INF_BUCKET
    index = math.ceil(math.log(ms) / _LOG_GAMMA)
    # Floating-point log can land one bucket off at exact powers of gamma; keep the invariant.
    if GAMMA ** (index - 1) >= ms:
        index -= 1
    elif GAMMA ** index < ms:
        index += 1
    return index


def bucket_value(index: int) -> float:
    """The representative value of bucket ``index`` (0.0 and +inf for the edge buckets)."""
    if index <= ZERO_BUCKET:
        return 0.0
    if index >= INF_BUCKET:
        return math.inf
    return 2 * GAMMA ** index / (GAMMA + 1)


def run_lag_bucket(sync_lag_ms: float | None, direction: str | None,
                   classification: str | None) -> int | None:
    """The stored lag bucket of one run: its lag, or +inf when the sync never arrived."""
    if direction is None:
        return None
    if sync_lag_ms is not None:
        return bucket_of(sync_lag_ms)
    return INF_BUCKET if classification in _NEVER_ARRIVED else None


def quantile(counts: Mapping[int, int], q: float) -> float | None:
    """The nearest-rank ``q`` quantile of samples given as ``{bucket: count}``; None if empty."""
    total = sum(counts.values())
    if total == 0:
        return None
    rank = max(1, math.ceil(q * total))
    seen = 0
    for index in sorted(counts):
        seen += counts[index]
        if seen >= rank:
            return bucket_value(index)
    raise AssertionError("unreachable: rank <= total")
