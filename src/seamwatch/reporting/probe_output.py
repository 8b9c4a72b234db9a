"""Writing a probe-report document in each registered format."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from seamwatch.core.errors import UsageError
from seamwatch.reporting.probe_formats import PROBE_REPORT_FORMATS
from seamwatch.reporting.step_summary import append_to_step_summary

__all__ = ["STEM", "format_names", "write_probe_reports"]

STEM = "probe-report"


def format_names(requested: Sequence[str]) -> list[str]:
    """Registered format names for ``requested`` names or suffixes (``md`` means markdown)."""
    by_suffix = {fmt.suffix: name for name, fmt in PROBE_REPORT_FORMATS}
    names = []
    for item in (r.strip().lower() for r in requested):
        name = item if item in PROBE_REPORT_FORMATS else by_suffix.get(item)
        if name is None:
            known = ", ".join(PROBE_REPORT_FORMATS.names())
            raise UsageError(f"unknown report format {item!r}", field="--format", fix=f"use one or more of {known}")
        names.append(name)
    return names


def write_probe_reports(document: dict[str, Any], directory: Path,
                        formats: Sequence[str] | None = None) -> dict[str, Path]:
    """Write ``directory/probe-report.<suffix>`` for each format (all when None); append the
    Markdown to ``$GITHUB_STEP_SUMMARY`` when that is set (as in GitHub Actions)."""
    wanted = format_names(formats) if formats else PROBE_REPORT_FORMATS.names()
    directory.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name in wanted:
        fmt = PROBE_REPORT_FORMATS.get(name)
        path = directory / f"{STEM}.{fmt.suffix}"
        path.write_text(fmt.render(document), encoding="utf-8")
        written[name] = path
    append_to_step_summary(written)
    return written
