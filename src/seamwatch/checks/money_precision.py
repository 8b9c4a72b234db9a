from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from seamwatch.checks import Exchange, RunContext, integration_check

SHOPIFY_MONEY = frozenset({
    "price", "total_price", "subtotal_price", "total_tax", "total_discounts",
    "current_total_price", "total_line_items_price", "amount", "compare_at_price",
})
ERP_MONEY = frozenset({
    "unitPrice", "unitCost", "discountAmount", "totalAmountExcludingTax", "totalTaxAmount",
    "totalAmountIncludingTax", "amountExcludingTax", "amountIncludingTax", "netAmount",
})
ERP_TOTALS = frozenset({"totalAmountExcludingTax", "totalTaxAmount", "totalAmountIncludingTax"})
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


def _walk(value: Any, path: str = "") -> Iterator[tuple[str, str, Any]]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield key, f"{path}/{key}", child
            yield from _walk(child, f"{path}/{key}")
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _walk(child, f"{path}/{i}")


@integration_check("money-precision", "Money is exact: decimal strings (Shopify), cent-exact numbers (ERP)", ("shopify", "erp"))
def check(exchange: Exchange, context: RunContext) -> str | None:
    """Shopify sends money as decimal strings (``"199.00"``); a number there means a client
    parsed or re-serialised it as a float. Business Central sends numbers; totals must be
    whole cents, never a float that lost them (``21.599999``)."""
    if not 200 <= exchange.status < 300:
        return None
    for key, where, value in _walk(exchange.json()):
        if context.system == "shopify" and key in SHOPIFY_MONEY and value is not None:
            if not isinstance(value, str) or not _DECIMAL.match(value):
                return f"{where} is {value!r}: Shopify money must be a decimal string"
        if context.system == "erp" and key in ERP_MONEY and value is not None:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return f"{where} is {value!r}: ERP amounts are JSON numbers"
            places = -Decimal(repr(value)).normalize().as_tuple().exponent
            if key in ERP_TOTALS and places > 2:
                return f"{where} is {value!r}: a total that is not whole cents lost precision"
    return None
