"""Request bodies, validated strictly (the contract's request schemas are closed).

JSON-Schema semantics, not Python's: ``true`` is not an integer, ``1.0`` is; strings are never
coerced. A body that is not JSON, or lacks its root key, is a 400; a body whose fields are wrong
is a 422 keyed by the first field named in the error.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    model_validator,
)

from seamwatch.sandbox.shopify.errors import ApiError, missing_root
from seamwatch.sandbox.shopify.formats import is_email, is_uri
from seamwatch.sandbox.shopify.params import MAX_ID

__all__ = [
    "CancelBody", "ConnectBody", "CustomLine", "CustomerCreate", "InventoryAdjust", "InventorySet",
    "OrderCreate", "OrderUpdate", "VariantLine", "WebhookCreate", "parse_json", "validate",
]

M = TypeVar("M", bound=BaseModel)


def _json_integer(value: Any) -> Any:
    # JSON Schema: 1.0 is an integer, true is not (bool is an int subclass in Python).
    if isinstance(value, bool):
        raise ValueError("must be an integer")  # noqa: TRY004 - pydantic reports ValueErrors
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _email(value: str) -> str:
    if not is_email(value):
        raise ValueError("is invalid")
    return value


def _uri(value: str) -> str:
    if not is_uri(value):
        raise ValueError("is not a valid URI")
    return value


JsonInt = Annotated[int, BeforeValidator(_json_integer)]
Id = Annotated[int, BeforeValidator(_json_integer), Field(ge=1, le=MAX_ID)]
Quantity = Annotated[int, BeforeValidator(_json_integer), Field(ge=1)]
Money = Annotated[str, Field(pattern=r"^-?[0-9]+\.[0-9]{2}$")]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
Email = Annotated[str, AfterValidator(_email)]


class Strict(BaseModel):
    """Closed, non-coercing models (``additionalProperties: false`` in the contract).

    Optional fields the contract does not declare nullable are typed without ``None`` but
    default to ``None``: absent is fine, an explicit ``null`` is invalid (defaults are not
    validated, values are).
    """

    model_config = ConfigDict(extra="forbid", strict=True)


class VariantLine(Strict):
    """``{variant_id, quantity}``: price, title and SKU come from the variant."""

    variant_id: Id
    quantity: Quantity


class CustomLine(Strict):
    """``{title, price, quantity}``: a line without a variant (SKU null unless given)."""

    title: Annotated[str, Field(min_length=1)]
    price: Money
    quantity: Quantity
    sku: str = None  # type: ignore[assignment]
    taxable: bool = True
    requires_shipping: bool = True


class OrderCustomer(Strict):
    """An existing customer by ``id``, or a new one by name or email."""

    id: Id = None  # type: ignore[assignment]
    email: Email = None  # type: ignore[assignment]
    first_name: str = None  # type: ignore[assignment]
    last_name: str = None  # type: ignore[assignment]


class Transaction(BaseModel):
    """Open object (the contract allows other transaction keys)."""

    model_config = ConfigDict(extra="allow", strict=True)
    kind: str = None  # type: ignore[assignment]
    status: str = None  # type: ignore[assignment]
    amount: Money = None  # type: ignore[assignment]
    gateway: str = None  # type: ignore[assignment]


def _line_kind(value: Any) -> str | None:
    # The contract's oneOf: a line is a variant line exactly when it names a variant.
    if not isinstance(value, dict):
        return None
    return "variant" if "variant_id" in value else "custom"


Line = Annotated[Annotated[VariantLine, Tag("variant")] | Annotated[CustomLine, Tag("custom")],
                 Discriminator(_line_kind)]


FinancialStatus = Literal["pending", "authorized", "partially_paid", "paid",
                          "partially_refunded", "refunded", "voided"]


class OrderCreate(Strict):
    """The ``order`` of ``POST /orders.json``."""

    line_items: Annotated[list[Line], Field(min_length=1)]
    email: Email = None  # type: ignore[assignment]
    currency: Currency = None  # type: ignore[assignment]
    test: bool = False
    tags: str = ""
    note: str = None  # type: ignore[assignment]
    financial_status: FinancialStatus = None  # type: ignore[assignment]
    inventory_behaviour: Literal["bypass", "decrement_ignoring_policy",
                                 "decrement_obeying_policy"] = "bypass"
    send_receipt: bool = False
    send_fulfillment_receipt: bool = False
    customer: OrderCustomer = None  # type: ignore[assignment]
    transactions: list[Transaction] = []


class OrderUpdate(Strict):
    """Only the fields present are changed (``model_fields_set``); phone and note may be null."""

    id: Id = None  # type: ignore[assignment]
    email: Email = None  # type: ignore[assignment]
    phone: str | None = None
    note: str | None = None
    tags: str = None  # type: ignore[assignment]
    buyer_accepts_marketing: bool = None  # type: ignore[assignment]

    @model_validator(mode="after")
    def _not_empty(self) -> OrderUpdate:
        if not self.model_fields_set:
            raise ValueError("must change at least one attribute")
        return self


class CancelBody(Strict):
    """The optional body of ``POST /orders/{id}/cancel.json`` (not wrapped)."""

    reason: Literal["customer", "inventory", "fraud", "declined", "other"] = "other"
    email: bool = False
    amount: Money = None  # type: ignore[assignment]
    currency: Currency = None  # type: ignore[assignment]
    refund: dict[str, Any] = None  # type: ignore[assignment]

    @model_validator(mode="after")
    def _amount_needs_currency(self) -> CancelBody:
        if self.amount is not None and self.currency is None:
            raise ValueError("currency is required with amount")
        return self


class InventoryAdjust(Strict):
    """``POST /inventory_levels/adjust.json`` (not wrapped)."""

    inventory_item_id: Id
    location_id: Id
    available_adjustment: JsonInt


class InventorySet(Strict):
    """``POST /inventory_levels/set.json`` (not wrapped)."""

    inventory_item_id: Id
    location_id: Id
    available: JsonInt
    disconnect_if_necessary: bool = False


class ConnectBody(Strict):
    """``POST /inventory_levels/connect.json`` (not wrapped)."""

    inventory_item_id: Id
    location_id: Id
    relocate_if_necessary: bool = False


class CustomerCreate(Strict):
    """The ``customer`` of ``POST /customers.json``; needs a name, phone or email."""

    email: Email = None  # type: ignore[assignment]
    phone: str = None  # type: ignore[assignment]
    first_name: str = None  # type: ignore[assignment]
    last_name: str = None  # type: ignore[assignment]
    tags: str = ""
    note: str = None  # type: ignore[assignment]
    verified_email: bool = False
    send_email_invite: bool = False
    addresses: list[dict[str, Any]] = []

    @model_validator(mode="after")
    def _identified(self) -> CustomerCreate:
        if not {"email", "phone", "first_name", "last_name"} & self.model_fields_set:
            raise ValueError("Customer must have a name, phone number or email address")
        return self


class WebhookCreate(Strict):
    """The ``webhook`` of ``POST /webhooks.json``."""

    topic: Annotated[str, Field(pattern=r"^[a-z_]+/[a-z_]+$")]
    address: Annotated[str, AfterValidator(_uri)]
    format: Literal["json"] = "json"
    fields: list[str] = []
    filter: str = None  # type: ignore[assignment]


def parse_json(raw: bytes) -> Any:
    """The decoded body; not JSON at all is a 400 with the string shape."""
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "Bad Request: the request body is not valid JSON") from None


def validate(model: type[M], data: Any, root: str | None = None) -> M:
    """``data`` (or ``data[root]``, which must be the only key) as ``model``; else 400/422."""
    if root is not None:
        if not isinstance(data, dict) or set(data) != {root} or not isinstance(data[root], dict):
            raise missing_root(root)
        data = data[root]
    elif not isinstance(data, dict):
        raise ApiError(400, "Bad Request: the request body must be a JSON object")
    try:
        return model.model_validate(data, strict=True)
    except ValidationError as exc:
        raise _as_422(exc) from None


def _as_422(exc: ValidationError) -> ApiError:
    errors: dict[str, list[str]] = {}
    for error in exc.errors(include_url=False):
        field = str(error["loc"][0]) if error["loc"] else "base"
        message = error["msg"].removeprefix("Value error, ")
        if field == "line_items" and error["type"] == "too_short":
            message = "must have at least one line item"
        errors.setdefault(field, []).append(message)
    return ApiError(422, errors)
