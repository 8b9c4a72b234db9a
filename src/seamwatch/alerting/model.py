"""What the alert policy keeps and what it asks providers to say.

``AlertState`` is one SLO key's memory between evaluations (persisted in ``alert_state``).
``Notification`` is one message about one SLO, the same for every provider; it holds figures,
never secrets, so it can be stored in the outbox as is.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

from seamwatch.slo.model import SloStatus

__all__ = ["Action", "AlertState", "AlertStatus", "Notification", "dedup_key_for", "figures_of"]

Action = Literal["trigger", "remind", "resolve", "test"]
AlertStatus = Literal["inactive", "pending", "firing"]
# Provider severities: a page is critical, a ticket is a warning.
PROVIDER_SEVERITY = {"page": "critical", "ticket": "warning"}


def dedup_key_for(key: str) -> str:
    """The stable dedup key of one SLO and scope: the same for trigger, reminders and resolve."""
    return f"seamwatch/{key}"


@dataclass(frozen=True)
class AlertState:
    """One SLO key between evaluations.

    ``inactive``: nothing open. ``pending``: alerting, but not for ``trigger_after``
    evaluations yet. ``firing``: an incident is open (``notified`` says whether a trigger
    actually went out; it does not during maintenance).
    """

    key: str
    dedup_key: str
    status: AlertStatus = "inactive"
    severity: Literal["page", "ticket"] | None = None
    system: str | None = None
    opened_at: datetime | None = None
    last_sent_at: datetime | None = None
    last_evaluated_at: datetime | None = None
    bad_streak: int = 0
    good_streak: int = 0
    notified: bool = False
    sent_count: int = 0

    @classmethod
    def fresh(cls, key: str) -> AlertState:
        return cls(key=key, dedup_key=dedup_key_for(key))

    def but(self, **changes: Any) -> AlertState:
        return replace(self, **changes)


@dataclass(frozen=True)
class Notification:
    """One message to receivers. Providers render it; the outbox stores it as JSON."""

    action: Action
    key: str
    dedup_key: str
    severity: Literal["page", "ticket"]
    summary: str
    slo: str
    scope: str
    system: str | None
    state: str
    created_at: datetime
    opened_at: datetime | None
    figures: dict[str, Any] = field(default_factory=dict)
    report_url: str | None = None
    # Until when a receiver should treat the alert as active without hearing again
    # (Alertmanager endsAt); the next reminder is due well before this.
    valid_until: datetime | None = None
    # A ticket that became a page: providers keyed by severity end the old alert.
    escalated_from: Literal["page", "ticket"] | None = None

    @property
    def provider_severity(self) -> str:
        """``critical`` for a page, ``warning`` for a ticket, ``info`` for a test."""
        return "info" if self.action == "test" else PROVIDER_SEVERITY[self.severity]

    @property
    def resolved(self) -> bool:
        return self.action == "resolve"

    def to_json(self) -> str:
        data = asdict(self)
        for name in ("created_at", "opened_at", "valid_until"):
            data[name] = data[name].isoformat() if data[name] else None
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Notification:
        data = json.loads(text)
        for name in ("created_at", "opened_at", "valid_until"):
            data[name] = datetime.fromisoformat(data[name]) if data[name] else None
        return cls(**data)


def figures_of(status: SloStatus) -> dict[str, Any]:
    """The numbers behind a status, for ``custom_details`` and descriptions."""
    return {
        "sli": status.sli,
        "value": status.value,
        "unit": status.unit,
        "objective": status.objective,
        "page_threshold": status.page_threshold,
        "percentile": status.percentile,
        "samples": status.samples,
        "window_seconds": status.window_seconds,
        "budget_remaining": status.budget_remaining,
        "evaluated_at": status.evaluated_at,
        "burn_rates": [
            {"window": b.label, "severity": b.severity, "threshold": b.threshold,
             "long_rate": b.long_rate, "short_rate": b.short_rate,
             "long_samples": b.long_samples, "short_samples": b.short_samples, "firing": b.firing}
            for b in status.burn_rates
        ],
    }
