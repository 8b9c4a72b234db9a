"""``/products`` and ``/variants`` (legacy REST since 2024-04: answers carry
``X-Shopify-API-Deprecated-Reason``)."""

from __future__ import annotations

from collections.abc import Callable

from seamwatch.sandbox.shopify import render
from seamwatch.sandbox.shopify.context import AdminRequest, Reply
from seamwatch.sandbox.shopify.errors import not_found
from seamwatch.sandbox.shopify.params import PageRequest, Query
from seamwatch.sandbox.shopify.store import Product, Variant

__all__ = ["ROUTES"]

DEPRECATED = {"X-Shopify-API-Deprecated-Reason": (
    "https://shopify.dev/docs/api/admin-rest/latest/resources/product"
    " (REST products and variants are legacy since 2024-04; use GraphQL)")}
PRODUCT_FILTERS = ("ids", "since_id", "handle", "status", "updated_at_min")


def _deprecated(reply: Reply) -> Reply:
    reply.headers.update(DEPRECATED)
    return reply


def _product_filter(q: Query) -> Callable[[Product], bool]:
    ids = q.id_list("ids")
    since = q.id("since_id")
    handle = q.get("handle")
    handles = {h.strip() for h in handle.split(",")} if handle is not None else None
    status = q.choice("status", ("active", "archived", "draft"))
    updated = q.timestamp("updated_at_min")
    return lambda p: (
        (ids is None or p.id in ids) and (since is None or p.id > since)
        and (handles is None or p.handle in handles) and (status is None or p.status == status)
        and (updated is None or p.updated_at >= updated))


def _id(record: Product | Variant) -> int:
    return record.id


def list_products(req: AdminRequest) -> Reply:
    """``GET /products.json``."""
    page = PageRequest.parse(req.query, "products", PRODUCT_FILTERS)
    keep = _product_filter(page.filters)
    found = sorted((p for p in req.store.products.values() if keep(p)), key=_id)
    reply = req.page("products", found, _id, page, lambda p: render.product(p, req.store))
    return _deprecated(reply)


def _product(req: AdminRequest) -> Product:
    found = req.store.products.get(req.ids[0])
    if found is None:
        raise not_found()
    return found


def get_product(req: AdminRequest) -> Reply:
    """``GET /products/{id}.json``."""
    body = render.only_fields(render.product(_product(req), req.store), req.query.fields())
    return _deprecated(Reply({"product": body}))


def product_variants(req: AdminRequest) -> Reply:
    """``GET /products/{id}/variants.json``."""
    product = _product(req)
    page = PageRequest.parse(req.query, f"products/{product.id}/variants", ("since_id",))
    since = page.filters.id("since_id")
    ids = [v for v in sorted(product.variant_ids) if since is None or v > since]
    found = [req.store.variants[v] for v in ids]
    reply = req.page("variants", found, _id, page, lambda v: render.variant(v, req.store))
    return _deprecated(reply)


def get_variant(req: AdminRequest) -> Reply:
    """``GET /variants/{id}.json``."""
    variant = req.store.variants.get(req.ids[0])
    if variant is None:
        raise not_found()
    body = render.only_fields(render.variant(variant, req.store), req.query.fields())
    return _deprecated(Reply({"variant": body}))


ROUTES = [
    ("GET", "/products.json", list_products),
    ("GET", "/products/{id}.json", get_product),
    ("GET", "/products/{id}/variants.json", product_variants),
    ("GET", "/variants/{id}.json", get_variant),
]
