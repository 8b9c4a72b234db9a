"""Helpers for probe integration tests: probe files aimed at a running sandbox, and runs."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import httpx

from seamwatch.config import load_probe_config
from seamwatch.config.models import ProbeConfig
from seamwatch.config.secrets import resolve_secrets
from seamwatch.core.clock import SystemClock
from seamwatch.core.results import ProbeResult
from seamwatch.sandbox.run import Sandbox
from seamwatch.service.once import run_once
from seamwatch.storage import open_store
from tests.integration.probes.conftest import ERP_ENV, SHOPIFY_ENV

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
FAST_POLL = "{first_interval_seconds: 0.05, max_interval_seconds: 0.5, backoff: 1.5}"

# One probe of each kind, with small timeouts so a fault costs seconds, not minutes.
ALL_KINDS = f"""
  - name: shopify-locations
    kind: http
    system: shopify
    path: /locations.json
    schedule: {{interval_seconds: 30}}
    conditions: ["[STATUS] == 200", "[BODY].locations[0].id > 0"]
  - name: erp-items
    kind: http
    system: erp
    path: /v2.0/companies({{company}})/items?$top=1
    schedule: {{interval_seconds: 30}}
    conditions: ["[STATUS] == 200", "[BODY].value[0].number != ''"]
  - name: order-roundtrip
    kind: order_roundtrip
    shopify: shopify
    erp: erp
    sku: SW-PROBE-001
    timeout_seconds: {{timeout}}
    late_after_seconds: {{late}}
    poll: {FAST_POLL}
    schedule: {{interval_seconds: 60}}
  - name: inventory-roundtrip
    kind: inventory_roundtrip
    shopify: shopify
    erp: erp
    item_number: SW-PROBE-001
    timeout_seconds: {{timeout}}
    poll: {FAST_POLL}
    schedule: {{interval_seconds: 60}}
"""


def config_text(sandbox: Sandbox, probes_yaml: str = ALL_KINDS, *, system_timeout: float = 5.0,
                timeout: float = 5.0, late: float = 5.0, storage: str | None = None,
                budget: str = "") -> str:
    s = sandbox.settings
    probes_yaml = probes_yaml.replace("{company}", s.company_id).replace(
        "{timeout}", f"{timeout:g}").replace("{late}", f"{late:g}")
    text = f"""
systems:
  shopify:
    kind: shopify
    base_url: {s.shopify_base}
    timeout_seconds: {system_timeout:g}
    auth: {{token: "${{{SHOPIFY_ENV}}}"}}
  erp:
    kind: erp
    base_url: {s.erp_base}
    company_id: {s.company_id}
    timeout_seconds: {system_timeout:g}
    auth: {{token: "${{{ERP_ENV}}}"}}
probes:{probes_yaml}
"""
    if storage:
        text += f"storage: {{url: '{storage}'}}\n"
    if budget:
        text += f"budget: {budget}\n"
    return text


def write_config(path: Path, sandbox: Sandbox, probes_yaml: str = ALL_KINDS, **kwargs: Any) -> Path:
    path.write_text(config_text(sandbox, probes_yaml, **kwargs), encoding="utf-8")
    return path


def load(tmp_path: Path, sandbox: Sandbox, probes_yaml: str = ALL_KINDS, **kwargs: Any) -> ProbeConfig:
    return load_probe_config(write_config(tmp_path / "probes.yaml", sandbox, probes_yaml, **kwargs))


def run_and_store(config: ProbeConfig, tmp_path: Path,
                  names: list[str] | None = None) -> tuple[list[ProbeResult], list[ProbeResult]]:
    """Run the probes once over a real SQLite file; return (returned results, stored results)."""
    clock = SystemClock()
    probes = [p for p in config.probes if names is None or p.name in names]
    url = f"sqlite:///{tmp_path / 'reports' / 'probes.sqlite'}"
    with open_store(url, clock) as store:
        returned = asyncio.run(run_once(config, store, clock, resolve_secrets(config), probes))
        stored = {r.run_id: r for p in probes for r in store.latest(p.name, 10)}
    return returned, [stored[r.run_id] for r in returned]


def probe_errors(records: list[logging.LogRecord]) -> list[str]:
    """ERROR records or tracebacks logged by seamwatch itself (the sandbox's own logs excluded)."""
    return [f"{r.name}: {r.getMessage()}" for r in records
            if r.name.startswith("seamwatch") and not r.name.startswith("seamwatch.sandbox")
            and (r.levelno >= logging.ERROR or r.exc_info)]


def erp_client(sandbox: Sandbox) -> httpx.Client:
    s = sandbox.settings
    return httpx.Client(base_url=f"{s.erp_base}/v2.0/companies({s.company_id})",
                        headers={"Authorization": f"Bearer {s.erp_token}"}, timeout=TIMEOUT)


def shopify_client(sandbox: Sandbox) -> httpx.Client:
    return httpx.Client(base_url=sandbox.settings.shopify_base, timeout=TIMEOUT,
                        headers={"X-Shopify-Access-Token": sandbox.settings.shopify_token})


def bridge_client(sandbox: Sandbox) -> httpx.Client:
    return httpx.Client(base_url=sandbox.settings.bridge_base, timeout=TIMEOUT)


def erp_inventory(sandbox: Sandbox, number: str = "SW-PROBE-001") -> float:
    with erp_client(sandbox) as erp:
        response = erp.get("/items", params={"$filter": f"number eq '{number}'"})
        response.raise_for_status()
        return float(response.json()["value"][0]["inventory"])
