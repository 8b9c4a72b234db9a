"""The read-only status page: a Starlette app over the result store (``build_status_app``)."""

from __future__ import annotations

from seamwatch.web.app import build_status_app

__all__ = ["build_status_app"]
