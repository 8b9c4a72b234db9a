"""The pure alert policy, driven with a fake clock through the scenarios of issue 7."""

from __future__ import annotations

from datetime import UTC, datetime

from seamwatch.alerting import AlertState, evaluate, level_of
from seamwatch.alerting.policy import Decision
from seamwatch.config.alerting import AlertPolicy
from seamwatch.core.clock import FakeClock
from seamwatch.slo.model import SloStatus
from tests.unit.alerting.statuses import breached, healthy, no_data, slow_burn

POLICY = AlertPolicy(trigger_after=2, resolve_after=2, reminder_interval_seconds=3600)
TICK = 60  # the probe service evaluates SLOs once a minute


class Run:
    """Feeds statuses to the policy one tick apart, keeping the state like the store would."""

    def __init__(self, policy: AlertPolicy = POLICY) -> None:
        self.clock = FakeClock(datetime(2026, 3, 1, 12, 0, tzinfo=UTC))
        self.policy = policy
        self.state: AlertState | None = None
        self.actions: list[tuple[float, str]] = []  # (seconds since start, action)

    def feed(self, status: SloStatus, ticks: int = 1, maintenance: str | None = None) -> Decision:
        decision = Decision(AlertState.fresh(status.key))
        for _ in range(ticks):
            self.clock.advance(TICK)
            decision = evaluate(self.state, status, self.clock.now(), self.policy, maintenance)
            self.state = decision.state
            if decision.action:
                self.actions.append((self.clock.monotonic(), decision.action))
        return decision


def test_levels() -> None:
    assert [level_of(s) for s in (breached(), slow_burn(), healthy(), no_data())] == \
        ["page", "ticket", "clear", "unknown"]
    assert level_of(slow_burn(), tickets=False) == "clear"


def test_a_single_failed_evaluation_does_not_page() -> None:
    run = Run()
    run.feed(breached())
    run.feed(healthy(), ticks=5)
    assert run.actions == []
    assert run.state is not None and run.state.status == "inactive"


def test_no_data_never_pages_and_breaks_a_streak() -> None:
    run = Run()
    run.feed(no_data(), ticks=10)
    assert run.actions == []
    run.feed(breached())
    run.feed(no_data())
    run.feed(breached())  # not consecutive with the first breach
    assert run.actions == []
    run.feed(breached())
    assert run.actions == [(4 * TICK + 10 * TICK, "trigger")]


def test_a_sustained_breach_pages_within_the_short_window() -> None:
    run = Run()
    run.feed(healthy(), ticks=3)
    start = run.clock.monotonic()
    run.feed(breached(), ticks=5)
    assert [a for _, a in run.actions] == ["trigger"]
    paged_after = run.actions[0][0] - start
    assert paged_after <= 300, "the 5-minute short window"
    assert run.state is not None and run.state.severity == "page" and run.state.notified


def test_recovery_resolves_with_the_same_dedup_key() -> None:
    run = Run()
    opened = run.feed(breached(), ticks=2)
    assert opened.action == "trigger"
    held = run.feed(healthy())          # one clear evaluation is not enough
    assert held.action is None and held.state.status == "firing"
    closed = run.feed(healthy())
    assert closed.action == "resolve"
    assert closed.state.dedup_key == opened.state.dedup_key == "seamwatch/order-sync-lag:direction:shopify_to_erp"
    assert closed.state.status == "inactive" and not closed.state.notified


def test_send_resolved_false_closes_silently() -> None:
    run = Run(AlertPolicy(send_resolved=False))
    run.feed(breached(), ticks=2)
    run.feed(healthy(), ticks=2)
    assert [a for _, a in run.actions] == ["trigger"]
    assert run.state is not None and run.state.status == "inactive"


def test_reminders_respect_the_minimum_interval() -> None:
    run = Run(AlertPolicy(trigger_after=1, reminder_interval_seconds=900))
    run.feed(breached(), ticks=46)  # 45 minutes after the trigger
    times = [t for t, a in run.actions]
    assert [a for _, a in run.actions] == ["trigger", "remind", "remind", "remind"]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert gaps == [900, 900, 900]


def test_maintenance_holds_the_page_and_sends_it_when_the_window_closes() -> None:
    run = Run()
    held = run.feed(breached(), ticks=3, maintenance="erp-upgrade")
    assert run.actions == [] and held.suppressed_by == "erp-upgrade"
    assert held.state.status == "firing" and not held.state.notified  # state is recorded
    after = run.feed(breached())
    assert after.action == "trigger"


def test_an_incident_that_clears_inside_maintenance_never_pages() -> None:
    run = Run()
    run.feed(breached(), ticks=3, maintenance="weekly")
    run.feed(healthy(), ticks=2, maintenance="weekly")
    run.feed(healthy(), ticks=2)
    assert run.actions == []


def test_a_ticket_notifies_and_escalates_to_a_page() -> None:
    run = Run()
    ticket = run.feed(slow_burn(), ticks=2)
    assert ticket.action == "trigger" and ticket.state.severity == "ticket"
    page = run.feed(breached())
    assert page.action == "trigger" and page.state.severity == "page"
    back = run.feed(slow_burn())  # a page does not drop back to a ticket while open
    assert back.action is None and back.state.severity == "page"


def test_the_same_inputs_give_the_same_decision() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    state = AlertState.fresh("k").but(status="pending", bad_streak=1)
    assert evaluate(state, breached(), now, POLICY) == evaluate(state, breached(), now, POLICY)
