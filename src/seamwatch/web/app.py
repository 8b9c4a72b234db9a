"""``build_status_app``: the status page (``/``), its JSON (``/api/status``) and ``/healthz``.

Read-only. Every page is built from one masked document
(:func:`seamwatch.reporting.status.status_document`), so the HTML and the JSON show the
same figures and neither can show a secret. With a ``token``, every route but ``/healthz``
needs ``Authorization: Bearer <token>`` (compared in constant time); the service passes one
whenever it binds to a non-loopback address.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Sequence
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from seamwatch.config.models import ProbeConfig
from seamwatch.core.clock import Clock
from seamwatch.core.secrets import Masker
from seamwatch.reporting.charts import report_charts
from seamwatch.reporting.status import status_document
from seamwatch.slo.model import SloStatus
from seamwatch.storage.sql import SqlStore

__all__ = ["OPEN_PATHS", "build_status_app"]

OPEN_PATHS = frozenset({"/healthz"})
# Inline SVG carries its own <style>; nothing else may load, so a page can never call out.
_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class BearerAuth:
    """ASGI middleware: 401 unless ``Authorization: Bearer <token>`` (``OPEN_PATHS`` excepted)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self._expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"authorization", b"")
        if hmac.compare_digest(given, self._expected):
            await self.app(scope, receive, send)
            return
        response = PlainTextResponse("401 unauthorized: send Authorization: Bearer <token>\n", status_code=401,
                                     headers={"WWW-Authenticate": 'Bearer realm="seamwatch"', **_HEADERS})
        await response(scope, receive, send)


def build_status_app(store: SqlStore, config: ProbeConfig, *,
                     slo_statuses: Callable[[], Sequence[SloStatus]], clock: Clock, masker: Masker,
                     token: str | None, maintenance: Callable[[str], bool] | None = None) -> Starlette:
    """The status page app. ``slo_statuses`` is called per request for the current SLO figures;
    ``maintenance(name)`` says whether a probe or system is in a maintenance window now."""
    env = Environment(loader=ChoiceLoader([PackageLoader("seamwatch.web", "templates"),
                                           PackageLoader("seamwatch.reporting", "templates")]),
                      autoescape=select_autoescape(["html"]))

    def document() -> dict[str, Any]:
        return status_document(store, config, slo_statuses=slo_statuses(), now=clock.now(),
                               masker=masker, maintenance=maintenance)

    # Plain functions: Starlette runs them in its thread pool, so database reads never
    # block the event loop.
    def page(_request: Request) -> Response:
        doc = document()
        html = env.get_template("status.html").render(doc=doc, charts=report_charts(doc["report"]))
        return HTMLResponse(html, headers=_HEADERS)

    def api_status(_request: Request) -> Response:
        return JSONResponse(document(), headers=_HEADERS)

    def healthz(_request: Request) -> Response:
        return PlainTextResponse("ok\n", headers=_HEADERS)

    middleware = [Middleware(BearerAuth, token=token)] if token is not None else []
    return Starlette(routes=[Route("/", page), Route("/api/status", api_status), Route("/healthz", healthz)],
                     middleware=middleware)
