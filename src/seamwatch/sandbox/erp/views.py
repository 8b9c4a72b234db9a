"""Shared plumbing of the handlers: collection and entity replies, lookups, If-Match."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import Response

from seamwatch.sandbox.erp.api import JsonReply, RequestContext
from seamwatch.sandbox.erp.errors import ApiError, not_found
from seamwatch.sandbox.erp.query import (
    QueryOptions,
    apply_select,
    next_link,
    paginate,
    parse_options,
)
from seamwatch.sandbox.erp.store import EntitySet

__all__ = [
    "Expander",
    "check_etag",
    "entity_reply",
    "find",
    "list_reply",
    "no_content",
    "require_if_match",
]

Expander = Callable[[RequestContext, dict[str, Any], QueryOptions], dict[str, Any]]


def list_reply(
    ctx: RequestContext,
    entities: EntitySet,
    path: str,
    rows: list[tuple[int, dict[str, Any]]] | None = None,
    expand: Expander | None = None,
) -> JsonReply:
    options = parse_options(ctx.query, entities.fields, entities.filters, entities.navigations)
    page = paginate(
        entities.with_sequence() if rows is None else rows, options, ctx.query, ctx.page_size
    )
    values = [
        apply_select(expand(ctx, row, options) if expand else row, options) for row in page.rows
    ]
    body: dict[str, Any] = {"@odata.context": ctx.context_url(path), "value": values}
    if page.next_params is not None:
        body["@odata.nextLink"] = next_link(ctx.url, page.next_params)
    return JsonReply(body)


def entity_reply(
    ctx: RequestContext,
    entities: EntitySet,
    row: dict[str, Any],
    path: str,
    expand: Expander | None = None,
    status: int = 200,
    query: bool = True,
) -> JsonReply:
    """One entity; ``query`` applies ``$select``/``$expand`` (GET only)."""
    if query:
        options = parse_options(
            ctx.query, entities.fields, entities.filters, entities.navigations, collection=False
        )
        row = apply_select(expand(ctx, row, options) if expand else row, options)
    headers = {"Location": f"{ctx.company_url()}/{path}({row['id']})"} if status == 201 else None
    return JsonReply({"@odata.context": ctx.context_url(f"{path}/$entity"), **row}, status, headers)


def find(entities: EntitySet, key: str) -> dict[str, Any]:
    row = entities.get(key)
    if row is None:
        raise not_found(f"The {entities.name} record '{key}' does not exist")
    return row


def require_if_match(ctx: RequestContext) -> str:
    """The required ``If-Match`` token; checked before the lookup, like a missing header."""
    value = ctx.request.headers.get("if-match", "").strip()
    if not value:
        raise ApiError(
            400,
            "BadRequest_InvalidToken",
            "Could not validate the client concurrency token required by the service. "
            "Please provide a valid token in the client request",
        )
    return value


def check_etag(ctx: RequestContext, token: str, row: dict[str, Any]) -> None:
    if token == "*":
        return
    if row["@odata.etag"] not in {part.strip() for part in token.split(",")}:
        raise ApiError(
            ctx.stale_etag_status,
            "Request_EntityChanged",
            "Another user has already changed the record",
        )


def no_content() -> Response:
    return Response(status_code=204)
