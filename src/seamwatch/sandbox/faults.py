"""Switchable faults, shared by the three sandbox apps.

A ``FaultState`` holds the active faults. Generic transport-level faults (latency, 5xx,
429 storms, connection resets, hangs, malformed JSON) are applied by ``FaultMiddleware`` in
front of an app; domain faults (bridge lag, dropped or duplicate orders, a mapping bug,
schema drift, stopped webhooks) are read by the app that owns them through ``active``.

Faults are switched at start-up (``seamwatch sandbox up --fault KIND:SCOPE[:k=v,...]``) or at
run time through ``/_sandbox/faults`` (``X-Sandbox-Control-Token``).
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["FAULT_KINDS", "Fault", "FaultMiddleware", "FaultState", "apply_drift", "parse_fault_spec"]

Scope = Literal["shopify", "erp", "bridge"]
Kind = Literal[
    "latency", "error_rate", "rate_limit_storm", "connection_reset", "hang", "malformed_json",
    "bridge_lag", "drop_orders", "duplicate_orders", "mapping_bug", "schema_drift", "webhook_stop",
]
FAULT_KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
GENERIC_KINDS = {"latency", "error_rate", "rate_limit_storm", "connection_reset", "hang", "malformed_json"}


class Fault(BaseModel):
    """One fault. Unused parameters are ignored by kinds that do not read them."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    scope: Scope
    rate: float = Field(1.0, ge=0, le=1, description="probability a request/order is affected")
    path: str | None = Field(None, description="only requests whose path contains this")
    latency_ms: float = Field(0, ge=0, description="latency: fixed part, or mean")
    jitter_ms: float = Field(0, ge=0, description="latency/bridge_lag: uniform +- jitter")
    distribution: Literal["fixed", "uniform", "exponential"] = "fixed"
    status: int = Field(500, ge=400, le=599, description="error_rate: status to answer")
    retry_after: float = Field(2.0, ge=0, description="rate_limit_storm: Retry-After seconds")
    hang_seconds: float = Field(3600, ge=0, description="hang: how long to hold the response")
    lag_seconds: float = Field(0, ge=0, description="bridge_lag: delay before writing to the ERP")
    drift: Literal["rename_field", "remove_field", "change_type"] = "rename_field"
    field: str = Field("total_price", description="schema_drift: the response field affected")
    bug: Literal["total_without_tax", "wrong_quantity", "wrong_sku"] = "total_without_tax"

    def delay_seconds(self, base_ms: float, rng: random.Random) -> float:
        if self.distribution == "exponential" and base_ms > 0:
            return rng.expovariate(1000.0 / base_ms)
        jitter = rng.uniform(-self.jitter_ms, self.jitter_ms) if self.jitter_ms else 0.0
        return max(0.0, (base_ms + jitter) / 1000.0)


class FaultState:
    """The active faults, safe to read from request handlers and workers in any thread."""

    def __init__(self, faults: list[Fault] | None = None, seed: int | None = None) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = list(faults or [])
        self.rng = random.Random(seed)

    def set(self, faults: list[Fault]) -> None:
        with self._lock:
            self._faults = list(faults)

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self, scope: str | None = None) -> None:
        with self._lock:
            self._faults = [f for f in self._faults if scope is not None and f.scope != scope]

    def all(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def active(self, scope: str, kind: str, path: str = "") -> Fault | None:
        """The first matching fault, if it fires this time (its ``rate`` is a probability)."""
        for fault in self.all():
            if fault.scope == scope and fault.kind == kind and (not fault.path or fault.path in path):
                if fault.rate >= 1.0 or self.rng.random() < fault.rate:
                    return fault
        return None

    def configured(self, scope: str, kind: str) -> Fault | None:
        """The fault as configured, without rolling its rate (for lag, drift shape, ...)."""
        return next((f for f in self.all() if f.scope == scope and f.kind == kind), None)


def parse_fault_spec(spec: str) -> Fault:
    """``KIND:SCOPE[:key=value,...]``, e.g. ``bridge_lag:bridge:lag_seconds=5``."""
    parts = spec.split(":", 2)
    if len(parts) < 2:
        raise ValueError(f"fault {spec!r} is not KIND:SCOPE[:key=value,...]")
    data: dict[str, Any] = {"kind": parts[0], "scope": parts[1]}
    if len(parts) == 3 and parts[2]:
        for item in parts[2].split(","):
            key, _, value = item.partition("=")
            data[key.strip()] = value.strip()
    return Fault.model_validate(data)


ErrorBody = Callable[[int, str], dict[str, Any]]


class FaultMiddleware:
    """Applies the generic faults of ``scope`` in front of an ASGI app.

    ``error_body(status, message)`` renders the system's documented error body, so injected
    errors look like the real system's errors. ``/_sandbox`` paths are never faulted.
    """

    def __init__(self, app: Any, state: FaultState, scope: str, error_body: ErrorBody,
                 extra_headers: Callable[[dict], list[tuple[bytes, bytes]]] | None = None) -> None:
        self.app = app
        self.state = state
        self.scope = scope
        self.error_body = error_body
        # Headers the real system sends on every answer (e.g. Shopify's API version).
        self.extra_headers = extra_headers or (lambda scope: [])

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith("/_sandbox"):
            await self.app(scope, receive, send)
            return
        active = lambda kind: self.state.active(self.scope, kind, path)  # noqa: E731
        if fault := active("latency"):
            await asyncio.sleep(fault.delay_seconds(fault.latency_ms, self.state.rng))
        if fault := active("hang"):
            await asyncio.sleep(fault.hang_seconds)
        if active("connection_reset"):
            await _reset(send)
            return
        extra = self.extra_headers(scope)
        if fault := active("rate_limit_storm"):
            await _json(send, 429, self.error_body(429, "Exceeded call limit"),
                        [(b"retry-after", f"{fault.retry_after:.1f}".encode()), *extra])
            return
        if fault := active("error_rate"):
            await _json(send, fault.status, self.error_body(fault.status, "Injected server error"), extra)
            return
        if active("malformed_json"):
            await self.app(scope, receive, _truncating(send))
            return
        await self.app(scope, receive, send)


async def _json(send: Callable, status: int, body: dict[str, Any], headers: list) -> None:
    raw = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(raw)).encode()), *headers]})
    await send({"type": "http.response.body", "body": raw})


async def _reset(send: Callable) -> None:
    # ASGI cannot close a socket directly: promise a body, send part of it, then fail. The
    # server drops the connection and the client sees a peer that went away mid-response.
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"1000")]})
    await send({"type": "http.response.body", "body": b'{"partial":', "more_body": True})
    raise ConnectionResetError("sandbox fault: connection reset")


def _truncating(send: Callable) -> Callable:
    """Wrap ``send`` so JSON bodies arrive cut in half (still labelled application/json)."""
    buffered: dict[str, Any] = {}

    async def wrapped(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            buffered["start"] = message
            return
        if message["type"] == "http.response.body":
            body = buffered.get("body", b"") + message.get("body", b"")
            buffered["body"] = body
            if message.get("more_body"):
                return
            cut = body[: max(1, len(body) // 2)]
            start = dict(buffered["start"])
            start["headers"] = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            start["headers"].append((b"content-length", str(len(cut)).encode()))
            await send(start)
            await send({"type": "http.response.body", "body": cut})

    return wrapped


def apply_drift(body: Any, fault: Fault) -> Any:
    """Return ``body`` with ``fault.field`` renamed (``<field>_v2``), removed, or retyped,
    wherever it appears as an object key. Used by the apps for the ``schema_drift`` fault."""
    if isinstance(body, list):
        return [apply_drift(item, fault) for item in body]
    if not isinstance(body, dict):
        return body
    out: dict[str, Any] = {}
    for key, value in body.items():
        if key == fault.field:
            if fault.drift == "rename_field":
                out[f"{key}_v2"] = value
            elif fault.drift == "change_type":
                out[key] = _retyped(value)
            continue
        out[key] = apply_drift(value, fault)
    return out


def _retyped(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return len(value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    return str(value)
