"""Strict query-parameter parsing. Every malformed value is a 400 keyed by the parameter.

Unknown parameters are ignored, as Shopify does; ``page`` (removed in 2019-07) is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from seamwatch.sandbox.shopify.errors import ApiError, bad_request
from seamwatch.sandbox.shopify.formats import is_uri, parse_timestamp
from seamwatch.sandbox.shopify.pagination import Cursor, decode_cursor

__all__ = ["MAX_ID", "PageRequest", "Query", "parse_id"]

MAX_ID = 2**63 - 1  # ids are int64
_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
_ID_LIST = re.compile(r"[0-9]+(,[0-9]+)*", re.ASCII)
PAGING = frozenset({"limit", "page_info", "fields"})


def parse_id(text: str) -> int | None:
    """A path or query id: a positive int64 in plain digits, else None."""
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


class Query:
    """The query string as ``name -> [values]``, with typed, validating getters."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.values: dict[str, list[str]] = {}
        for name, value in pairs:
            self.values.setdefault(name, []).append(value)

    def names(self) -> set[str]:
        """The parameter names present."""
        return set(self.values)

    def get(self, name: str) -> str | None:
        """The single value of ``name``; repeating a parameter is a 400."""
        values = self.values.get(name)
        if values is None:
            return None
        if len(values) > 1:
            raise bad_request(name, "must be given once")
        return values[0]

    def integer(self, name: str, low: int, high: int) -> int | None:
        """An integer in ``[low, high]`` written in plain digits."""
        text = self.get(name)
        if text is None:
            return None
        if not _INTEGER.fullmatch(text) or not low <= int(text) <= high:
            raise bad_request(name, f"must be an integer between {low} and {high}")
        return int(text)

    def id(self, name: str) -> int | None:
        """A positive int64 id (e.g. ``since_id``)."""
        return self.integer(name, 1, MAX_ID)

    def id_list(self, name: str, most: int | None = None) -> list[int] | None:
        """Comma-separated ids (``1,2,3``); at most ``most`` of them."""
        text = self.get(name)
        if text is None:
            return None
        if not _ID_LIST.fullmatch(text):
            raise bad_request(name, "must be a comma-separated list of ids")
        ids = [int(part) for part in text.split(",")]
        if most is not None and len(ids) > most:
            raise bad_request(name, f"must list at most {most} ids")
        return ids

    def timestamp(self, name: str) -> datetime | None:
        """An RFC 3339 date-time with an offset."""
        text = self.get(name)
        if text is None:
            return None
        moment = parse_timestamp(text)
        if moment is None:
            raise bad_request(name, "must be an ISO 8601 date-time with an offset")
        return moment

    def uri(self, name: str) -> str | None:
        """An absolute URI (RFC 3986)."""
        text = self.get(name)
        if text is not None and not is_uri(text):
            raise bad_request(name, "must be an absolute URI")
        return text

    def choice(self, name: str, choices: Iterable[str], default: str | None = None) -> str | None:
        """One of ``choices``, or ``default`` when absent."""
        text = self.get(name)
        if text is None:
            return default
        allowed = tuple(choices)
        if text not in allowed:
            raise bad_request(name, "must be one of " + ", ".join(allowed))
        return text

    def fields(self) -> list[str] | None:
        """The ``fields`` list, or None when absent."""
        text = self.get("fields")
        return None if text is None else [f.strip() for f in text.split(",") if f.strip()]


@dataclass(slots=True)
class PageRequest:
    """``limit``, the cursor (if any) and the filters that apply to this page."""

    resource: str  # names the listing a cursor belongs to
    limit: int
    cursor: Cursor | None
    filters: Query
    raw_filters: dict[str, str]
    fields: list[str] | None
    fields_text: str | None

    @classmethod
    def parse(cls, query: Query, resource: str, filter_names: Iterable[str]) -> PageRequest:
        """Validate paging; with ``page_info`` the filters come from the cursor, not the URL."""
        if "page" in query.values:
            raise bad_request("page", "page cannot be passed; use page_info (cursor pagination)")
        limit = query.integer("limit", 1, 250) or 50
        fields_text = query.get("fields")
        page_info = query.get("page_info")
        if page_info is None:
            raw = {n: v for n in filter_names if (v := query.get(n)) is not None}
            return cls(resource, limit, None, Query(raw.items()), raw, query.fields(), fields_text)
        extra = sorted(query.names() - PAGING)
        if extra:
            raise ApiError(400, {"page_info": [
                "only limit and fields may accompany page_info; remove: " + ", ".join(extra)]})
        if not page_info:
            raise bad_request("page_info", "Invalid value.")
        cursor = decode_cursor(page_info, resource)
        return cls(resource, limit, cursor, Query(cursor.filters.items()), cursor.filters,
                   query.fields(), fields_text)
