"""Alerting: a pure policy over SLO statuses, persisted alert state, providers and an outbox.

Layer 3. The probe service builds one :class:`Alerting` and calls ``observe`` then
``deliver_due`` each tick; ``seamwatch alert test`` uses :func:`send` directly.
"""

from __future__ import annotations

from seamwatch.alerting.logmask import MaskingFilter
from seamwatch.alerting.model import AlertState, Notification, dedup_key_for, figures_of
from seamwatch.alerting.outbox import DeliveryReport, Dispatcher, backoff_seconds, send
from seamwatch.alerting.policy import Decision, evaluate, level_of
from seamwatch.alerting.providers import PROVIDERS, OutgoingRequest, Outcome, Provider
from seamwatch.alerting.service import Alerting
from seamwatch.alerting.summary import TEST_SUMMARY, labelled_test_notification, summarize

__all__ = [
    "PROVIDERS",
    "TEST_SUMMARY",
    "AlertState",
    "Alerting",
    "Decision",
    "DeliveryReport",
    "Dispatcher",
    "MaskingFilter",
    "Notification",
    "Outcome",
    "OutgoingRequest",
    "Provider",
    "backoff_seconds",
    "dedup_key_for",
    "evaluate",
    "figures_of",
    "labelled_test_notification",
    "level_of",
    "send",
    "summarize",
]
