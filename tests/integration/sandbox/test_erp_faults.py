"""The sandbox faults, switched at run time through /_sandbox/faults, as seen by ERP clients."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest


from .erp_helpers import RunningErp, assert_error
from .erp_helpers import client, erp  # noqa: F401 (module fixtures)


@pytest.fixture
def control(erp: RunningErp) -> Iterator[httpx.Client]:
    """A client for /_sandbox/faults; clears every fault after the test."""
    headers = {"X-Sandbox-Control-Token": erp.settings.control_token}
    with httpx.Client(base_url=erp.origin, headers=headers, timeout=10.0) as client:
        yield client
        assert client.delete("/_sandbox/faults").status_code == 200


def _switch(control: httpx.Client, **fault: Any) -> None:
    response = control.put("/_sandbox/faults", json={"faults": [{"scope": "erp", **fault}]})
    assert response.status_code == 200, response.text
    assert response.json()["faults"][0]["kind"] == fault["kind"]


def test_the_control_route_needs_its_token(erp: RunningErp, control: httpx.Client) -> None:
    for headers in (
        {},
        {"X-Sandbox-Control-Token": "wrong"},
        {"Authorization": f"Bearer {erp.settings.erp_token}"},
    ):
        response = httpx.put(
            f"{erp.origin}/_sandbox/faults",
            headers=headers,
            timeout=10.0,
            json={"faults": [{"kind": "error_rate", "scope": "erp"}]},
        )
        assert response.status_code == 401
    assert control.get("/_sandbox/faults").json() == {"faults": []}


def test_error_rate_answers_the_configured_status_with_bc_error_body(
    control: httpx.Client, client: httpx.Client
) -> None:
    _switch(control, kind="error_rate", status=503)
    assert_error(client.get("/items"), 503, "Internal_ServerError")
    # Sandbox routes are never faulted.
    assert control.get("/_sandbox/health").status_code == 200


def test_error_rate_honours_path_and_rate(control: httpx.Client, client: httpx.Client) -> None:
    _switch(control, kind="error_rate", status=500, path="/salesOrders")
    assert client.get("/items").status_code == 200
    assert client.get("/salesOrders").status_code == 500
    _switch(control, kind="error_rate", status=500, rate=0.5)
    statuses = {client.get("/items").status_code for _ in range(60)}
    assert statuses == {200, 500}


def test_rate_limit_storm_is_429_with_retry_after(
    control: httpx.Client, client: httpx.Client
) -> None:
    _switch(control, kind="rate_limit_storm", retry_after=7)
    response = client.get("/items")
    assert_error(response, 429, "Application_TooManyRequests")
    assert float(response.headers["retry-after"]) == 7.0


def test_connection_reset_drops_the_connection(control: httpx.Client, client: httpx.Client) -> None:
    _switch(control, kind="connection_reset")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.get("/items")


def test_hang_holds_the_response_past_the_client_timeout(
    erp: RunningErp, control: httpx.Client
) -> None:
    _switch(control, kind="hang", hang_seconds=3)
    with (
        erp.client(timeout=httpx.Timeout(0.3, connect=5.0)) as impatient,
        pytest.raises(httpx.ReadTimeout),
    ):
        impatient.get("/items")


def test_latency_delays_the_response(
    erp: RunningErp, control: httpx.Client, client: httpx.Client
) -> None:
    _switch(control, kind="latency", latency_ms=3000)
    with (
        erp.client(timeout=httpx.Timeout(0.3, connect=5.0)) as impatient,
        pytest.raises(httpx.ReadTimeout),
    ):
        impatient.get("/items")
    _switch(control, kind="latency", latency_ms=1)
    assert client.get("/items").status_code == 200  # delayed, not broken


def test_malformed_json_cuts_the_body(control: httpx.Client, client: httpx.Client) -> None:
    _switch(control, kind="malformed_json")
    response = client.get("/items")
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "application/json"
    )
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


@pytest.mark.parametrize(
    ("drift", "check"),
    [
        (
            "rename_field",
            lambda o: "totalAmountIncludingTax" not in o and "totalAmountIncludingTax_v2" in o,
        ),
        (
            "remove_field",
            lambda o: "totalAmountIncludingTax" not in o and "totalAmountIncludingTax_v2" not in o,
        ),
        ("change_type", lambda o: isinstance(o["totalAmountIncludingTax"], str)),
    ],
)
def test_schema_drift_changes_the_response_field(
    control: httpx.Client, client: httpx.Client, drift: str, check: Any
) -> None:
    created = client.post(
        "/salesOrders",
        json={
            "customerNumber": "C-SHOPIFY",
            "salesOrderLines": [{"lineObjectNumber": "SW-MUG", "quantity": 1}],
        },
    )
    assert created.status_code == 201
    _switch(control, kind="schema_drift", drift=drift, field="totalAmountIncludingTax")
    listed = client.get("/salesOrders").json()["value"]
    assert listed and all(check(order) for order in listed)
    one = client.get(f"/salesOrders({created.json()['id']})").json()
    assert check(one)
    control.delete("/_sandbox/faults")
    assert "totalAmountIncludingTax" in client.get(f"/salesOrders({created.json()['id']})").json()


def test_faults_of_other_scopes_do_not_touch_the_erp(
    control: httpx.Client, client: httpx.Client
) -> None:
    response = control.put(
        "/_sandbox/faults", json={"faults": [{"kind": "error_rate", "scope": "shopify"}]}
    )
    assert response.status_code == 200
    assert client.get("/items").status_code == 200
