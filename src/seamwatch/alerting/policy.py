"""The alert policy: a pure state machine from (previous state, new SLO status, now) to
(new state, action). No I/O, no clock: the caller passes ``now`` and whether a maintenance
window is open, and persists what comes back.

Each evaluation is one *level*:

- ``page``: the status is paging (breached, or a page-severity burn rate fires);
- ``ticket``: only a ticket-severity burn rate fires (sent as severity ``warning``, off with
  ``policy.tickets: false``);
- ``clear``: ok or degraded with nothing firing;
- ``unknown``: ``no_data`` (too few samples). It never opens an incident, never closes one,
  and breaks a streak, so a burst of noise around a data gap cannot page.

Flap suppression: an incident opens after ``trigger_after`` consecutive alerting levels and
closes after ``resolve_after`` consecutive clear ones. While it is open, a reminder goes out
at most every ``reminder_interval_seconds``; a ticket that becomes a page is re-triggered at
once (escalation), a page never drops back to a ticket until it resolves.

Maintenance holds back triggers and reminders (state still moves; a trigger held back is sent
when the window closes if the incident is still open). Resolves are never held back: they only
close what was already paged, and an incident paged before a window should not stay open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from seamwatch.alerting.model import Action, AlertState
from seamwatch.config.alerting import AlertPolicy
from seamwatch.slo.model import SloStatus

__all__ = ["Decision", "Level", "evaluate", "level_of"]

Level = Literal["page", "ticket", "clear", "unknown"]


@dataclass(frozen=True)
class Decision:
    """The new state, the action to send (or None), and why an action was held back."""

    state: AlertState
    action: Action | None = None
    suppressed_by: str | None = None   # the maintenance window that held an action back


def level_of(status: SloStatus, tickets: bool = True) -> Level:
    """Classify one evaluation (see the module docstring)."""
    if status.state == "no_data":
        return "unknown"
    if status.paging:
        return "page"
    if tickets and any(b.firing and b.severity == "ticket" for b in status.burn_rates):
        return "ticket"
    return "clear"


def evaluate(previous: AlertState | None, status: SloStatus, now: datetime, policy: AlertPolicy,
             maintenance: str | None = None) -> Decision:
    """One step of the state machine for ``status.key``. Pure: same inputs, same output."""
    state = (previous or AlertState.fresh(status.key)).but(last_evaluated_at=now, system=status.system)
    level = level_of(status, policy.tickets)
    if level == "unknown":
        return _unknown(state)
    if level == "clear":
        return _clear(state, now, policy)
    return _alerting(state, level, now, policy, maintenance)


def _unknown(state: AlertState) -> Decision:
    if state.status == "firing":
        return Decision(state.but(good_streak=0))
    return Decision(state.but(status="inactive", bad_streak=0, good_streak=0))


def _clear(state: AlertState, now: datetime, policy: AlertPolicy) -> Decision:
    good = state.good_streak + 1
    if state.status != "firing":
        return Decision(state.but(status="inactive", bad_streak=0, good_streak=good))
    if good < policy.resolve_after:
        return Decision(state.but(bad_streak=0, good_streak=good))
    closed = state.but(status="inactive", severity=None, opened_at=None, bad_streak=0,
                       good_streak=good, notified=False)
    if not (state.notified and policy.send_resolved):
        return Decision(closed)
    return Decision(_sent(closed, now), "resolve")


def _alerting(state: AlertState, level: Level, now: datetime, policy: AlertPolicy,
              maintenance: str | None) -> Decision:
    bad = state.bad_streak + 1
    state = state.but(bad_streak=bad, good_streak=0)
    if state.status != "firing":
        if bad < policy.trigger_after:
            return Decision(state.but(status="pending"))
        state = state.but(status="firing", severity=level, opened_at=now, notified=False)
        return _send(state, "trigger", now, maintenance)
    severity = "page" if "page" in (level, state.severity) else "ticket"
    escalated = severity != state.severity
    state = state.but(severity=severity)
    if not state.notified or escalated:
        return _send(state, "trigger", now, maintenance)
    assert state.last_sent_at is not None
    if (now - state.last_sent_at).total_seconds() >= policy.reminder_interval_seconds:
        return _send(state, "remind", now, maintenance)
    return Decision(state)


def _send(state: AlertState, action: Action, now: datetime, maintenance: str | None) -> Decision:
    if maintenance is not None:
        return Decision(state, None, suppressed_by=maintenance)
    return Decision(_sent(state.but(notified=True), now), action)


def _sent(state: AlertState, now: datetime) -> AlertState:
    return state.but(last_sent_at=now, sent_count=state.sent_count + 1)
