"""Fixtures for probe integration tests: a sandbox on free ports and a probe file aimed at it.

``probe_sandbox`` is a whole sandbox (function scoped, so faults and data never leak);
``write_config(tmp_path, sandbox, probes_yaml, ...)`` writes a probe file that points at its
real ports with tokens as ``${VAR}`` refs (set by the ``sandbox_tokens`` fixture).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from seamwatch.sandbox.run import Sandbox
from tests.integration.sandbox.conftest import sandbox_settings

SHOPIFY_ENV = "SW_TEST_SHOPIFY_TOKEN"
ERP_ENV = "SW_TEST_ERP_TOKEN"


@pytest.fixture
def probe_sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(sandbox_settings(tmp_path)) as running:
        yield running


@pytest.fixture
def sandbox_tokens(monkeypatch: pytest.MonkeyPatch, probe_sandbox: Sandbox) -> dict[str, str]:
    monkeypatch.setenv(SHOPIFY_ENV, probe_sandbox.settings.shopify_token)
    monkeypatch.setenv(ERP_ENV, probe_sandbox.settings.erp_token)
    return {SHOPIFY_ENV: probe_sandbox.settings.shopify_token, ERP_ENV: probe_sandbox.settings.erp_token}
