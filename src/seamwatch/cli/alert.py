"""`seamwatch alert ...`: check that alert receivers are reachable."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import typer

from seamwatch.alerting import PROVIDERS, Outcome, labelled_test_notification, send
from seamwatch.alerting.logmask import MaskingFilter
from seamwatch.config import load_probe_config, resolve_receiver_secrets
from seamwatch.core.clock import SystemClock
from seamwatch.core.errors import ConfigError, ConnectionFailure, UsageError
from seamwatch.core.http import build_async_client
from seamwatch.core.secrets import Masker

app = typer.Typer(help="Alert receivers: send a labelled test alert.", no_args_is_help=True)

DEFAULT_CONFIG = Path("probes/sandbox.yaml")


@app.command("test")
def test(
    provider: str = typer.Argument(help="pagerduty, slack, alertmanager or webhook."),
    config: Path = typer.Option(DEFAULT_CONFIG, "--config", help="Probe file with an alerting: section."),
    receiver: str | None = typer.Option(None, "--receiver", help="Only this receiver (default: all of PROVIDER)."),
) -> None:
    """Send "seamwatch test alert — not an incident" to the PROVIDER receivers of a probe file.

    Exit 0 when every receiver accepted it (2xx), 1 when one refused it, 2 on a config,
    secret or connection error.
    """
    if provider not in PROVIDERS:
        raise UsageError(f"unknown provider {provider!r}", fix=f"use one of: {', '.join(PROVIDERS.names())}")
    probe_config = load_probe_config(config)
    receivers = probe_config.alerting.receivers
    names = [n for n, r in receivers.items() if r.provider == provider and receiver in (None, n)]
    if not names:
        what = f"{provider} receiver named {receiver!r}" if receiver else f"{provider} receiver"
        raise ConfigError(f"no {what} under alerting.receivers", file=config, field="alerting.receivers",
                          fix=f"add one (known: {', '.join(sorted(receivers)) or 'none'}) or pick another provider")
    secrets = resolve_receiver_secrets(probe_config.alerting, probe_config.document, only=names)
    masker = Masker(v for values in secrets.values() for v in values.values())
    log_filter = MaskingFilter(masker).install()
    try:
        outcomes = asyncio.run(_send_all(names, receivers, secrets, probe_config.alerting.report_url))
    finally:
        log_filter.remove()
    refused = False
    unreachable: list[str] = []
    for name, outcome in zip(names, outcomes, strict=True):
        detail = masker.text(outcome.detail)
        if outcome.result == "sent":
            typer.echo(f"{provider} receiver {name}: accepted ({detail})")
        elif outcome.status is None:
            unreachable.append(f"{provider} receiver {name}: {detail}")
        else:
            refused = True
            typer.echo(f"{provider} receiver {name}: refused ({detail})")
    if unreachable:
        for line in unreachable[1:]:
            typer.echo(f"seamwatch: error: {line}", err=True)
        raise ConnectionFailure(unreachable[0], field="alerting.receivers",
                                fix="check the receiver URL, that it is running, and the network")
    raise typer.Exit(1 if refused else 0)


async def _send_all(names: list[str], receivers: dict[str, Any], secrets: dict[str, dict[str, str]],
                    report_url: str | None) -> list[Outcome]:
    now = SystemClock().now()
    notification = labelled_test_notification(now, report_url)
    async with build_async_client() as client:
        return [await send(client, notification, receivers[n].provider, receivers[n], secrets.get(n, {}), now)
                for n in names]
