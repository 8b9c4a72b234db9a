"""Shopify-shaped API errors: ``{"errors": ...}`` as a string, a list, or an object keyed by field.

Handlers raise :class:`ApiError`; the admin gate renders it with the usual headers, so every
error looks like one Shopify would send.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "INVALID_TOKEN",
    "THROTTLED",
    "ApiError",
    "bad_request",
    "forbidden",
    "missing_root",
    "not_found",
    "unprocessable",
]

INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)"
THROTTLED = ("Exceeded {rate:g} calls per second for api client. "
             "Reduce request rates to resume uninterrupted service.")


class ApiError(Exception):
    """An error answer: ``status`` and the value of ``errors`` (str, list or dict)."""

    def __init__(self, status: int, errors: str | list[str] | dict[str, Any],
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status}: {errors}")
        self.status = status
        self.errors = errors
        self.headers = headers or {}


def not_found() -> ApiError:
    """404 with the string shape, exactly as Shopify words it."""
    return ApiError(404, "Not Found")


def bad_request(field: str, message: str) -> ApiError:
    """400 keyed by the offending parameter (object shape)."""
    return ApiError(400, {field: [message]})


def missing_root(root: str) -> ApiError:
    """400 for a body without its root key; Shopify uses a bare string per key here."""
    return ApiError(400, {root: "Required parameter missing or invalid"})


def unprocessable(field: str, *messages: str) -> ApiError:
    """422 validation error keyed by field (object shape)."""
    return ApiError(422, {field: list(messages)})


def forbidden(*messages: str) -> ApiError:
    """403 with the list shape (e.g. multi-location features on a single-location shop)."""
    return ApiError(403, list(messages))
