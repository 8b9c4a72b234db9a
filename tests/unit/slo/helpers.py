"""Result builders for SLO tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from seamwatch.core.results import CallLatency, ProbeResult, new_run_id


def run(at: datetime, *, ok: bool = True, system: str = "shopify", probe: str = "orders",
        lag_ms: float | None = None, direction: str | None = None, latency_ms: float | None = None,
        classification: str = "http_5xx") -> ProbeResult:
    calls = [CallLatency(system, "orderCreate", "POST", 200, latency_ms)] if latency_ms is not None else []
    return ProbeResult(run_id=new_run_id(at), probe=probe, kind="order_roundtrip", system=system,
                       started_at=at, finished_at=at + timedelta(seconds=1), duration_ms=1000.0,
                       success=ok, classification=None if ok else classification,  # type: ignore[arg-type]
                       sync_lag_ms=lag_ms, direction=direction, calls=calls)  # type: ignore[arg-type]


def every(now: datetime, n: int, spacing_s: float) -> list[datetime]:
    """``n`` instants ending just before ``now``, ``spacing_s`` apart."""
    return [now - timedelta(seconds=1 + i * spacing_s) for i in range(n)]
