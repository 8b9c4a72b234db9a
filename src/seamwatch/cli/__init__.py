"""The ``seamwatch`` command: thin typer commands that wire the engines together.

Every harness error becomes one line on stderr and exit code 2; ``--debug`` adds the
traceback. Exit 0 means all held, 1 means a finding.
"""

from __future__ import annotations

import sys
import traceback

import typer
from typer.exceptions import TyperException

from seamwatch import __version__
from seamwatch.cli import alert, contract, drift, probe, sandbox, slo
from seamwatch.cli.demo import demo
from seamwatch.cli.report import report
from seamwatch.core.errors import SeamwatchError

__all__ = ["app", "main"]

app = typer.Typer(
    name="seamwatch",
    help="Contract tests, drift checks and health probes for Shopify <-> ERP integrations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(alert.app, name="alert")
app.add_typer(contract.app, name="contract")
app.add_typer(drift.app, name="drift")
app.add_typer(probe.app, name="probe")
app.add_typer(sandbox.app, name="sandbox")
app.add_typer(slo.app, name="slo")
app.command("demo")(demo)
app.command("report")(report)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"seamwatch {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for harness errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """seamwatch: exit 0 = all held, 1 = findings, 2 = usage, config or connection error."""


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        # Without standalone mode, click returns the code of ``typer.Exit`` instead of raising.
        code = app(args=args, prog_name="seamwatch", standalone_mode=False)
    except SeamwatchError as exc:
        if debug:
            traceback.print_exc()
        typer.echo(f"seamwatch: error: {exc.one_line()}", err=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("seamwatch: aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except TyperException as exc:  # click's usage errors, vendored by typer
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a bare traceback
        if debug:
            traceback.print_exc()
        typer.echo(f"seamwatch: internal error: {type(exc).__name__}: {exc} "
                   "(fix: run with --debug and report it)", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
