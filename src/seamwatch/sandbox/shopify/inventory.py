"""Inventory rules: adjust, set and connect levels, and the list filters."""

from __future__ import annotations

from collections.abc import Callable

from seamwatch.sandbox.shopify.bodies import ConnectBody, InventoryAdjust, InventorySet
from seamwatch.sandbox.shopify.errors import ApiError, forbidden, not_found
from seamwatch.sandbox.shopify.params import Query
from seamwatch.sandbox.shopify.store import Level, Store

__all__ = ["FILTERS", "adjust", "connect", "level_filter", "level_key", "set_available"]

FILTERS = ("inventory_item_ids", "location_ids", "updated_at_min")


def level_key(level: Level) -> int:
    """One integer that sorts levels by item, then location (cursor anchors are integers)."""
    return (level.inventory_item_id << 64) | level.location_id


def _check_refs(store: Store, item_id: int, location_id: int) -> None:
    # Both an unknown location and an unknown item are "a referenced resource does not exist".
    if location_id not in store.locations or store.variant_by_item(item_id) is None:
        raise not_found()


def adjust(store: Store, body: InventoryAdjust) -> Level:
    """Add the (possibly negative) delta; the item must be stocked at the location."""
    _check_refs(store, body.inventory_item_id, body.location_id)
    level = store.levels.get((body.inventory_item_id, body.location_id))
    if level is None:
        raise ApiError(422, ["Inventory item is not stocked at the location"])
    if level.available is None:
        raise ApiError(422, ["Inventory item does not have inventory tracking enabled"])
    level.available += body.available_adjustment
    level.updated_at = store.now()
    return level


def set_available(store: Store, body: InventorySet) -> Level:
    """Set the absolute quantity, connecting the item to the location first if needed."""
    _check_refs(store, body.inventory_item_id, body.location_id)
    key = (body.inventory_item_id, body.location_id)
    level = store.levels.setdefault(key, Level(*key, None, store.now()))
    level.available = body.available
    level.updated_at = store.now()
    return level


def connect(store: Store, body: ConnectBody) -> Level:
    """Connect an item to another location; a single-location shop answers 403."""
    _check_refs(store, body.inventory_item_id, body.location_id)
    if not store.multi_location:
        raise forbidden("Shop does not have multi-location enabled")
    key = (body.inventory_item_id, body.location_id)
    return store.levels.setdefault(key, Level(*key, 0, store.now()))


def level_filter(q: Query) -> Callable[[Level], bool]:
    """At least one of ``inventory_item_ids`` / ``location_ids`` (max 50 each) is required."""
    items = q.id_list("inventory_item_ids", most=50)
    locations = q.id_list("location_ids", most=50)
    since = q.timestamp("updated_at_min")
    if items is None and locations is None:
        raise ApiError(422, {"base": ["inventory_item_ids or location_ids must be present"]})
    wanted_items = set(items) if items is not None else None
    wanted_locations = set(locations) if locations is not None else None
    return lambda level: (
        (wanted_items is None or level.inventory_item_id in wanted_items)
        and (wanted_locations is None or level.location_id in wanted_locations)
        and (since is None or level.updated_at >= since))
