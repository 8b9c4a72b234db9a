"""The Admin API front door, as a plain ASGI app for speed.

For every ``/admin`` request, in Shopify's order: resolve the API version (unsupported ones fall
forward to the oldest supported), check the access token, spend a call from the leaky bucket,
route, run the handler, and render JSON. ``X-Shopify-API-Version`` and
``X-Shopify-Shop-Api-Call-Limit`` go on every answer, errors included.
"""

from __future__ import annotations

import hmac
import logging
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from seamwatch.sandbox.faults import apply_drift
from seamwatch.sandbox.shopify.context import AdminRequest, Reply, Shop, encode
from seamwatch.sandbox.shopify.errors import INVALID_TOKEN, THROTTLED, ApiError, not_found
from seamwatch.sandbox.shopify.params import Query, parse_id
from seamwatch.sandbox.shopify.ratelimit import LeakyBuckets

__all__ = ["AdminGate", "Handler", "Router"]

log = logging.getLogger(__name__)
Handler = Callable[[AdminRequest], Reply]
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class Router:
    """Exact paths by dict lookup; ``{id}`` templates by regex. Ids must be positive int64."""

    def __init__(self, routes: list[tuple[str, str, Handler]]) -> None:
        self._static: dict[str, dict[str, Handler]] = {}
        self._dynamic: list[tuple[re.Pattern[str], dict[str, Handler]]] = []
        patterns: dict[str, dict[str, Handler]] = {}
        for method, template, handler in routes:
            if "{" not in template:
                self._static.setdefault(template, {})[method] = handler
            else:
                patterns.setdefault(template, {})[method] = handler
        for template, methods in patterns.items():
            regex = re.escape(template).replace(r"\{id\}", r"([^/]+)")
            self._dynamic.append((re.compile(regex), methods))

    def resolve(self, method: str, path: str) -> tuple[Handler, tuple[int, ...]]:
        """The handler and path ids; 404 when nothing (or no valid id) matches, 405 otherwise."""
        methods, ids = self._static.get(path), ()
        if methods is None:
            methods, ids = self._match(path)
        handler = methods.get(method)
        if handler is None:
            raise ApiError(405, "Method Not Allowed", {"Allow": ", ".join(sorted(methods))})
        return handler, ids

    def _match(self, path: str) -> tuple[dict[str, Handler], tuple[int, ...]]:
        for regex, methods in self._dynamic:
            match = regex.fullmatch(path)
            if match is not None:
                ids = tuple(parse_id(group) for group in match.groups())
                if None in ids:  # "abc", "0", "-1", beyond int64: no such resource
                    raise not_found()
                return methods, ids  # type: ignore[return-value]
        raise not_found()


class AdminGate:
    """ASGI app for ``/admin/...``: version, auth, rate limit, routing, JSON rendering."""

    def __init__(self, shop: Shop, router: Router) -> None:
        settings = shop.settings
        self.shop = shop
        self.router = router
        self.supported = frozenset(settings.supported_versions)
        self.oldest = min(settings.supported_versions)
        self.token = settings.shopify_token.encode()
        self.buckets = LeakyBuckets(settings.bucket_size, settings.leak_per_second)
        self.throttled = THROTTLED.format(rate=settings.leak_per_second)

    def split(self, path: str) -> tuple[str, str]:
        """``/admin/api/2026-01/orders.json`` -> (served version, ``/orders.json``)."""
        requested, rest = "", path.removeprefix("/admin")
        if rest.startswith("/api/"):
            head, slash, tail = rest[len("/api/"):].partition("/")
            if slash:  # ``/admin/api/orders.json`` has no version: it is served the oldest
                requested, rest = head, "/" + tail
            else:
                rest = "/" + head
        return (requested if requested in self.supported else self.oldest), rest

    def fault_headers(self, scope: dict[str, Any]) -> list[tuple[bytes, bytes]]:
        """The headers Shopify puts on every answer, for answers a fault injects."""
        version, _ = self.split(scope["path"])
        token = dict(scope["headers"]).get(b"x-shopify-access-token", b"")
        limit = self.buckets.peek(token.decode(errors="replace")).header
        return [(b"x-shopify-api-version", version.encode()),
                (b"x-shopify-shop-api-call-limit", limit.encode())]

    async def __call__(self, scope: dict[str, Any], receive: Callable, send: Callable) -> None:
        version, rest = self.split(scope["path"])
        headers = {k: v for k, v in scope["headers"]}
        token = headers.get(b"x-shopify-access-token", b"")
        if not hmac.compare_digest(token, self.token):
            bucket = self.buckets.peek("")
            reply = Reply({"errors": INVALID_TOKEN}, 401)
            await self._send(send, scope, version, bucket.header, reply)
            return
        bucket = self.buckets.take(token.decode())
        if not bucket.allowed:
            retry = {"Retry-After": f"{bucket.retry_after:.1f}"}
            reply = Reply({"errors": self.throttled}, 429, retry)
        else:
            reply = await self._handle(scope, receive, version, rest, headers)
        await self._send(send, scope, version, bucket.header, reply)

    async def _handle(self, scope: dict[str, Any], receive: Callable, version: str, rest: str,
                      headers: dict[bytes, bytes]) -> Reply:
        method = scope["method"]
        try:
            handler, ids = self.router.resolve(method, rest)
            body = await _read_body(receive) if method in _BODY_METHODS else b""
            query = Query(_query_pairs(scope["query_string"]))
            url = f"{scope['scheme']}://{_host(headers, scope)}/admin/api/{version}{rest}"
            return handler(AdminRequest(self.shop, method, ids, query, body, version, url))
        except ApiError as error:
            return Reply({"errors": error.errors}, error.status, error.headers)
        except Exception:  # a sandbox bug must still look like a Shopify 500, with headers
            log.exception("shopify sandbox: unhandled error for %s %s", method, scope["path"])
            return Reply({"errors": "Internal Server Error"}, 500)

    async def _send(self, send: Callable, scope: dict[str, Any], version: str, limit: str,
                    reply: Reply) -> None:
        raw = reply.raw
        drift = self.shop.faults.configured("shopify", "schema_drift")
        if drift is not None and (not drift.path or drift.path in scope["path"]):
            raw = encode(apply_drift(reply.body, drift))
        elif raw is None:
            raw = encode(reply.body)
        out = [(b"content-type", b"application/json; charset=utf-8"),
               (b"content-length", str(len(raw)).encode()),
               (b"x-shopify-api-version", version.encode()),
               (b"x-shopify-shop-api-call-limit", limit.encode())]
        out.extend((k.lower().encode(), v.encode()) for k, v in reply.headers.items())
        await send({"type": "http.response.start", "status": reply.status, "headers": out})
        await send({"type": "http.response.body", "body": raw})


async def _read_body(receive: Callable) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _query_pairs(query_string: bytes) -> list[tuple[str, str]]:
    return parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)


def _host(headers: dict[bytes, bytes], scope: dict[str, Any]) -> str:
    host = headers.get(b"host")
    if host:
        return host.decode("latin-1")
    server = scope.get("server") or ("127.0.0.1", 80)
    return f"{server[0]}:{server[1]}"
