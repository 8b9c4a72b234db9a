from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from seamwatch.checks import Exchange, RunContext, integration_check

_PART = re.compile(r'^\s*<([^>]+)>\s*;\s*rel="(next|previous)"\s*$')


@integration_check("pagination-link-header", "List endpoints carry a well-formed Link header", ("shopify",))
def check(exchange: Exchange, context: RunContext) -> str | None:
    """A list response's ``Link`` header is RFC 8288 with ``rel="next"``/``"previous"``
    cursors carrying ``page_info``; a page shorter than ``limit`` has no ``next``."""
    if exchange.operation_id not in context.list_operations or not 200 <= exchange.status < 300:
        return None
    link = exchange.header("link")
    if link is None:
        return None
    rels = []
    for part in link.split(","):
        match = _PART.match(part)
        if not match:
            return f"Link header part {part.strip()!r} is not <url>; rel=\"next|previous\""
        url, rel = match.groups()
        if "page_info" not in parse_qs(urlsplit(url).query):
            return f"Link rel={rel} URL has no page_info cursor"
        rels.append(rel)
    if len(rels) != len(set(rels)):
        return "Link header repeats a rel"
    limit = exchange.request_query.get("limit")
    body = exchange.json()
    items = next((v for v in body.values() if isinstance(v, list)), None) if isinstance(body, dict) else None
    if "next" in rels and items is not None and str(limit).isdigit() and len(items) < int(limit):
        return f"rel=next on a page of {len(items)} items, shorter than limit={limit}"
    return None
