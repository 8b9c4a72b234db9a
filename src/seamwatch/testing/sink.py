"""A local HTTP sink that records every request: the stand-in for PagerDuty, Slack or any webhook.

    with HttpSink() as sink:                 # uvicorn on a free loopback port, in a thread
        ...point a receiver at sink.url + "/v2/enqueue"...
        sink.fail(503)                       # answer 503 until sink.recover()
        sink.fail(429, count=2, retry_after=30)
        sink.refuse()                        # stop listening (connection refused) until sink.accept()
        sink.wait_for(1, timeout=5)          # bounded wait for arrivals
        sink.accepted[0].json["dedup_key"]

By default it answers ``202 {"status": "success", "message": "Event processed", "dedup_key": ...}``
like PagerDuty's Events API v2, which also satisfies Slack, Alertmanager and webhook clients
(any 2xx). Used by the tests and by the demo as the local PagerDuty-compatible sink.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from seamwatch.sandbox.serve import ServerThread

__all__ = ["HttpSink", "RecordedRequest"]

_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as it arrived, and what the sink answered."""

    method: str
    path: str
    headers: dict[str, str]   # lower-cased names
    body: bytes
    json: Any                 # None when the body is not JSON
    arrived_at: datetime      # wall clock (UTC)
    status: int               # what the sink answered


class HttpSink:
    """Records requests; answers ``status`` unless told to fail or refuse for a while."""

    def __init__(self, status: int = 202, host: str = "127.0.0.1") -> None:
        self._status = status
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._requests: list[RecordedRequest] = []
        self._failure: tuple[int, int | None, float | None, str] | None = None  # status, count, retry_after, message
        self._app = Starlette(routes=[Route("/{path:path}", self._handle, methods=_METHODS)])
        self._host = host
        self._port = 0
        self._server: ServerThread | None = None

    # -- lifecycle --------------------------------------------------------------------
    def start(self) -> HttpSink:
        self._server = ServerThread(self._app, host=self._host, port=self._port, name="sink").start()
        self._port = self._server.port  # kept, so accept() listens where clients point
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (stable across refuse/accept)."""
        return f"http://{self._host}:{self._port}"

    def __enter__(self) -> HttpSink:
        return self.start()

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()

    # -- behaviour ----------------------------------------------------------------------
    def fail(self, status: int = 503, count: int | None = None, retry_after: float | None = None,
             message: str = "sink told to fail") -> None:
        """Answer ``status`` to the next ``count`` requests (all, until ``recover``, when None)."""
        with self._lock:
            self._failure = (status, count, retry_after, message)

    def recover(self) -> None:
        """Answer the normal status again."""
        with self._lock:
            self._failure = None

    def refuse(self) -> None:
        """Stop listening: clients get connection refused until :meth:`accept`."""
        self.stop()

    def accept(self) -> None:
        """Listen again on the same port after :meth:`refuse`."""
        if self._server is None:
            self.start()

    # -- what arrived -------------------------------------------------------------------
    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    @property
    def accepted(self) -> list[RecordedRequest]:
        """The requests answered with a 2xx."""
        return [r for r in self.requests if 200 <= r.status < 300]

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[RecordedRequest]:
        """Block until ``count`` requests arrived (or ``timeout`` seconds passed); return them all."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self._requests) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            return list(self._requests)

    async def _handle(self, request: Request) -> JSONResponse:
        body = await request.body()
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            parsed = None
        status, headers, answer = self._answer(parsed)
        record = RecordedRequest(method=request.method, path=request.url.path,
                                 headers={k.lower(): v for k, v in request.headers.items()},
                                 body=body, json=parsed, arrived_at=datetime.now(UTC), status=status)
        with self._changed:
            self._requests.append(record)
            self._changed.notify_all()
        return JSONResponse(answer, status_code=status, headers=headers)

    def _answer(self, parsed: Any) -> tuple[int, dict[str, str], dict[str, Any]]:
        with self._lock:
            if self._failure is not None:
                status, count, retry_after, message = self._failure
                if count is not None:
                    self._failure = (status, count - 1, retry_after, message) if count > 1 else None
                headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}
                return status, headers, {"status": "error", "message": message}
        dedup = parsed.get("dedup_key") if isinstance(parsed, dict) else None
        return self._status, {}, {"status": "success", "message": "Event processed", "dedup_key": dedup}
