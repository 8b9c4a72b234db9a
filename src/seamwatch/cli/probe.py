"""`seamwatch probe ...`: validate probe files, run every probe once, or serve them on a schedule."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from seamwatch.cli.probe_run import run_command, serve_command
from seamwatch.config import ProbeConfig, load_probe_config, secret_errors, validate_probe_file
from seamwatch.core.errors import ConfigError

app = typer.Typer(help="Health probes: validate files, run once, or serve on a schedule.",
                  no_args_is_help=True)

DEFAULT_CONFIG = Path("probes/sandbox.yaml")
app.command("run")(run_command)
app.command("serve")(serve_command)


@app.command("validate")
def validate(
    configs: list[Path] = typer.Option(
        None, "--config", help="Probe file; repeat for several (default: probes/sandbox.yaml)."),
    no_secrets: bool = typer.Option(
        False, "--no-secrets", help="Don't check that ${ENV_VAR} / file: tokens resolve."),
) -> None:
    """Check probe files without running anything.

    Exit 0 when every file is valid (and its secrets resolve), 2 otherwise, with one line per
    problem: file:line: field: message (fix: ...).
    """
    errors: list[ConfigError] = []
    valid: list[tuple[Path, ProbeConfig, int]] = []
    for path in configs or [DEFAULT_CONFIG]:
        problems = validate_probe_file(path)
        if problems:
            errors.extend(problems)
            continue
        config = load_probe_config(path)
        unresolved = [] if no_secrets else secret_errors(config)
        errors.extend(unresolved)
        valid.append((path, config, len(unresolved)))
    for path, config, unresolved_count in valid:
        _print_summary(path, config, unresolved_count)
    for error in errors:
        typer.echo(f"seamwatch: error: {error.one_line()}", err=True)
    raise typer.Exit(2 if errors else 0)


def _print_summary(path: Path, config: ProbeConfig, unresolved: int) -> None:
    console = Console(highlight=False)
    systems = Table(title=f"{path}: systems", title_justify="left")
    for column in ("name", "kind", "base_url", "auth header", "timeout"):
        systems.add_column(column)
    for name, system in config.systems.items():
        systems.add_row(name, system.kind, system.base_url, system.auth_header() or "-",
                        f"{system.timeout_seconds:g}s")
    probes = Table(title=f"{path}: probes", title_justify="left")
    for column in ("name", "kind", "systems", "schedule"):
        probes.add_column(column)
    for probe in config.probes:
        probes.add_row(probe.name, probe.kind, ", ".join(probe.system_names()),
                       probe.schedule.describe())
    console.print(systems)
    console.print(probes)
    status = f"{unresolved} secret(s) do not resolve" if unresolved else "valid"
    console.print(f"{path}: {status}, {len(config.systems)} systems, {len(config.probes)} probes; "
                  f"storage {config.storage.url} (retention {config.storage.retention_days} days)")
