"""Appending a Markdown report to GitHub Actions' job summary, for every report writer."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["append_to_step_summary"]


def append_to_step_summary(written: dict[str, Path]) -> None:
    """Append ``written["markdown"]`` to ``$GITHUB_STEP_SUMMARY`` when both exist."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and "markdown" in written:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(written["markdown"].read_text(encoding="utf-8") + "\n")
