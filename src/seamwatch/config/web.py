"""The ``status_page`` section: what the read-only status page shows and how often it reloads.

Where it listens and its bearer token belong to the probe service that serves it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["StatusPage"]


class StatusPage(BaseModel):
    """Display settings of the status page (``probe serve``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    recent_results: int = Field(
        20, ge=1, le=500, description="Last N results listed per probe. Default 20.")
    refresh_seconds: int = Field(
        30, ge=5, le=3600, description="The page reloads itself this often. Default 30.")
    window_hours: float = Field(
        24, gt=0, le=24 * 90,
        description="Charts and failure tables cover this many hours back from now. Default 24.")
