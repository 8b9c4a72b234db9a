"""The canonical model both systems are mapped onto. Probes compare orders in these terms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CANONICAL_MODELS", "Customer", "InventoryLevel", "Order", "OrderLine"]


class _Canonical(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OrderLine(_Canonical):
    sku: str | None = Field(description="SKU; by convention equal to the ERP item number")
    qty: Decimal = Field(description="quantity (int in Shopify, decimal in the ERP)")
    unit_price: Decimal | None = None


class Order(_Canonical):
    source_id: str | None = None
    external_ref: str = Field(description="the cross-system join key (ERP externalDocumentNumber)")
    order_date: dt.date | None = Field(default=None, description="order date, normalised to UTC")
    currency: str | None = Field(default=None, description="ISO 4217; blank in BC = local")
    subtotal: Decimal | None = None
    tax: Decimal | None = None
    total: Decimal | None = None
    email: str | None = None
    lines: list[OrderLine] = Field(default_factory=list)


class InventoryLevel(_Canonical):
    sku: str | None = None
    location: str | None = None
    available: Decimal | None = None


class Customer(_Canonical):
    source_id: str | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    currency: str | None = None


CANONICAL_MODELS: dict[str, type[_Canonical]] = {
    "Order": Order,
    "OrderLine": OrderLine,
    "InventoryLevel": InventoryLevel,
    "Customer": Customer,
}
