"""Before generating thousands of requests, make sure the base URL answers at all."""

from __future__ import annotations

import httpx

from seamwatch.core.http import HttpSettings, build_client, connection_failure

__all__ = ["ensure_reachable"]


def ensure_reachable(base_url: str, headers: dict[str, str], timeout: float) -> None:
    """Raise ``ConnectionFailure`` (exit 2, one line) if nothing answers at ``base_url``.

    Any HTTP answer counts, even an error status: the contract run judges statuses.
    """
    settings = HttpSettings(timeout=timeout, connect_timeout=min(timeout, 5.0))
    with build_client(headers=headers, settings=settings) as client:
        try:
            client.get(base_url)
        except httpx.HTTPError as exc:
            raise connection_failure(exc, base_url) from None
