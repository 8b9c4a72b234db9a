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
    for system, payload in (("shopify", shopify_order), ("erp", erp_order)):
        absent = _absent_fields(mapping, system, payload)
        if absent:
            who = "Shopify" if system == "shopify" else "ERP"
            raise StepFailed("schema", f"the {who} order has no {', '.join(absent)} "
                                       "(a field the order mapping compares)")
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


def _absent_fields(mapping: Mapping, system: str, payload: dict[str, Any]) -> list[str]:
    """Compared paths whose key is missing from ``payload`` (a blank value is not missing).

    Without this a renamed or removed field maps to None and is silently not compared, so
    schema drift on a compared field would read as a passing round-trip.
    """
    absent = []
    names = [*COMPARED_FIELDS, *(f"lines[].{n}" for n in COMPARED_LINE_FIELDS)]
    for name in names:
        side = mapping.fields.get(name, {}).get(system)
        if side is not None and not _has_path(payload, side.path):
            absent.append(side.path)
    return absent


def _has_path(node: Any, path: str) -> bool:
    head, _, rest = path.partition(".")
    name = head.removesuffix("[]")
    if not isinstance(node, dict) or name not in node:
        return False
    value = node[name]
    if not rest:
        return True
    if head.endswith("[]"):
        return isinstance(value, list) and all(_has_path(item, rest) for item in value)
    return _has_path(value, rest)


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
