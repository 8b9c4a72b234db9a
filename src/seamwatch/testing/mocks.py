"""A respx router that validates every mocked exchange against a contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import respx

from seamwatch.cli.contract_test import resolve_contract
from seamwatch.contracts.routes import OperationMatcher
from seamwatch.contracts.schemas import SchemaChecker
from seamwatch.contracts.spec import Contract, load_contract
from seamwatch.core.documents import join_pointer

__all__ = ["ContractRouter", "ContractViolation", "contract_router"]


class ContractViolation(AssertionError):
    """A mocked response or a sent request does not match the contract."""


class ContractRouter(respx.MockRouter):
    """``respx.MockRouter`` that checks each request and mocked response against ``contract``."""

    def __init__(self, contract: Contract, base_url: str, **kwargs: Any) -> None:
        super().__init__(base_url=base_url, **kwargs)
        self.contract = contract
        self._base_path = urlsplit(base_url).path.rstrip("/")
        self._matcher = OperationMatcher(contract)
        self._checker = SchemaChecker(contract)

    def handler(self, request: httpx.Request) -> httpx.Response:
        response = super().handler(request)
        self._validate(request, response)
        return response

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        response = await super().async_handler(request)
        self._validate(request, response)
        return response

    def _validate(self, request: httpx.Request, response: httpx.Response) -> None:
        path = request.url.path.removeprefix(self._base_path) or "/"
        match = self._matcher.match(request.method, path)
        label = f"{request.method} {path}"
        if match is None:
            raise ContractViolation(f"{label}: no operation in {self.contract.path.name} matches this request")
        op = match.operation
        problems = self._request_problems(op, request) + self._response_problems(op, response)
        if problems:
            diff = "\n".join(f"  - {p}" for p in problems)
            raise ContractViolation(f"{label} ({op.operation_id}) breaks {self.contract.path.name}:\n{diff}")

    def _request_problems(self, op: Any, request: httpx.Request) -> list[str]:
        body = op.spec.get("requestBody")
        if body is None or not request.content:
            return []
        pointer = join_pointer(op.pointer, "requestBody")
        body = self.contract.deref(body, pointer)
        media = (body.get("content") or {}).get("application/json")
        if media is None or "schema" not in media:
            return []
        try:
            payload = json.loads(request.content)
        except ValueError:
            return ["request body is not JSON"]
        schema_ptr = join_pointer(pointer, "content", "application/json", "schema")
        return [f"request body {m}" for m in self._checker.errors(payload, schema_ptr)]

    def _response_problems(self, op: Any, response: httpx.Response) -> list[str]:
        responses = {str(k): v for k, v in (op.spec.get("responses") or {}).items()}
        code = str(response.status_code)
        key = code if code in responses else f"{code[0]}XX" if f"{code[0]}XX" in responses else "default"
        if key not in responses:
            return [f"status {code} is not documented (documented: {', '.join(sorted(responses))})"]
        pointer = join_pointer(op.pointer, "responses", key)
        spec = self.contract.deref(responses[key], pointer)
        problems = [f"response header {name!r} is required but missing"
                    for name, header in (spec.get("headers") or {}).items()
                    if self.contract.deref(header, pointer).get("required") and name not in response.headers]
        media = (spec.get("content") or {}).get("application/json")
        if media is None or "schema" not in media or not response.content:
            return problems
        try:
            payload = response.json()
        except ValueError:
            return [*problems, "response body is not JSON"]
        schema_ptr = join_pointer(pointer, "content", "application/json", "schema")
        return problems + [f"response body {m}" for m in self._checker.errors(payload, schema_ptr)]


def contract_router(contract: str | Path, base_url: str, **kwargs: Any) -> ContractRouter:
    """A ``ContractRouter`` for a contract path or shipped name (``shopify``, ``erp``)."""
    path = resolve_contract(str(contract)) if not Path(contract).is_file() else Path(contract)
    return ContractRouter(load_contract(path), base_url, **kwargs)
