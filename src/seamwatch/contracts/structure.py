"""Structural OpenAPI validation through openapi-spec-validator, made fast for big specs.

openapi-spec-validator checks every schema object against the JSON Schema meta-schema with
pure-Python ``jsonschema``, at ~5 ms a schema: about 20 s for a 3 MB spec. For OpenAPI 3.1
schemas in the default dialect (JSON Schema 2020-12 plus OpenAPI's annotation keywords, which
2020-12 permits) we run that one meta check with ``jsonschema-rs`` instead, which
Schemathesis already depends on. Every other check stays the library's own.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

import jsonschema_rs
from jsonschema.exceptions import SchemaError
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from openapi_spec_validator.validation import keywords

from seamwatch.contracts.spec import Contract

__all__ = ["first_structure_error"]

_OAS31_DIALECT = keywords.OpenAPIV31SchemaValidator.default_jsonschema_dialect_id


def _rust_meta_check(schema_value: Any) -> None:
    try:
        jsonschema_rs.meta.validate(schema_value)
    except jsonschema_rs.ValidationError as exc:
        raise SchemaError(str(exc).splitlines()[0]) from None


class _FastSchemaKeyword(keywords.OpenAPIV31SchemaValidator):
    def _get_schema_checker(self, schema: Any, schema_value: Any) -> Callable[[Any], None]:
        if self._get_schema_dialect_id(schema, schema_value) == _OAS31_DIALECT:
            return _rust_meta_check
        return super()._get_schema_checker(schema, schema_value)


class _FastV31SpecValidator(OpenAPIV31SpecValidator):
    keyword_validators = {**OpenAPIV31SpecValidator.keyword_validators, "schema": _FastSchemaKeyword}


def first_structure_error(contract: Contract) -> Any | None:
    """openapi-spec-validator's first error for ``contract`` (3.0 or 3.1), or ``None``.

    Only the first: after one error the validator may fail on the broken node itself."""
    cls = OpenAPIV30SpecValidator if contract.openapi_version.startswith("3.0") else _FastV31SpecValidator
    # The validator allocates heavily while walking; the cyclic GC's rescans of the (acyclic)
    # spec cost ~20% of the walk, so it is paused here as in core.documents.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return next(iter(cls(contract.data, base_uri=contract.path.resolve().as_uri()).iter_errors()), None)
    finally:
        if enabled:
            gc.enable()
