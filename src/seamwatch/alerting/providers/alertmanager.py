"""Prometheus Alertmanager: ``POST {url}/api/v2/alerts`` with a list of alerts.

Alertmanager identifies an alert by its labels and forgets it at ``endsAt``; seamwatch sets
``endsAt`` to the notification's ``valid_until`` (two reminder intervals ahead), so reminders
keep an open alert alive and an alert from a seamwatch that stopped expires by itself. A
resolve sends the same labels with ``endsAt`` = now. When a ticket escalates to a page the
old ``severity=warning`` alert is ended in the same request.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from seamwatch.alerting.model import PROVIDER_SEVERITY, Notification
from seamwatch.alerting.providers.base import PROVIDERS, OutgoingRequest, Outcome, classify_response
from seamwatch.config.alerting import AlertmanagerReceiver

ALERTNAME = "SeamwatchSLO"


def _labels(notification: Notification, severity: str) -> dict[str, str]:
    return {"alertname": ALERTNAME, "slo": notification.slo, "scope": notification.scope,
            "severity": severity, "system": notification.system or "unknown"}


class Alertmanager:
    name = "alertmanager"

    def build_request(self, notification: Notification, receiver: AlertmanagerReceiver,
                      secrets: Mapping[str, str]) -> OutgoingRequest:
        starts = notification.opened_at or notification.created_at
        ends = notification.created_at if notification.resolved else notification.valid_until
        alert: dict[str, Any] = {
            "labels": _labels(notification, notification.provider_severity),
            "annotations": {"summary": notification.summary, "description": _description(notification),
                            "dedup_key": notification.dedup_key},
            "startsAt": starts.isoformat(),
        }
        if ends is not None:
            alert["endsAt"] = ends.isoformat()
        if notification.report_url:
            alert["generatorURL"] = notification.report_url
        alerts = [alert]
        if notification.escalated_from:
            ended = {**alert, "labels": _labels(notification, PROVIDER_SEVERITY[notification.escalated_from]),
                     "endsAt": notification.created_at.isoformat()}
            alerts.insert(0, ended)
        headers = {"Content-Type": "application/json"}
        if "bearer_token" in secrets:
            headers["Authorization"] = f"Bearer {secrets['bearer_token']}"
        return OutgoingRequest("POST", receiver.url.rstrip("/") + "/api/v2/alerts", headers, alerts)

    def classify(self, status: int, headers: Mapping[str, str], body: str, now: datetime) -> Outcome:
        return classify_response(status, headers, body, now)


def _description(notification: Notification) -> str:
    f = notification.figures
    parts = [f"state {notification.state}", f"value {f.get('value')} {f.get('unit', '')}".rstrip(),
             f"objective {f.get('objective')}", f"samples {f.get('samples')}",
             f"budget remaining {f.get('budget_remaining')}"]
    parts += [f"burn {b['window']} {b['long_rate']}/{b['short_rate']} (x{b['threshold']})"
              for b in f.get("burn_rates", [])]
    return "; ".join(parts)


PROVIDERS.add(Alertmanager.name, Alertmanager())
