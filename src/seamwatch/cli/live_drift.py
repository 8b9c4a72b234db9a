"""Wiring for `seamwatch drift live`: credentials, the HTTP client, the version swap."""

from __future__ import annotations

from pathlib import Path

from seamwatch.cli.contract_test import auth_headers, parse_parameters, resolve_contract
from seamwatch.contracts.spec import load_contract
from seamwatch.core.errors import UsageError
from seamwatch.core.http import HttpSettings, build_client
from seamwatch.drift.har import har_drift
from seamwatch.drift.model import DriftReport
from seamwatch.drift.sampling import sample_live
from seamwatch.runner.engine import system_of


def live_report(contract_name: str, base_url: str | None, api_version: str | None, har: Path | None,
                auth_env: str | None, auth_file: Path | None, params: list[str]) -> DriftReport:
    contract = load_contract(resolve_contract(contract_name))
    if har is not None:
        return DriftReport(str(contract.path), str(har), har_drift(contract, har))
    if not base_url:
        raise UsageError("drift live needs --base-url (or --har FILE)", field="--base-url",
                         fix="pass the live base URL, or a recorded HAR file with --har")
    pinned = str((contract.data.get("info") or {}).get("version", ""))
    if api_version:
        if f"/{pinned}" not in base_url:
            raise UsageError(f"--base-url does not contain the pinned version /{pinned}",
                             field="--api-version", fix=f"pass a base URL ending in /{pinned}")
        base_url = base_url.replace(f"/{pinned}", f"/{api_version}")
    headers, _ = auth_headers(system_of(contract), auth_env, auth_file)
    with build_client(headers=headers, settings=HttpSettings(timeout=15.0)) as client:
        return sample_live(contract, client, base_url, parse_parameters(params)).report
