"""Comparing a Shopify order with the ERP's copy through the shipped order mapping.

Both sides go through :func:`seamwatch.contracts.mappings.to_canonical`; only canonical
fields both sides map are compared, so a field one system does not carry (BC's blank
currency for the local currency, mapped with a default) never reads as a mismatch.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from seamwatch.contracts.mappings import Mapping, load_mapping, to_canonical
from seamwatch.contracts.transforms import TransformError
from seamwatch.core.paths import shipped_dir
from seamwatch.probes.errors import StepFailed

__all__ = ["COMPARED_FIELDS", "order_differences"]

# What the probe holds the integration to; email is mapped too but is PII, and the date
# differs by design (BC keeps a date in the company's zone).
COMPARED_FIELDS = ("external_ref", "currency", "subtotal", "tax", "total")
COMPARED_LINE_FIELDS = ("sku", "qty", "unit_price")


@lru_cache(maxsize=1)  # the shipped mapping file is immutable for the life of the process
def _order_mapping() -> Mapping:
    mapping, _ = load_mapping(shipped_dir("contracts") / "mappings" / "order.yaml")
    return mapping


def order_differences(shopify_order: dict[str, Any], erp_order: dict[str, Any]) -> list[str]:
    """Human-readable differences between the two orders; empty when they agree."""
    mapping = _order_mapping()
    try:
        shop = to_canonical(mapping, "shopify", shopify_order)
        erp = to_canonical(mapping, "erp", erp_order)
    except TransformError as exc:
        raise StepFailed("schema", f"an order field has the wrong type: {exc}") from None
    differences = [f"{name}: Shopify {_show(shop.get(name))} != ERP {_show(erp.get(name))}"
                   for name in COMPARED_FIELDS
                   if shop.get(name) is not None and erp.get(name) is not None
                   and shop.get(name) != erp.get(name)]
    differences.extend(_line_differences(shop.get("lines") or [], erp.get("lines") or []))
    return differences


def _line_differences(shop_lines: list[dict[str, Any]], erp_lines: list[dict[str, Any]]) -> list[str]:
    if len(shop_lines) != len(erp_lines):
        return [f"lines: Shopify has {len(shop_lines)}, ERP has {len(erp_lines)}"]
    out = []
    for index, (shop, erp) in enumerate(zip(shop_lines, erp_lines, strict=True)):
        for name in COMPARED_LINE_FIELDS:
            if shop.get(name) != erp.get(name):
                out.append(f"lines[{index}].{name}: Shopify {_show(shop.get(name))} "
                           f"!= ERP {_show(erp.get(name))}")
    return out


def _show(value: Any) -> str:
    return format(value, "f") if isinstance(value, Decimal) else repr(value)
