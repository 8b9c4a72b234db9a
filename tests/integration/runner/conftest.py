"""A whole sandbox with a raised Shopify bucket, for contract runs (module scoped: runs are slow)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from seamwatch.sandbox.run import Sandbox
from tests.integration.sandbox.conftest import sandbox_settings

PLANTED_TOKEN = "shpat_planted_7f3c9a1e5b2d4f60"
PLANTED_EMAIL = "planted.person.4821@example.org"


@pytest.fixture(scope="module")
def contract_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    tmp = tmp_path_factory.mktemp("contract-sandbox")
    settings = sandbox_settings(tmp, bucket_size=1_000_000, leak_per_second=1_000.0,
                                erp_requests_per_window=10_000_000, shopify_token=PLANTED_TOKEN)
    with Sandbox(settings) as running:
        yield running


@pytest.fixture
def clean_faults(contract_sandbox: Sandbox) -> Iterator[Sandbox]:
    contract_sandbox.faults.clear()
    yield contract_sandbox
    contract_sandbox.faults.clear()


def shopify_args(sandbox: Sandbox, report_dir: Path, *extra: str) -> list[str]:
    return ["contract", "test", "shopify", "--base-url", sandbox.settings.shopify_base,
            "--report-dir", str(report_dir), "--seed", "7", *extra]


def erp_args(sandbox: Sandbox, report_dir: Path, *extra: str) -> list[str]:
    s = sandbox.settings
    return ["contract", "test", "erp", "--base-url", s.erp_base, "--param", f"companyId={s.company_id}",
            "--report-dir", str(report_dir), "--seed", "7", *extra]
