"""Delivering queued notifications: the only code in alerting that sends HTTP.

Every send goes through the ``alert_outbox`` table. An entry is marked ``sent`` only after a
2xx, so a provider outage (429, 5xx, refused connections, timeouts) delays a page but never
loses it; an entry the provider refuses for good (another 4xx) is marked ``failed`` and
logged once. Retries back off exponentially (``backoff_initial_seconds`` doubling up to
``backoff_max_seconds``), or wait what ``Retry-After`` asks. Entries of one receiver and one
dedup key go out strictly in order (see :func:`seamwatch.storage.alert_queries.due_outbox`).

Secrets are not in the outbox: they are joined to the request here, at send time, and only
masked text (the masker knows every receiver secret) reaches a log line or ``last_error``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx

from seamwatch.alerting.model import Notification
from seamwatch.alerting.providers import PROVIDERS, Outcome
from seamwatch.config.alerting import OutboxSettings
from seamwatch.core.http import classify_transport_error
from seamwatch.core.secrets import Masker
from seamwatch.storage.alert_queries import OutboxRow, due_outbox, mark_outbox
from seamwatch.storage.sql import SqlStore

__all__ = ["DeliveryReport", "Dispatcher", "backoff_seconds", "send"]

# A pass that sent something may have unblocked the next entry of the same dedup key
# (a resolve queued behind its trigger); a few passes per call deliver both at once.
_MAX_PASSES = 5


@dataclass
class DeliveryReport:
    """What one ``deliver_due`` call did, by outbox entry id."""

    sent: list[str] = field(default_factory=list)
    retried: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def backoff_seconds(attempts: int, settings: OutboxSettings, retry_after: float | None = None) -> float:
    """Delay before attempt ``attempts + 1``: Retry-After when given, else exponential."""
    if retry_after is not None:
        return retry_after
    return min(settings.backoff_max_seconds, settings.backoff_initial_seconds * 2 ** max(0, attempts - 1))


async def send(client: httpx.AsyncClient, notification: Notification, provider_name: str,
               receiver: Any, secrets: Mapping[str, str], now: datetime) -> Outcome:
    """One attempt: build, send, classify. httpx errors are translated here and nowhere else."""
    provider = PROVIDERS.get(provider_name)
    request = provider.build_request(notification, receiver, secrets)
    try:
        response = await client.request(request.method, request.url, headers=request.headers,
                                        json=request.json)
    except httpx.TransportError as exc:
        # Only the error's kind and type: its text may quote the URL, which may be the secret.
        return Outcome("retry", None, f"{classify_transport_error(exc)} error ({type(exc).__name__})")
    except httpx.InvalidURL as exc:
        return Outcome("failed", None, f"invalid URL ({type(exc).__name__})")
    return provider.classify(response.status_code, response.headers, response.text, now)


class Dispatcher:
    """Sends due outbox entries to their receivers and records each outcome."""

    def __init__(self, store: SqlStore, receivers: Mapping[str, Any],
                 secrets: Mapping[str, Mapping[str, str]], settings: OutboxSettings,
                 masker: Masker, logger: logging.Logger) -> None:
        self._store = store
        self._receivers = receivers
        self._secrets = secrets
        self._settings = settings
        self._masker = masker
        self._log = logger

    async def deliver_due(self, client: httpx.AsyncClient, now: datetime) -> DeliveryReport:
        """Attempt every entry due at ``now``; never raises for a provider's answer."""
        report = DeliveryReport()
        for _ in range(_MAX_PASSES):
            sent_before = len(report.sent)
            for entry in due_outbox(self._store, now):
                await self._attempt(client, entry, now, report)
            if len(report.sent) == sent_before:
                break
        return report

    async def _attempt(self, client: httpx.AsyncClient, entry: OutboxRow, now: datetime,
                       report: DeliveryReport) -> None:
        receiver = self._receivers.get(entry.receiver)
        if receiver is None:
            outcome = Outcome("failed", None, f"receiver {entry.receiver!r} is no longer configured")
        else:
            notification = Notification.from_json(entry.notification)
            outcome = await send(client, notification, entry.provider, receiver,
                                 self._secrets.get(entry.receiver, {}), now)
        attempts = entry.attempts + 1
        detail = self._masker.text(outcome.detail)
        where = f"{entry.action} {entry.dedup_key} to {entry.receiver} ({entry.provider})"
        if outcome.result == "sent":
            mark_outbox(self._store, entry.id, status="sent", attempts=attempts, sent_at=now, last_error=None)
            self._log.info("alert sent: %s, attempt %d, %s", where, attempts, detail)
            report.sent.append(entry.id)
            return
        age = (now - entry.created_at).total_seconds()
        if outcome.result == "failed" or age >= self._settings.give_up_after_seconds:
            mark_outbox(self._store, entry.id, status="failed", attempts=attempts, last_error=detail)
            self._log.error("alert not delivered, giving up: %s after %d attempt(s): %s", where, attempts, detail)
            report.failed.append(entry.id)
            return
        delay = backoff_seconds(attempts, self._settings, outcome.retry_after)
        mark_outbox(self._store, entry.id, status="pending", attempts=attempts,
                    next_attempt_at=now + timedelta(seconds=delay), last_error=detail)
        self._log.warning("alert delayed: %s, attempt %d: %s; retrying in %.0f s", where, attempts, detail, delay)
        report.retried.append(entry.id)
