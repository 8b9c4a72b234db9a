"""The one interface every alert provider implements, and the default response rules.

A provider turns a :class:`~seamwatch.alerting.model.Notification` into one HTTP request
(``build_request``) and says what the answer means (``classify``). It never sends anything:
the outbox dispatcher does, so retries, backoff and error translation live in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal, Protocol

from seamwatch.alerting.model import Notification
from seamwatch.core.registry import Registry

__all__ = ["PROVIDERS", "OutgoingRequest", "Outcome", "Provider", "classify_response"]


@dataclass(frozen=True)
class OutgoingRequest:
    """One request to a provider. ``url`` and ``headers`` may hold secrets: never log them raw."""

    method: str
    url: str
    headers: dict[str, str]
    json: Any


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to. ``retry`` waits ``retry_after`` seconds when the server said so."""

    result: Literal["sent", "retry", "failed"]
    status: int | None
    detail: str
    retry_after: float | None = None


class Provider(Protocol):
    name: str

    def build_request(self, notification: Notification, receiver: Any,
                      secrets: Mapping[str, str]) -> OutgoingRequest:
        """The request announcing ``notification`` to ``receiver`` (its config model)."""

    def classify(self, status: int, headers: Mapping[str, str], body: str, now: datetime) -> Outcome:
        """Sent, retry later, or failed for good."""


PROVIDERS: Registry[Provider] = Registry("alert provider")

# Besides 429 and 5xx: the server timed out waiting for us, or asked us to wait.
_RETRYABLE_4XX = {408, 425, 429}


def classify_response(status: int, headers: Mapping[str, str], body: str, now: datetime,
                      ok: range = range(200, 300)) -> Outcome:
    """2xx sent; 429, 408, 425 and 5xx retry (honouring Retry-After); other answers failed."""
    detail = f"HTTP {status}" + (f": {body.strip()[:200]}" if body.strip() else "")
    if status in ok:
        return Outcome("sent", status, detail)
    if status in _RETRYABLE_4XX or status >= 500:
        return Outcome("retry", status, detail, retry_after_seconds(headers, now))
    return Outcome("failed", status, detail)


def retry_after_seconds(headers: Mapping[str, str], now: datetime) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date), None when absent or unreadable."""
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - now).total_seconds())
    except (TypeError, ValueError):
        return None
