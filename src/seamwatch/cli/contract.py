"""`seamwatch contract ...`: validate (and, later, test and fetch) contracts."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from seamwatch.cli.contract_test import contract_test
from seamwatch.contracts.graphql_fetch import fetch_graphql_sdl, save_sdl
from seamwatch.contracts.lint import LINT_RULES
from seamwatch.contracts.validate import FileReport, validate_paths
from seamwatch.core.http import build_client
from seamwatch.core.paths import shipped_dir
from seamwatch.core.secrets import resolve_secret

app = typer.Typer(help="Validate and test OpenAPI contracts.", no_args_is_help=True)
app.command("test")(contract_test)


def default_contract_dir() -> Path:
    local = Path("contracts")
    return local if local.is_dir() else shipped_dir("contracts")


@app.command("validate")
def validate(
    paths: list[Path] = typer.Argument(None, help="Files or directories (default: contracts/)."),
    output: str = typer.Option("table", "--format", help="table or json"),
) -> None:
    """Check contracts with openapi-spec-validator and seamwatch's lint rules.

    Exit 0 when clean, 1 on lint findings, 2 on an unreadable or invalid file.
    """
    if output not in ("table", "json"):
        raise typer.BadParameter("must be 'table' or 'json'", param_hint="--format")
    reports = validate_paths(paths or [default_contract_dir()])
    if not reports:
        typer.echo("seamwatch: error: no contract files found (fix: pass a file or directory)", err=True)
        raise typer.Exit(2)
    if output == "json":
        typer.echo(json.dumps({"files": [r.to_dict() for r in reports],
                               "rules": LINT_RULES.names()}, indent=2, default=str))
    else:
        _print_table(reports)
    if any(r.error for r in reports):
        raise typer.Exit(2)
    raise typer.Exit(1 if any(r.findings for r in reports) else 0)


def _print_table(reports: list[FileReport]) -> None:
    console = Console(highlight=False)
    table = Table(title="seamwatch contract validate", title_justify="left")
    for column in ("file", "kind", "title", "version", "size", "status"):
        table.add_column(column)
    for report in reports:
        s = report.summary
        size = (f"{s['operations']} ops, {s['schemas']} schemas" if "operations" in s
                else f"{s['fields']} fields" if "fields" in s
                else f"{s['types']} types" if "types" in s else "")
        colour = {"ok": "green", "findings": "yellow", "invalid": "red"}[report.status]
        table.add_row(str(report.path), report.kind, str(s.get("title", "")),
                      str(s.get("version", "")), size, f"[{colour}]{report.status}[/{colour}]")
    console.print(table)
    for report in reports:
        if report.error:
            console.print(f"[red]invalid[/red] {report.error.one_line()}", soft_wrap=True)
        for f in report.findings:
            console.print(f"[yellow]{f.rule_id}[/yellow] {f.location}:{f.line or '?'} "
                          f"{f.pointer}: {f.message} (fix: {f.fix})", soft_wrap=True)
    bad = sum(len(r.findings) for r in reports)
    invalid = sum(1 for r in reports if r.error)
    console.print(f"{len(reports)} files, {invalid} invalid, {bad} lint findings")


@app.command("fetch-graphql")
def fetch_graphql(
    base_url: str = typer.Option(..., "--base-url", help="The shop, e.g. https://example.myshopify.com."),
    api_version: str = typer.Option(..., "--api-version", help="Admin API version, e.g. 2026-01."),
    token_env: str = typer.Option("SHOPIFY_ACCESS_TOKEN", "--token-env",
                                  help="Environment variable that holds the Admin API access token."),
    out: Path = typer.Option(Path("contracts/shopify"), "--out", help="Directory to save the SDL in."),
) -> None:
    """Save a version's GraphQL Admin schema (by introspection) as SDL for `seamwatch drift`.

    Writes OUT/admin-graphql-VERSION.graphql. Exit 2 when the shop cannot be reached or
    refuses the token.
    """
    token = resolve_secret(f"${{{token_env}}}", field="--token-env")
    with build_client() as client:
        sdl = fetch_graphql_sdl(client, base_url, api_version, token)
    path = save_sdl(sdl, out, api_version)
    types = sum(1 for line in sdl.splitlines() if line.split(" ", 1)[0] in _SDL_TYPE_KEYWORDS)
    typer.echo(f"wrote {path} ({types} types)")


_SDL_TYPE_KEYWORDS = frozenset({"type", "input", "enum", "interface", "union", "scalar"})
