"""The bridge's two upstreams: the ERP (Business Central v2.0) and Shopify (REST Admin).

Every failure becomes an ``UpstreamError`` that says whether a retry may help: 5xx, 429,
timeouts, connection errors and unreadable bodies are retryable; other 4xx are not.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import httpx

from seamwatch.core.http import HttpSettings, build_async_client
from seamwatch.sandbox.bridge.mapping import erp_filter_literal
from seamwatch.sandbox.settings import SandboxSettings

__all__ = ["ErpClient", "ShopifyClient", "UpstreamError", "build_upstream_clients"]

_HTTP = HttpSettings(timeout=10.0, connect_timeout=2.0)
_NEXT_LINK = re.compile(r'<([^>]+)>;\s*rel="next"')


class UpstreamError(Exception):
    def __init__(self, message: str, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


def build_upstream_clients(settings: SandboxSettings) -> tuple[httpx.AsyncClient, httpx.AsyncClient]:
    """(erp, shopify) httpx clients, with auth headers and bounded timeouts."""
    erp = build_async_client(settings.erp_base, {"Authorization": f"Bearer {settings.erp_token}"},
                             _HTTP)
    shopify = build_async_client(settings.shopify_base,
                                 {"X-Shopify-Access-Token": settings.shopify_token}, _HTTP)
    return erp, shopify


async def send(client: httpx.AsyncClient, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One request; transport errors and non-2xx answers raise ``UpstreamError``."""
    try:
        response = await client.request(method, url, **kwargs)
    except httpx.TimeoutException as exc:
        raise UpstreamError(f"{method} {url}: timed out ({type(exc).__name__})", True) from exc
    except httpx.TransportError as exc:
        raise UpstreamError(f"{method} {url}: {type(exc).__name__}: {exc}", True) from exc
    if response.status_code == 429 or response.status_code >= 500:
        raise UpstreamError(f"{method} {url}: HTTP {response.status_code}", True,
                            retry_after_seconds(response))
    if response.status_code >= 400:
        raise UpstreamError(f"{method} {url}: HTTP {response.status_code}: {response.text[:300]}",
                            False)
    return response


def body_of(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UpstreamError(f"unreadable JSON from {response.request.url}", True) from exc


def retry_after_seconds(response: httpx.Response) -> float | None:
    try:
        return max(0.0, float(response.headers.get("retry-after", "")))
    except ValueError:
        return None


class ErpClient:
    """Sales orders and items of the one sandbox company."""

    def __init__(self, client: httpx.AsyncClient, company_id: str) -> None:
        self.client = client
        self.company = f"/v2.0/companies({company_id})"

    async def find_order(self, external_number: str) -> dict[str, Any] | None:
        flt = f"externalDocumentNumber eq {erp_filter_literal(external_number)}"
        response = await send(self.client, "GET", f"{self.company}/salesOrders",
                              params={"$filter": flt})
        found = body_of(response).get("value") or []
        return found[0] if found else None

    async def create_order(self, body: dict[str, Any]) -> dict[str, Any]:
        response = await send(self.client, "POST", f"{self.company}/salesOrders", json=body)
        created = body_of(response)
        if response.status_code != 201 or not isinstance(created, dict) or "id" not in created:
            raise UpstreamError(f"unexpected create answer HTTP {response.status_code}", True)
        return created

    async def items_modified_after(self, watermark: str | None) -> list[dict[str, Any]]:
        params = {"$filter": f"lastModifiedDateTime gt {watermark}"} if watermark else {}
        url: str | None = f"{self.company}/items"
        items: list[dict[str, Any]] = []
        while url:
            page = body_of(await send(self.client, "GET", url, params=params))
            items.extend(page.get("value") or [])
            url, params = page.get("@odata.nextLink"), {}
        return items


class ShopifyClient:
    """Variants (for the SKU -> inventory item map) and inventory levels, rate-limit aware."""

    def __init__(self, client: httpx.AsyncClient, settings: SandboxSettings) -> None:
        self.client = client
        self.settings = settings

    async def inventory_item_ids(self) -> dict[str, int]:
        """SKU -> inventory_item_id over every product page."""
        mapping: dict[str, int] = {}
        url: str | None = "/products.json"
        params: dict[str, Any] = {"limit": 250}
        while url:
            response = await self._request("GET", url, params=params)
            for product in body_of(response).get("products") or []:
                for variant in product.get("variants") or []:
                    if variant.get("sku") and variant.get("inventory_item_id"):
                        mapping[str(variant["sku"])] = int(variant["inventory_item_id"])
            match = _NEXT_LINK.search(response.headers.get("link", ""))
            url, params = (match.group(1), {}) if match else (None, {})
        return mapping

    async def set_available(self, inventory_item_id: int, available: int) -> dict[str, Any]:
        body = {"inventory_item_id": inventory_item_id,
                "location_id": self.settings.shopify_location_id, "available": available}
        response = await self._request("POST", "/inventory_levels/set.json", json=body)
        return dict(body_of(response).get("inventory_level") or {})

    async def _request(self, method: str, url: str, attempts: int = 5, **kwargs: Any) -> httpx.Response:
        for attempt in range(1, attempts + 1):
            try:
                response = await send(self.client, method, url, **kwargs)
            except UpstreamError as exc:
                if not exc.retryable or attempt == attempts:
                    raise
                wait = exc.retry_after if exc.retry_after is not None else 2.0 ** (attempt - 1)
                await asyncio.sleep(wait * self.settings.time_scale)
                continue
            await self._respect_call_limit(response)
            return response
        raise AssertionError("unreachable")

    async def _respect_call_limit(self, response: httpx.Response) -> None:
        """Slow down while the leaky bucket is more than 80% full."""
        used, _, size = response.headers.get("x-shopify-shop-api-call-limit", "").partition("/")
        try:
            fill = int(used) / int(size)
        except (ValueError, ZeroDivisionError):
            return
        if fill > 0.8:
            await asyncio.sleep(1.0 / max(self.settings.leak_per_second, 0.001))
