"""A Business Central-like ERP (API v2.0 subset plus the custom item-journal API).

``build_erp_app(settings, faults)`` returns the Starlette app. It serves the operations of
``contracts/erp/business-central-v2.0.yaml`` under
``/v2.0/{tenant}/{environment}/api`` (``settings.erp_base``) for the one company
``settings.company_id``, with bearer-token auth, per-token throttling, OData query options,
etags, BC's error body and the sandbox's switchable faults. Sandbox-only extras:
``/_sandbox/health``, ``/_sandbox/faults`` (control token) and ``/_sandbox/sales-orders``
(ground truth: every sales order ever created, with the time its POST was received).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route as StarletteRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from seamwatch.core.clock import Clock, SystemClock
from seamwatch.sandbox.control import control_routes
from seamwatch.sandbox.erp.api import RECEIVED_AT, ErpApi
from seamwatch.sandbox.erp.contract import load_contract
from seamwatch.sandbox.erp.errors import error_body, json_response
from seamwatch.sandbox.erp.model import ErpState, build_state
from seamwatch.sandbox.erp.odata_filter import format_datetime
from seamwatch.sandbox.erp.routes import build_routes
from seamwatch.sandbox.erp.sales import order_view
from seamwatch.sandbox.erp.throttle import SlidingWindowLimiter
from seamwatch.sandbox.faults import FaultMiddleware, FaultState
from seamwatch.sandbox.settings import SandboxSettings

__all__ = ["DEFAULT_PAGE_SIZE", "build_erp_app"]

DEFAULT_PAGE_SIZE = 100


def build_erp_app(
    settings: SandboxSettings,
    faults: FaultState,
    *,
    page_size: int | None = None,
    clock: Clock | None = None,
    allow_missing_customer: bool = False,
    stale_etag_status: int = 412,
) -> Starlette:
    """The ERP sandbox app.

    ``page_size``: entities per page before ``@odata.nextLink`` (default: the settings'
    ``erp_page_size`` if it has one, else 100). ``clock``: time source (default: system).
    ``allow_missing_customer``: accept a sales order naming no customer and use ``C-SHOPIFY``
    (off by default: the contract requires ``customerId`` or ``customerNumber``).
    ``stale_etag_status``: status of ``Request_EntityChanged`` (412 here; real BC is reported
    to answer 409, and the contract documents both).
    """
    clock = clock or SystemClock()
    contract = load_contract()
    state = build_state(contract, clock)
    size = page_size or int(getattr(settings, "erp_page_size", DEFAULT_PAGE_SIZE))
    api = ErpApi(
        state,
        build_routes(contract, allow_missing_customer),
        token=settings.erp_token,
        tenant=settings.erp_tenant,
        environment=settings.erp_environment,
        company_id=settings.company_id,
        limiter=SlidingWindowLimiter(
            settings.erp_requests_per_window, settings.erp_window_seconds, clock.monotonic
        ),
        faults=faults,
        page_size=size,
        stale_etag_status=stale_etag_status,
    )
    app = Starlette(
        routes=[
            *control_routes(faults, settings.control_token),
            StarletteRoute("/_sandbox/health", _health, methods=["GET"]),
            StarletteRoute("/_sandbox/sales-orders", _ground_truth(state), methods=["GET"]),
            StarletteRoute("/v2.0/{rest:path}", api),
        ],
        middleware=[
            Middleware(_ReceiptTime, clock=clock),
            Middleware(FaultMiddleware, state=faults, scope="erp", error_body=_fault_body),
        ],
        exception_handlers={HTTPException: _http_error},
    )
    app.state.erp = state  # for in-process inspection by tests and the CLI
    return app


def _fault_body(status: int, message: str) -> dict[str, Any]:
    """Injected faults answer with BC's error body, like the real errors."""
    code = (
        "Internal_ServerError"
        if status >= 500
        else "Application_TooManyRequests"
        if status == 429
        else "BadRequest"
    )
    return error_body(code, message)  # {"error": {"code", "message": "... CorrelationId: <guid>."}}


class _ReceiptTime:
    """Stamps each request with its arrival time, before faults add latency."""

    def __init__(self, app: ASGIApp, clock: Clock) -> None:
        self.app = app
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope[RECEIVED_AT] = format_datetime(self.clock.now())
        await self.app(scope, receive, send)


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own 404/405 (paths outside the API routes) in BC's error body."""
    assert isinstance(exc, HTTPException)
    code = {404: "BadRequest_NotFound", 405: "BadRequest_MethodNotAllowed"}.get(
        exc.status_code, "BadRequest"
    )
    return json_response(
        error_body(code, str(exc.detail)), exc.status_code, dict(exc.headers or {})
    )


async def _health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok", "service": "erp"})


def _ground_truth(state: ErpState) -> Callable[[Request], Awaitable[JSONResponse]]:
    async def sales_orders(request: Request) -> JSONResponse:
        """Every sales order the ERP ever created (open, posted or deleted), oldest first."""
        out = []
        for record in state.orders_log.values():
            current = state.sales_orders.get(record.order_id)
            order = (
                order_view(state, current, expand=True) if current is not None else record.snapshot
            )
            out.append(
                {
                    "id": record.order_id,
                    "createdAt": record.received_at,
                    "state": record.state,
                    "changedAt": record.changed_at,
                    "order": order,
                }
            )
        return JSONResponse({"salesOrders": out})

    return sales_orders
