"""PagerDuty Events API v2: ``POST /v2/enqueue`` with a routing key and a stable dedup key.

PagerDuty answers 202 when it accepted an event; 400 means the event is malformed (never
retried); 429 and 5xx are retried. A trigger with the dedup key of an open alert is merged
into it, which is what makes a retried or repeated trigger harmless.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from seamwatch.alerting.model import Notification
from seamwatch.alerting.providers.base import PROVIDERS, OutgoingRequest, Outcome, classify_response
from seamwatch.config.alerting import PagerDutyReceiver

SUMMARY_LIMIT = 1024  # PagerDuty truncates summaries beyond this


class PagerDuty:
    name = "pagerduty"

    def build_request(self, notification: Notification, receiver: PagerDutyReceiver,
                      secrets: Mapping[str, str]) -> OutgoingRequest:
        body: dict[str, Any] = {
            "routing_key": secrets["routing_key"],
            "event_action": "resolve" if notification.resolved else "trigger",
            "dedup_key": notification.dedup_key,
        }
        if not notification.resolved:
            body["payload"] = {
                "summary": notification.summary[:SUMMARY_LIMIT],
                "source": receiver.source,
                "severity": notification.provider_severity,
                "timestamp": notification.created_at.isoformat(),
                "component": notification.system or "unknown",
                "group": notification.slo,
                "class": str(notification.figures.get("sli", "")),
                "custom_details": {"scope": notification.scope, "state": notification.state,
                                   "action": notification.action, **notification.figures},
            }
            body["client"] = "seamwatch"
            if notification.report_url:
                body["client_url"] = notification.report_url
                body["links"] = [{"href": notification.report_url, "text": "seamwatch report"}]
        return OutgoingRequest("POST", receiver.url, {"Content-Type": "application/json"}, body)

    def classify(self, status: int, headers: Mapping[str, str], body: str, now: datetime) -> Outcome:
        return classify_response(status, headers, body, now)


PROVIDERS.add(PagerDuty.name, PagerDuty())
