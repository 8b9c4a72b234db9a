"""What the status page shows, as one masked document (``/api/status`` serves it as is).

States, worst last: ``no_data`` < ``ok`` < ``degraded`` < ``breached``; ``maintenance``
overrides them all. The rule for a probe:

- ``maintenance``: ``maintenance(name)`` is true for the probe or for one of its systems;
- ``breached``: an SLO in its scope is ``breached``;
- ``degraded``: its last run failed, or an SLO in its scope is ``degraded``;
- ``ok``: its last run succeeded and no SLO in its scope is degraded or breached;
- ``no_data``: no run in the window and no SLO in its scope says otherwise.

A probe's scope is ``probe:<name>`` plus its sync direction (``direction:shopify_to_erp``
for order round-trips, ``direction:erp_to_shopify`` for inventory round-trips). A system's
state is the worst of its probes' and of the SLOs scoped ``system:<name>``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final, Literal

from seamwatch.config.models import ProbeConfig
from seamwatch.core.secrets import Masker
from seamwatch.reporting.probe_report import build_probe_report, mask_document, report_document, slo_entry
from seamwatch.reporting.time_range import bucket_seconds_for
from seamwatch.slo.model import SloStatus
from seamwatch.storage.report_queries import RecentRun, recent_runs
from seamwatch.storage.sql import SqlStore

__all__ = ["STATUS_SCHEMA", "State", "status_document"]

STATUS_SCHEMA: Final = "seamwatch.status/1"
State = Literal["no_data", "ok", "degraded", "breached", "maintenance"]
_RANK: Final = {"no_data": 0, "ok": 1, "degraded": 2, "breached": 3}
_DIRECTION_OF_KIND: Final = {"order_roundtrip": "shopify_to_erp", "inventory_roundtrip": "erp_to_shopify"}


@dataclass(frozen=True)
class _Verdict:
    state: State
    reason: str


def _slo_verdict(slos: Sequence[SloStatus]) -> _Verdict | None:
    wanted: State
    for wanted in ("breached", "degraded"):
        hit = sorted(s.name for s in slos if s.state == wanted)
        if hit:
            return _Verdict(wanted, f"SLO {', '.join(hit)} {wanted}")
    return None


def _probe_verdict(runs: Sequence[RecentRun], slos: Sequence[SloStatus], window_hours: float) -> _Verdict:
    from_slo = _slo_verdict(slos)
    if from_slo is not None and from_slo.state == "breached":
        return from_slo
    if runs and not runs[0].success:
        last = runs[0]
        step = f" at step {last.failed_step}" if last.failed_step else ""
        return _Verdict("degraded", f"last run failed ({last.classification}{step})")
    if from_slo is not None:
        return from_slo
    if runs:
        return _Verdict("ok", "last run succeeded")
    return _Verdict("no_data", f"no results in the last {window_hours:g} h")


def _worst(verdicts: Sequence[_Verdict]) -> _Verdict:
    counted = [v for v in verdicts if v.state != "maintenance"]
    return max(counted, key=lambda v: _RANK[v.state], default=_Verdict("no_data", "nothing to show yet"))


def _run_entry(run: RecentRun) -> dict[str, Any]:
    return {"run_id": run.run_id, "started_at": run.started_at.isoformat().replace("+00:00", "Z"),
            "success": run.success, "duration_ms": round(run.duration_ms, 3),
            "classification": run.classification, "failed_step": run.failed_step,
            "message": run.message, "sync_lag_ms": run.sync_lag_ms}


def status_document(store: SqlStore, config: ProbeConfig, *, slo_statuses: Sequence[SloStatus],
                    now: datetime, masker: Masker,
                    maintenance: Callable[[str], bool] | None = None) -> dict[str, Any]:
    """Every system and probe with its state and last results, the SLOs, and the report data."""
    settings = config.status_page
    since = now - timedelta(hours=settings.window_hours)
    in_maintenance = maintenance or (lambda _name: False)
    probes: list[dict[str, Any]] = []
    verdicts_of_system: dict[str, list[_Verdict]] = {name: [] for name in config.systems}
    for probe in config.probes:
        scope = {f"probe:{probe.name}"} | ({f"direction:{_DIRECTION_OF_KIND[probe.kind]}"}
                                          if probe.kind in _DIRECTION_OF_KIND else set())
        slos = [s for s in slo_statuses if s.scope in scope]
        runs = recent_runs(store, probe.name, since, settings.recent_results)
        systems = list(probe.system_names())
        if in_maintenance(probe.name) or any(in_maintenance(s) for s in systems):
            verdict = _Verdict("maintenance", "in a maintenance window")
        else:
            verdict = _probe_verdict(runs, slos, settings.window_hours)
        for system in systems:
            verdicts_of_system.setdefault(system, []).append(verdict)
        probes.append({"name": probe.name, "kind": probe.kind, "systems": systems, "state": verdict.state,
                       "reason": verdict.reason, "slos": [s.key for s in slos],
                       "last_run_at": _run_entry(runs[0])["started_at"] if runs else None,
                       "recent": [_run_entry(r) for r in runs]})
    systems_out = []
    for name, system in config.systems.items():
        own = _slo_verdict([s for s in slo_statuses if s.scope == f"system:{name}"])
        verdict = (_Verdict("maintenance", "in a maintenance window") if in_maintenance(name)
                   else _worst(verdicts_of_system.get(name, []) + ([own] if own else [])))
        systems_out.append({"name": name, "kind": system.kind, "state": verdict.state, "reason": verdict.reason,
                            "probes": [p["name"] for p in probes if name in p["systems"]]})
    overall = _worst([_Verdict(s["state"], s["reason"]) for s in systems_out])
    report = build_probe_report(store, since, now, generated_at=now, slo_statuses=slo_statuses,
                                bucket_seconds=bucket_seconds_for(now - since))
    document = {
        "schema": STATUS_SCHEMA, "generated_at": now.isoformat().replace("+00:00", "Z"),
        "refresh_seconds": settings.refresh_seconds, "state": overall.state,
        "systems": systems_out, "probes": probes, "slos": [slo_entry(s) for s in slo_statuses],
        "report": report_document(report, masker),
    }
    masked: dict[str, Any] = mask_document(document, masker)
    return masked
