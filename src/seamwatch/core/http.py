"""The only place seamwatch builds HTTP clients, and the one boundary for httpx errors.

Composition roots build a client here and pass it down. Transport errors are translated
exactly once: into a failure *class* (for probes, where they are data) or into a
``ConnectionFailure`` (for commands, where they end the run with exit 2).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from seamwatch import __version__
from seamwatch.core.errors import ConnectionFailure

__all__ = [
    "HttpSettings",
    "build_async_client",
    "build_client",
    "classify_transport_error",
    "connection_failure",
    "is_loopback",
]

USER_AGENT = f"seamwatch/{__version__}"


@dataclass(frozen=True, slots=True)
class HttpSettings:
    """Timeouts in seconds. Every request seamwatch sends is bounded by these."""

    timeout: float = 10.0
    connect_timeout: float = 5.0
    verify: bool = True

    def httpx_timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.timeout, connect=self.connect_timeout)


def _common(base_url: str, headers: Mapping[str, str] | None, settings: HttpSettings) -> dict:
    return {
        "base_url": base_url,
        "headers": {"User-Agent": USER_AGENT, **(headers or {})},
        "timeout": settings.httpx_timeout(),
        "verify": settings.verify,
    }


def build_client(
    base_url: str = "",
    headers: Mapping[str, str] | None = None,
    settings: HttpSettings | None = None,
    transport: httpx.BaseTransport | None = None,
) -> httpx.Client:
    return httpx.Client(transport=transport, **_common(base_url, headers, settings or HttpSettings()))


def build_async_client(
    base_url: str = "",
    headers: Mapping[str, str] | None = None,
    settings: HttpSettings | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=transport, **_common(base_url, headers, settings or HttpSettings())
    )


def classify_transport_error(exc: BaseException) -> str:
    """``timeout`` or ``connect`` for transport errors; ``connect`` for anything else."""
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    return "connect"


def connection_failure(exc: BaseException, url: str) -> ConnectionFailure:
    """Translate a transport error into the harness error the CLI prints in one line."""
    kind = classify_transport_error(exc)
    what = "timed out" if kind == "timeout" else "could not connect"
    return ConnectionFailure(
        f"{what} to {url} ({type(exc).__name__})",
        field="base_url",
        fix="check --base-url, that the server is running, and the network",
    )


def is_loopback(url: str) -> bool:
    """True when ``url`` points at this machine (writes are allowed there by default)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
