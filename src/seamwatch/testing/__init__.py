"""Public helpers for users' own tests: contract-validated respx mocks, and the contract suite.

    from seamwatch.testing import contract_router

    with contract_router("shopify", base_url="https://shop.myshopify.com/admin/api/2026-01") as mock:
        mock.get("/orders/1.json").respond(200, json={"order": {...}})
        ...  # code under test; a mock or request that breaks the contract fails the test

The pytest plugin (``seamwatch.testing.plugin``, registered automatically) adds the
``contract_mock`` fixture and ``pytest --seamwatch-contract shopify --seamwatch-base-url URL``.
"""

from seamwatch.testing.mocks import ContractRouter, ContractViolation, contract_router

__all__ = ["ContractRouter", "ContractViolation", "contract_router"]
