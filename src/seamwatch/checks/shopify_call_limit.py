from __future__ import annotations

import re

from seamwatch.checks import Exchange, RunContext, integration_check

_CALL_LIMIT = re.compile(r"^(\d+)/(\d+)$")


@integration_check("shopify-call-limit-header", "X-Shopify-Shop-Api-Call-Limit is well formed", ("shopify",))
def check(exchange: Exchange, context: RunContext) -> str | None:
    """Every response reports the leaky bucket as ``used/size`` with used <= size; pacing
    (ours and the integration's) depends on it."""
    value = exchange.header("x-shopify-shop-api-call-limit")
    if value is None:
        return "response has no X-Shopify-Shop-Api-Call-Limit header"
    match = _CALL_LIMIT.match(value.strip())
    if not match:
        return f"X-Shopify-Shop-Api-Call-Limit {value!r} is not 'used/size'"
    used, size = int(match.group(1)), int(match.group(2))
    if size == 0 or used > size:
        return f"X-Shopify-Shop-Api-Call-Limit {value!r}: used exceeds the bucket size"
    return None
