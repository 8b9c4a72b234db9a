"""Start the whole sandbox: Shopify, ERP and the sync bridge, each on its own server thread.

    with Sandbox(SandboxSettings(shopify_port=0, erp_port=0, bridge_port=0)) as sandbox:
        sandbox.urls["shopify"], sandbox.faults, ...

Order matters: Shopify and the ERP start first, so the bridge is built with their real
ports; then the bridge is subscribed to Shopify's order webhooks.
"""

from __future__ import annotations

import dataclasses
import errno
import socket
from types import TracebackType

import httpx

from seamwatch.core.errors import UsageError
from seamwatch.sandbox.faults import FaultState
from seamwatch.sandbox.serve import ServerThread
from seamwatch.sandbox.settings import SandboxSettings

__all__ = ["WEBHOOK_TOPICS", "Sandbox"]

WEBHOOK_TOPICS = ("orders/create", "orders/updated", "orders/cancelled")
_PORT_FLAGS = {"shopify": "--shopify-port", "erp": "--erp-port", "bridge": "--bridge-port"}


class Sandbox:
    """The three sandbox apps, sharing one ``FaultState``. A context manager."""

    def __init__(self, settings: SandboxSettings | None = None,
                 faults: FaultState | None = None) -> None:
        self.settings = dataclasses.replace(settings or SandboxSettings())
        self.faults = faults if faults is not None else FaultState()
        self._servers: dict[str, ServerThread] = {}

    @property
    def urls(self) -> dict[str, str]:
        return {"shopify": self.settings.shopify_base, "erp": self.settings.erp_base,
                "bridge": self.settings.bridge_base}

    def start(self) -> Sandbox:
        try:
            self._start_server("shopify", self._shopify_app())
            self._start_server("erp", self._erp_app())
            self._start_server("bridge", self._bridge_app())
            self._subscribe_bridge()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for name in ("bridge", "erp", "shopify"):
            server = self._servers.pop(name, None)
            if server is not None:
                server.stop()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()

    # ------------------------------------------------------------------ internals
    def _shopify_app(self) -> object:
        from seamwatch.sandbox.shopify import build_shopify_app
        return build_shopify_app(self.settings, self.faults)

    def _erp_app(self) -> object:
        from seamwatch.sandbox.erp import build_erp_app
        return build_erp_app(self.settings, self.faults)

    def _bridge_app(self) -> object:
        from seamwatch.sandbox.bridge import build_bridge_app
        # Shopify and the ERP start empty (and Shopify hands out the same ids again), so a
        # queue left by an earlier sandbox would mark the new orders as already synced.
        db = self.settings.bridge_db
        for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            stale.unlink(missing_ok=True)
        return build_bridge_app(self.settings, self.faults)

    def _start_server(self, name: str, app: object) -> None:
        port = int(getattr(self.settings, f"{name}_port"))
        _check_port_free(self.settings.host, port, name)
        server = ServerThread(app, host=self.settings.host, port=port, name=f"sandbox-{name}")
        try:
            server.start()
        except RuntimeError as exc:
            server.stop()
            raise UsageError(f"the sandbox {name} server could not start on "
                             f"{self.settings.host}:{port}: {exc}", field=_PORT_FLAGS[name],
                             fix=f"free the port, pass another one, or `{_PORT_FLAGS[name]} 0`"
                             " for a free port") from exc
        self._servers[name] = server
        self.settings = dataclasses.replace(self.settings, **{f"{name}_port": server.port})

    def _subscribe_bridge(self) -> None:
        address = f"{self.settings.bridge_base}/webhooks/shopify"
        headers = {"X-Shopify-Access-Token": self.settings.shopify_token}
        with httpx.Client(base_url=self.settings.shopify_base, headers=headers,
                          timeout=httpx.Timeout(10.0, connect=5.0)) as client:
            for topic in WEBHOOK_TOPICS:
                response = client.post("/webhooks.json", json={
                    "webhook": {"topic": topic, "address": address, "format": "json"}})
                response.raise_for_status()


def _check_port_free(host: str, port: int, name: str) -> None:
    """Fail early, in one line, when a fixed port is taken (uvicorn would only log it)."""
    if port == 0:
        return
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind((host, port))
        except OSError as exc:
            flag = _PORT_FLAGS[name]
            reason = ("is already in use" if exc.errno == errno.EADDRINUSE
                      else f"cannot be bound ({exc.strerror})")
            raise UsageError(f"port {port} for the sandbox {name} server {reason}", field=flag,
                             fix=f"pass `{flag} 0` for a free port, or another port") from None
