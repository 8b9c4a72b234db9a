"""A thin, read-only view of an OpenAPI document: operations, responses, schemas."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seamwatch.contracts.refs import RefResolver
from seamwatch.core.documents import Document, join_pointer
from seamwatch.core.errors import ContractError

__all__ = ["HTTP_METHODS", "Contract", "Operation", "load_contract"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    spec: dict[str, Any]
    pointer: str

    @property
    def operation_id(self) -> str | None:
        return self.spec.get("operationId")

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass
class Contract:
    """A loaded OpenAPI contract with every ``$ref`` known to resolve."""

    document: Document
    resolver: RefResolver

    @property
    def path(self) -> Path:
        return self.document.path

    @property
    def data(self) -> dict[str, Any]:
        return self.document.data

    @property
    def openapi_version(self) -> str:
        return str(self.data.get("openapi", ""))

    def operations(self) -> Iterator[Operation]:
        for path, item in (self.data.get("paths") or {}).items():
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                spec = item.get(method)
                if isinstance(spec, dict):
                    yield Operation(path, method, spec, join_pointer("/paths", path, method))

    def deref(self, node: Any, pointer: str) -> Any:
        return self.resolver.deref(node, self.document, pointer)[0]

    def schema(self, name: str) -> dict[str, Any] | None:
        return ((self.data.get("components") or {}).get("schemas") or {}).get(name)


def load_contract(path: str | Path, resolver: RefResolver | None = None) -> Contract:
    """Load ``path``; raise ``ContractError`` if unreadable, not OpenAPI 3, or a $ref is broken."""
    resolver = resolver or RefResolver()
    document = resolver.load(path)
    if not isinstance(document.data, dict) or "openapi" not in document.data:
        raise ContractError(
            "not an OpenAPI 3 document (no top-level 'openapi' key)", file=document.path,
            line=1, field="/openapi", fix="add `openapi: 3.1.0` or point at an OpenAPI file",
        )
    if not str(document.data["openapi"]).startswith("3."):
        raise ContractError(
            f"OpenAPI {document.data['openapi']} is not supported", file=document.path,
            line=document.line_of("/openapi"), field="/openapi",
            fix="convert the contract to OpenAPI 3.0 or 3.1",
        )
    resolver.check_all(document)
    return Contract(document, resolver)
