"""Inventory sync: ERP item stock -> Shopify available quantity, per contracts/mappings/inventory.yaml.

Every ``inventory_sync_interval`` seconds: read the ERP items modified after the watermark
(persisted), map SKU -> Shopify ``inventory_item_id`` (read once from ``/products.json``,
refreshed on a miss) and set the level on the configured location. The watermark only moves
past items that were set, so a failed set is retried next round.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from seamwatch.sandbox.bridge.clients import ErpClient, ShopifyClient, UpstreamError
from seamwatch.sandbox.bridge.store import Store
from seamwatch.sandbox.settings import SandboxSettings

__all__ = ["InventorySync"]

log = logging.getLogger(__name__)


class InventorySync:
    def __init__(self, store: Store, erp: ErpClient, shopify: ShopifyClient,
                 settings: SandboxSettings) -> None:
        self.store = store
        self.erp = erp
        self.shopify = shopify
        self.settings = settings
        self._item_ids: dict[str, int] | None = None
        self._refreshed = False
        self.last_error: str | None = None

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.sync_once()
                self.last_error = None
            except UpstreamError as exc:
                self.last_error = str(exc)
                log.info("bridge inventory sync: %s", exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.settings.inventory_sync_interval)

    async def sync_once(self) -> int:
        """One round; returns how many Shopify levels were set."""
        items = await self.erp.items_modified_after(self.store.watermark())
        self._refreshed = False
        items.sort(key=lambda item: str(item.get("lastModifiedDateTime") or ""))
        done = 0
        for item in items:
            if not await self._sync_item(item):
                break
            done += 1
        return done

    async def _sync_item(self, item: dict[str, Any]) -> bool:
        """Set one item's level. False stops the round (the watermark stays before it)."""
        sku = str(item.get("number") or "")
        modified = str(item.get("lastModifiedDateTime") or "")
        inventory_item_id = await self._inventory_item_id(sku)
        if inventory_item_id is None:  # not sold in Shopify: nothing to set, move on
            if modified:
                self.store.set_watermark(modified)
            return True
        available = int(float(item.get("inventory") or 0))
        try:
            await self.shopify.set_available(inventory_item_id, available)
        except UpstreamError as exc:
            self.last_error = f"{sku}: {exc}"
            if exc.retryable:
                return False
            log.info("bridge inventory sync: %s skipped: %s", sku, exc)
            if modified:
                self.store.set_watermark(modified)
            return True
        self.store.record_inventory(sku, available, modified, modified or None)
        return True

    async def _inventory_item_id(self, sku: str) -> int | None:
        if not sku:
            return None
        if self._item_ids is None or (sku not in self._item_ids and not self._refreshed):
            self._item_ids = await self.shopify.inventory_item_ids()
            self._refreshed = True
        return self._item_ids.get(sku)
