"""The status app over a real SQLite store filled from the fixed fixture, served by uvicorn."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from seamwatch.config import resolve_secrets
from seamwatch.core.clock import FakeClock
from seamwatch.core.secrets import Masker
from seamwatch.sandbox.serve import ServerThread
from seamwatch.storage import SqlStore, open_store
from seamwatch.web import build_status_app
from tests.integration.storage.conftest import pg_url  # noqa: F401  (fixture)
from tests.unit.reporting.probe_fixtures import NOW, TOKEN_ENV, probe_config, seed, slo_statuses

PAGE_TOKEN = "status-page-token-5d2c8e"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    with open_store(f"sqlite:///{tmp_path / 'status.db'}", FakeClock(NOW)) as opened:
        seed(opened)
        yield opened


@pytest.fixture
def serve(tmp_path: Path, store: SqlStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., str]]:
    """``serve(token=...)`` starts the app the way the service composes it; returns its URL."""
    for name, value in TOKEN_ENV.items():
        monkeypatch.setenv(name, value)
    config = probe_config(tmp_path)
    masker = Masker(resolve_secrets(config).values())  # as the composition root builds it
    servers: list[ServerThread] = []

    def start(token: str | None = None) -> str:
        app = build_status_app(store, config, slo_statuses=slo_statuses, clock=FakeClock(NOW),
                               masker=masker, token=token)
        servers.append(ServerThread(app, name="status-page").start())
        return servers[-1].url

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as http:
        yield http
