"""``/customers``: list, get, create (emits customers/create) and search."""

from __future__ import annotations

from collections.abc import Callable

from seamwatch.sandbox.shopify import render
from seamwatch.sandbox.shopify.bodies import CustomerCreate, validate
from seamwatch.sandbox.shopify.context import AdminRequest, Reply
from seamwatch.sandbox.shopify.errors import bad_request, not_found, unprocessable
from seamwatch.sandbox.shopify.params import PageRequest, Query
from seamwatch.sandbox.shopify.store import Customer

__all__ = ["ROUTES"]

FILTERS = ("ids", "since_id", "created_at_min", "created_at_max", "updated_at_min",
           "updated_at_max")
_SEARCHABLE = ("email", "first_name", "last_name", "phone")


def _by_id(customer: Customer) -> int:
    return customer.id


def _newest_first(customer: Customer) -> int:
    return -customer.id


def _customer_filter(q: Query) -> Callable[[Customer], bool]:
    ids = q.id_list("ids")
    since = q.id("since_id")
    bounds = [(q.timestamp(f"{f}_{end}"), f, end) for f in ("created_at", "updated_at")
              for end in ("min", "max")]

    def keep(c: Customer) -> bool:
        """Whether ``c`` passes every filter."""
        if (ids is not None and c.id not in ids) or (since is not None and c.id <= since):
            return False
        for moment, field, end in bounds:
            value = getattr(c, field)
            if moment is not None and (value < moment if end == "min" else value > moment):
                return False
        return True

    return keep


def list_customers(req: AdminRequest) -> Reply:
    """``GET /customers.json``."""
    page = PageRequest.parse(req.query, "customers", FILTERS)
    keep = _customer_filter(page.filters)
    found = sorted((c for c in req.store.customers.values() if keep(c)), key=_by_id)
    return req.page("customers", found, _by_id, page, render.customer)


def _matches(customer: Customer, term: str) -> bool:
    """``field:value`` matches that field; a bare word matches any searchable field."""
    field, colon, value = term.partition(":")
    fields, wanted = ((field,), value) if colon and field in _SEARCHABLE else (_SEARCHABLE, term)
    return any(wanted.lower() in (getattr(customer, f) or "").lower() for f in fields)


def search_customers(req: AdminRequest) -> Reply:
    """``GET /customers/search.json?query=...`` (``query`` is required)."""
    page = PageRequest.parse(req.query, "customers/search", ("query", "order"))
    if page.filters.get("query") is None:
        raise bad_request("query", "is required")
    terms = (page.filters.get("query") or "").split()
    # ``order`` is free text (e.g. "updated_at desc"); ids grow with time, so sort by id.
    key = _newest_first if (page.filters.get("order") or "").lower().endswith("desc") else _by_id
    found = sorted((c for c in req.store.customers.values()
                    if all(_matches(c, t) for t in terms)), key=key)
    return req.page("customers", found, key, page, render.customer)


def get_customer(req: AdminRequest) -> Reply:
    """``GET /customers/{id}.json``."""
    customer = req.store.customers.get(req.ids[0])
    if customer is None:
        raise not_found()
    return Reply({"customer": render.only_fields(render.customer(customer), req.query.fields())})


def create_customer(req: AdminRequest) -> Reply:
    """``POST /customers.json`` (201; emits customers/create)."""
    body = validate(CustomerCreate, req.json(), "customer")
    customer = req.store.add_customer(
        email=body.email, phone=body.phone, first_name=body.first_name, last_name=body.last_name,
        tags=body.tags, note=body.note, verified_email=body.verified_email,
        state="invited" if body.send_email_invite else "disabled")
    rendered = render.customer(customer)
    req.emit("customers/create", rendered)
    return Reply({"customer": rendered}, 201)


def delete_customer(req: AdminRequest) -> Reply:
    """``DELETE /customers/{id}.json`` (200 with ``{}``); refused (422) once they have orders."""
    if req.ids[0] not in req.store.customers:
        raise not_found()
    if any(o.customer_id == req.ids[0] for o in req.store.orders.values()):
        raise unprocessable("base", "Error deleting customer: customer has orders")
    del req.store.customers[req.ids[0]]
    return Reply({})


ROUTES = [
    ("GET", "/customers.json", list_customers),
    ("POST", "/customers.json", create_customer),
    ("GET", "/customers/search.json", search_customers),
    ("GET", "/customers/{id}.json", get_customer),
    ("DELETE", "/customers/{id}.json", delete_customer),
]
