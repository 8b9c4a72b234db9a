"""Small OpenAPI documents for drift tests: a base contract and helpers to diff two dicts."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from seamwatch.drift import DriftReport, Level, diff_files

TODAY = date(2026, 6, 1)
PAST, FUTURE = "2026-01-01", "2099-01-01"

ORDER: dict[str, Any] = {
    "type": "object",
    "required": ["id", "total_price"],
    "properties": {
        "id": {"type": "integer", "format": "int64"},
        "total_price": {"$ref": "#/components/schemas/Money"},
        "status": {"type": "string", "enum": ["open", "closed"]},
        "note": {"type": ["string", "null"], "description": "free text"},
        "line_items": {"type": "array", "items": {"$ref": "#/components/schemas/LineItem"}},
    },
}
LINE_ITEM: dict[str, Any] = {"type": "object", "required": ["sku"],
                             "properties": {"sku": {"type": "string"}, "quantity": {"type": "integer"}}}
ORDER_CREATE: dict[str, Any] = {
    "type": "object",
    "required": ["email"],
    "properties": {"email": {"type": "string", "maxLength": 255}, "note": {"type": "string"},
                   "tags": {"type": "string"}},
}


def base() -> dict[str, Any]:
    """A contract with a GET (path and query parameters, headers), a POST (body) and a webhook."""
    order_ref = {"$ref": "#/components/schemas/Order"}
    return copy.deepcopy({
        "openapi": "3.1.0",
        "info": {"title": "Tiny shop", "version": "1"},
        "security": [{"token": []}],
        "paths": {
            "/orders/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "get": {
                    "operationId": "getOrder",
                    "tags": ["orders"],
                    "parameters": [{"name": "fields", "in": "query", "schema": {"type": "string"}}],
                    "responses": {
                        "200": {"description": "ok",
                                "headers": {"X-Version": {"required": True, "schema": {"type": "string"}},
                                            "Link": {"schema": {"type": "string"}}},
                                "content": {"application/json": {"schema": order_ref}}},
                        "404": {"description": "not found"},
                    },
                },
            },
            "/orders": {
                "post": {
                    "operationId": "createOrder",
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/OrderCreate"}}}},
                    "responses": {"201": {"description": "created",
                                          "content": {"application/json": {"schema": order_ref}}}},
                },
            },
        },
        "webhooks": {"orders/create": {"post": {
            "requestBody": {"content": {"application/json": {"schema": order_ref}}},
            "responses": {"200": {"description": "ok"}}}}},
        "components": {
            "schemas": {"Order": ORDER, "LineItem": LINE_ITEM, "OrderCreate": ORDER_CREATE,
                        "Money": {"type": "string", "pattern": r"^[0-9]+\.[0-9]{2}$"}},
            "securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "X-Token"},
                                "oauth": {"type": "oauth2", "flows": {"clientCredentials": {
                                    "tokenUrl": "/oauth/token", "scopes": {"read": "r", "write": "w"}}}}},
        },
    })


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def diff(tmp_path: Path, old: dict[str, Any], new: dict[str, Any], **options: Any) -> DriftReport:
    """Write both documents and diff them as of :data:`TODAY`."""
    old_path = write(tmp_path / "old" / "spec.yaml", old)
    new_path = write(tmp_path / "new" / "spec.yaml", new)
    return diff_files(old_path, new_path, today=options.pop("today", TODAY), **options)


def found(report: DriftReport) -> set[tuple[str, Level]]:
    return {(c.id, c.level) for c in report.changes}


def breaking(report: DriftReport) -> list[str]:
    return [f"{c.id}: {c.message}" for c in report.changes if c.level == Level.BREAKING]
