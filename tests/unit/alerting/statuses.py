"""SloStatus builders for alerting tests: the shapes the SLO engine produces."""

from __future__ import annotations

from seamwatch.slo.model import BurnRate, SloState, SloStatus


def burn(severity: str = "page", firing: bool = False, long_window: float = 3600, short_window: float = 300,
         threshold: float = 14.4, rate: float | None = 1.0) -> BurnRate:
    return BurnRate(severity=severity, long_window_seconds=long_window, short_window_seconds=short_window,  # type: ignore[arg-type]
                    threshold=threshold, long_rate=rate, short_rate=rate, long_samples=60, short_samples=5,
                    firing=firing)


def lag(state: SloState = "ok", *, value: float | None = 1500.0, samples: int = 24, system: str | None = "bridge",
        page_burn: bool = False, ticket_burn: bool = False, name: str = "order-sync-lag",
        scope: str = "direction:shopify_to_erp") -> SloStatus:
    """An order sync-lag SLO (p95 ms, objective 60 s, page above 5 min)."""
    return SloStatus(
        name=name, sli="sync_lag", scope=scope, system=system, unit="ms", objective=60000.0,
        page_threshold=300000.0, percentile=0.95, value=value, samples=samples, window_seconds=2592000,
        state=state, budget_remaining=0.42,
        burn_rates=(burn("page", page_burn, rate=20.0 if page_burn else 0.5),
                    burn("page", False, 21600, 1800, 6.0),
                    burn("ticket", ticket_burn, 259200, 21600, 1.0, rate=1.5 if ticket_burn else 0.2)),
        evaluated_at="2026-03-01T12:00:00+00:00",
    )


def breached(**kw: object) -> SloStatus:
    return lag("breached", value=412000.0, page_burn=True, **kw)  # type: ignore[arg-type]


def healthy(**kw: object) -> SloStatus:
    return lag("ok", value=1500.0, **kw)  # type: ignore[arg-type]


def no_data(**kw: object) -> SloStatus:
    return lag("no_data", value=None, samples=1, **kw)  # type: ignore[arg-type]


def slow_burn(**kw: object) -> SloStatus:
    """Degraded with only the ticket-severity (3d/6h) burn rate firing."""
    return lag("degraded", value=90000.0, ticket_burn=True, **kw)  # type: ignore[arg-type]
