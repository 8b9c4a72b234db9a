"""`seamwatch sandbox ...`: run the Shopify + ERP + bridge sandbox in the foreground."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import typer
from pydantic import ValidationError

from seamwatch.core.errors import UsageError
from seamwatch.sandbox.faults import FAULT_KINDS, Fault, FaultState, parse_fault_spec
from seamwatch.sandbox.run import Sandbox
from seamwatch.sandbox.settings import SandboxSettings

__all__ = ["app", "parse_faults"]

app = typer.Typer(help="Run the local Shopify + ERP + sync bridge sandbox.", no_args_is_help=True)
_DEFAULTS = SandboxSettings()


@app.command("up")
def up(
    shopify_port: int = typer.Option(_DEFAULTS.shopify_port, help="Shopify port (0: a free one)."),
    erp_port: int = typer.Option(_DEFAULTS.erp_port, help="ERP port (0: a free one)."),
    bridge_port: int = typer.Option(_DEFAULTS.bridge_port, help="Bridge port (0: a free one)."),
    host: str = typer.Option(_DEFAULTS.host, help="Interface to listen on."),
    fault: list[str] = typer.Option(None, "--fault", metavar="KIND:SCOPE[:k=v,...]",
                                    help="Start with this fault on (repeatable)."),
    bridge_db: Path = typer.Option(_DEFAULTS.bridge_db, help="The bridge's SQLite queue."),
    time_scale: float = typer.Option(_DEFAULTS.time_scale, min=0.0,
                                     help="Multiplies every retry delay (e.g. 0.01)."),
    bucket_size: int = typer.Option(_DEFAULTS.bucket_size, min=1,
                                    help="Shopify leaky-bucket size (40 Standard, 400 Plus)."),
) -> None:
    """Start Shopify, the ERP and the bridge; serve until Ctrl-C or SIGTERM (then exit 0)."""
    faults = FaultState(parse_faults(fault or []))
    settings = SandboxSettings(host=host, shopify_port=shopify_port, erp_port=erp_port,
                               bridge_port=bridge_port, bridge_db=bridge_db,
                               time_scale=time_scale, bucket_size=bucket_size)
    with _stop_on_signals() as stop, Sandbox(settings, faults) as sandbox:
        _print_banner(sandbox)
        while not stop.wait(0.2):
            pass
        typer.echo("seamwatch sandbox: stopping", err=True)
    typer.echo("seamwatch sandbox: stopped", err=True)


def parse_faults(specs: list[str]) -> list[Fault]:
    """``--fault`` values as faults; a bad one is a one-line ``UsageError``."""
    faults = []
    for spec in specs:
        try:
            faults.append(parse_fault_spec(spec))
        except ValidationError as exc:
            raise _bad_fault(spec, "; ".join(_problem(e) for e in exc.errors())) from None
        except ValueError as exc:
            raise _bad_fault(spec, str(exc)) from None
    return faults


def _problem(error: Any) -> str:
    where = ".".join(str(part) for part in error["loc"]) or "fault"
    if where in ("kind", "scope"):
        return f"unknown {where} {error.get('input')!r}"
    return f"{where}: {error['msg']}"


def _bad_fault(spec: str, problem: str) -> UsageError:
    return UsageError(f"invalid fault {spec!r}: {problem}", field="--fault",
                      fix=f"use KIND:SCOPE[:key=value,...] with KIND one of {', '.join(FAULT_KINDS)}"
                      " and SCOPE shopify, erp or bridge")


def _print_banner(sandbox: Sandbox) -> None:
    s = sandbox.settings
    lines = [
        "seamwatch sandbox is up (Ctrl-C to stop)",
        f"  shopify          {sandbox.urls['shopify']}",
        f"  erp              {sandbox.urls['erp']}",
        f"  bridge           {sandbox.urls['bridge']}",
        f"  shopify token    {s.shopify_token}   (X-Shopify-Access-Token)",
        f"  webhook secret   {s.webhook_secret}",
        f"  erp token        {s.erp_token}   (Authorization: Bearer)",
        f"  control token    {s.control_token}   (X-Sandbox-Control-Token)",
        f"  bridge db        {s.bridge_db}",
    ]
    for fault in sandbox.faults.all():
        lines.append(f"  fault            {fault.kind}:{fault.scope}")
    typer.echo("\n".join(lines))


@contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    """An event set by SIGINT or SIGTERM; the previous handlers come back afterwards."""
    stop = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
