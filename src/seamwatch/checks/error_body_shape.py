from __future__ import annotations

from typing import Any

from seamwatch.checks import Exchange, RunContext, integration_check


def _shopify(body: Any) -> str | None:
    if not isinstance(body, dict) or "errors" not in body:
        return 'Shopify error body is not {"errors": ...}'
    errors = body["errors"]
    if isinstance(errors, str):
        return None
    if isinstance(errors, list) and all(isinstance(e, str) for e in errors):
        return None
    if isinstance(errors, dict) and all(isinstance(v, (list, str)) for v in errors.values()):
        return None
    return f'"errors" is {type(errors).__name__}, not a string, a list of strings or an object by field'


def _erp(body: Any) -> str | None:
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return 'ERP error body is not {"error": {"code", "message"}}'
    missing = [k for k in ("code", "message") if not isinstance(error.get(k), str)]
    return f"ERP error body lacks string {', '.join(missing)}" if missing else None


@integration_check("error-body-shape", "Error bodies have the documented shape", ("shopify", "erp"))
def check(exchange: Exchange, context: RunContext) -> str | None:
    """4xx and 5xx bodies: Shopify ``{"errors": string | [string] | {field: [string]}}``;
    Business Central ``{"error": {"code": "...", "message": "..."}}``."""
    if exchange.status < 400 or not exchange.body:
        return None
    body = exchange.json()
    if body is None:
        return "error response body is not JSON"
    return _shopify(body) if context.system == "shopify" else _erp(body)
