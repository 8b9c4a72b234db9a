"""What the ERP sandbox takes from its contract: request-body validators and field types.

The server reads ``contracts/erp/business-central-v2.0.yaml`` at start-up so that request
bodies are checked against exactly the ``*Create``/``*Update`` schemas the contract publishes
(``additionalProperties: false``, formats, bounds), and so that ``$filter``/``$orderby``/
``$select`` know each entity's properties and their OData types.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker

from seamwatch.core.paths import shipped_dir
from seamwatch.sandbox.erp.errors import bad_request

__all__ = ["CONTRACT_PATH", "BodyValidator", "Contract", "load_contract"]

CONTRACT_PATH: Path = shipped_dir("contracts") / "erp" / "business-central-v2.0.yaml"

# Only the formats the contract uses; others (e.g. "uri" on nextLink) never reach a request body.
_FORMATS = FormatChecker(["uuid", "date", "date-time"])


class BodyValidator:
    """Validates a request body against one component schema of the contract."""

    def __init__(self, name: str, components: dict[str, Any], drop_any_of: bool = False) -> None:
        schema: dict[str, Any] = {"$ref": f"#/components/schemas/{name}", "components": components}
        if drop_any_of:
            # A relaxed copy for the sandbox's optional "default customer" mode.
            target = dict(components["schemas"][name])
            target.pop("anyOf", None)
            schema = {**target, "components": components}
        self.name = name
        self._validator = Draft202012Validator(schema, format_checker=_FORMATS)

    def check(self, body: Any) -> dict[str, Any]:
        """Return ``body`` if valid, else raise a 400 naming the first problem."""
        error = next(iter(self._validator.iter_errors(body)), None)
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "body"
            raise bad_request(f"Invalid Request Body: {where}: {_short(error.message)}")
        return body


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# OData type of a property, derived from its JSON schema in the contract.
FieldType = str  # one of: string, enum, guid, date, datetime, number, integer, boolean, array


class Contract:
    """The loaded contract: component schemas and derived per-entity field types."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.components: dict[str, Any] = document["components"]
        self.schemas: dict[str, Any] = self.components["schemas"]

    def validator(self, name: str, drop_any_of: bool = False) -> BodyValidator:
        return BodyValidator(name, self.components, drop_any_of)

    def field_types(self, entity: str) -> dict[str, FieldType]:
        """Property name -> OData type for the response schema ``entity`` (without ``@odata.*``)."""
        props = self.schemas[entity]["properties"]
        return {
            name: self._type_of(spec) for name, spec in props.items() if not name.startswith("@")
        }

    def _type_of(self, spec: dict[str, Any]) -> FieldType:
        if "$ref" in spec:
            spec = self.schemas[spec["$ref"].rsplit("/", 1)[-1]]
        if "enum" in spec:
            return "enum"
        kind = spec.get("type", "string")
        if kind == "string":
            return {"uuid": "guid", "date": "date", "date-time": "datetime"}.get(
                spec.get("format", ""), "string"
            )
        return {"number": "number", "integer": "integer", "boolean": "boolean"}.get(kind, "array")


@cache
def load_contract(path: Path = CONTRACT_PATH) -> Contract:
    """Parse the contract once per process (the YAML is large; apps share the result)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return Contract(yaml.load(path.read_text(encoding="utf-8"), Loader=loader))
