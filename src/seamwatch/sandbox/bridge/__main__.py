"""Run the bridge as its own process (used by the crash test)::

    python -m seamwatch.sandbox.bridge --port P --db PATH --shopify-url URL --erp-url URL
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from urllib.parse import urlsplit

import uvicorn

from seamwatch.sandbox.bridge.app import build_bridge_app
from seamwatch.sandbox.faults import FaultState, parse_fault_spec
from seamwatch.sandbox.settings import SandboxSettings


def _parser() -> argparse.ArgumentParser:
    defaults = SandboxSettings()
    parser = argparse.ArgumentParser(prog="python -m seamwatch.sandbox.bridge",
                                     description="The seamwatch sandbox sync bridge.")
    parser.add_argument("--host", default=defaults.host)
    parser.add_argument("--port", type=int, default=defaults.bridge_port)
    parser.add_argument("--db", type=Path, default=defaults.bridge_db)
    parser.add_argument("--shopify-url", default=f"http://{defaults.host}:{defaults.shopify_port}",
                        help="Shopify sandbox root, e.g. http://127.0.0.1:8701")
    parser.add_argument("--erp-url", default=f"http://{defaults.host}:{defaults.erp_port}",
                        help="ERP sandbox root, e.g. http://127.0.0.1:8702")
    parser.add_argument("--time-scale", type=float, default=defaults.time_scale)
    parser.add_argument("--max-attempts", type=int, default=defaults.bridge_max_attempts)
    parser.add_argument("--inventory-sync-interval", type=float,
                        default=defaults.inventory_sync_interval)
    parser.add_argument("--fault", action="append", default=[], metavar="KIND:SCOPE[:k=v,...]")
    return parser


def _host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url if "//" in url else f"http://{url}")
    if not parts.hostname or not parts.port:
        raise SystemExit(f"error: {url!r} is not http://host:port")
    return parts.hostname, parts.port


def settings_from_args(args: argparse.Namespace) -> SandboxSettings:
    shopify_host, shopify_port = _host_port(args.shopify_url)
    erp_host, erp_port = _host_port(args.erp_url)
    if shopify_host != erp_host:
        raise SystemExit("error: --shopify-url and --erp-url must be on the same host")
    return dataclasses.replace(
        SandboxSettings(), host=erp_host, shopify_port=shopify_port, erp_port=erp_port,
        bridge_port=args.port, bridge_db=args.db, time_scale=args.time_scale,
        bridge_max_attempts=args.max_attempts,
        inventory_sync_interval=args.inventory_sync_interval)


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    try:
        faults = FaultState([parse_fault_spec(spec) for spec in args.fault])
    except ValueError as exc:
        raise SystemExit(f"error: --fault: {exc}") from None
    app = build_bridge_app(settings_from_args(args), faults)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False,
                lifespan="on", timeout_graceful_shutdown=5)


if __name__ == "__main__":
    main()
