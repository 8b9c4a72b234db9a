"""Helpers for the Shopify sandbox tests: a server on a free loopback port, API clients, a
webhook receiver that records what it gets, and bounded polling."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from seamwatch.sandbox.faults import Fault, FaultState
from seamwatch.sandbox.serve import ServerThread
from seamwatch.sandbox.settings import SandboxSettings
from seamwatch.sandbox.shopify import build_shopify_app

T = TypeVar("T")
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
VERSION = "2026-01"


@dataclass
class ShopifyServer:
    """A running sandbox Shopify, its settings and fault state."""

    settings: SandboxSettings
    faults: FaultState
    app: Any
    thread: ServerThread

    @property
    def url(self) -> str:
        return self.thread.url

    @property
    def base(self) -> str:
        return f"{self.url}/admin/api/{VERSION}"

    @property
    def shop(self) -> Any:
        return self.app.state.shop

    def client(self, token: str | None = None, **kwargs: Any) -> httpx.Client:
        """A client on the Admin API base URL, authenticated unless ``token`` says otherwise."""
        token = self.settings.shopify_token if token is None else token
        headers = {"X-Shopify-Access-Token": token}
        return httpx.Client(base_url=self.base, headers=headers,
                            timeout=kwargs.pop("timeout", TIMEOUT), **kwargs)

    def control(self, method: str, faults: list[dict[str, Any]] | None = None,
                token: str | None = None) -> httpx.Response:
        """Call ``/_sandbox/faults`` (PUT replaces the active faults, DELETE clears them)."""
        token = self.settings.control_token if token is None else token
        headers = {"X-Sandbox-Control-Token": token}
        body = {"faults": faults} if faults is not None else None
        return httpx.request(method, f"{self.url}/_sandbox/faults", json=body, headers=headers,
                             timeout=TIMEOUT)

    def deliveries(self) -> list[dict[str, Any]]:
        response = httpx.get(f"{self.url}/_sandbox/webhook-deliveries", timeout=TIMEOUT)
        response.raise_for_status()
        return list(response.json()["deliveries"])


@contextmanager
def running_shopify(faults: list[Fault] | None = None, **overrides: Any) -> Iterator[ShopifyServer]:
    """Start a sandbox Shopify with ``SandboxSettings(**overrides)``; stop it afterwards."""
    settings = SandboxSettings(**overrides)
    state = FaultState(faults, seed=7)
    app = build_shopify_app(settings, state)
    thread = ServerThread(app, port=0, name="test-shopify").start()
    try:
        yield ShopifyServer(settings, state, app, thread)
    finally:
        thread.stop()


def wait_for(probe: Callable[[], T | None], timeout: float = 20.0, what: str = "condition") -> T:
    """Poll ``probe`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.02)


def variant_for(client: httpx.Client, sku: str) -> dict[str, Any]:
    products = client.get("/products.json", params={"limit": 250}).json()["products"]
    return next(v for p in products for v in p["variants"] if v["sku"] == sku)


def create_order(client: httpx.Client, **order: Any) -> dict[str, Any]:
    """A simple order (one custom line unless ``line_items`` is given); asserts 201."""
    order.setdefault("line_items", [{"title": "Gift wrap", "price": "5.00", "quantity": 1}])
    response = client.post("/orders.json", json={"order": order})
    assert response.status_code == 201, response.text
    return dict(response.json()["order"])


def hmac_ok(raw: bytes, signature: str, secret: str) -> bool:
    """Verify a webhook the way a receiver must: HMAC over the raw body, constant-time compare."""
    expected = base64.b64encode(hmac.new(secret.encode(), raw, hashlib.sha256).digest())
    return hmac.compare_digest(expected, signature.encode())


@dataclass
class Received:
    hook: str
    headers: dict[str, str]
    raw: bytes


@dataclass
class Receiver:
    """A tiny webhook endpoint: ``POST /hooks/{name}`` records the request and answers the next
    status in ``plans[name]`` (200 when the plan is empty)."""

    received: list[Received] = field(default_factory=list)
    plans: dict[str, list[int]] = field(default_factory=dict)
    thread: ServerThread | None = None

    def app(self) -> Starlette:
        async def hook(request: Request) -> JSONResponse:
            name = request.path_params["name"]
            self.received.append(Received(name, dict(request.headers), await request.body()))
            plan = self.plans.get(name) or []
            return JSONResponse({}, status_code=plan.pop(0) if plan else 200)

        return Starlette(routes=[Route("/hooks/{name}", hook, methods=["POST"])])

    def address(self, name: str) -> str:
        assert self.thread is not None
        return f"{self.thread.url}/hooks/{name}"

    def on(self, hook: str) -> list[Received]:
        return [r for r in self.received if r.hook == hook]


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    receiver.thread = ServerThread(receiver.app(), port=0, name="test-receiver").start()
    try:
        yield receiver
    finally:
        receiver.thread.stop()
