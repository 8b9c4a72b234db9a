"""The orphan sweeper: synthetic records a crash (or an outage during cleanup) left behind.

It looks for, older than ``older_than_seconds`` and not belonging to a run still in flight:

- Shopify orders tagged ``seamwatch-synthetic`` but not ``seamwatch-cleaned`` (created in the
  last ``lookback_hours``): cancels them and deletes every ERP sales order carrying their
  name. Only once an order is twice ``older_than_seconds`` old is it tagged cleaned (and
  skipped from then on): a lagging bridge may still write its ERP copy after the first sweep;
- ERP sales orders whose ``externalDocumentNumber`` starts with ``SW-SYN-`` (the contract
  runner's synthetic writes): deletes them;
- item-ledger documents ``SW-INV-<ref>`` whose adjustment was never reversed: posts the
  reversal, so probe stock never drifts.

Every call goes through :class:`~seamwatch.probes.client.ProbeHttp`, so the sweeper keeps
to the same Shopify budget as the probes. A failure is counted, never raised.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from seamwatch.config.models import ProbeConfig
from seamwatch.core.clock import Clock
from seamwatch.probes.client import ProbeHttp, SystemLink, field_of, json_body
from seamwatch.probes.context import SYNTHETIC_PREFIX, SYNTHETIC_TAG
from seamwatch.probes.errors import StepFailed
from seamwatch.probes.kinds.inventory_roundtrip import INVENTORY_PREFIX
from seamwatch.probes.kinds.order_roundtrip import CLEANED_TAG
from seamwatch.probes.recorder import RunRecorder
from seamwatch.probes.systems_api import (
    erp_company_path,
    erp_delete_sales_order,
    erp_journal_id,
    erp_post_adjustment,
    erp_sales_orders,
    odata_literal,
    shopify_cancel_order,
)

__all__ = ["SweepReport", "sweep"]

_REF_TAG = re.compile(r"sw-ref-([0-9a-f]+)")
_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')
_MAX_PAGES = 20


@dataclass
class SweepReport:
    cancelled_orders: list[str] = field(default_factory=list)
    deleted_erp_orders: list[str] = field(default_factory=list)
    reverted_adjustments: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def cleaned(self) -> int:
        return len(self.cancelled_orders) + len(self.deleted_erp_orders) + len(self.reverted_adjustments)


def _pairs(config: ProbeConfig) -> set[tuple[str, str]]:
    return {(p.shopify, p.erp) for p in config.probes if p.kind != "http"}


async def sweep(config: ProbeConfig, links: dict[str, SystemLink], clock: Clock,
                in_flight: set[str] | frozenset[str] = frozenset()) -> SweepReport:
    """One sweep over every (shopify, erp) pair the probe file's round-trips use."""
    settings = config.service.sweeper
    http = ProbeHttp(links, RunRecorder(clock), clock)
    report = SweepReport()
    cutoff = clock.now() - timedelta(seconds=settings.older_than_seconds)
    since = clock.now() - timedelta(hours=settings.lookback_hours)
    settled = clock.now() - timedelta(seconds=2 * settings.older_than_seconds)
    for shop, erp in sorted(_pairs(config)):
        for task in (_shopify_orders(http, config, shop, erp, (cutoff, settled, since), in_flight, report),
                     _erp_synthetic(http, config, erp, cutoff, report),
                     _adjustments(http, config, erp, in_flight, report)):
            try:
                await task
            except StepFailed as exc:
                report.errors.append(f"{exc.classification}: {exc.message}")
    return report


async def _shopify_orders(http: ProbeHttp, config: ProbeConfig, shop: str, erp: str,
                          times: tuple[datetime, datetime, datetime], in_flight: Any,
                          report: SweepReport) -> None:
    cutoff, settled, since = times
    erp_system = config.systems[erp]
    for order in await _synthetic_orders(http, shop, cutoff, since):
        tags = [t.strip() for t in str(order.get("tags") or "").split(",")]
        ref = next((m.group(1) for t in tags if (m := _REF_TAG.fullmatch(t))), None)
        if CLEANED_TAG in tags or (ref is not None and ref in in_flight):
            continue
        if not order.get("cancelled_at"):
            await shopify_cancel_order(http, shop, int(order["id"]))
            report.cancelled_orders.append(str(order["name"]))
        for erp_order in await erp_sales_orders(http, erp, erp_system, str(order["name"])):
            await erp_delete_sales_order(http, erp, erp_system, erp_order)
            report.deleted_erp_orders.append(str(order["name"]))
        if _created(order) > settled:
            continue
        await http.request(shop, "PUT /orders/{order_id}.json", "PUT", f"/orders/{order['id']}.json",
                           json={"order": {"id": order["id"], "tags": ", ".join([*tags, CLEANED_TAG])}})


async def _synthetic_orders(http: ProbeHttp, shop: str, cutoff: datetime, since: datetime) -> list[dict[str, Any]]:
    op = "GET /orders.json (sweep)"
    params: dict[str, Any] | None = {
        "status": "any", "limit": 250, "fields": "id,name,tags,cancelled_at,created_at,test",
        "created_at_max": cutoff.isoformat(timespec="seconds"),
        "created_at_min": since.isoformat(timespec="seconds")}
    url, found = "/orders.json", []
    for _ in range(_MAX_PAGES):
        response = await http.request(shop, op, "GET", url, params=params)
        orders = field_of(json_body(response, op), op, "orders")
        found.extend(o for o in orders if SYNTHETIC_TAG in str(o.get("tags") or ""))
        nxt = _NEXT.search(response.headers.get("Link", ""))
        if nxt is None:
            break
        url, params = nxt.group(1), None
    return found


async def _erp_synthetic(http: ProbeHttp, config: ProbeConfig, erp: str, cutoff: datetime,
                         report: SweepReport) -> None:
    system = config.systems[erp]
    op = "GET salesOrders (sweep)"
    stamp = cutoff.strftime("%Y-%m-%dT%H:%M:%SZ")
    params = {"$filter": f"startswith(externalDocumentNumber,{odata_literal(SYNTHETIC_PREFIX)}) "
                         f"and lastModifiedDateTime lt {stamp}"}
    data = json_body(await http.request(erp, op, "GET", f"{erp_company_path(system)}/salesOrders",
                                        params=params), op)
    for order in field_of(data, op, "value"):
        await erp_delete_sales_order(http, erp, system, order)
        report.deleted_erp_orders.append(str(order.get("externalDocumentNumber")))


async def _adjustments(http: ProbeHttp, config: ProbeConfig, erp: str, in_flight: Any,
                       report: SweepReport) -> None:
    system = config.systems[erp]
    op = "GET itemLedgerEntries (sweep)"
    params = {"$filter": f"startswith(documentNumber,{odata_literal(INVENTORY_PREFIX)})"}
    data = json_body(await http.request(erp, op, "GET", f"{erp_company_path(system)}/itemLedgerEntries",
                                        params=params), op)
    net: dict[tuple[str, str], float] = defaultdict(float)
    for entry in field_of(data, op, "value"):
        document = str(entry.get("documentNumber") or "").removesuffix("-R")
        net[(document, str(entry.get("itemNumber")))] += float(entry.get("quantity") or 0)
    unbalanced = [(doc, item, qty) for (doc, item), qty in sorted(net.items())
                  if qty and doc.removeprefix(INVENTORY_PREFIX) not in {r[:10] for r in in_flight}]
    if not unbalanced:
        return
    journal = await erp_journal_id(http, erp, system)
    for document, item, quantity in unbalanced:
        await erp_post_adjustment(http, erp, system, journal, item, -int(quantity), f"{document}-R")
        report.reverted_adjustments.append(document)


def _created(order: dict[str, Any]) -> datetime:
    try:
        return datetime.fromisoformat(str(order.get("created_at")).replace("Z", "+00:00"))
    except ValueError:
        return datetime.max.replace(tzinfo=UTC)
