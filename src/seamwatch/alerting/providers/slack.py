"""Slack incoming webhooks: ``text`` (the notification fallback) plus Block Kit ``blocks``.

Slack answers 200 ``ok``; 400/403/404/410 (bad payload, revoked hook, archived channel) are
permanent, 429 and 5xx are retried.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from seamwatch.alerting.model import Notification
from seamwatch.alerting.providers.base import PROVIDERS, OutgoingRequest, Outcome, classify_response
from seamwatch.config.alerting import SlackReceiver

_ICON = {"trigger": ":rotating_light:", "remind": ":repeat:", "resolve": ":white_check_mark:",
         "test": ":test_tube:"}


def _figure(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


class Slack:
    name = "slack"

    def build_request(self, notification: Notification, receiver: SlackReceiver,
                      secrets: Mapping[str, str]) -> OutgoingRequest:
        text = f"{_ICON[notification.action]} {notification.summary}"
        f = notification.figures
        fields = [{"type": "mrkdwn", "text": f"*{label}*\n{_figure(f.get(name))}"}
                  for label, name in (("Value", "value"), ("Objective", "objective"),
                                      ("Samples", "samples"), ("Budget left", "budget_remaining"))
                  if name in f]
        fields.append({"type": "mrkdwn", "text": f"*Severity*\n{notification.provider_severity}"})
        blocks: list[dict[str, Any]] = [
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {"type": "section", "fields": fields[:10]},  # Slack allows 10 fields per section
        ]
        burns = ", ".join(f"{b['window']}: {_figure(b['long_rate'])}/{_figure(b['short_rate'])}"
                          f"{' firing' if b['firing'] else ''}" for b in f.get("burn_rates", []))
        context = f"`{notification.dedup_key}` · system {notification.system or '-'}"
        if burns:
            context += f" · burn rates {burns}"
        if notification.report_url:
            context += f" · <{notification.report_url}|report>"
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": context}]})
        return OutgoingRequest("POST", secrets["webhook_url"], {"Content-Type": "application/json"},
                               {"text": text, "blocks": blocks})

    def classify(self, status: int, headers: Mapping[str, str], body: str, now: datetime) -> Outcome:
        return classify_response(status, headers, body, now)


PROVIDERS.add(Slack.name, Slack())
