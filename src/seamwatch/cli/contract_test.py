"""`seamwatch contract test`: the CI gate. Wiring only; the work is in runner/ and reporting/."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from seamwatch.contracts.spec import load_contract
from seamwatch.core.errors import UsageError
from seamwatch.core.paths import shipped_dir
from seamwatch.core.secrets import Masker, resolve_secret
from seamwatch.reporting.contract_run import write_reports
from seamwatch.runner.baseline import apply_baseline, load_baseline, save_baseline
from seamwatch.runner.engine import run_contract, system_of
from seamwatch.runner.events import RunEvent, RunProblem, ScenarioChecked
from seamwatch.runner.model import ALL_PHASES, ContractRun, RunOptions
from seamwatch.runner.preflight import ensure_reachable

SHIPPED = {"shopify": "shopify/admin-rest-2026-01.yaml", "erp": "erp/business-central-v2.0.yaml"}
DEFAULT_AUTH_ENV = {"shopify": "SHOPIFY_ACCESS_TOKEN", "erp": "ERP_ACCESS_TOKEN"}


def resolve_contract(name: str) -> Path:
    """A path, or a shipped contract's short name (``shopify``, ``erp``)."""
    if name in SHIPPED:
        local = Path("contracts") / SHIPPED[name]
        return local if local.is_file() else shipped_dir("contracts") / SHIPPED[name]
    path = Path(name)
    if not path.is_file():
        raise UsageError(f"no contract {name!r}", field="CONTRACT",
                         fix=f"pass a file path or one of: {', '.join(SHIPPED)}")
    return path


def auth_headers(system: str, auth_env: str | None, auth_file: Path | None) -> tuple[dict[str, str], str]:
    ref = f"file:{auth_file}" if auth_file else "${" + (auth_env or DEFAULT_AUTH_ENV[system]) + "}"
    token = resolve_secret(ref, field="--auth-file" if auth_file else "--auth-env")
    header = {"X-Shopify-Access-Token": token} if system == "shopify" else {"Authorization": f"Bearer {token}"}
    return header, token


class ConsoleProgress:
    def __init__(self, console: Console, masker: Masker) -> None:
        self.console = console
        self.masker = masker

    def handle(self, event: RunEvent) -> None:
        if isinstance(event, ScenarioChecked) and event.failed:
            self.console.print(f"[red]FAIL[/red] {event.operation} ({event.phase}): {event.failed} failed checks")
        elif isinstance(event, RunProblem):
            self.console.print(f"[yellow]run error[/yellow] {self.masker.text(event.message)}", soft_wrap=True)


def contract_test(
    contract: str = typer.Argument(..., help="Contract path, or a shipped name: shopify, erp."),
    base_url: str = typer.Option(..., "--base-url", help="Base URL the contract's paths are relative to."),
    auth_env: str = typer.Option(None, "--auth-env", help="Env var holding the token (default SHOPIFY_ACCESS_TOKEN / ERP_ACCESS_TOKEN)."),
    auth_file: Path = typer.Option(None, "--auth-file", help="File holding only the token."),
    phases: str = typer.Option(",".join(ALL_PHASES), "--phases", help="Comma list of examples, coverage, fuzzing, stateful."),
    max_examples: int = typer.Option(10, "--max-examples", min=1),
    seed: int = typer.Option(None, "--seed", help="Fix the generation seed for a reproducible run."),
    workers: int = typer.Option(1, "--workers", min=1, max=64),
    param: list[str] = typer.Option([], "--param", help="NAME=VALUE pinned for every operation (repeatable)."),
    exclude_check: list[str] = typer.Option([], "--exclude-check", help="Skip a check (repeatable)."),
    include_check: list[str] = typer.Option([], "--include-check", help="Run only these seamwatch checks (repeatable)."),
    allow_writes: bool = typer.Option(False, "--allow-writes", help="Allow POST/PUT/PATCH/DELETE against a non-loopback URL."),
    request_timeout: float = typer.Option(10.0, "--request-timeout", min=0.1),
    report_dir: Path = typer.Option(Path("reports"), "--report-dir"),
    baseline: Path = typer.Option(None, "--baseline", help="JSON file of known failures."),
    update_baseline: bool = typer.Option(False, "--update-baseline", help="Write the current failures to --baseline."),
) -> None:
    """Run the contract against a live or sandbox API; exit 0 all held, 1 failures, 2 errors."""
    chosen = tuple(p.strip() for p in phases.split(",") if p.strip())
    if unknown := [p for p in chosen if p not in ALL_PHASES]:
        raise UsageError(f"unknown phase {unknown[0]!r}", field="--phases", fix=f"use {', '.join(ALL_PHASES)}")
    if update_baseline and baseline is None:
        raise UsageError("--update-baseline needs --baseline FILE", field="--update-baseline", fix="add --baseline FILE")
    parameters = parse_parameters(param)
    path = resolve_contract(contract)
    loaded = load_contract(path)
    system = system_of(loaded)
    headers, token = auth_headers(system, auth_env, auth_file)
    masker = Masker([token])
    known = load_baseline(baseline) if baseline and not update_baseline else set()
    ensure_reachable(base_url, headers, request_timeout)
    console = Console(highlight=False)
    options = RunOptions(contract=path, base_url=base_url.rstrip("/"), headers=headers, phases=chosen,
                         max_examples=max_examples, seed=seed, workers=workers,
                         include_checks=tuple(include_check), exclude_checks=tuple(exclude_check),
                         allow_writes=allow_writes, request_timeout=request_timeout,
                         parameters=parameters)
    run = run_contract(options, [ConsoleProgress(console, masker)], loaded)
    apply_baseline(run, known)
    if update_baseline:
        save_baseline(baseline, run)
    written = write_reports(run, masker, report_dir, f"contract-{system}")
    _print_summary(console, run, written)
    raise typer.Exit(0 if run.ok or update_baseline else 1)


def parse_parameters(values: list[str]) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name:
            raise UsageError(f"--param {value!r} is not NAME=VALUE", field="--param",
                             fix="write e.g. --param companyId=5d115c9c-...")
        pairs[name] = rest
    return pairs


def _print_summary(console: Console, run: ContractRun, written: dict[str, Path]) -> None:
    s = run.summary()
    colour = "green" if s["ok"] else "red"
    console.print(f"[{colour}]{run.system} {run.pinned_version}: {s['operations']} operations, "
                  f"{s['cases']} cases, {s['failures']} failures, {s['known_failures']} known, "
                  f"{s['errors']} run errors in {run.duration_seconds:.1f} s[/{colour}]")
    for failure in run.failures:
        console.print(f"  [red]x[/red] {failure.operation} [bold]{failure.check}[/bold]: {failure.title}", soft_wrap=True)
    console.print("reports: " + ", ".join(str(p) for p in written.values()), soft_wrap=True)
