"""Every probe kind against a clean sandbox, then against each fault in turn.

Each case runs all four probes once (results committed to a real SQLite file) and checks
the stored classification of every probe: the faulted ones fail the right way, the others
still pass, so the runner kept going; and seamwatch logged no error or traceback.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from seamwatch.sandbox.run import Sandbox
from tests.integration.probes import support
from tests.integration.sandbox.helpers import set_faults

OK = None
ERP_DOWN = {"shopify-locations": OK}


def erp_facing(classification: str) -> dict[str, str | None]:
    return {"shopify-locations": OK, "erp-items": classification,
            "order-roundtrip": classification, "inventory-roundtrip": classification}


def only_order(classification: str) -> dict[str, str | None]:
    return {"shopify-locations": OK, "erp-items": OK, "order-roundtrip": classification,
            "inventory-roundtrip": OK}


CASES: list[tuple[str, str, dict[str, Any], dict[str, str | None]]] = [
    ("5xx", "erp", {"kind": "error_rate", "scope": "erp"}, erp_facing("http_5xx")),
    ("429-storm-erp", "erp", {"kind": "rate_limit_storm", "scope": "erp"}, erp_facing("rate_limited")),
    ("429-storm-shopify", "shopify", {"kind": "rate_limit_storm", "scope": "shopify", "retry_after": 0.5},
     {"shopify-locations": "rate_limited", "erp-items": OK, "order-roundtrip": "rate_limited",
      "inventory-roundtrip": "rate_limited"}),
    ("hang", "erp", {"kind": "hang", "scope": "erp", "hang_seconds": 2}, erp_facing("timeout")),
    ("connection-reset", "erp", {"kind": "connection_reset", "scope": "erp"}, erp_facing("connect")),
    ("malformed-json", "erp", {"kind": "malformed_json", "scope": "erp"}, erp_facing("schema")),
    ("drift-removed-total", "erp", {"kind": "schema_drift", "scope": "erp", "drift": "remove_field",
                                    "field": "totalAmountIncludingTax"}, only_order("schema")),
    ("drift-renamed-reference", "erp", {"kind": "schema_drift", "scope": "erp", "drift": "rename_field",
                                        "field": "externalDocumentNumber"}, only_order("schema")),
    ("drift-retyped-total", "erp", {"kind": "schema_drift", "scope": "erp", "drift": "change_type",
                                    "field": "totalAmountIncludingTax"}, only_order("schema")),
    ("dropped-order", "bridge", {"kind": "drop_orders", "scope": "bridge"}, only_order("missing")),
    ("duplicate-order", "bridge", {"kind": "duplicate_orders", "scope": "bridge"}, only_order("data_mismatch")),
    ("mapping-total-without-tax", "bridge", {"kind": "mapping_bug", "scope": "bridge",
                                             "bug": "total_without_tax"}, only_order("data_mismatch")),
    ("mapping-wrong-quantity", "bridge", {"kind": "mapping_bug", "scope": "bridge",
                                          "bug": "wrong_quantity"}, only_order("data_mismatch")),
    ("mapping-wrong-sku", "bridge", {"kind": "mapping_bug", "scope": "bridge", "bug": "wrong_sku"},
     only_order("data_mismatch")),
    ("bridge-lag", "bridge", {"kind": "bridge_lag", "scope": "bridge", "lag_seconds": 2}, only_order("late")),
    # Only the ERP delete fails (its path is salesOrders(<id>)): the round-trip itself passed.
    ("cleanup-fails", "erp", {"kind": "error_rate", "scope": "erp", "path": "salesOrders("},
     only_order("cleanup_failed")),
]


@pytest.mark.parametrize(("app", "fault", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_fault_is_classified_and_the_run_goes_on(
        app: str, fault: dict[str, Any], expected: dict[str, str | None], probe_sandbox: Sandbox,
        sandbox_tokens: dict[str, str], tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = support.load(tmp_path, probe_sandbox, system_timeout=1, timeout=3, late=1)
    set_faults(probe_sandbox, app, [fault])
    with caplog.at_level(logging.WARNING):
        returned, stored = support.run_and_store(config, tmp_path)
    got = {r.probe: r.classification for r in stored}
    assert got == expected, {r.probe: r.message for r in stored}
    assert [r.run_id for r in stored] == [r.run_id for r in returned]   # every result committed
    assert support.probe_errors(caplog.records) == []
    if fault["kind"] == "bridge_lag":
        [order] = [r for r in stored if r.probe == "order-roundtrip"]
        assert order.sync_lag_ms == pytest.approx(2000.0, abs=250.0)
    if expected["order-roundtrip"] == "cleanup_failed":
        [order] = [r for r in stored if r.probe == "order-roundtrip"]
        assert order.failed_step is None or order.failed_step == "cleanup"
        assert "cleanup failed" in order.message
