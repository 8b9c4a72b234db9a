"""Adapting seamwatch's integration checks to Schemathesis checks, for the span of one run.

Schemathesis keeps checks in a process-wide registry, so registration is scoped: checks are
registered under unique names when a run starts and removed when it ends.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from schemathesis.checks import CHECKS as ST_CHECKS
from schemathesis.checks import check as st_check

from seamwatch.checks import CHECKS, Exchange, RunContext
from seamwatch.core.http import HttpSettings, build_client

__all__ = ["ST_NAME_PREFIX", "registered_checks", "to_exchange"]

ST_NAME_PREFIX = "seamwatch_"
_LOCK = threading.Lock()


def st_name(check_id: str) -> str:
    return ST_NAME_PREFIX + check_id.replace("-", "_")


def _flat(headers: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in dict(headers or {}).items():
        out[str(key).lower()] = ", ".join(value) if isinstance(value, list) else str(value)
    return out


def to_exchange(response: Any, case: Any, follow_up: Callable[..., Any] | None) -> Exchange:
    url = urlsplit(str(response.request.url))
    return Exchange(
        method=str(case.method).upper(),
        path=url.path,
        operation_id=(case.operation.definition.raw or {}).get("operationId"),
        status=int(response.status_code),
        headers=_flat(response.headers),
        body=response.content or b"",
        request_headers=_flat(response.request.headers),
        request_query=dict(case.query or {}),
        request_body=case.body if isinstance(case.body, (dict, list)) else None,
        follow_up=follow_up,
    )


def _follow_up(client: httpx.Client, response: Any) -> Callable[..., tuple[int, dict[str, str], bytes]]:
    url = urlsplit(str(response.request.url))
    origin = urlunsplit((url.scheme, url.netloc, "", "", ""))

    def send(method: str, path: str, headers: dict[str, str] | None = None,
             params: dict[str, str] | None = None, json: Any = None) -> tuple[int, dict[str, str], bytes]:
        sent_headers = headers if headers is not None else _flat(response.request.headers)
        sent_headers = {k: v for k, v in sent_headers.items() if k not in ("content-length", "host")}
        try:
            reply = client.request(method, origin + path, headers=sent_headers, params=params, json=json)
        except httpx.HTTPError:
            return 0, {}, b""
        return reply.status_code, _flat(reply.headers), reply.content

    return send


class _ExchangeCache:
    """One ``Exchange`` per response, shared by every seamwatch check (body parsed once).

    Schemathesis' ``Response`` takes no extra attributes, so recent responses are remembered
    by identity (the response is kept, so its id cannot be reused while cached)."""

    def __init__(self, size: int = 64) -> None:
        self._items: OrderedDict[int, tuple[Any, Exchange]] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, response: Any, case: Any, client: httpx.Client) -> Exchange:
        with self._lock:
            cached = self._items.get(id(response))
            if cached is not None and cached[0] is response:
                return cached[1]
        exchange = to_exchange(response, case, _follow_up(client, response))
        with self._lock:
            self._items[id(response)] = (response, exchange)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return exchange


@contextmanager
def registered_checks(context: RunContext, selected: set[str], timeout: float) -> Iterator[list[str]]:
    """Register the selected checks that apply to ``context.system`` with Schemathesis."""
    names: list[str] = []
    exchanges = _ExchangeCache()
    with _LOCK, build_client(settings=HttpSettings(timeout=timeout)) as client:
        try:
            for check_id, check in CHECKS:
                if check_id not in selected or not check.applies_to(context):
                    continue
                names.append(_register(check_id, check.run, context, client, exchanges))
            yield names
        finally:
            for name in names:
                ST_CHECKS.unregister(name)


def _register(check_id: str, run: Callable, context: RunContext, client: httpx.Client,
              exchanges: _ExchangeCache) -> str:
    def adapted(ctx: Any, response: Any, case: Any) -> bool | None:
        message = run(exchanges.get(response, case, client), context)
        if message:
            raise AssertionError(message)
        return None

    adapted.__name__ = st_name(check_id)
    adapted.__doc__ = check_id
    st_check(adapted)
    return adapted.__name__
