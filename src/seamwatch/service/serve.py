"""``seamwatch probe serve``: the one composition root of the long-running service.

It builds the clock, store, HTTP clients, masker, metrics and alerting once, serves
``/metrics``, ``/healthz``, the webhook receiver and the status page on one port, runs the
scheduler, and on SIGTERM/SIGINT drains in-flight probes (bounded by
``service.shutdown_timeout_seconds``) before it exits 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from collections.abc import Iterator
from typing import Any

import uvicorn

from seamwatch.config.models import ProbeConfig
from seamwatch.config.secrets import resolve_secrets
from seamwatch.core.clock import Clock, SystemClock
from seamwatch.core.errors import ConfigError
from seamwatch.core.secrets import resolve_secret
from seamwatch.service.app import ServiceParts, build_app
from seamwatch.service.evaluation import Evaluation
from seamwatch.service.logs import configure_logging, install_masking
from seamwatch.service.runtime import ProbeRuntime
from seamwatch.service.webhooks import RECEIVER_PATH, WebhookLedger, subscribe, unsubscribe
from seamwatch.service.wiring import build_links, build_masker, close_links
from seamwatch.storage import open_store
from seamwatch.storage.webhook_queries import WebhookDeliveries

__all__ = ["ProbeService", "serve"]

log = logging.getLogger("seamwatch.service")


class _QuietServer(uvicorn.Server):
    """uvicorn without its own signal handlers: the service owns SIGTERM and SIGINT."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class ProbeService:
    """Everything ``probe serve`` runs, built once from a validated config."""

    def __init__(self, config: ProbeConfig, clock: Clock | None = None, port: int | None = None) -> None:
        self.config = config
        self.clock = clock or SystemClock()
        self.port = config.service.port if port is None else port
        self.tokens = resolve_secrets(config)
        self.webhook_secret = self._secret("webhooks.secret", config.service.webhooks.secret) \
            if config.service.webhooks else None
        self.status_token = self._secret("status_token", config.service.status_token) \
            if config.service.status_token else None
        self.store = open_store(config.storage.url, self.clock)
        self.masker = build_masker(self.tokens, tuple(s for s in (self.webhook_secret, self.status_token) if s))
        self.links = build_links(config, self.tokens, self.clock)
        self.ledger = WebhookLedger(WebhookDeliveries(self.store), self.clock)
        self.runtime = ProbeRuntime(config, self.store, self.clock, self.links, self.masker,
                                    self.ledger.expect if self.webhook_secret else None)
        self.evaluation = Evaluation(config, self.store, self.clock, self.masker)
        self.runtime.on_result.append(self.evaluation.observe_result)
        self.stop_event = asyncio.Event()
        self.server: uvicorn.Server | None = None
        self._subscriptions: list[int] = []

    def _secret(self, field: str, ref: str) -> str:
        source = str(self.config.document.path) if self.config.document else ""
        return resolve_secret(ref, source=source, field=f"service.{field}")

    @property
    def base_url(self) -> str:
        assert self.server is not None and self.server.servers
        host, port = self.server.servers[0].sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    async def run(self) -> int:
        _check_bindable(self.config, self.port)
        parts = ServiceParts(config=self.config, store=self.store, clock=self.clock, masker=self.masker,
                             evaluation=self.evaluation, ledger=self.ledger, runtime=self.runtime,
                             webhook_secret=self.webhook_secret, status_token=self.status_token)
        self.server = _QuietServer(uvicorn.Config(build_app(parts), host=self.config.service.host,
                                                  port=self.port, log_level="warning", lifespan="off"))
        web = asyncio.create_task(self.server.serve(), name="seamwatch-web")
        try:
            await self._wait_started(web)
            log.info("probe service on %s (%d probes; metrics at /metrics)", self.base_url,
                     len(self.config.probes))
            await self._subscribe()
            self.runtime.start(self.evaluation.jobs())
            await self.stop_event.wait()
        finally:
            await self._shutdown(web)
        return 0

    async def _wait_started(self, web: asyncio.Task[Any]) -> None:
        assert self.server is not None
        while not self.server.started:
            if web.done():
                web.result()
                raise ConfigError(f"the service could not listen on {self.config.service.host}:{self.port}",
                                  field="service.port", fix="free the port or pass --port 0")
            await asyncio.sleep(0.02)

    async def _subscribe(self) -> None:
        settings = self.config.service.webhooks
        if settings is None:
            return
        shops = [n for n, s in self.config.systems.items() if s.kind == "shopify"]
        shop = settings.shopify or (shops[0] if shops else None)
        if shop is None:
            return
        address = (settings.public_url or self.base_url).rstrip("/") + RECEIVER_PATH
        self._subscriptions = await subscribe(self.links[shop], address, settings.topics)
        self._shop = shop

    async def _shutdown(self, web: asyncio.Task[Any]) -> None:
        cancelled = await self.runtime.drain(self.config.service.shutdown_timeout_seconds)
        if cancelled:
            log.warning("shutdown: %d probe(s) cancelled after the timeout; the sweeper will clean up", cancelled)
        settings = self.config.service.webhooks
        if self._subscriptions and settings is not None and settings.unsubscribe_on_stop:
            await unsubscribe(self.links[self._shop], self._subscriptions)
        await self.evaluation.close()
        if self.server is not None:
            self.server.should_exit = True
        # uvicorn ends a failed start-up with SystemExit inside the task: keep it there.
        with contextlib.suppress(Exception, SystemExit):
            await asyncio.wait_for(web, timeout=10)
        await close_links(self.links)
        self.store.close()


def _check_bindable(config: ProbeConfig, port: int) -> None:
    """Fail in one line when the port is taken (uvicorn would log and exit the task)."""
    host = config.service.host
    if port == 0:
        return
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror}", field="service.port",
                              file=config.document.path if config.document else None,
                              fix="free the port, set service.port, or pass --port 0 for a free one") from None


def serve(config: ProbeConfig, port: int | None = None) -> int:
    """Run until SIGTERM or SIGINT; exit code 0 after a clean drain."""
    configure_logging(config)

    async def main() -> int:
        service = ProbeService(config, port=port)
        install_masking(service.masker)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, service.stop_event.set)
        return await service.run()

    return asyncio.run(main())
