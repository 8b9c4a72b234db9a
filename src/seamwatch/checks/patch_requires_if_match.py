from __future__ import annotations

from seamwatch.checks import Exchange, RunContext, integration_check


@integration_check("patch-requires-if-match", "PATCH without If-Match is refused", ("erp",))
def check(exchange: Exchange, context: RunContext) -> str | None:
    """Business Central requires ``If-Match`` on PATCH (and DELETE) so that a write never
    silently overwrites another user's change. After an accepted PATCH, the same request
    without ``If-Match`` must be refused with a 4xx."""
    if exchange.method.upper() != "PATCH" or not 200 <= exchange.status < 300 or exchange.follow_up is None:
        return None
    headers = {k: v for k, v in exchange.request_headers.items() if k.lower() != "if-match"}
    status, _, _ = exchange.follow_up("PATCH", exchange.path, headers=headers, json=exchange.request_body)
    if not 400 <= status < 500:
        return f"PATCH without If-Match answered {status}, expected a 4xx refusal"
    return None
