"""HTTP for probes: every call timed, paced, and its failure classified.

The composition root builds one :class:`SystemLink` per configured system (one shared
``httpx.AsyncClient`` each, from :mod:`seamwatch.core.http`); each run wraps them in a
:class:`ProbeHttp` bound to that run's recorder. A call that fails raises
:class:`~seamwatch.probes.errors.StepFailed` with its classification:

========================  ==================
what happened             classification
========================  ==================
transport timeout         ``timeout``
refused, reset, DNS, TLS  ``connect``
429                       ``rate_limited``
5xx                       ``http_5xx``
other unexpected status   ``http_4xx``
body not JSON / no field  ``schema``
========================  ==================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from seamwatch.config.systems import System
from seamwatch.core.clock import Clock
from seamwatch.core.http import classify_transport_error
from seamwatch.core.results import CallLatency
from seamwatch.probes.budget import OrderPacer, ShopifyBudget
from seamwatch.probes.errors import StepFailed
from seamwatch.probes.recorder import RunRecorder

__all__ = ["ProbeHttp", "SystemLink", "field_of", "json_body"]

_BODY_EXCERPT = 200


@dataclass
class SystemLink:
    """A configured system with its shared client and, for Shopify, its budget and pacer."""

    name: str
    system: System
    client: httpx.AsyncClient
    budget: ShopifyBudget | None = None
    pacer: OrderPacer | None = None


class ProbeHttp:
    """Send requests for one run; record each call's latency under ``system`` and ``operation``."""

    def __init__(self, links: Mapping[str, SystemLink], recorder: RunRecorder, clock: Clock) -> None:
        self.links = links
        self.recorder = recorder
        self.clock = clock
        # When the last request actually left (after any budget wait): lags start here.
        self.last_sent: tuple[datetime, float] | None = None

    async def request(self, system: str, operation: str, method: str, path: str, *,
                      ok: Sequence[int] = (200,), **kwargs: Any) -> httpx.Response:
        """Send one request; return the response when its status is in ``ok``."""
        link = self.links[system]
        if link.budget is not None:
            await link.budget.acquire()
        start = self.clock.monotonic()
        self.last_sent = (self.clock.now(), start)
        try:
            response = await link.client.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            self._record(link, operation, method, None, start)
            kind = classify_transport_error(exc)
            what = "timed out" if kind == "timeout" else "could not connect"
            raise StepFailed(kind, f"{operation}: {system} {what} ({type(exc).__name__})") from None
        self._record(link, operation, method, response.status_code, start)
        if link.budget is not None:
            link.budget.observe(response.headers)
        if response.status_code in ok:
            return response
        raise self._status_failure(link, operation, response)

    def _record(self, link: SystemLink, operation: str, method: str, status: int | None,
                start: float) -> None:
        elapsed_ms = (self.clock.monotonic() - start) * 1000.0
        self.recorder.call(CallLatency(link.name, operation, method, status, elapsed_ms))

    def _status_failure(self, link: SystemLink, operation: str, response: httpx.Response) -> StepFailed:
        status = response.status_code
        excerpt = response.text[:_BODY_EXCERPT].replace("\n", " ")
        message = f"{operation}: {link.name} answered {status}: {excerpt}"
        if status == 429:
            if link.budget is not None:
                link.budget.back_off(_retry_after(response))
            return StepFailed("rate_limited", message)
        return StepFailed("http_5xx" if status >= 500 else "http_4xx", message)


def _retry_after(response: httpx.Response) -> float:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "2")))
    except ValueError:
        return 2.0


def json_body(response: httpx.Response, operation: str) -> Any:
    """The decoded JSON body, or ``StepFailed('schema')`` when it is not JSON."""
    try:
        return response.json()
    except ValueError:
        excerpt = response.text[:_BODY_EXCERPT].replace("\n", " ")
        raise StepFailed("schema", f"{operation}: the body is not valid JSON: {excerpt!r}") from None


def field_of(data: Any, operation: str, *path: str | int) -> Any:
    """``data[path...]``, or ``StepFailed('schema')`` naming the missing field."""
    node = data
    for depth, key in enumerate(path):
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            where = ".".join(str(p) for p in path[: depth + 1])
            raise StepFailed("schema", f"{operation}: the answer has no {where}") from None
    return node
