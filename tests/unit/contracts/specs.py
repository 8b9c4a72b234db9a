"""Small OpenAPI documents for lint and validation tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

ORDER = {
    "type": "object",
    "required": ["id", "total_price"],
    "properties": {
        "id": {"type": "integer", "format": "int64"},
        "total_price": {"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$"},
        "line_items": {"type": "array", "items": {"$ref": "#/components/schemas/LineItem"}},
    },
}
LINE_ITEM = {"type": "object", "properties": {"sku": {"type": ["string", "null"]}, "quantity": {"type": "integer"}}}
ERRORS = {"type": "object", "required": ["errors"], "properties": {"errors": {}}}


def good_spec() -> dict[str, Any]:
    """A clean contract: every lint rule passes on it."""
    error_response = {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}}
    return copy.deepcopy({
        "openapi": "3.1.0",
        "info": {"title": "Tiny shop", "version": "2026-01"},
        "servers": [{"url": "https://{shop}.example/api/{version}",
                     "variables": {"shop": {"default": "x"}, "version": {"default": "2026-01"}}}],
        "security": [{"token": []}],
        "paths": {
            "/orders/{order_id}.json": {
                "get": {
                    "operationId": "getOrder",
                    "parameters": [{"name": "order_id", "in": "path", "required": True,
                                    "schema": {"type": "integer"}}],
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {
                            "schema": {"type": "object", "properties": {"order": {"$ref": "#/components/schemas/Order"}}},
                            "example": {"order": {"id": 1, "total_price": "10.00"}},
                        }}},
                        "404": error_response,
                        "429": error_response,
                    },
                }
            }
        },
        "components": {
            "securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "X-Token"}},
            "schemas": {"Order": ORDER, "LineItem": LINE_ITEM, "Errors": ERRORS},
        },
    })


def write(tmp_path: Path, spec: dict[str, Any], name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path
