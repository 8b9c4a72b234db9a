from __future__ import annotations

from email.utils import parsedate_to_datetime

from seamwatch.checks import Exchange, RunContext, integration_check


@integration_check("retry-after-on-429", "Every 429 carries a valid Retry-After", ("shopify", "erp"))
def check(exchange: Exchange, context: RunContext) -> str | None:
    """Clients back off by ``Retry-After``; a 429 without one invites a retry storm. Shopify
    sends seconds as a float (``2.0``); HTTP also allows a date."""
    if exchange.status != 429:
        return None
    value = exchange.header("retry-after")
    if value is None:
        return "429 without a Retry-After header"
    try:
        if float(value) < 0:
            return f"Retry-After {value!r} is negative"
        return None
    except ValueError:
        pass
    try:
        parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return f"Retry-After {value!r} is neither seconds nor an HTTP date"
    return None
