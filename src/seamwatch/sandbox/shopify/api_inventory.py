"""``/inventory_levels`` and ``/locations``. Adjust and set emit inventory_levels/update."""

from __future__ import annotations

from collections.abc import Callable

from seamwatch.sandbox.shopify import inventory, render
from seamwatch.sandbox.shopify.bodies import ConnectBody, InventoryAdjust, InventorySet, validate
from seamwatch.sandbox.shopify.context import AdminRequest, Reply
from seamwatch.sandbox.shopify.errors import not_found
from seamwatch.sandbox.shopify.params import PageRequest
from seamwatch.sandbox.shopify.store import Level, Location

__all__ = ["ROUTES"]


def _sorted_levels(req: AdminRequest, keep: Callable[[Level], bool]) -> list[Level]:
    return sorted((lv for lv in req.store.levels.values() if keep(lv)), key=inventory.level_key)


def list_levels(req: AdminRequest) -> Reply:
    """``GET /inventory_levels.json``."""
    page = PageRequest.parse(req.query, "inventory_levels", inventory.FILTERS)
    keep = inventory.level_filter(page.filters)
    found = _sorted_levels(req, keep)
    return req.page("inventory_levels", found, inventory.level_key, page, render.inventory_level)


def _changed(req: AdminRequest, level: Level, status: int = 200) -> Reply:
    body = render.inventory_level(level)
    if status == 200:
        req.emit("inventory_levels/update", body)
    return Reply({"inventory_level": body}, status)


def adjust_level(req: AdminRequest) -> Reply:
    """``POST /inventory_levels/adjust.json``."""
    return _changed(req, inventory.adjust(req.store, validate(InventoryAdjust, req.json())))


def set_level(req: AdminRequest) -> Reply:
    """``POST /inventory_levels/set.json``."""
    return _changed(req, inventory.set_available(req.store, validate(InventorySet, req.json())))


def connect_level(req: AdminRequest) -> Reply:
    """``POST /inventory_levels/connect.json`` (201, or 403 here)."""
    return _changed(req, inventory.connect(req.store, validate(ConnectBody, req.json())), 201)


def _location(req: AdminRequest) -> Location:
    found = req.store.locations.get(req.ids[0])
    if found is None:
        raise not_found()
    return found


def list_locations(req: AdminRequest) -> Reply:
    """``GET /locations.json``."""
    return Reply({"locations": [render.location(loc) for loc in req.store.locations.values()]})


def get_location(req: AdminRequest) -> Reply:
    """``GET /locations/{id}.json``."""
    return Reply({"location": render.location(_location(req))})


def location_levels(req: AdminRequest) -> Reply:
    """``GET /locations/{id}/inventory_levels.json``."""
    location = _location(req)
    page = PageRequest.parse(req.query, f"locations/{location.id}/inventory_levels", ())
    found = _sorted_levels(req, lambda lv: lv.location_id == location.id)
    return req.page("inventory_levels", found, inventory.level_key, page, render.inventory_level)


ROUTES = [
    ("GET", "/inventory_levels.json", list_levels),
    ("POST", "/inventory_levels/adjust.json", adjust_level),
    ("POST", "/inventory_levels/set.json", set_level),
    ("POST", "/inventory_levels/connect.json", connect_level),
    ("GET", "/locations.json", list_locations),
    ("GET", "/locations/{id}.json", get_location),
    ("GET", "/locations/{id}/inventory_levels.json", location_levels),
]
