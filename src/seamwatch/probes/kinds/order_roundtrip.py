"""``order_roundtrip``: a synthetic Shopify order must reach the ERP, on time and intact.

1. ``create_order``: ``test: true``, tag ``seamwatch-synthetic`` plus a per-run reference
   tag, the probe SKU; paced to the shop's new-order limit.
2. ``wait_erp``: adaptive polling of ``salesOrders`` by ``externalDocumentNumber``
   (the Shopify order name, per ``contracts/mappings/order.yaml``); never -> ``missing``.
3. the sync lag (see :mod:`seamwatch.probes.polling`); above ``late_after_seconds`` -> ``late``.
4. ``compare``: both sides mapped to the canonical order through the mapping; any
   difference in totals, currency, lines, SKUs or quantities -> ``data_mismatch``, as are
   two ERP orders for one Shopify order (a duplicate write).
5. ``cleanup``, always: cancel the Shopify order, delete every ERP order carrying its
   number, mark the Shopify order cleaned. A failure here is ``cleanup_failed`` (or noted in
   the message when an earlier step already failed); the orphan sweeper retries it later.
"""

from __future__ import annotations

from typing import Any

from seamwatch.config.probes import OrderRoundtripProbe
from seamwatch.probes.client import field_of, json_body
from seamwatch.probes.compare import order_differences
from seamwatch.probes.context import SYNTHETIC_TAG, Outcome, ProbeContext
from seamwatch.probes.errors import StepFailed
from seamwatch.probes.kinds import probe_kind
from seamwatch.probes.polling import lag_from_stamp, poll_until
from seamwatch.probes.systems_api import (
    erp_delete_sales_order,
    erp_sales_orders,
    shopify_cancel_order,
    shopify_variant,
)

__all__ = ["CLEANED_TAG", "run_order_roundtrip", "synthetic_tags"]

CLEANED_TAG = "seamwatch-cleaned"


def synthetic_tags(reference: str, *extra: str) -> str:
    return ", ".join([SYNTHETIC_TAG, f"sw-ref-{reference}", *extra])


@probe_kind("order_roundtrip")
async def run_order_roundtrip(probe: OrderRoundtripProbe, ctx: ProbeContext) -> Outcome:
    order: dict[str, Any] | None = None
    outcome: Outcome | None = None
    try:
        order, sent_wall, sent_mono = await _create(probe, ctx)
        erp_order, found = await _wait(probe, ctx, order["name"], sent_mono)
        lag_ms, source = lag_from_stamp(erp_order.get("lastModifiedDateTime"), sent_wall, found, sent_mono)
        outcome = Outcome(sync_lag_ms=lag_ms, direction="shopify_to_erp",
                          message=f"{order['name']} in the ERP after {lag_ms / 1000:.3f} s "
                                  f"({source}, {found.reads} reads)",
                          details={"order": order["name"], "lag_source": source, "erp_reads": found.reads})
        await _compare(probe, ctx, order, outcome)
        if lag_ms > probe.late_after_seconds * 1000.0:
            outcome.classification = "late"
            outcome.message += f"; later than late_after_seconds={probe.late_after_seconds:g}"
        return outcome
    finally:
        if order is not None:
            await _cleanup(probe, ctx, order, outcome)


async def _create(probe: OrderRoundtripProbe, ctx: ProbeContext) -> tuple[dict[str, Any], Any, float]:
    async with ctx.step("create_order"):
        variant = ctx.cache.get(f"variant:{probe.shopify}:{probe.sku}")
        if variant is None:
            variant = await shopify_variant(ctx.http, probe.shopify, probe.sku)
            ctx.cache[f"variant:{probe.shopify}:{probe.sku}"] = variant
        pacer = ctx.http.links[probe.shopify].pacer
        if pacer is not None:
            await pacer.acquire()
        body = {"order": {
            "line_items": [{"variant_id": variant["id"], "quantity": probe.quantity}],
            "test": True, "tags": synthetic_tags(ctx.reference),
            "note": f"seamwatch synthetic probe {probe.name} ({ctx.reference}); safe to ignore",
            "send_receipt": False, "send_fulfillment_receipt": False,
            "inventory_behaviour": "bypass",
        }}
        op = "POST /orders.json"
        response = await ctx.http.request(probe.shopify, op, "POST", "/orders.json", json=body, ok=(201,))
        # The lag starts when the create left, not before the budget made it wait.
        assert ctx.http.last_sent is not None
        sent_wall, sent_mono = ctx.http.last_sent
        answer = json_body(response, op)
        order = dict(field_of(answer, op, "order"))
        for key in ("id", "name"):
            field_of(order, op, key)
        if ctx.expect_webhook is not None:
            ctx.expect_webhook("orders/create", str(order["name"]))
        return order, sent_wall, sent_mono


async def _wait(probe: OrderRoundtripProbe, ctx: ProbeContext, name: str, started: float) -> Any:
    erp_system = ctx.config.systems[probe.erp]

    async def read() -> dict[str, Any] | None:
        found = await erp_sales_orders(ctx.http, probe.erp, erp_system, name)
        return found[0] if found else None

    async with ctx.step("wait_erp"):
        found = await poll_until(read, clock=ctx.clock, poll=probe.poll, started=started,
                                 timeout_seconds=probe.timeout_seconds, what=f"ERP sales order {name}")
        return found.value, found


async def _compare(probe: OrderRoundtripProbe, ctx: ProbeContext, order: dict[str, Any],
                   outcome: Outcome) -> None:
    async with ctx.step("compare"):
        # Read again with lines: the full record, and a late duplicate has had time to land.
        erp_orders = await erp_sales_orders(ctx.http, probe.erp, ctx.config.systems[probe.erp],
                                            str(order["name"]), expand_lines=True)
        if len(erp_orders) > 1:
            raise StepFailed("data_mismatch", f"{len(erp_orders)} ERP sales orders carry "
                                              f"externalDocumentNumber {order['name']} (a duplicate write)")
        if not erp_orders:
            raise StepFailed("missing", f"ERP sales order {order['name']} disappeared after it was seen")
        differences = order_differences(order, erp_orders[0])
        if differences:
            raise StepFailed("data_mismatch", f"{order['name']}: " + "; ".join(differences))


async def _cleanup(probe: OrderRoundtripProbe, ctx: ProbeContext, order: dict[str, Any],
                   outcome: Outcome | None) -> None:
    try:
        async with ctx.step("cleanup"):
            await shopify_cancel_order(ctx.http, probe.shopify, int(order["id"]))
            erp_system = ctx.config.systems[probe.erp]
            erp_orders = await erp_sales_orders(ctx.http, probe.erp, erp_system, str(order["name"]))
            for erp_order in erp_orders:
                await erp_delete_sales_order(ctx.http, probe.erp, erp_system, erp_order)
            # A duplicate written a moment after the compare read is still a duplicate.
            if len(erp_orders) > 1 and outcome is not None and outcome.classification in (None, "late"):
                outcome.classification = "data_mismatch"
                outcome.message = (f"{len(erp_orders)} ERP sales orders carry externalDocumentNumber "
                                   f"{order['name']} (a duplicate write, seen at cleanup)")
            await ctx.http.request(probe.shopify, "PUT /orders/{order_id}.json", "PUT",
                                   f"/orders/{order['id']}.json", json={"order": {
                                       "id": order["id"], "tags": synthetic_tags(ctx.reference, CLEANED_TAG)}})
    except StepFailed as exc:
        if outcome is not None and outcome.classification is None:
            outcome.classification = "cleanup_failed"
            outcome.message = f"cleanup failed: {exc.message}"
        elif outcome is not None:
            outcome.message += f"; cleanup failed too: {exc.message}"
        else:
            ctx.notes["cleanup_error"] = exc.message
