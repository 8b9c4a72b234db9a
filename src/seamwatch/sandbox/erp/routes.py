"""The routing table, derived from the contract itself: one route per operation.

Taking methods, paths and request-body schemas from the contract keeps the server and the
contract from drifting apart; an operation without a handler fails at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from seamwatch.sandbox.erp.api import Route
from seamwatch.sandbox.erp.contract import Contract
from seamwatch.sandbox.erp.handlers import HANDLERS

__all__ = ["build_routes"]

_METHODS = ("get", "post", "put", "patch", "delete")


def build_routes(contract: Contract, allow_missing_customer: bool = False) -> list[Route]:
    """Routes for every operation of ``contract``; bodies are checked against its schemas."""
    routes = []
    for template, item in contract.document["paths"].items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            operation_id = operation["operationId"]
            if operation_id not in HANDLERS:
                raise LookupError(
                    f"the ERP sandbox has no handler for {operation_id} "
                    f"({method.upper()} {template})"
                )
            routes.append(
                Route(
                    method.upper(),
                    template,
                    HANDLERS[operation_id],
                    _validator(contract, operation, allow_missing_customer),
                )
            )
    return routes


def _validator(
    contract: Contract, operation: dict[str, Any], allow_missing_customer: bool
) -> Callable[[Any], Any] | None:
    body = operation.get("requestBody")
    if body is None:
        return None
    name = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    relax = allow_missing_customer and name == "salesOrderCreate"
    return contract.validator(name, drop_any_of=relax).check
