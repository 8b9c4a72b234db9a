"""The sandbox: a Shopify-like server, a Business Central-like ERP and a reference sync
bridge, with switchable faults. ASGI apps served by uvicorn on loopback.

The sandbox imports only ``seamwatch.core`` (enforced by tests/test_layering.py).
"""
