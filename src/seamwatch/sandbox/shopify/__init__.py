"""The Shopify-like sandbox server: the REST Admin API subset in
``contracts/shopify/admin-rest-2026-01.yaml``, plus webhooks, behind switchable faults.

``build_shopify_app(settings, faults)`` returns the Starlette app. Routes:

- ``/admin/api/{version}/...``: the Admin API (:mod:`.gate`: versions, auth, rate limit)
- ``/_sandbox/health``: ``{"ok": true}``
- ``/_sandbox/webhook-deliveries``: every delivery and its attempts (no auth, no secrets)
- ``/_sandbox/faults``: switch faults at run time (``X-Sandbox-Control-Token``)

Modules: ``store`` (state and seed data), ``orders``/``inventory`` (rules), ``api_*``
(handlers), ``bodies``/``params``/``formats`` (request validation), ``render`` (JSON),
``pagination``, ``ratelimit``, ``webhooks`` (delivery), ``gate`` (the front door).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from seamwatch.core.clock import Clock, SystemClock
from seamwatch.sandbox.control import control_routes
from seamwatch.sandbox.faults import FaultMiddleware, FaultState
from seamwatch.sandbox.settings import SandboxSettings
from seamwatch.sandbox.shopify import (
    api_catalog,
    api_customers,
    api_inventory,
    api_orders,
    api_webhooks,
)
from seamwatch.sandbox.shopify.context import Shop
from seamwatch.sandbox.shopify.gate import AdminGate, Router
from seamwatch.sandbox.shopify.store import Store

__all__ = ["build_shopify_app"]

ROUTES = [*api_orders.ROUTES, *api_inventory.ROUTES, *api_catalog.ROUTES,
          *api_customers.ROUTES, *api_webhooks.ROUTES]


def build_shopify_app(settings: SandboxSettings, faults: FaultState,
                      clock: Clock | None = None) -> Starlette:
    """The sandbox Shopify as an ASGI app; ``app.state.shop`` exposes its state to tests."""
    shop = Shop(settings, faults, Store(settings, clock or SystemClock()))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        """Open the webhook client at start-up; cancel deliveries and close it at shutdown."""
        await shop.webhooks.start()
        try:
            yield
        finally:
            await shop.webhooks.stop()

    gate = AdminGate(shop, Router(ROUTES))
    routes = [
        Route("/admin{rest:path}", gate),  # first: the hot path
        *control_routes(faults, settings.control_token),
        *_sandbox_routes(shop),
    ]
    middleware = [Middleware(FaultMiddleware, faults, "shopify", error_body=_error_body,
                             extra_headers=gate.fault_headers)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.shop = shop
    return app


def _error_body(status: int, message: str) -> dict[str, Any]:
    # Injected faults answer in Shopify's error shape.
    return {"errors": message}


def _sandbox_routes(shop: Shop) -> list[Route]:
    async def health(request: Request) -> JSONResponse:
        """``GET /_sandbox/health``."""
        return JSONResponse({"ok": True})

    async def deliveries(request: Request) -> JSONResponse:
        """``GET /_sandbox/webhook-deliveries[?topic=...]``."""
        topic = request.query_params.get("topic")
        records = [d.as_dict() for d in shop.webhooks.deliveries if topic in (None, d.topic)]
        return JSONResponse({"deliveries": records})

    return [Route("/_sandbox/health", health, methods=["GET"]),
            Route("/_sandbox/webhook-deliveries", deliveries, methods=["GET"])]
