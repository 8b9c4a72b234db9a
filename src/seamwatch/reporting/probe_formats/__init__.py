"""Probe-report formats: one registry, one module per format; importing this package registers them.

Separate from the contract-report registry (:data:`seamwatch.reporting.REPORT_FORMATS`):
the signature is the same, ``(document) -> str``, but the document is a probe report
(:func:`seamwatch.reporting.probe_report.report_document`), so the two must never mix.
To add a format: one module here decorated with ``@probe_report_format(name, suffix)``,
imported below, and one test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from seamwatch.core.registry import Registry
from seamwatch.reporting import ReportFormat

__all__ = ["PROBE_REPORT_FORMATS", "probe_report_format"]

Render = Callable[[dict[str, Any]], str]

PROBE_REPORT_FORMATS: Registry[ReportFormat] = Registry("probe report format")


def probe_report_format(name: str, suffix: str) -> Callable[[Render], Render]:
    """Register ``render`` as format ``name`` written to ``probe-report.<suffix>``."""
    def decorate(render: Render) -> Render:
        PROBE_REPORT_FORMATS.add(name, ReportFormat(name, suffix, render))
        return render

    return decorate


# Registration happens on import; the decorator above must exist first.
from seamwatch.reporting.probe_formats import html, json_doc, markdown  # noqa: E402

__all__ += ["html", "json_doc", "markdown"]
