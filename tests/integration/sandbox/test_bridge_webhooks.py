"""Webhook intake: HMAC verification, rejections counted, duplicates never re-written."""

from __future__ import annotations

import httpx

from seamwatch.sandbox.run import Sandbox
from tests.integration.sandbox.helpers import (
    erp_orders,
    ground_truth,
    post_webhook,
    shopify_order_payload,
    wait_for_status,
)


def test_valid_signature_is_accepted_and_tampered_body_rejected(
        sandbox: Sandbox, bridge: httpx.Client, erp: httpx.Client) -> None:
    url, secret = sandbox.settings.bridge_base, sandbox.settings.webhook_secret
    good = shopify_order_payload()
    assert post_webhook(url, good, secret).status_code == 200

    tampered = shopify_order_payload()
    assert post_webhook(url, tampered, secret, tamper=True).status_code == 401
    assert post_webhook(url, shopify_order_payload(), "not-the-secret").status_code == 401
    assert post_webhook(url, shopify_order_payload(), secret, signature="").status_code == 401

    wait_for_status(bridge, good["name"], "written")
    truth = ground_truth(bridge)
    assert truth["rejected_webhooks"] == 3
    assert truth["last_rejected_at"]
    assert [o["name"] for o in truth["orders"]] == [good["name"]]
    assert erp_orders(erp, tampered["name"]) == []
    assert secret not in bridge.get("/_sandbox/ground-truth").text


def test_same_event_id_twice_writes_one_erp_order(sandbox: Sandbox, bridge: httpx.Client,
                                                  erp: httpx.Client) -> None:
    url, secret = sandbox.settings.bridge_base, sandbox.settings.webhook_secret
    payload = shopify_order_payload()
    first = post_webhook(url, payload, secret, event_id="evt-1")
    second = post_webhook(url, payload, secret, event_id="evt-1")
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json()["status"] == "duplicate"
    truth = wait_for_status(bridge, payload["name"], "written")
    assert post_webhook(url, payload, secret, event_id="evt-1").json()["status"] == "duplicate"
    assert len(erp_orders(erp, payload["name"])) == 1
    assert ground_truth(bridge, payload["name"])["duplicates"] == 2
    assert truth["event_id"] == "evt-1"


def test_same_order_under_two_event_ids_writes_one_erp_order(
        sandbox: Sandbox, bridge: httpx.Client, erp: httpx.Client) -> None:
    url, secret = sandbox.settings.bridge_base, sandbox.settings.webhook_secret
    payload = shopify_order_payload()
    assert post_webhook(url, payload, secret, event_id="evt-a").status_code == 200
    wait_for_status(bridge, payload["name"], "written")
    assert post_webhook(url, payload, secret, event_id="evt-b").status_code == 200
    assert len(erp_orders(erp, payload["name"])) == 1
    truth = ground_truth(bridge)
    assert [(o["event_id"], o["duplicates"]) for o in truth["orders"]] == [("evt-a", 1)]


def test_order_already_in_the_erp_is_not_written_again(sandbox: Sandbox, bridge: httpx.Client,
                                                       erp: httpx.Client) -> None:
    payload = shopify_order_payload(name="#O'Brien-1")  # a quote: the $filter must escape it
    created = erp.post("/salesOrders", json={"externalDocumentNumber": payload["name"],
                                             "customerNumber": "C-SHOPIFY"})
    assert created.status_code == 201, created.text
    post_webhook(sandbox.settings.bridge_base, payload, sandbox.settings.webhook_secret)
    truth = wait_for_status(bridge, payload["name"], "written")
    assert truth["already_in_erp"] is True and truth["erp_id"] == created.json()["id"]
    assert len(erp_orders(erp, payload["name"])) == 1


def test_non_order_topics_are_recorded_not_written(sandbox: Sandbox, bridge: httpx.Client) -> None:
    url, secret = sandbox.settings.bridge_base, sandbox.settings.webhook_secret
    payload = shopify_order_payload()
    post_webhook(url, payload, secret)
    wait_for_status(bridge, payload["name"], "written")
    payload["cancelled_at"] = "2026-01-16T09:00:00+00:00"
    assert post_webhook(url, payload, secret, topic="orders/cancelled").json()["status"] == "recorded"
    truth = ground_truth(bridge)
    assert [e["topic"] for e in truth["events"]] == ["orders/cancelled"]
    assert truth["orders"][0]["cancelled_at"] == "2026-01-16T09:00:00+00:00"
