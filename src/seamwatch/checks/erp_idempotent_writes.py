from __future__ import annotations

import json

from seamwatch.checks import Exchange, RunContext, integration_check


@integration_check("erp-no-duplicate-external-document", "An ERP write replayed with the same externalDocumentNumber creates no duplicate", ("erp",))
def check(exchange: Exchange, context: RunContext) -> str | None:
    """After a sales order is created, exactly one sales order carries its
    ``externalDocumentNumber``. Business Central itself does not enforce this; the
    integration must (look up before create), so a replayed or duplicated write shows here."""
    if exchange.operation_id != "createSalesOrder" or exchange.status != 201 or exchange.follow_up is None:
        return None
    body = exchange.json() or {}
    ref = body.get("externalDocumentNumber")
    if not ref:
        return None
    quoted = str(ref).replace("'", "''")
    status, _, raw = exchange.follow_up(
        "GET", exchange.path, params={"$filter": f"externalDocumentNumber eq '{quoted}'"})
    if status != 200:
        return None  # the lookup itself failing is reported by the other checks
    found = json.loads(raw or b"{}").get("value", [])
    if len(found) > 1:
        return f"{len(found)} sales orders carry externalDocumentNumber {ref!r}"
    return None
