"""The HTML probe report: one self-contained file (inline CSS and SVG, no script, no CDN)."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from seamwatch.reporting.charts import report_charts
from seamwatch.reporting.probe_formats import probe_report_format

_ENV = Environment(loader=PackageLoader("seamwatch.reporting", "templates"),
                   autoescape=select_autoescape(["html"]))


@probe_report_format("html", "html")
def render(document: dict[str, Any]) -> str:
    return _ENV.get_template("probe_report.html").render(doc=document, charts=report_charts(document))
