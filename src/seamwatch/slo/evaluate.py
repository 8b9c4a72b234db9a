"""SLO verdicts from counts: SLI value, state, error budget and multiwindow burn rates.

Pure: everything arrives through a :class:`~seamwatch.slo.source.SliSource`, so the maths is
tested against an in-memory source and the SQL store answers the same questions.

- Budget: the allowed bad fraction, ``1 - objective`` for ratios and ``1 - percentile`` for
  times (p95 -> 5%). A time sample is bad when it is above the objective.
- ``budget_remaining = 1 - (bad / total) / budget`` over the SLO window (negative when overspent).
- Burn rate over a window: ``(bad / total) / budget``; None with fewer than ``min_samples``.
- A burn-rate rule fires only when BOTH its windows have a rate above its factor.
- State: ``no_data`` below ``min_samples``; else ``ok`` / ``degraded`` / ``breached`` by the
  SLI value against the objective and the page threshold (meeting the objective is ok).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from seamwatch.config import ResolvedSlo
from seamwatch.slo.model import BurnRate, SloState, SloStatus
from seamwatch.slo.routing import Routing
from seamwatch.slo.sketch import bucket_of, quantile
from seamwatch.slo.source import Histogram, SliSource, WindowCounts

__all__ = ["evaluate", "windows_of"]


def windows_of(definitions: Sequence[ResolvedSlo]) -> tuple[float, ...]:
    """Every window length (seconds) the definitions need, longest first."""
    spans = {d.window_seconds for d in definitions}
    for d in definitions:
        for rule in d.burn_rates:
            spans.update((rule.long_window, rule.short_window))
    return tuple(sorted(spans, reverse=True))


def evaluate(definitions: Sequence[ResolvedSlo], source: SliSource, now: datetime,
             routing: Routing | None = None) -> list[SloStatus]:
    """Every SLO for every scope that has samples, in definition order then scope order.

    Each source query runs once per evaluation, however many SLOs share it.
    """
    routing = routing or Routing()
    spans = windows_of(definitions)
    since = tuple(now - timedelta(seconds=s) for s in spans)
    cache: dict[tuple[Any, ...], Any] = {}

    def once(key: tuple[Any, ...], fetch: Callable[[], Any]) -> Any:
        if key not in cache:
            cache[key] = fetch()
        return cache[key]

    out: list[SloStatus] = []
    for d in definitions:
        stamp = now.isoformat().replace("+00:00", "Z")
        for scope, system, counts, value in _series(d, source, since, now, routing, once):
            out.append(_status(d, spans, scope, system, counts, value, stamp))
    return out


Series = tuple[str, str | None, WindowCounts, float | None]


def _series(d: ResolvedSlo, source: SliSource, since: tuple[datetime, ...], now: datetime,
            routing: Routing, once: Callable[..., Any]) -> list[Series]:
    """(scope, routing system, per-window counts, SLI value over the SLO window) per scope."""
    slo_w = _index(since, now, d.window_seconds)
    if d.sli == "success_rate":
        runs = once(("runs", d.per), lambda: source.run_counts(d.per, since, now))  # type: ignore[arg-type]
        side = routing.system if d.per == "system" else routing.probe
        return [(f"{d.per}:{key}", side(key), c, _ratio(c, slo_w)) for key, c in sorted(runs.items())]
    if d.sli == "webhook_delivery":
        settled = now - timedelta(seconds=d.grace_seconds)
        hooks = once(("hooks", d.grace_seconds, d.max_delay_ms),
                     lambda: source.webhook_counts(since, now, settled, d.max_delay_ms))
        return [(f"topic:{key}", "shopify", c, _ratio(c, slo_w)) for key, c in sorted(hooks.items())]
    if d.sli == "sync_lag":
        lags = once(("lag",), lambda: source.lag_histograms(since, now))
        return [(f"direction:{key}", "bridge", *_times(d, h, slo_w)) for key, h in sorted(lags.items())]
    calls = once(("calls",), lambda: source.latency_histograms(since, now))
    return [(f"system:{s}/operation:{op}", routing.system(s), *_times(d, h, slo_w))
            for (s, op), h in sorted(calls.items())]


def _index(since: tuple[datetime, ...], now: datetime, seconds: float) -> int:
    return since.index(now - timedelta(seconds=seconds))


def _ratio(counts: WindowCounts, w: int) -> float | None:
    total = counts.total[w]
    return (total - counts.bad[w]) / total if total else None


def _times(d: ResolvedSlo, hist: Histogram, w: int) -> tuple[WindowCounts, float | None]:
    """Per-window totals and bad counts from a histogram, and the percentile over window ``w``."""
    assert d.percentile is not None
    limit = bucket_of(d.objective)  # bad: a bucket wholly above the objective's bucket
    n = len(next(iter(hist.values()))) if hist else 0
    total = tuple(sum(c[i] for c in hist.values()) for i in range(n))
    bad = tuple(sum(c[i] for b, c in hist.items() if b > limit) for i in range(n))
    value = quantile({b: c[w] for b, c in hist.items() if c[w]}, d.percentile)
    return WindowCounts(total, bad), value


def _status(d: ResolvedSlo, spans: tuple[float, ...], scope: str, system: str | None,
            counts: WindowCounts, value: float | None, stamp: str) -> SloStatus:
    w = spans.index(d.window_seconds)
    samples, bad = counts.total[w], counts.bad[w]
    burns = tuple(_burn(d, rule, spans, counts) for rule in d.burn_rates)
    state = _state(d, value, samples)
    remaining = 1 - (bad / samples) / d.budget if samples else None
    return SloStatus(
        name=d.name, sli=d.sli, scope=scope, system=system, unit=d.unit,  # type: ignore[arg-type]
        objective=d.objective, page_threshold=d.page_threshold, percentile=d.percentile,
        value=value, samples=samples, window_seconds=d.window_seconds, state=state,
        budget_remaining=remaining, burn_rates=burns, evaluated_at=stamp,
        message=_message(d, value, samples, state), details={"bad": bad, "total": samples},
    )


def _burn(d: ResolvedSlo, rule: Any, spans: tuple[float, ...], counts: WindowCounts) -> BurnRate:
    long_i, short_i = spans.index(rule.long_window), spans.index(rule.short_window)

    def rate(i: int) -> float | None:
        total = counts.total[i]
        return (counts.bad[i] / total) / d.budget if total >= d.min_samples else None

    long_rate, short_rate = rate(long_i), rate(short_i)
    firing = (long_rate is not None and short_rate is not None
              and long_rate > rule.factor and short_rate > rule.factor)
    return BurnRate(severity=rule.severity, long_window_seconds=rule.long_window,
                    short_window_seconds=rule.short_window, threshold=rule.factor,
                    long_rate=long_rate, short_rate=short_rate, long_samples=counts.total[long_i],
                    short_samples=counts.total[short_i], firing=firing)


def _state(d: ResolvedSlo, value: float | None, samples: int) -> SloState:
    if value is None or samples < d.min_samples:
        return "no_data"
    if d.unit == "ratio":
        return "ok" if value >= d.objective else "degraded" if value >= d.page_threshold else "breached"
    return "ok" if value <= d.objective else "degraded" if value <= d.page_threshold else "breached"


def _message(d: ResolvedSlo, value: float | None, samples: int, state: SloState) -> str:
    if state == "no_data":
        return f"{samples} sample(s), fewer than min_samples {d.min_samples}: not judged"
    assert value is not None
    if d.unit == "ratio":
        return f"{value:.3%} over {samples} samples (objective {d.objective:.3%}, page below {d.page_threshold:.3%})"
    shown = "never arrived" if math.isinf(value) else f"{value:,.0f} ms"
    return (f"p{d.percentile * 100:g} {shown} over {samples} samples "  # type: ignore[operator]
            f"(objective {d.objective:,.0f} ms, page above {d.page_threshold:,.0f} ms)")
