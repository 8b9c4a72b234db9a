"""Reference data for positive cases: schema-valid is not the same as *existing*.

A generated ``customerNumber`` or ``variant_id`` is valid by the schema but names a record
that almost never exists, and the real systems refuse it (400/422), which Schemathesis'
``positive_data_acceptance`` would report as "valid data rejected". So, before a run, the
runner reads a few real records (read-only list calls) and points the *positive* parts of each
generated case at them; client-chosen keys are made unique. Negative cases go out untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from seamwatch.core.http import HttpSettings, build_client

__all__ = ["References", "discover_references"]

# field name -> (reference key); "lineObjectNumber" only for Item lines.
_ERP_FIELDS = {
    "customerNumber": "customer.number", "customerId": "customer.id",
    "itemNumber": "item.number", "itemId": "item.id", "lineObjectNumber": "item.number",
    "journalBatchName": "journal.code", "locationCode": "location.code",
}
# Client-chosen keys: left out, so the ERP assigns them (as BC does from its number series).
# Unique values would not survive Schemathesis replaying a case; leaving them out does.
_ERP_SERVER_KEYS = ("number", "sequence", "lineNumber")
# Optional references with no list endpoint in the contract to discover a real value from.
_ERP_UNDISCOVERABLE = ("currencyId", "accountId", "itemVariantId", "taxCode")
_SHOPIFY_FIELDS = {"variant_id": "variant.id", "location_id": "location.id",
                   "inventory_item_id": "variant.inventory_item_id"}


@dataclass
class References:
    system: str
    values: dict[str, Any] = field(default_factory=dict)

    def repair_body(self, operation_id: str | None, body: Any) -> None:
        if self.system == "erp":
            self._erp(operation_id, body)
        else:
            self._walk(body, _SHOPIFY_FIELDS)

    def repair_headers(self, headers: dict[str, Any] | None) -> None:
        # A generated or example etag is stale by construction; '*' means "whatever is there".
        if headers and "If-Match" in headers:
            headers["If-Match"] = "*"

    def _erp(self, operation_id: str | None, body: Any) -> None:
        if not isinstance(body, dict):
            return
        for key in (*_ERP_SERVER_KEYS, *_ERP_UNDISCOVERABLE):
            if key in body and not (key == "number" and operation_id == "updateItem"):
                del body[key]
        self._walk(body, _ERP_FIELDS)
        for line in body.get("salesOrderLines") or []:
            self._erp(None, line)

    def _walk(self, node: Any, fields: dict[str, str]) -> None:
        if isinstance(node, list):
            for item in node:
                self._walk(item, fields)
        elif isinstance(node, dict):
            for key, value in list(node.items()):
                ref = fields.get(key)
                if ref in self.values and not (key == "lineObjectNumber" and node.get("lineType", "Item") != "Item"):
                    node[key] = self.values[ref]
                elif isinstance(value, (dict, list)):
                    self._walk(value, fields)


def _first(client: httpx.Client, url: str, key: str, params: dict[str, str] | None = None) -> dict[str, Any] | None:
    try:
        reply = client.get(url, params=params)
        items = reply.json().get(key) if reply.status_code == 200 else None
    except (httpx.HTTPError, ValueError, AttributeError):
        return None
    return items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else None


def discover_references(system: str, base_url: str, headers: dict[str, str],
                        parameters: dict[str, str], timeout: float) -> References:
    """Read one real record of each referenced kind. Missing kinds are simply not repaired."""
    refs = References(system)
    with build_client(headers=headers, settings=HttpSettings(timeout=timeout)) as client:
        lookups: list[tuple[str, Callable[[], dict[str, Any] | None]]]
        if system == "erp":
            company = f"{base_url}/v2.0/companies({parameters.get('companyId', '')})"
            journals = f"{base_url}/seamwatch/inventory/v1.0/companies({parameters.get('companyId', '')})/itemJournals"
            lookups = [("customer", lambda: _first(client, f"{company}/customers", "value", {"$top": "1"})),
                       ("item", lambda: _first(client, f"{company}/items", "value", {"$top": "1", "$filter": "type eq 'Inventory'"})),
                       ("location", lambda: _first(client, f"{company}/locations", "value", {"$top": "1"})),
                       ("journal", lambda: _first(client, journals, "value", {"$top": "1"}))]
        else:
            lookups = [("location", lambda: _first(client, f"{base_url}/locations.json", "locations")),
                       ("product", lambda: _first(client, f"{base_url}/products.json", "products", {"limit": "1"}))]
        for kind, lookup in lookups:
            record = lookup()
            if record:
                _remember(refs, kind, record)
    return refs


def _remember(refs: References, kind: str, record: dict[str, Any]) -> None:
    if kind == "product":
        variants = record.get("variants") or []
        if variants and isinstance(variants[0], dict):
            kind, record = "variant", variants[0]
        else:
            return
    for key, value in record.items():
        if not isinstance(value, (dict, list)):
            refs.values[f"{kind}.{key}"] = value
