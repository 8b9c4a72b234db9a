"""Cursor pagination: opaque ``page_info`` cursors and RFC 8288 ``Link`` headers.

A cursor is base64url JSON of the resource, the direction, the anchor record id and the
filters of the first request, so a request that carries ``page_info`` needs (and may add)
nothing but ``limit`` and ``fields``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

from seamwatch.sandbox.shopify.errors import ApiError

__all__ = ["Cursor", "Page", "decode_cursor", "encode_cursor", "link_header", "paginate"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page starts: after (``next``) or before (``previous``) the anchor record."""

    resource: str
    direction: str  # "next" | "previous"
    anchor: int
    filters: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Page:
    """The records of one page and the cursors of its neighbours (None at the ends)."""

    items: list[Any]
    next: Cursor | None
    previous: Cursor | None


def encode_cursor(cursor: Cursor) -> str:
    """The opaque ``page_info`` text for ``cursor``."""
    raw = json.dumps({"r": cursor.resource, "d": cursor.direction, "a": cursor.anchor,
                      "f": cursor.filters}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(text: str, resource: str) -> Cursor:
    """Parse ``page_info``; anything we did not issue for ``resource`` is a 400."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        data = json.loads(raw)
        cursor = Cursor(data["r"], data["d"], data["a"], data["f"])
    except (ValueError, binascii.Error, KeyError, TypeError):
        raise ApiError(400, {"page_info": ["Invalid value."]}) from None
    valid = (cursor.resource == resource and cursor.direction in ("next", "previous")
             and type(cursor.anchor) is int and isinstance(cursor.filters, dict)
             and all(isinstance(v, str) for v in cursor.filters.values()))
    if not valid:
        raise ApiError(400, {"page_info": ["Invalid value."]})
    return cursor


def paginate(records: Sequence[T], key: Callable[[T], int], limit: int, resource: str,
             filters: dict[str, str], cursor: Cursor | None) -> Page:
    """One page of ``records`` (already filtered and sorted ascending by ``key``).

    ``key`` maps a record to a sort position (e.g. ``-id`` for newest first); cursors anchor on
    it, so records inserted or deleted between pages never make a walk repeat or skip one.
    """
    if cursor is None:
        window = list(records[:limit])
    elif cursor.direction == "next":
        window = [r for r in records if key(r) > cursor.anchor][:limit]
    else:
        before = [r for r in records if key(r) < cursor.anchor]
        window = before[-limit:]
    if not window:
        return Page([], None, None)
    first, last = key(window[0]), key(window[-1])
    has_previous = bool(records) and key(records[0]) < first
    has_next = bool(records) and key(records[-1]) > last
    return Page(
        window,
        Cursor(resource, "next", last, filters) if has_next else None,
        Cursor(resource, "previous", first, filters) if has_previous else None,
    )


def link_header(base_url: str, page: Page, limit: int, fields: str | None) -> str | None:
    """``<url?limit=N&page_info=X>; rel="previous", <...>; rel="next"``, or None for one page."""
    links = []
    for rel, cursor in (("previous", page.previous), ("next", page.next)):
        if cursor is None:
            continue
        query: dict[str, Any] = {"limit": limit, "page_info": encode_cursor(cursor)}
        if fields is not None:
            query["fields"] = fields
        links.append(f'<{base_url}?{urlencode(query)}>; rel="{rel}"')
    return ", ".join(links) or None
