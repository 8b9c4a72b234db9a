"""A generic webhook: seamwatch's own JSON body (version 1, documented in the README).

Body: ``version``, ``source``, ``action`` (trigger | remind | resolve | test), ``dedup_key``,
``key``, ``slo``, ``scope``, ``system``, ``state``, ``severity`` (critical | warning | info),
``summary``, ``opened_at``, ``sent_at``, ``report_url`` and ``figures`` (value, unit,
objective, page_threshold, percentile, samples, window_seconds, budget_remaining,
burn_rates[]). Any 2xx is success.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from seamwatch.alerting.model import Notification
from seamwatch.alerting.providers.base import PROVIDERS, OutgoingRequest, Outcome, classify_response
from seamwatch.config.alerting import WebhookReceiver

BODY_VERSION = 1


class Webhook:
    name = "webhook"

    def build_request(self, notification: Notification, receiver: WebhookReceiver,
                      secrets: Mapping[str, str]) -> OutgoingRequest:
        body: dict[str, Any] = {
            "version": BODY_VERSION, "source": "seamwatch", "action": notification.action,
            "dedup_key": notification.dedup_key, "key": notification.key, "slo": notification.slo,
            "scope": notification.scope, "system": notification.system, "state": notification.state,
            "severity": notification.provider_severity, "summary": notification.summary,
            "opened_at": notification.opened_at.isoformat() if notification.opened_at else None,
            "sent_at": notification.created_at.isoformat(), "report_url": notification.report_url,
            "figures": notification.figures,
        }
        headers = {"Content-Type": "application/json"}
        if "bearer_token" in secrets:
            headers["Authorization"] = f"Bearer {secrets['bearer_token']}"
        return OutgoingRequest("POST", secrets.get("url", receiver.url), headers, body)

    def classify(self, status: int, headers: Mapping[str, str], body: str, now: datetime) -> Outcome:
        return classify_response(status, headers, body, now)


PROVIDERS.add(Webhook.name, Webhook())
