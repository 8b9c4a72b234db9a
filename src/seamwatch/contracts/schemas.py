"""Validating instances against a contract's schemas (OpenAPI 3.0 and 3.1 dialects).

Uses openapi-schema-validator (the validator openapi-spec-validator is built on) with a
``referencing`` registry over every document the contract refers to, so ``$ref`` to other
files works the same as inside one file.
"""

from __future__ import annotations

from typing import Any

from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator, OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from seamwatch.contracts.spec import Contract

__all__ = ["SchemaChecker"]


class SchemaChecker:
    """Validates instances against schemas found at JSON pointers of a contract."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self._cls = OAS30Validator if contract.openapi_version.startswith("3.0") else OAS31Validator
        self._registry = Registry(retrieve=self._retrieve)  # type: ignore[call-arg]
        self._validators: dict[str, Any] = {}

    def _retrieve(self, uri: str) -> Resource:
        path = uri.removeprefix("file://")
        document = self.contract.resolver.load(path)
        return Resource.from_contents(document.data, default_specification=DRAFT202012)

    def _validator(self, pointer: str, doc_uri: str | None = None) -> Any:
        uri = doc_uri or self.contract.path.resolve().as_uri()
        key = f"{uri}#{pointer}"
        if key not in self._validators:
            self._validators[key] = self._cls({"$ref": key}, registry=self._registry)
        return self._validators[key]

    def errors(self, instance: Any, pointer: str, doc_uri: str | None = None) -> list[str]:
        """Messages for every way ``instance`` breaks the schema at ``pointer`` (empty: valid)."""
        validator = self._validator(pointer, doc_uri)
        return [_describe(e) for e in validator.iter_errors(instance)]


def _describe(error: ValidationError) -> str:
    where = "/" + "/".join(str(p) for p in error.absolute_path)
    return f"{where}: {error.message}" if error.absolute_path else error.message
