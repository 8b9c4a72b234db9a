"""Serving ASGI apps with uvicorn on loopback, in a thread, with a clean stop."""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import Any

import uvicorn

__all__ = ["ServerThread"]


class ServerThread:
    """Run ``app`` on ``host:port`` (port 0: a free one) until ``stop``."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0, name: str = "server") -> None:
        # "error": contract fuzzing sends malformed HTTP on purpose; uvicorn's per-request
        # warnings about it would drown everything else.
        config = uvicorn.Config(app, host=host, port=port, log_level="error",
                                lifespan="on", access_log=False, timeout_graceful_shutdown=5)
        self.server = uvicorn.Server(config)
        self.host = host
        self.name = name
        self._thread = threading.Thread(target=self.server.run, name=f"uvicorn-{name}", daemon=True)

    def start(self, timeout: float = 15.0) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self._thread.is_alive():
                raise RuntimeError(f"{self.name} failed to start (port in use?)")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not start within {timeout} s")
            time.sleep(0.01)
        return self

    @property
    def port(self) -> int:
        return int(self.server.servers[0].sockets[0].getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        self._thread.join(timeout)

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()
