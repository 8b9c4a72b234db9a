"""Shared helpers for benchmarks: generated specs and timing."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    """Fastest of ``repeat`` runs, in seconds (the least disturbed by a shared machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def generated_spec(paths: int, schemas: int) -> dict[str, Any]:
    """A realistic-shaped OpenAPI 3.1 document: CRUD paths over many cross-referencing schemas."""
    comps: dict[str, Any] = {}
    for i in range(schemas):
        props: dict[str, Any] = {
            "id": {"type": "integer", "format": "int64"},
            "name": {"type": "string", "maxLength": 255, "description": f"Name of thing {i}"},
            "price": {"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$"},
            "status": {"type": "string", "enum": ["open", "closed", "cancelled"]},
            "created_at": {"type": ["string", "null"], "format": "date-time"},
            "tags": {"type": "array", "items": {"type": "string"}},
        }
        for j in range(8):
            props[f"attr_{j}"] = {"type": "string", "description": f"Attribute {j} of schema {i}."}
        if i:
            props["parent"] = {"$ref": f"#/components/schemas/Thing{i // 2}"}
        comps[f"Thing{i}"] = {"type": "object", "required": ["id", "name"], "properties": props}
    comps["Errors"] = {"type": "object", "required": ["errors"], "properties": {"errors": {}}}
    err = {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}}
    path_items: dict[str, Any] = {}
    for i in range(paths):
        ref = {"$ref": f"#/components/schemas/Thing{i % schemas}"}
        ok = {"description": "ok", "content": {"application/json": {"schema": ref}}}
        path_items[f"/things{i}/{{id}}"] = {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "get": {"operationId": f"getThing{i}", "responses": {"200": ok, "404": err, "429": err}},
            "put": {"operationId": f"putThing{i}", "requestBody": {"content": {"application/json": {"schema": ref}}},
                    "responses": {"200": ok, "422": err, "429": err}},
            "delete": {"operationId": f"deleteThing{i}", "responses": {"204": {"description": "gone"}, "404": err, "429": err}},
        }
        path_items[f"/things{i}"] = {
            "get": {"operationId": f"listThings{i}",
                    "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 250}}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {
                        "schema": {"type": "object", "properties": {"items": {"type": "array", "items": ref}}}}}},
                        "400": err, "429": err}},
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Generated", "version": "2026-01"},
        "security": [{"token": []}],
        "paths": path_items,
        "components": {"schemas": comps,
                       "securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "X-Token"}}},
    }


def write_spec(path: Path, spec: dict[str, Any]) -> float:
    """Write ``spec`` as YAML; return its size in MB."""
    path.write_text(yaml.safe_dump(spec, sort_keys=False, width=120))
    return path.stat().st_size / 1e6
