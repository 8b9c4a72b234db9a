"""pytest plugin: the ``contract_mock`` fixture and ``--seamwatch-contract``.

    pytest --seamwatch-contract shopify --seamwatch-base-url http://127.0.0.1:8701/admin/api/2026-01

runs the same contract suite and checks as ``seamwatch contract test`` as one pytest item per
contract, failing with the list of broken operations and checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from seamwatch.testing.mocks import ContractRouter, contract_router


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("seamwatch", "seamwatch contract suite")
    group.addoption("--seamwatch-contract", action="append", default=[],
                    help="contract path or shipped name (shopify, erp); repeatable")
    group.addoption("--seamwatch-base-url", default=None, help="base URL of the API under test")
    group.addoption("--seamwatch-auth-env", default=None, help="env var holding the token")
    group.addoption("--seamwatch-max-examples", type=int, default=10)
    group.addoption("--seamwatch-seed", type=int, default=None)


@pytest.fixture
def contract_mock() -> Iterator[Callable[..., ContractRouter]]:
    """Factory: ``contract_mock("shopify", base_url=...)`` -> a started, contract-checked router."""
    routers: list[ContractRouter] = []

    def make(contract: str, base_url: str, **kwargs: Any) -> ContractRouter:
        router = contract_router(contract, base_url, **kwargs)
        router.__enter__()
        routers.append(router)
        return router

    yield make
    for router in reversed(routers):
        router.__exit__(None, None, None)


class ContractSuiteItem(pytest.Item):
    def __init__(self, *, contract: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.contract = contract

    def runtest(self) -> None:
        from seamwatch.cli.contract_test import auth_headers, resolve_contract
        from seamwatch.contracts.spec import load_contract
        from seamwatch.runner.engine import run_contract, system_of
        from seamwatch.runner.model import RunOptions

        config = self.config
        base_url = config.getoption("--seamwatch-base-url")
        if not base_url:
            raise pytest.UsageError("--seamwatch-contract needs --seamwatch-base-url")
        path = resolve_contract(self.contract)
        contract = load_contract(path)
        headers, _ = auth_headers(system_of(contract), config.getoption("--seamwatch-auth-env"), None)
        run = run_contract(RunOptions(contract=path, base_url=base_url.rstrip("/"), headers=headers,
                                      max_examples=config.getoption("--seamwatch-max-examples"),
                                      seed=config.getoption("--seamwatch-seed")), contract=contract)
        if not run.ok:
            lines = [f"{f.operation} [{f.check}] {f.title}: {(f.message.splitlines() or [''])[0]}"
                     for f in run.failures] + run.errors
            raise AssertionError(f"{len(lines)} contract problems:\n" + "\n".join(lines))

    def reportinfo(self) -> tuple[str, int, str]:
        return self.contract, 0, f"seamwatch contract {self.contract}"


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    for contract in config.getoption("--seamwatch-contract"):
        items.append(ContractSuiteItem.from_parent(session, name=f"seamwatch-contract[{contract}]", contract=contract))
