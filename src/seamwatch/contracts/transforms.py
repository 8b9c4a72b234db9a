"""Named value transforms used by field mappings. One registry; add one function to extend."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from seamwatch.core.registry import Registry

__all__ = ["TRANSFORMS", "TransformError"]

TRANSFORMS: Registry[Callable[[Any], Any]] = Registry("transform")


class TransformError(ValueError):
    """A value could not be transformed; for a probe this is a *schema* failure."""


@TRANSFORMS.register("identity")
def identity(value: Any) -> Any:
    return value


@TRANSFORMS.register("decimal_string")
def decimal_string(value: Any) -> Decimal | None:
    """Shopify money: a decimal string such as "199.00". Floats are refused (they lose cents)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TransformError(f"expected a decimal string, got {type(value).__name__} {value!r}")
    try:
        return Decimal(value)
    except InvalidOperation:
        raise TransformError(f"not a decimal string: {value!r}") from None


@TRANSFORMS.register("decimal_number")
def decimal_number(value: Any) -> Decimal | None:
    """ERP numbers: JSON numbers, read through ``str`` so 19.99 stays 19.99."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TransformError(f"expected a number, got {type(value).__name__} {value!r}")
    return Decimal(str(value))


@TRANSFORMS.register("utc_date")
def utc_date(value: Any) -> date | None:
    """A timestamp with offset (Shopify) or a plain date (BC), normalised to the UTC date."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TransformError(f"expected a date or datetime string, got {value!r}")
    try:
        if "T" not in value:
            return date.fromisoformat(value)
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise TransformError(f"not an ISO-8601 date or datetime: {value!r}") from None
    if parsed.tzinfo is None:
        raise TransformError(f"datetime without offset: {value!r}")
    return parsed.astimezone(UTC).date()


@TRANSFORMS.register("sku_item_number")
def sku_item_number(value: Any) -> str | None:
    """SKU = ERP item number, by convention; compared case-sensitively, trimmed."""
    return None if value is None else str(value).strip()


@TRANSFORMS.register("currency_code")
def currency_code(value: Any) -> str | None:
    """ISO 4217; BC leaves it blank for the company's local currency, which stays None."""
    return str(value).upper() if value else None


@TRANSFORMS.register("string")
def string(value: Any) -> str | None:
    return None if value is None else str(value)
