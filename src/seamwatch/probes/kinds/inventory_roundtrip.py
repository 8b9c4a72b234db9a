"""``inventory_roundtrip``: an ERP stock change must reach Shopify.

1. ``adjust_erp``: read the probe item's stock, post an item-journal adjustment
   (``adjustment``, document ``SW-INV-<reference>``) through the custom journal API.
2. ``wait_shopify``: poll the Shopify inventory level of the probe SKU at the location
   until it shows the new ERP figure; never -> ``missing``. The lag is the poll midpoint
   (Shopify stamps levels to the second only).
3. ``cleanup``, always once the adjustment was posted: post the reverse adjustment
   (document ``SW-INV-<reference>-R``). A failure is ``cleanup_failed``; the orphan
   sweeper finds the unbalanced document later and reverts it.
"""

from __future__ import annotations

from typing import Any

from seamwatch.config.probes import InventoryRoundtripProbe
from seamwatch.probes.client import field_of, json_body
from seamwatch.probes.context import Outcome, ProbeContext
from seamwatch.probes.errors import StepFailed
from seamwatch.probes.kinds import probe_kind
from seamwatch.probes.polling import poll_until
from seamwatch.probes.systems_api import (
    erp_find_item,
    erp_journal_id,
    erp_post_adjustment,
    shopify_first_location,
    shopify_variant,
)

__all__ = ["INVENTORY_PREFIX", "run_inventory_roundtrip"]

# Business Central document numbers are Code[20]: prefix (7) + 10 hex + "-R" (2) = 19.
INVENTORY_PREFIX = "SW-INV-"


@probe_kind("inventory_roundtrip")
async def run_inventory_roundtrip(probe: InventoryRoundtripProbe, ctx: ProbeContext) -> Outcome:
    targets = await _targets(probe, ctx)
    document = f"{INVENTORY_PREFIX}{ctx.reference[:10]}"
    posted = False
    outcome: Outcome | None = None
    try:
        async with ctx.step("adjust_erp"):
            erp_system = ctx.config.systems[probe.erp]
            item = await erp_find_item(ctx.http, probe.erp, erp_system, probe.item_number)
            expected = int(float(field_of(item, "GET items", "inventory"))) + probe.adjustment
            started = ctx.clock.monotonic()
            await erp_post_adjustment(ctx.http, probe.erp, erp_system, targets["journal"],
                                      probe.item_number, probe.adjustment, document)
            posted = True
            if ctx.expect_webhook is not None:
                ctx.expect_webhook("inventory_levels/update",
                                   f"{targets['inventory_item_id']}:{expected}")
        found = await _wait(probe, ctx, targets, expected, started)
        lag_ms = ((found.last_miss_at + found.found_at) / 2.0 - started) * 1000.0
        outcome = Outcome(sync_lag_ms=max(0.0, lag_ms), direction="erp_to_shopify",
                          message=f"Shopify shows {expected} after {lag_ms / 1000:.3f} s "
                                  f"(poll midpoint, {found.reads} reads)",
                          details={"expected": expected, "shopify_reads": found.reads})
        return outcome
    finally:
        if posted:
            await _revert(probe, ctx, targets, document, outcome)


async def _targets(probe: InventoryRoundtripProbe, ctx: ProbeContext) -> dict[str, Any]:
    """Ids that do not change between runs: looked up once, then cached."""
    key = f"inventory:{probe.name}"
    if key not in ctx.cache:
        async with ctx.step("resolve"):
            variant = await shopify_variant(ctx.http, probe.shopify, probe.item_number)
            location = probe.location_id or await shopify_first_location(ctx.http, probe.shopify)
            journal = await erp_journal_id(ctx.http, probe.erp, ctx.config.systems[probe.erp])
            ctx.cache[key] = {"inventory_item_id": int(field_of(variant, "variant", "inventory_item_id")),
                              "location_id": int(location), "journal": journal}
    return dict(ctx.cache[key])


async def _wait(probe: InventoryRoundtripProbe, ctx: ProbeContext, targets: dict[str, Any],
                expected: int, started: float) -> Any:
    op = "GET /inventory_levels.json"
    params = {"inventory_item_ids": targets["inventory_item_id"], "location_ids": targets["location_id"]}

    async def read() -> int | None:
        data = json_body(await ctx.http.request(probe.shopify, op, "GET", "/inventory_levels.json",
                                                params=params), op)
        levels = field_of(data, op, "inventory_levels")
        if not levels:
            raise StepFailed("missing", "the probe item has no inventory level at the location")
        available = field_of(levels, op, 0, "available")
        return expected if available == expected else None

    async with ctx.step("wait_shopify"):
        return await poll_until(read, clock=ctx.clock, poll=probe.poll, started=started,
                                timeout_seconds=probe.timeout_seconds,
                                what=f"Shopify level {expected} for {probe.item_number}")


async def _revert(probe: InventoryRoundtripProbe, ctx: ProbeContext, targets: dict[str, Any],
                  document: str, outcome: Outcome | None) -> None:
    try:
        async with ctx.step("cleanup"):
            await erp_post_adjustment(ctx.http, probe.erp, ctx.config.systems[probe.erp],
                                      targets["journal"], probe.item_number, -probe.adjustment,
                                      f"{document}-R")
    except StepFailed as exc:
        if outcome is not None and outcome.classification is None:
            outcome.classification = "cleanup_failed"
            outcome.message = f"cleanup failed: {exc.message}"
        else:
            ctx.notes["cleanup_error"] = exc.message
