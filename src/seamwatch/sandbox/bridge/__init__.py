"""The reference Shopify -> ERP sync bridge (sandbox only).

It receives Shopify order webhooks, queues them durably in SQLite, writes sales orders to
the ERP (idempotent, with retries and dead letters), syncs ERP stock back to Shopify, and
exposes its own ground truth at ``/_sandbox/ground-truth`` so probes can be checked against
what really happened.
"""

from seamwatch.sandbox.bridge.app import build_bridge_app
from seamwatch.sandbox.bridge.webhooks import shopify_signature

__all__ = ["build_bridge_app", "shopify_signature"]
