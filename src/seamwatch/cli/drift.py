"""`seamwatch drift OLD NEW` and `seamwatch drift rules`: wiring only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
import typer
from rich.console import Console
from typer.core import TyperGroup

from seamwatch.drift import catalogue_markdown, diff_files
from seamwatch.drift.model import DriftReport
from seamwatch.drift.render import FORMATS, render, render_text

FAIL_ON = ("breaking", "warning", "never")


class _DiffByDefault(TyperGroup):
    """`seamwatch drift OLD NEW` runs the `diff` command; named subcommands still work."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["diff", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(cls=_DiffByDefault, no_args_is_help=True,
                  help="Compare two contract versions: seamwatch drift OLD NEW.")


@app.command("diff")
def diff(
    old: Path = typer.Argument(..., help="The contract you are on (OpenAPI 3.x or GraphQL SDL)."),
    new: Path = typer.Argument(..., help="The contract you are moving to."),
    output_format: str = typer.Option("text", "--format", help="text, json, markdown, junit or html."),
    output: Path | None = typer.Option(None, "--output", help="Write the report here (default: stdout)."),
    fail_on: str = typer.Option("breaking", "--fail-on",
                                help="Exit 1 at this level: breaking, warning or never."),
    mappings: Path | None = typer.Option(None, "--mappings",
                                         help="Directory of field mappings, e.g. contracts/mappings."),
    on_date: str | None = typer.Option(None, "--date", help="Judge x-sunset dates as of this day "
                                                            "(YYYY-MM-DD; default today)."),
) -> None:
    """Diff OLD against NEW; every change gets a rule ID and a level.

    Exit 0 when nothing reaches --fail-on, 1 when something does, 2 on unreadable input.
    """
    _check_output_options(output_format, fail_on)
    report = diff_files(old, new, today=_parse_date(on_date), mappings=mappings)
    _emit(report, output_format, output, fail_on)


@app.command("live")
def live(
    contract: str = typer.Argument(..., help="Contract path, or a shipped name: shopify, erp."),
    base_url: str = typer.Option(None, "--base-url", help="Base URL of the live system."),
    api_version: str | None = typer.Option(None, "--api-version",
                                           help="Call this API version instead of the pinned one."),
    har: Path | None = typer.Option(None, "--har", help="Analyse recorded responses (HAR) offline."),
    auth_env: str | None = typer.Option(None, "--auth-env", help="Env var holding the token."),
    auth_file: Path | None = typer.Option(None, "--auth-file", help="File holding only the token."),
    param: list[str] = typer.Option([], "--param", help="NAME=VALUE for path parameters (repeatable)."),
    output_format: str = typer.Option("text", "--format", help="text, json, markdown, junit or html."),
    output: Path | None = typer.Option(None, "--output", help="Write the report here (default: stdout)."),
    fail_on: str = typer.Option("breaking", "--fail-on", help="breaking, warning or never."),
) -> None:
    """How real responses differ from the contract: read-only calls, or a recorded HAR file.

    With --api-version, the pinned contract is checked against the *next* version's
    answers: the upgrade preview. Exit codes as for `seamwatch drift`.
    """
    from seamwatch.cli.live_drift import live_report

    _check_output_options(output_format, fail_on)
    report = live_report(contract, base_url, api_version, har, auth_env, auth_file, param)
    _emit(report, output_format, output, fail_on)


@app.command("rules")
def rules() -> None:
    """Print the rule catalogue (Markdown): every rule ID, its level and what to do."""
    typer.echo(catalogue_markdown(), nl=False)


def _check_output_options(output_format: str, fail_on: str) -> None:
    if output_format not in FORMATS:
        raise typer.BadParameter(f"must be one of {', '.join(FORMATS)}", param_hint="--format")
    if fail_on not in FAIL_ON:
        raise typer.BadParameter(f"must be one of {', '.join(FAIL_ON)}", param_hint="--fail-on")


def _emit(report: DriftReport, output_format: str, output: Path | None, fail_on: str) -> None:
    """Render ``report`` to ``output`` (or the terminal) and exit by ``--fail-on``."""
    if output is not None:
        output.write_text(render(report, output_format), encoding="utf-8")
    elif output_format == "text":
        render_text(report, Console(highlight=False))
    else:
        typer.echo(render(report, output_format), nl=False)
    raise typer.Exit(1 if report.fails(fail_on) else 0)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("expected YYYY-MM-DD", param_hint="--date") from None
