"""Running the ERP sandbox alone on a free loopback port, with httpx clients for it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from seamwatch.sandbox.erp import build_erp_app
from seamwatch.sandbox.faults import FaultState
from seamwatch.sandbox.serve import ServerThread
from seamwatch.sandbox.settings import SandboxSettings

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
CORRELATION = re.compile(
    r"CorrelationId: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.$"
)


@dataclass
class RunningErp:
    settings: SandboxSettings
    faults: FaultState
    server: ServerThread

    @property
    def origin(self) -> str:
        return f"http://{self.settings.host}:{self.settings.erp_port}"

    @property
    def standard(self) -> str:
        """Company URL of the standard API (v2.0)."""
        return f"{self.settings.erp_base}/v2.0/companies({self.settings.company_id})"

    @property
    def custom(self) -> str:
        """Company URL of the custom item-journal API."""
        company = self.settings.company_id
        return f"{self.settings.erp_base}/seamwatch/inventory/v1.0/companies({company})"

    def client(
        self,
        base: str | None = None,
        token: str | None = None,
        timeout: httpx.Timeout | float = TIMEOUT,
    ) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token or self.settings.erp_token}"}
        return httpx.Client(base_url=base or self.standard, headers=headers, timeout=timeout)


@contextmanager
def running_erp(settings: SandboxSettings | None = None, **app_kwargs: Any) -> Iterator[RunningErp]:
    """Start the ERP on a free port (``settings.erp_port`` is updated to it) and stop it after."""
    settings = settings or SandboxSettings()
    faults = FaultState(seed=1)
    server = ServerThread(
        build_erp_app(settings, faults, **app_kwargs), port=0, name="erp-test"
    ).start()
    settings.erp_port = server.port
    try:
        yield RunningErp(settings, faults, server)
    finally:
        server.stop()


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """``response`` is BC's error body with ``status`` (and ``code``); returns the error."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message"}
    assert CORRELATION.search(error["message"]), error["message"]
    if code is not None:
        assert error["code"] == code, error
    return dict(error)


def create_order(
    client: httpx.Client, external: str, lines: list[dict[str, Any]] | None = None, **header: Any
) -> dict[str, Any]:
    body = {"customerNumber": "C-SHOPIFY", "externalDocumentNumber": external, **header}
    if lines is not None:
        body["salesOrderLines"] = lines
    response = client.post("/salesOrders", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def item_line(sku: str, quantity: float, taxable: bool = True, **extra: Any) -> dict[str, Any]:
    return {
        "lineType": "Item",
        "lineObjectNumber": sku,
        "quantity": quantity,
        "taxCode": "TAXABLE" if taxable else "NONTAXABLE",
        **extra,
    }


# Module-scoped fixtures shared by the test_erp_* modules, which import them by name
# (pytest finds fixtures in a test module's namespace). They shadow conftest's `erp` client.
@pytest.fixture(scope="module")
def erp() -> Iterator[RunningErp]:
    with running_erp(SandboxSettings()) as running:
        yield running


@pytest.fixture(scope="module")
def client(erp: RunningErp) -> Iterator[httpx.Client]:
    with erp.client() as client:
        yield client
