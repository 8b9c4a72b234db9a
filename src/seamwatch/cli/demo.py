"""`seamwatch demo`: wiring only."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from seamwatch.cli.contract import default_contract_dir
from seamwatch.demo.run import run_demo


def demo(
    report_dir: Path = typer.Option(Path("reports/demo"), "--report-dir", help="Where the demo writes its reports."),
    max_examples: int = typer.Option(5, "--max-examples", min=1, help="Schemathesis examples per operation."),
    keep_running: bool = typer.Option(False, "--keep-running", help="Leave the sandbox up afterwards."),
    duration: float = typer.Option(60.0, "--duration", min=20.0,
                                   help="Seconds of probing (healthy, lag fault, recovery). Default 60."),
) -> None:
    """Start the sandbox and show seamwatch's jobs on it: validate, contract-test, probe, page, drift, report.

    Exit 0 when the demo itself worked: clean contract runs pass and each injected change
    is found.
    """
    ok = run_demo(default_contract_dir(), report_dir, Console(highlight=False), max_examples, keep_running,
                  duration)
    raise typer.Exit(0 if ok else 1)
