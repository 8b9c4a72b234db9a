from __future__ import annotations

from seamwatch.checks import Exchange, RunContext, integration_check


@integration_check("shopify-api-version-pinned", "X-Shopify-API-Version equals the pinned version", ("shopify",))
def check(exchange: Exchange, context: RunContext) -> str | None:
    """Shopify serves retired or unknown versions with HTTP 200 and the oldest supported
    version ("falls forward"). The only sign is this header, so it must name the pin."""
    served = exchange.header("x-shopify-api-version")
    if served is None:
        return "response has no X-Shopify-API-Version header"
    if served != context.pinned_version:
        return f"served API version {served!r}, pinned {context.pinned_version!r}: Shopify fell forward"
    return None
