"""``/_sandbox/faults``: switch faults at run time. Sandbox only, guarded by a token."""

from __future__ import annotations

import hmac

from pydantic import TypeAdapter, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from seamwatch.sandbox.faults import Fault, FaultState

__all__ = ["control_routes"]

_FAULTS = TypeAdapter(list[Fault])


def control_routes(state: FaultState, token: str) -> list[Route]:
    def authorised(request: Request) -> bool:
        given = request.headers.get("x-sandbox-control-token", "")
        return hmac.compare_digest(given.encode(), token.encode())

    async def faults(request: Request) -> Response:
        if not authorised(request):
            return JSONResponse({"error": "missing or wrong X-Sandbox-Control-Token"}, status_code=401)
        if request.method == "DELETE":
            state.clear(request.query_params.get("scope"))
        elif request.method in ("PUT", "POST"):
            try:
                body = await request.json()
                new = _FAULTS.validate_python(body.get("faults", []) if isinstance(body, dict) else body)
            except (ValueError, ValidationError) as exc:
                return JSONResponse({"error": f"invalid faults: {exc}"}, status_code=422)
            if request.method == "PUT":
                state.set(new)
            else:
                for fault in new:
                    state.add(fault)
        return JSONResponse({"faults": [f.model_dump() for f in state.all()]})

    return [Route("/_sandbox/faults", faults, methods=["GET", "PUT", "POST", "DELETE"])]
