"""The state rule of the status page (see seamwatch.reporting.status)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from seamwatch.config import ProbeConfig
from seamwatch.core.clock import FakeClock
from seamwatch.core.secrets import Masker
from seamwatch.reporting.status import status_document
from seamwatch.storage import SqlStore, open_store
from tests.unit.reporting.probe_fixtures import ERP_TOKEN, NOW, probe_config, seed, slo_statuses


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    with open_store(f"sqlite:///{tmp_path / 's.db'}", FakeClock(NOW)) as opened:
        seed(opened)
        yield opened


@pytest.fixture
def config(tmp_path: Path) -> ProbeConfig:
    return probe_config(tmp_path)


def _states(doc: dict, what: str) -> dict[str, str]:
    return {item["name"]: item["state"] for item in doc[what]}


def test_states_from_last_run_and_slos(store: SqlStore, config: ProbeConfig) -> None:
    doc = status_document(store, config, slo_statuses=slo_statuses(), now=NOW, masker=Masker([ERP_TOKEN]))
    assert _states(doc, "probes") == {"shopify-locations": "ok", "erp-items": "degraded", "order-roundtrip": "breached"}
    reasons = {p["name"]: p["reason"] for p in doc["probes"]}
    assert reasons["erp-items"] == "last run failed (http_5xx at step request)"
    assert reasons["order-roundtrip"] == "SLO order-sync-lag breached"
    # A system is the worst of its probes and its own SLOs.
    assert _states(doc, "systems") == {"shopify": "breached", "erp": "breached"}
    assert doc["state"] == "breached"


def test_without_slos_a_failing_last_run_is_degraded_and_the_rest_ok(store: SqlStore, config: ProbeConfig) -> None:
    doc = status_document(store, config, slo_statuses=[], now=NOW, masker=Masker())
    assert _states(doc, "probes") == {"shopify-locations": "ok", "erp-items": "degraded", "order-roundtrip": "ok"}
    assert _states(doc, "systems") == {"shopify": "ok", "erp": "degraded"}


def test_maintenance_overrides_and_does_not_count_towards_the_overall_state(
        store: SqlStore, config: ProbeConfig) -> None:
    doc = status_document(store, config, slo_statuses=[], now=NOW, masker=Masker(),
                          maintenance=lambda name: name == "erp")
    assert _states(doc, "probes") == {"shopify-locations": "ok", "erp-items": "maintenance",
                                      "order-roundtrip": "maintenance"}
    assert _states(doc, "systems")["erp"] == "maintenance" and doc["state"] == "ok"


def test_no_results_is_no_data(tmp_path: Path, config: ProbeConfig) -> None:
    with open_store(f"sqlite:///{tmp_path / 'empty.db'}", FakeClock(NOW)) as empty:
        doc = status_document(empty, config, slo_statuses=[], now=NOW, masker=Masker())
    assert set(_states(doc, "probes").values()) == {"no_data"} and doc["state"] == "no_data"
    assert doc["report"]["notice"].startswith("No data yet")


def test_recent_results_are_newest_first_limited_and_masked(store: SqlStore, config: ProbeConfig) -> None:
    doc = status_document(store, config, slo_statuses=slo_statuses(), now=NOW, masker=Masker([ERP_TOKEN]))
    erp = next(p for p in doc["probes"] if p["name"] == "erp-items")
    assert [r["success"] for r in erp["recent"][:4]] == [False, False, False, True]
    assert len(erp["recent"]) == 12 and erp["last_run_at"] == "2026-03-02T10:31:00Z"
    assert ERP_TOKEN not in json.dumps(doc)
