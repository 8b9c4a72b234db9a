"""One-line summaries of SLO statuses, and the clearly labelled test notification."""

from __future__ import annotations

from datetime import datetime, timedelta

from seamwatch.alerting.model import Action, Notification
from seamwatch.slo.model import SloStatus

__all__ = ["TEST_SUMMARY", "labelled_test_notification", "summarize"]

TEST_SUMMARY = "seamwatch test alert — not an incident"
_PREFIX = {"trigger": "", "remind": "still open: ", "resolve": "resolved: ", "test": ""}


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return "no value"
    if unit == "ratio":
        return f"{value * 100:.2f}%"
    return f"{value / 1000:.1f} s" if value >= 1000 else f"{value:.0f} ms"


def summarize(status: SloStatus, action: Action) -> str:
    """E.g. ``order-sync-lag (direction:shopify_to_erp) breached: p95 412.0 s, objective 60.0 s, 24 samples``."""
    measure = f"p{status.percentile * 100:g} " if status.percentile else ""
    text = (f"{_PREFIX[action]}{status.name} ({status.scope}) {status.state}: "
            f"{measure}{_amount(status.value, status.unit)}, objective {_amount(status.objective, status.unit)}, "
            f"{status.samples} samples")
    return f"{text} — {status.message}" if status.message else text


def labelled_test_notification(now: datetime, report_url: str | None = None) -> Notification:
    """What ``seamwatch alert test`` sends: severity info, its own dedup key, no SLO behind it."""
    return Notification(
        action="test", key="seamwatch-test", dedup_key=f"seamwatch/test/{now.strftime('%Y%m%dT%H%M%SZ')}",
        severity="ticket", summary=TEST_SUMMARY, slo="seamwatch-test", scope="test", system=None,
        state="test", created_at=now, opened_at=now, figures={}, report_url=report_url,
        valid_until=now + timedelta(minutes=5),
    )
