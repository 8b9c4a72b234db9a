"""What an SLO evaluation produces: plain frozen dataclasses shared by the SLO engine, the
alert policy, metrics, reports and the status page.

``state`` is ``ok`` (inside the objective), ``degraded`` (outside the objective but inside
the page threshold), ``breached`` (past the page threshold) or ``no_data`` (fewer samples
than the configured minimum: never pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["BurnRate", "SliKind", "SloState", "SloStatus", "Severity"]

SloState = Literal["ok", "degraded", "breached", "no_data"]
SliKind = Literal["success_rate", "sync_lag", "api_latency", "webhook_delivery"]
Severity = Literal["page", "ticket"]


@dataclass(frozen=True)
class BurnRate:
    """One multiwindow burn-rate rule, evaluated (Google SRE workbook, chapter 5)."""

    severity: Severity
    long_window_seconds: float
    short_window_seconds: float
    threshold: float             # burn-rate factor, e.g. 14.4
    long_rate: float | None      # None when the window holds too few samples
    short_rate: float | None
    long_samples: int
    short_samples: int
    firing: bool                 # both windows above threshold with enough samples

    @property
    def label(self) -> str:
        """``1h/5m``-style name of the window pair."""
        return f"{_span(self.long_window_seconds)}/{_span(self.short_window_seconds)}"


@dataclass(frozen=True)
class SloStatus:
    """One SLO for one scope, evaluated at ``evaluated_at`` (ISO-8601 UTC)."""

    name: str                    # unique SLO id, e.g. "order-sync-lag"
    sli: SliKind
    scope: str                   # "probe:order-roundtrip", "system:erp", "direction:shopify_to_erp"
    system: str | None           # the failing side for routing: shopify | bridge | erp | None
    unit: Literal["ratio", "ms"]
    objective: float             # ratio: lower bound (0.995); ms: upper bound (60000)
    page_threshold: float        # ratio: page below (0.99); ms: page above (300000)
    percentile: float | None     # for sync_lag / api_latency (0.95), else None
    value: float | None          # the SLI over the SLO window; None without data
    samples: int                 # how many samples the value rests on
    window_seconds: float
    state: SloState
    budget_remaining: float | None  # fraction of the error budget left, 1.0 = untouched, may go < 0
    burn_rates: tuple[BurnRate, ...] = ()
    evaluated_at: str = ""
    message: str = ""
    details: dict[str, float | int | str] = field(default_factory=dict)

    @property
    def paging(self) -> bool:
        """Whether this status asks for a page: a firing page-severity burn rate, or breached."""
        if self.state == "no_data":
            return False
        return self.state == "breached" or any(b.firing and b.severity == "page" for b in self.burn_rates)

    @property
    def key(self) -> str:
        """Stable identity of this SLO and scope (dedup keys, alert state, metrics labels)."""
        return f"{self.name}:{self.scope}"


def _span(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"
