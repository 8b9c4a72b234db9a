"""The service's one HTTP app: ``/metrics``, ``/healthz``, the webhook receiver, the status page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from seamwatch.config.models import ProbeConfig
from seamwatch.core.clock import Clock
from seamwatch.core.secrets import Masker
from seamwatch.service.evaluation import Evaluation
from seamwatch.service.runtime import ProbeRuntime
from seamwatch.service.webhooks import WebhookLedger, receiver_route
from seamwatch.storage import SqlStore

__all__ = ["ServiceParts", "build_app"]


@dataclass
class ServiceParts:
    config: ProbeConfig
    store: SqlStore
    clock: Clock
    masker: Masker
    evaluation: Evaluation
    ledger: WebhookLedger
    runtime: ProbeRuntime
    webhook_secret: str | None
    status_token: str | None


def build_app(parts: ServiceParts) -> Starlette:
    async def metrics(request: Request) -> Response:
        body, content_type = parts.evaluation.metrics_exposition()
        return Response(body, media_type=content_type)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "results_stored": parts.runtime.results_stored,
                             "in_flight": len(parts.runtime.tasks), "sweeps": len(parts.runtime.sweeps),
                             "webhooks": {"received": parts.ledger.received, "rejected": parts.ledger.rejected}})

    routes: list[Any] = [Route("/metrics", metrics, methods=["GET"]),
                         Route("/healthz", health, methods=["GET"])]
    if parts.webhook_secret is not None:
        routes.append(receiver_route(parts.ledger, parts.webhook_secret))
    status_app = parts.evaluation.status_app(parts.status_token)
    if status_app is not None:
        routes.append(Mount("/", app=status_app))
    return Starlette(routes=routes)
