"""Keeping runs safe against live systems: synthetic marking, pacing, and cleanup.

Everything a run creates is recognisable (Shopify ``test: true`` + tag
``seamwatch-synthetic``; ERP ``externalDocumentNumber`` with the reference prefix) and is
removed at the end of the run, even after a failure. The run paces itself from Shopify's
call-limit header and ``Retry-After`` so that it never drives a shop into a 429 storm.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from seamwatch.core.http import HttpSettings, build_client
from seamwatch.runner.model import SYNTHETIC_TAG

__all__ = ["SyntheticLedger"]

_CALL_LIMIT = re.compile(r"^(\d+)/(\d+)$")
# How to undo what each create made: operationId -> candidates of (method, URL template,
# where the new id sits in the answer). Shopify and Business Central share `createCustomer`;
# the answer's shape tells them apart.
_UNDO: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "createOrder": [("POST", "{base}/orders/{id}/cancel.json", ("order", "id"))],
    "createCustomer": [("DELETE", "{base}/customers/{id}.json", ("customer", "id")),
                       ("DELETE", "{collection}({id})", ("id",))],
    "createWebhook": [("DELETE", "{base}/webhooks/{id}.json", ("webhook", "id"))],
    "createSalesOrder": [("DELETE", "{collection}({id})", ("id",))],
    "createSalesOrderLine": [("DELETE", "{collection}({id})", ("id",))],
    "createItemJournalLine": [("DELETE", "{collection}({id})", ("id",))],
}


def _dig(body: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(body, dict):
            return None
        body = body.get(key)
    return body


@dataclass
class SyntheticLedger:
    base_url: str
    reference_prefix: str
    bucket_share: float
    created: list[tuple[str, str]] = field(default_factory=list)  # (method, absolute url)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def mark(self, operation_id: str | None, case: Any) -> None:
        """Make a create request's body synthetic (positive cases only: see engine)."""
        body = case.body
        if not isinstance(body, dict):
            return
        order = body.get("order")
        if operation_id in ("createOrder", "updateOrder") and isinstance(order, dict):
            if operation_id == "createOrder":
                order["test"] = True
            # An update that sets tags replaces them all: keep ours, or cleanup loses track.
            if operation_id == "createOrder" or "tags" in order:
                tags = [t.strip() for t in str(order.get("tags") or "").split(",") if t.strip()]
                order["tags"] = ", ".join(dict.fromkeys([*tags, SYNTHETIC_TAG]))
        if operation_id == "createSalesOrder" and "externalDocumentNumber" in body:
            body["externalDocumentNumber"] = f"{self.reference_prefix}{uuid.uuid4().hex[:12]}"

    def record(self, operation_id: str | None, request_url: str, response: Any) -> None:
        if operation_id not in _UNDO or not 200 <= response.status_code < 300:
            return
        try:
            body: Any = response.json()
        except ValueError:
            return
        url = urlsplit(request_url)
        collection = f"{url.scheme}://{url.netloc}{url.path}"
        for method, template, id_path in _UNDO[operation_id]:
            value = _dig(body, id_path)
            if value is not None:
                with self._lock:
                    self.created.append((method, template.format(
                        base=self.base_url.rstrip("/"), collection=collection, id=value)))
                return

    def pace(self, response: Any) -> None:
        """Sleep when our use of the Shopify bucket passes our share, or as told by a 429."""
        if response.status_code == 429:
            try:
                time.sleep(min(float(response.headers.get("retry-after", "1")), 30.0))
            except ValueError:
                time.sleep(1.0)
            return
        match = _CALL_LIMIT.match(str(response.headers.get("x-shopify-shop-api-call-limit", "")))
        if match:
            used, size = int(match.group(1)), int(match.group(2))
            limit = size * self.bucket_share
            if used > limit:
                # Shopify's standard bucket leaks 2 requests/s; larger buckets leak faster.
                leak = max(2.0, size / 20.0)
                time.sleep((used - limit) / leak)

    def cleanup(self, headers: dict[str, str], timeout: float) -> list[str]:
        """Undo everything recorded; returns one line per item, saying what happened."""
        lines = []
        with build_client(headers=headers, settings=HttpSettings(timeout=timeout)) as client:
            for method, url in reversed(self.created):
                extra = {"If-Match": "*"} if method == "DELETE" and "(" in url else {}
                try:
                    reply = client.request(method, url, headers=extra,
                                           json={} if method == "POST" else None)
                    lines.append(f"{method} {urlsplit(url).path} -> {reply.status_code}")
                except httpx.HTTPError as exc:
                    lines.append(f"{method} {urlsplit(url).path} -> failed ({type(exc).__name__})")
        return lines
