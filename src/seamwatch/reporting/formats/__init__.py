"""One module per report format; importing this package registers them all."""

from seamwatch.reporting.formats import html, json_report, junit, markdown

__all__ = ["html", "json_report", "junit", "markdown"]
