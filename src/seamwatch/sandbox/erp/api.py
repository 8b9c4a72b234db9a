"""The BC-like API as one ASGI app: routing, auth, throttling, body parsing, drift, errors.

Routes are the contract's paths below ``/v2.0/{tenant}/{environment}/api``. The pipeline for
each request is: bearer token (401) -> per-token throttle (429) -> route (404/405) ->
tenant, environment and company (404) -> body (400) -> handler. Every error carries BC's
error body; every JSON body passes through the ``schema_drift`` fault when it is switched on.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from seamwatch.sandbox.erp.errors import (
    ApiError,
    bad_request,
    error_body,
    json_response,
    not_found,
)
from seamwatch.sandbox.erp.model import ErpState
from seamwatch.sandbox.erp.odata_filter import format_datetime
from seamwatch.sandbox.erp.throttle import SlidingWindowLimiter
from seamwatch.sandbox.faults import FaultState, apply_drift

__all__ = ["RECEIVED_AT", "ErpApi", "JsonReply", "RequestContext", "Route"]

_log = logging.getLogger(__name__)
# Set by the outermost wrapper in build_erp_app, before any fault delays the request.
RECEIVED_AT = "seamwatch.received_at"
_PREFIX = r"^/v2\.0/(?P<tenant>[^/]+)/(?P<environment>[^/]+)/api"
_PARAM = re.compile(r"\{([A-Za-z]+)\}")


@dataclass
class RequestContext:
    """What a handler needs from one request."""

    state: ErpState
    request: Request
    params: dict[str, str]
    query: dict[str, str]
    body: Any
    received_at: str
    api_root: str  # absolute URL of this API's root, e.g. http://h:p/v2.0/t/e/api/v2.0
    url: str  # absolute URL of this request, without the query
    page_size: int
    stale_etag_status: int = 412  # BC is reported to use 409; the contract allows both

    def company_url(self) -> str:
        return f"{self.api_root}/companies({self.params['companyId']})"

    def context_url(self, path: str) -> str:
        return f"{self.api_root}/$metadata#companies({self.params['companyId']})/{path}"


@dataclass
class JsonReply:
    """A handler's JSON result; ErpApi renders it, so schema drift applies to every body."""

    body: Any
    status: int = 200
    headers: dict[str, str] | None = None


Handler = Callable[[RequestContext], "JsonReply | Response"]


@dataclass
class Route:
    """One operation; ``template`` is its path in the contract.

    E.g. ``/v2.0/companies({companyId})/items``; ``{name}`` matches one path parameter.
    """

    method: str
    template: str
    handler: Handler
    validator: Callable[[Any], Any] | None = None  # request-body check, for POST/PATCH
    pattern: re.Pattern[str] = field(init=False)
    root: str = field(init=False)

    def __post_init__(self) -> None:
        parts = _PARAM.split(self.template)
        regex = "".join(
            re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^/()]*)" for i, p in enumerate(parts)
        )
        self.pattern = re.compile(_PREFIX + regex + "$")
        self.root = self.template.split("/companies(", 1)[0]


class ErpApi:
    """ASGI app serving ``routes`` for one tenant, environment and company."""

    def __init__(
        self,
        state: ErpState,
        routes: list[Route],
        *,
        token: str,
        tenant: str,
        environment: str,
        company_id: str,
        limiter: SlidingWindowLimiter,
        faults: FaultState,
        page_size: int,
        stale_etag_status: int = 412,
    ) -> None:
        self.state = state
        self.page_size = page_size
        self.stale_etag_status = stale_etag_status
        self.routes = routes
        self._token = f"Bearer {token}".encode()
        self._where = (tenant.lower(), environment.lower(), company_id.lower())
        self.limiter = limiter
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            response = await self._handle(request)
        except ApiError as error:
            response = self._json(error.body(), error.status, error.headers)
        except Exception:  # noqa: BLE001 - a sandbox bug: answer in BC's shape, log the traceback
            _log.exception("ERP sandbox failed on %s %s", request.method, scope.get("path"))
            response = self._json(error_body("Internal_ServerError", "Internal error"), 500)
        await response(scope, receive, send)

    async def _handle(self, request: Request) -> Response:
        self._authenticate(request)
        wait = self.limiter.acquire(request.headers.get("authorization", ""))
        if wait:
            raise ApiError(
                429,
                "Application_TooManyRequests",
                "Too many requests. Please retry later",
                {"Retry-After": SlidingWindowLimiter.retry_after_header(wait)},
            )
        route, params = self._route(request)
        body = None
        if route.validator is not None:
            body = route.validator(await self._body(request))
        result = route.handler(self._context(request, route, params, body))
        if isinstance(result, JsonReply):
            return self._json(result.body, result.status, result.headers)
        return result

    def _context(
        self, request: Request, route: Route, params: dict[str, str], body: Any
    ) -> RequestContext:
        scope = request.scope
        origin = self._origin(request)
        query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        return RequestContext(
            state=self.state,
            request=request,
            params=params,
            query=dict(query),
            body=body,
            received_at=scope.get(RECEIVED_AT) or format_datetime(self.state.stamps.clock.now()),
            api_root=f"{origin}/v2.0/{params['tenant']}/{params['environment']}/api{route.root}",
            url=origin + scope["path"],
            page_size=self.page_size,
            stale_etag_status=self.stale_etag_status,
        )

    def _authenticate(self, request: Request) -> None:
        given = request.headers.get("authorization", "").encode()
        if not hmac.compare_digest(given, self._token):
            raise ApiError(
                401,
                "Authentication_InvalidCredentials",
                "The server has rejected the client credentials",
                {"WWW-Authenticate": 'Bearer realm="seamwatch-sandbox"'},
            )

    def _route(self, request: Request) -> tuple[Route, dict[str, str]]:
        path, allowed = request.scope["path"], []
        for route in self.routes:
            match = route.pattern.match(path)
            if match is None:
                continue
            if route.method != request.method:
                allowed.append(route.method)
                continue
            params = match.groupdict()
            self._check_scope(params)
            return route, params
        if allowed:
            raise ApiError(
                405,
                "BadRequest_MethodNotAllowed",
                f"The requested resource does not support http method '{request.method}'",
                {"Allow": ", ".join(sorted(set(allowed)))},
            )
        raise not_found("No HTTP resource was found that matches the request URI")

    def _check_scope(self, params: dict[str, str]) -> None:
        tenant, environment, company = self._where
        if params["tenant"].lower() != tenant or params["environment"].lower() != environment:
            raise not_found("The tenant or environment does not exist")
        if params["companyId"].lower() != company:
            raise not_found(f"The company '{params['companyId']}' does not exist")

    @staticmethod
    async def _body(request: Request) -> Any:
        media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        raw = await request.body()
        if media != "application/json" or not raw:
            raise bad_request(
                "Invalid Request Body: a JSON body with Content-Type application/json is required"
            )
        try:
            return json.loads(raw, parse_constant=_reject_constant)
        except (ValueError, UnicodeDecodeError) as exc:
            raise bad_request("Invalid Request Body: not valid JSON") from exc

    @staticmethod
    def _origin(request: Request) -> str:
        """``scheme://host[:port]`` as the client addressed us, for absolute links."""
        scope = request.scope
        host = request.headers.get("host") or "{}:{}".format(
            *scope.get("server", ("localhost", 80))
        )
        return f"{scope.get('scheme', 'http')}://{host}"

    def _json(self, body: Any, status: int, headers: dict[str, str] | None = None) -> Response:
        drift = self.faults.configured("erp", "schema_drift")
        if drift is not None:
            body = apply_drift(body, drift)
        return json_response(body, status, headers)


def _reject_constant(name: str) -> Any:
    # Python's json accepts NaN and Infinity; JSON (and BC) do not.
    raise ValueError(f"{name} is not valid JSON")
