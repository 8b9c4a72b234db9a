"""Business Central's error body and the JSON responses of the ERP sandbox.

Every error BC sends has the shape ``{"error":{"code":"<Category_Detail>","message":"...
CorrelationId: <guid>."}}``; handlers raise :class:`ApiError` and the API layer renders it.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from starlette.responses import Response

__all__ = [
    "JSON_TYPE",
    "ApiError",
    "bad_request",
    "dialog_error",
    "error_body",
    "json_response",
    "not_found",
    "record_exists",
    "record_missing",
]

JSON_TYPE = "application/json; charset=utf-8"


class ApiError(Exception):
    """An error answered with BC's documented error body."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return error_body(self.code, self.message)


def error_body(code: str, message: str) -> dict[str, Any]:
    """BC's error body; every message ends with a fresh correlation id, as in BC."""
    text = message.rstrip()
    if text and not text.endswith("."):
        text += "."
    return {"error": {"code": code, "message": f"{text} CorrelationId: {uuid.uuid4()}."}}


def bad_request(message: str, code: str = "BadRequest") -> ApiError:
    return ApiError(400, code, message)


def dialog_error(message: str) -> ApiError:
    """Business logic rejected the request (BC's ``Application_DialogException``)."""
    return ApiError(400, "Application_DialogException", message)


def record_exists(table: str, key: str, value: object) -> ApiError:
    """BC's duplicate-primary-key dialog, e.g. ``The Customer already exists...``."""
    return dialog_error(
        f"The {table} already exists. Identification fields and values: {key}='{value}'"
    )


def record_missing(table: str, key: str, value: object) -> ApiError:
    """BC's failed-lookup dialog, e.g. ``The Item does not exist...``."""
    return dialog_error(
        f"The {table} does not exist. Identification fields and values: {key}='{value}'"
    )


def not_found(message: str = "The specified resource does not exist.") -> ApiError:
    return ApiError(404, "BadRequest_NotFound", message)


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A compact JSON response; non-ASCII stays UTF-8 like BC's responses."""
    raw = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return Response(raw, status_code=status, headers=headers, media_type=JSON_TYPE)
