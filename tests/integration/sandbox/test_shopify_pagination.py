"""Cursor pagination: Link headers, page_info rules, limits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.integration.sandbox.shopify_support import ShopifyServer, create_order, running_shopify

ORDERS = 23
LINK = re.compile(r'<(?P<url>[^>]+)>; rel="(?P<rel>next|previous)"')


@pytest.fixture(scope="module")
def shop() -> Iterator[ShopifyServer]:
    with running_shopify(bucket_size=100_000) as server:
        with server.client() as client:
            for n in range(ORDERS):
                create_order(client, note=f"order {n}")
        yield server


@pytest.fixture
def client(shop: ShopifyServer) -> Iterator[httpx.Client]:
    with shop.client() as c:
        yield c


def links(response: httpx.Response) -> dict[str, str]:
    """``{rel: url}`` from an RFC 8288 Link header, checking its exact form on the way."""
    header = response.headers.get("Link")
    if header is None:
        return {}
    parts = header.split(", ")
    assert all(LINK.fullmatch(part) for part in parts), header
    return {m["rel"]: m["url"] for m in map(LINK.fullmatch, parts) if m}


def walk(client: httpx.Client, url: str, rel: str, **params: Any) -> list[list[int]]:
    """Follow ``rel`` links from ``url``; the ids on each page visited."""
    pages = []
    response = client.get(url, params=params)
    while True:
        assert response.status_code == 200, response.text
        pages.append([o["id"] for o in response.json()["orders"]])
        following = links(response).get(rel)
        if following is None:
            return pages
        response = client.get(following)


def test_next_links_visit_every_order_exactly_once(client: httpx.Client) -> None:
    pages = walk(client, "/orders.json", "next", limit=5)
    assert [len(p) for p in pages] == [5, 5, 5, 5, 3]
    ids = [i for page in pages for i in page]
    assert len(ids) == len(set(ids)) == ORDERS
    assert ids == sorted(ids, reverse=True)  # newest first


def test_link_header_form(client: httpx.Client, shop: ShopifyServer) -> None:
    first = client.get("/orders.json", params={"limit": 5})
    assert set(links(first)) == {"next"}
    url = links(first)["next"]
    expected = re.escape(shop.base) + r"/orders\.json\?limit=5&page_info=[A-Za-z0-9_-]+"
    assert re.fullmatch(expected, url)
    second = client.get(url)
    assert second.headers["Link"].startswith("<") and set(links(second)) == {"previous", "next"}
    assert [len(p) for p in walk(client, "/orders.json", "next", limit=10)] == [10, 10, 3]


def test_previous_links_walk_back_to_the_first_page(client: httpx.Client) -> None:
    forward = walk(client, "/orders.json", "next", limit=5)
    response = client.get("/orders.json", params={"limit": 5})
    while "next" in links(response):
        response = client.get(links(response)["next"])
    assert set(links(response)) == {"previous"}
    back = [[o["id"] for o in response.json()["orders"]]]
    while "previous" in links(response):
        response = client.get(links(response)["previous"])
        back.append([o["id"] for o in response.json()["orders"]])
    assert back[::-1] == forward


def test_no_link_header_when_everything_fits(client: httpx.Client) -> None:
    response = client.get("/orders.json")  # default limit 50
    assert response.status_code == 200 and len(response.json()["orders"]) == ORDERS
    assert "Link" not in response.headers


def test_cursor_keeps_the_filters_and_accepts_limit_and_fields(client: httpx.Client) -> None:
    first = client.get("/orders.json", params={"limit": 2, "status": "any", "fields": "id,name"})
    following = links(first)["next"]
    assert "fields=id%2Cname" in following
    more = client.get(following.split("?")[0], params={
        "page_info": following.split("page_info=")[1].split("&")[0], "limit": 4, "fields": "id"})
    assert more.status_code == 200
    assert [set(o) for o in more.json()["orders"]] == [{"id"}] * 4


@pytest.mark.parametrize("params, key", [
    ({"status": "any"}, "page_info"),
    ({"since_id": "1"}, "page_info"),
])
def test_page_info_with_a_filter_is_a_400(client: httpx.Client, params: dict[str, str],
                                          key: str) -> None:
    cursor = links(client.get("/orders.json", params={"limit": 5}))["next"].split("page_info=")[1]
    response = client.get("/orders.json", params={"page_info": cursor, **params})
    assert response.status_code == 400
    assert key in response.json()["errors"]
    assert response.headers["X-Shopify-API-Version"] == "2026-01"


@pytest.mark.parametrize("params, key", [
    ({"limit": "251"}, "limit"),
    ({"limit": "0"}, "limit"),
    ({"limit": "ten"}, "limit"),
    ({"page": "2"}, "page"),
    ({"page_info": "not-a-cursor"}, "page_info"),
    ({"since_id": "-1"}, "since_id"),
    ({"created_at_min": "yesterday"}, "created_at_min"),
    ({"status": "shipped"}, "status"),
])
def test_bad_paging_parameters_are_400s(client: httpx.Client, params: dict[str, str],
                                        key: str) -> None:
    response = client.get("/orders.json", params=params)
    assert response.status_code == 400, response.text
    assert isinstance(response.json()["errors"], dict) and key in response.json()["errors"]


def test_limit_250_is_allowed(client: httpx.Client) -> None:
    assert client.get("/orders.json", params={"limit": 250}).status_code == 200


def test_other_resources_paginate_too(client: httpx.Client, shop: ShopifyServer) -> None:
    seen = []
    response = client.get("/products.json", params={"limit": 1})
    while True:
        seen += [p["id"] for p in response.json()["products"]]
        if "next" not in links(response):
            break
        response = client.get(links(response)["next"])
    assert sorted(seen) == sorted(shop.shop.store.products) and len(seen) == len(set(seen))
    location = shop.settings.shopify_location_id
    levels = client.get(f"/locations/{location}/inventory_levels.json", params={"limit": 3})
    assert len(levels.json()["inventory_levels"]) == 3 and "next" in links(levels)
