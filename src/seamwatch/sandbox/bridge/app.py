"""The reference sync bridge as a Starlette app.

Routes: ``POST /webhooks/shopify``; sandbox-only ``GET /_sandbox/ground-truth``,
``GET /_sandbox/ground-truth/orders/{name}``, ``GET /_sandbox/health`` and the fault
control routes. The lifespan opens the SQLite store and one httpx client per upstream,
runs the order worker and the inventory sync, and stops them cleanly.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from seamwatch.sandbox.bridge.clients import (
    ErpClient,
    ShopifyClient,
    build_upstream_clients,
)
from seamwatch.sandbox.bridge.inventory import InventorySync
from seamwatch.sandbox.bridge.store import Store
from seamwatch.sandbox.bridge.webhooks import webhook_endpoint
from seamwatch.sandbox.bridge.worker import OrderWorker
from seamwatch.sandbox.control import control_routes
from seamwatch.sandbox.faults import FaultMiddleware, FaultState
from seamwatch.sandbox.settings import SandboxSettings

__all__ = ["build_bridge_app"]

STOP_GRACE_SECONDS = 3.0


@dataclass
class _Runtime:
    store: Store
    worker: OrderWorker
    inventory: InventorySync


class _Holder:
    """What the lifespan built, for the route handlers."""

    runtime: _Runtime | None = None

    def get(self) -> _Runtime:
        if self.runtime is None:
            raise RuntimeError("the bridge is not running (lifespan not started)")
        return self.runtime


def build_bridge_app(settings: SandboxSettings, faults: FaultState) -> Starlette:
    holder = _Holder()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        store = Store(settings.bridge_db)
        erp_http, shopify_http = build_upstream_clients(settings)
        erp = ErpClient(erp_http, settings.company_id)
        worker = OrderWorker(store, erp, settings, faults)
        inventory = InventorySync(store, erp, ShopifyClient(shopify_http, settings), settings)
        holder.runtime = _Runtime(store, worker, inventory)
        stop = asyncio.Event()
        tasks = [asyncio.create_task(worker.run(stop), name="bridge-worker"),
                 asyncio.create_task(inventory.run(stop), name="bridge-inventory")]
        try:
            yield
        finally:
            stop.set()
            await _finish(tasks)
            await erp_http.aclose()
            await shopify_http.aclose()
            holder.runtime = None
            store.close()

    def wake() -> None:
        holder.get().worker.wake.set()

    routes = [
        Route("/webhooks/shopify", webhook_endpoint(lambda: holder.get().store,
                                                    settings.webhook_secret, wake),
              methods=["POST"]),
        *_sandbox_routes(holder),
        *control_routes(faults, settings.control_token),
    ]
    middleware = [Middleware(FaultMiddleware, state=faults, scope="bridge",
                             error_body=lambda status, message: {"error": message})]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


async def _finish(tasks: list[asyncio.Task[None]]) -> None:
    """Let the tasks notice the stop; cancel what is still busy (e.g. mid-request)."""
    _, pending = await asyncio.wait(tasks, timeout=STOP_GRACE_SECONDS)
    for task in pending:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def _sandbox_routes(holder: _Holder) -> list[Route]:
    async def ground_truth(request: Request) -> Response:
        return JSONResponse(holder.get().store.ground_truth())

    async def one_order(request: Request) -> Response:
        name = request.path_params["name"]
        truth = holder.get().store.order_truth(name)
        if truth is None:
            return JSONResponse({"error": f"no order named {name!r} received"}, status_code=404)
        return JSONResponse(truth)

    async def health(request: Request) -> Response:
        runtime = holder.get()
        return JSONResponse({"status": "ok", "orders": runtime.store.counts(),
                             "inventory_error": runtime.inventory.last_error})

    return [
        Route("/_sandbox/ground-truth", ground_truth, methods=["GET"]),
        Route("/_sandbox/ground-truth/orders/{name:path}", one_order, methods=["GET"]),
        Route("/_sandbox/health", health, methods=["GET"]),
    ]
