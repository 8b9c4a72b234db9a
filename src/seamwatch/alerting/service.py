"""The facade the probe service calls each evaluation tick.

    alerting = Alerting(config.alerting, store, clock, masker, document=config.document)
    alerting.observe(statuses)            # policy + persisted state + queued notifications
    await alerting.deliver_due(client)    # sends what is due; retries what failed

``observe`` loads every SLO key's alert state, runs the pure policy, and writes the new
states together with their outbox entries in one transaction. Receiver secrets are resolved
once, here (a missing one is a ``SecretError`` at start-up, not at 3 a.m.), added to the
masker, and kept in memory only.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import datetime, timedelta

import httpx

from seamwatch.alerting.logmask import MaskingFilter
from seamwatch.alerting.model import AlertState, Notification, figures_of
from seamwatch.alerting.outbox import DeliveryReport, Dispatcher
from seamwatch.alerting.policy import Decision, evaluate
from seamwatch.alerting.summary import summarize
from seamwatch.config.alerting import AlertingConfig, resolve_receiver_secrets
from seamwatch.core.clock import Clock
from seamwatch.core.documents import Document
from seamwatch.core.secrets import Masker
from seamwatch.slo.model import SloStatus
from seamwatch.storage.alert_queries import (
    AlertStateRow,
    OutboxRow,
    load_alert_states,
    prune_outbox,
    record,
)
from seamwatch.storage.sql import SqlStore

__all__ = ["Alerting"]


class Alerting:
    """Alert policy, state and outbox for one store. Build once per process; not thread-safe;
    ``close`` when done."""

    def __init__(self, config: AlertingConfig, store: SqlStore, clock: Clock, masker: Masker,
                 *, secrets: Mapping[str, Mapping[str, str]] | None = None,
                 document: Document | None = None, logger: logging.Logger | None = None) -> None:
        self.config = config
        self._store = store
        self._clock = clock
        self._log = logger or logging.getLogger("seamwatch.alerting")
        resolved = resolve_receiver_secrets(config, document) if secrets is None else secrets
        for values in resolved.values():
            for value in values.values():
                masker.add(value)
        self.masker = masker
        # httpx logs request URLs, and a Slack webhook URL is a secret.
        self._log_filter = MaskingFilter(masker).install()
        self._dispatcher = Dispatcher(store, config.receivers, resolved, config.outbox, masker, self._log)

    def observe(self, statuses: Sequence[SloStatus]) -> list[Notification]:
        """Evaluate ``statuses`` at ``clock.now()``; persist state; queue and return notifications."""
        now = self._clock.now()
        previous = {key: _state(row) for key, row in load_alert_states(self._store).items()}
        rows: list[AlertStateRow] = []
        entries: list[OutboxRow] = []
        queued: list[Notification] = []
        for status in statuses:
            before = previous.get(status.key)
            window = self.config.in_maintenance(now, status.system)
            decision = evaluate(before, status, now, self.config.policy, window)
            rows.append(AlertStateRow(**asdict(decision.state)))
            if decision.suppressed_by:
                self._log.info("alert held back by maintenance window %r: %s", decision.suppressed_by, status.key)
            if decision.action is None:
                continue
            notification = self._notification(decision, before, status, now)
            entries.extend(self._entries(notification, now))
            queued.append(notification)
        record(self._store, rows, entries)
        return queued

    async def deliver_due(self, client: httpx.AsyncClient) -> DeliveryReport:
        """Send every outbox entry due now (client from ``core.http.build_async_client``)."""
        return await self._dispatcher.deliver_due(client, self._clock.now())

    def prune(self, older_than: datetime) -> int:
        """Forget delivered and failed outbox entries queued before ``older_than`` (use the
        store's retention cutoff); undelivered ones are never pruned."""
        return prune_outbox(self._store, older_than)

    def close(self) -> None:
        """Remove the log filter this instance installed (the store is the caller's to close)."""
        self._log_filter.remove()

    def _notification(self, decision: Decision, before: AlertState | None, status: SloStatus,
                      now: datetime) -> Notification:
        assert decision.action is not None
        state = decision.state
        resolving = decision.action == "resolve"
        # A resolve speaks for the incident that closes, so it carries that incident's facts.
        source = before if resolving and before is not None else state
        escalated = (decision.action == "trigger" and before is not None and before.status == "firing"
                     and before.notified and before.severity == "ticket" and state.severity == "page")
        return Notification(
            action=decision.action, key=status.key, dedup_key=state.dedup_key,
            severity=source.severity or "page", summary=summarize(status, decision.action),
            slo=status.name, scope=status.scope, system=status.system, state=status.state,
            created_at=now, opened_at=source.opened_at, figures=figures_of(status),
            report_url=self.config.report_url,
            valid_until=None if resolving else now + timedelta(
                seconds=2 * self.config.policy.reminder_interval_seconds),
            escalated_from="ticket" if escalated else None,
        )

    def _entries(self, notification: Notification, now: datetime) -> list[OutboxRow]:
        names = self.config.receivers_for(notification.system)
        if not names:
            self._log.warning("no receiver routed for system %s: %s %s not sent",
                              notification.system or "(none)", notification.action, notification.key)
        body = notification.to_json()
        return [OutboxRow(id=str(uuid.uuid4()), receiver=name, provider=self.config.receivers[name].provider,
                          dedup_key=notification.dedup_key, action=notification.action, notification=body,
                          status="pending", attempts=0, created_at=now, next_attempt_at=now)
                for name in names]


def _state(row: AlertStateRow) -> AlertState:
    return AlertState(**asdict(row))  # type: ignore[arg-type]  # stored strings are the Literals
