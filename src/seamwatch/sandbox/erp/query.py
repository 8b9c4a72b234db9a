"""OData query options other than the filter grammar: parsing, ordering, paging, ``$select``.

Paging is server-driven as in BC: a page holds at most ``page_size`` entities and, when more
remain, ``@odata.nextLink`` repeats the query with a ``$skiptoken``. Without ``$orderby`` the
token is the last entity's insertion sequence (keyset paging: concurrent inserts land after
it and deletions do not shift it); with ``$orderby`` it is an offset into the sorted result.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from seamwatch.sandbox.erp.errors import bad_request
from seamwatch.sandbox.erp.odata_filter import FilterCompiler, Predicate

__all__ = ["Page", "QueryOptions", "apply_select", "next_link", "paginate", "parse_options"]

# The options this server understands; any other ``$`` option is refused, as BC does.
_LIST_OPTIONS = {"$filter", "$top", "$skip", "$select", "$expand", "$orderby", "$skiptoken"}
_ENTITY_OPTIONS = {"$select", "$expand"}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_EXPAND_ITEM = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\(.*\))?\s*$")
_MAX_INT32 = 2_147_483_647  # BC's OData parses $top/$skip as 32-bit integers


@dataclass(frozen=True, slots=True)
class QueryOptions:
    """Parsed OData query options of one request."""

    predicate: Predicate | None = None
    top: int | None = None
    skip: int = 0
    select: tuple[str, ...] | None = None
    expand: tuple[str, ...] = ()
    orderby: tuple[tuple[str, bool], ...] = ()  # (property, descending)
    skiptoken: str | None = None


def parse_options(
    params: Mapping[str, str],
    fields: Mapping[str, str],
    compiler: FilterCompiler,
    navigations: Iterable[str] = (),
    collection: bool = True,
) -> QueryOptions:
    """Validate and parse ``params``; unknown ``$`` options and bad values give 400."""
    allowed = _LIST_OPTIONS if collection else _ENTITY_OPTIONS
    for key in params:
        if key.startswith("$") and key not in allowed:
            raise bad_request(f"The query parameter '{key}' is not supported")
    text = params.get("$filter")
    return QueryOptions(
        predicate=None if text is None else compiler.compile(_non_empty("$filter", text)),
        top=_non_negative("$top", params.get("$top")),
        skip=_non_negative("$skip", params.get("$skip")) or 0,
        select=_select(params.get("$select"), fields),
        expand=_expand(params.get("$expand"), set(navigations)),
        orderby=_orderby(params.get("$orderby"), fields),
        skiptoken=params.get("$skiptoken"),
    )


def _non_empty(name: str, value: str) -> str:
    if not value.strip():
        raise bad_request(f"The query option {name} must not be empty")
    return value


def _non_negative(name: str, value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit()):  # rejects signs, decimals, "²" and the like
        raise bad_request(f"Invalid value '{value}' for {name}; expected a non-negative integer")
    if int(text) > _MAX_INT32:
        raise bad_request(f"The limit of '{_MAX_INT32}' for {name} has been exceeded")
    return int(text)


def _property(name: str, fields: Mapping[str, str], option: str) -> str:
    if not _NAME.match(name) or name not in fields:
        raise bad_request(
            f"Could not find a property named '{name}' ({option})", "BadRequest_NotFound"
        )
    return name


def _select(value: str | None, fields: Mapping[str, str]) -> tuple[str, ...] | None:
    if value is None:
        return None
    names = [part.strip() for part in _non_empty("$select", value).split(",")]
    return tuple(_property(name, fields, "$select") for name in names)


def _expand(value: str | None, navigations: set[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    found = []
    for part in _split_top_level(_non_empty("$expand", value)):
        match = _EXPAND_ITEM.match(part)
        if not match or match.group(1) not in navigations:
            raise bad_request(
                f"Could not find a navigation property named '{part.strip()}'",
                "BadRequest_NotFound",
            )
        # Nested options, e.g. salesOrderLines($select=...), are accepted but not applied.
        found.append(match.group(1))
    return tuple(dict.fromkeys(found))


def _split_top_level(text: str) -> list[str]:
    """Split on commas that are not inside parentheses."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def _orderby(value: str | None, fields: Mapping[str, str]) -> tuple[tuple[str, bool], ...]:
    if value is None:
        return ()
    keys = []
    for part in _non_empty("$orderby", value).split(","):
        words = part.split()
        if (
            not words
            or len(words) > 2
            or (len(words) == 2 and words[1].lower() not in ("asc", "desc"))
        ):
            raise bad_request(f"Invalid $orderby clause '{part.strip()}'")
        name = _property(words[0], fields, "$orderby")
        if fields[name] == "array":
            raise bad_request(f"Cannot order by '{name}'")
        keys.append((name, len(words) == 2 and words[1].lower() == "desc"))
    return tuple(keys)


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[dict[str, Any]]
    next_params: dict[str, str] | None  # query for @odata.nextLink, None on the last page


def paginate(
    rows: Iterable[tuple[int, dict[str, Any]]],
    options: QueryOptions,
    params: Mapping[str, str],
    page_size: int,
) -> Page:
    """Filter, order and cut one page from ``(sequence, entity)`` pairs in insertion order."""
    predicate = options.predicate
    selected = [(seq, row) for seq, row in rows if predicate is None or predicate(row)]
    limit = page_size if options.top is None else min(page_size, options.top)
    if options.orderby:
        ordered = _sorted(selected, options.orderby)
        start = _token(options.skiptoken, "o") if options.skiptoken else options.skip
        window = ordered[start : start + limit]
        more = start + len(window) < len(ordered)
        token = f"o{start + len(window)}"
    else:
        if options.skiptoken:
            after = _token(options.skiptoken, "k")
            selected = [pair for pair in selected if pair[0] > after]
        else:
            selected = selected[options.skip :]
        window = selected[:limit]
        more = len(window) < len(selected)
        token = f"k{window[-1][0]}" if window else ""
    if options.top is not None:
        more = more and len(window) < options.top
    out = [row for _, row in window]
    return Page(out, _next_params(params, options, len(out), token) if more else None)


def _token(value: str, kind: str) -> int:
    if len(value) < 2 or value[0] != kind or not value[1:].isdigit():
        raise bad_request("Invalid $skiptoken")
    return int(value[1:])


def _sorted(
    pairs: list[tuple[int, dict[str, Any]]], keys: tuple[tuple[str, bool], ...]
) -> list[tuple[int, dict[str, Any]]]:
    # Stable sorts from the last key to the first; the insertion sequence breaks ties.
    ordered = sorted(pairs, key=lambda pair: pair[0])
    for name, descending in reversed(keys):
        ordered.sort(key=_sort_key(name), reverse=descending)
    return ordered


def _sort_key(name: str) -> Callable[[tuple[int, dict[str, Any]]], tuple[bool, Any]]:
    # Nulls sort first ascending (OData) and never meet a real value in a comparison.
    def key(pair: tuple[int, dict[str, Any]]) -> tuple[bool, Any]:
        value = pair[1].get(name)
        return (False, 0) if value is None else (True, value)

    return key


def _next_params(
    params: Mapping[str, str], options: QueryOptions, returned: int, token: str
) -> dict[str, str]:
    query = {k: v for k, v in params.items() if k not in ("$skip", "$top", "$skiptoken")}
    if options.top is not None:
        query["$top"] = str(options.top - returned)
    query["$skiptoken"] = token
    return query


def next_link(base: str, query: Mapping[str, str]) -> str:
    """Absolute next-page URL; follow it verbatim."""
    return f"{base}?{urlencode(query)}"


def apply_select(entity: dict[str, Any], options: QueryOptions) -> dict[str, Any]:
    """Keep ``@odata.etag``, the selected properties and expanded navigations."""
    if options.select is None:
        return entity
    keep = {"@odata.etag", *options.select, *options.expand}
    return {k: v for k, v in entity.items() if k in keep}
